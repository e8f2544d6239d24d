package dev.calsync.caldav;

import dev.calsync.testkit.servers.LocalCalDavServer;
import dev.calsync.testkit.servers.LocalCalDavServerExtension;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider passes the compatibility kit on a real Xandikos 0.2 (no auth, 500 on a bad token, 207 on a refused PUT). */
@DisplayName("CalDAV provider kit: Xandikos")
class XandikosCompatibilityTest extends CalDavProviderCompatibilityKit {
    @RegisterExtension
    static final LocalCalDavServerExtension XANDIKOS = LocalCalDavServerExtension.of(LocalCalDavServer.Kind.XANDIKOS);

    @Override
    protected URI serverUri() {
        return XANDIKOS.server().baseUri();
    }

    @Override
    protected String username() {
        return XANDIKOS.server().username();
    }

    @Override
    protected String password() {
        return XANDIKOS.server().password();
    }

    @Override
    protected URI newCalendar(String name) {
        return XANDIKOS.server().createCalendar(name);
    }
}
