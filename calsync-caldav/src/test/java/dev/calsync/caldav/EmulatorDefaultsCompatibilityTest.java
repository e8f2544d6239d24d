package dev.calsync.caldav;

import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.caldav.CalDavEmulatorOptions;
import java.net.URI;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The provider passes the compatibility kit on the CalDAV emulator with its (Radicale-like) defaults. */
@DisplayName("CalDAV provider kit: emulator, defaults")
class EmulatorDefaultsCompatibilityTest extends CalDavProviderCompatibilityKit {
    private static CalDavEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = CalDavEmulator.start(CalDavEmulatorOptions.defaults());
    }

    @AfterAll
    static void stop() {
        emulator.close();
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
    protected Predicate<String> tokenInvalidator() {
        return url -> {
            emulator.invalidateSyncTokens(EmulatorIcloudCompatibilityTest.nameOf(url));
            return true;
        };
    }
}
