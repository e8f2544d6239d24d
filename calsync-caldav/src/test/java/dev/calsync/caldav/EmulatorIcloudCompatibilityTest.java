package dev.calsync.caldav;

import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.caldav.CalDavEmulatorOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/**
 * The provider passes the compatibility kit on the CalDAV emulator with every iCloud switch on:
 * cross-host home set, the collection and a duplicate href in sync results, one multiget 404 after
 * a sync lists an href, bare 403 on a bad token, no ETag on PUT, UIDs unique across calendars.
 */
@DisplayName("CalDAV provider kit: emulator, iCloud switches")
class EmulatorIcloudCompatibilityTest extends CalDavProviderCompatibilityKit {
    private static CalDavEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = CalDavEmulator.start(CalDavEmulatorOptions.icloud());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    static String nameOf(String calendarUrl) {
        return Path.of(URI.create(calendarUrl).getPath()).getFileName().toString();
    }

    @Override
    protected URI serverUri() {
        return emulator.baseUri();
    }

    @Override
    protected String username() {
        return emulator.username();
    }

    @Override
    protected String password() {
        return emulator.password();
    }

    @Override
    protected URI newCalendar(String name) {
        return emulator.createCalendar(name);
    }

    @Override
    protected String[] allowedHosts() {
        return new String[] {"127.0.0.1"};
    }

    @Override
    protected Predicate<String> tokenInvalidator() {
        return url -> {
            emulator.invalidateSyncTokens(nameOf(url));
            return true;
        };
    }
}
