package dev.calsync.testkit.servers;

import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts one {@link LocalCalDavServer} before the first test of a class and
 * stops it after the last one.
 *
 * <pre>{@code
 * class MyCalDavClientTest {
 *     @RegisterExtension
 *     static final LocalCalDavServerExtension RADICALE =
 *             LocalCalDavServerExtension.of(LocalCalDavServer.Kind.RADICALE);
 *
 *     @Test
 *     void createsEvents() {
 *         URI calendar = RADICALE.server().createCalendar("work");
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the server lives for the whole class, so tests share it
 * and should use their own calendars. A missing server binary fails the class (it is never skipped).
 */
public final class LocalCalDavServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final LocalCalDavServer.Kind kind;
    private volatile LocalCalDavServer server;
    private volatile String owner;

    private LocalCalDavServerExtension(LocalCalDavServer.Kind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * An extension for a server of the given kind.
     *
     * @param kind the server implementation
     * @return an extension to register on a static field with {@code @RegisterExtension}
     */
    public static LocalCalDavServerExtension of(LocalCalDavServer.Kind kind) {
        return new LocalCalDavServerExtension(kind);
    }

    /** {@return the server implementation this extension starts} */
    public LocalCalDavServer.Kind kind() {
        return kind;
    }

    /**
     * The running server.
     *
     * @return the server
     * @throws IllegalStateException outside the lifetime of the test class, or when the extension is
     *     registered on an instance field (register it on a static one)
     */
    public LocalCalDavServer server() {
        LocalCalDavServer current = server;
        if (current == null) {
            throw new IllegalStateException("no " + kind + " server is running: register the extension on a"
                    + " static field with @RegisterExtension and call server() from a test or @BeforeEach/@BeforeAll");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server == null) {
            server = LocalCalDavServer.start(kind);
            owner = context.getUniqueId(); // @Nested classes share the outer class's server
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LocalCalDavServer current = server;
        if (current != null && context.getUniqueId().equals(owner)) {
            server = null;
            owner = null;
            current.close();
        }
    }
}
