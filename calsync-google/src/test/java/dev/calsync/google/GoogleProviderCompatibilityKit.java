package dev.calsync.google;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.testkit.contract.CalendarProviderCompatibilityKit;
import dev.calsync.testkit.contract.ProviderTestHarness;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import dev.calsync.testkit.google.GoogleEmulatorOptions;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * The provider compatibility kit against the Google emulator, with one emulator per subclass, set
 * up as {@link #options()} says: each subclass runs the whole kit under one variant of the
 * behaviours GOOGLE-API.md leaves uncertain.
 */
abstract class GoogleProviderCompatibilityKit extends CalendarProviderCompatibilityKit {
    private static GoogleCalendarEmulator emulator;
    private static Class<?> emulatorFor;

    private GoogleCalendarProvider google;

    /** The emulator's options for this subclass. */
    protected abstract GoogleEmulatorOptions options();

    private GoogleCalendarEmulator emulator() {
        if (emulator == null || emulatorFor != getClass()) {
            if (emulator != null) {
                emulator.close();
            }
            emulator = GoogleCalendarEmulator.start(options());
            emulatorFor = getClass();
        }
        return emulator;
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    static GoogleCalendarProvider provider(GoogleCalendarEmulator emulator, int pageSize, int batchSize) {
        return GoogleCalendarProvider.builder()
                .credentials(GoogleCredentials.create(new AccessToken("test-token", new Date(Long.MAX_VALUE / 2))))
                .rootUrl(emulator.rootUrl())
                .pageSize(pageSize)
                .batchSize(batchSize)
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                .sleeper(d -> {})
                .build();
    }

    @Override
    protected CalendarProvider createProvider() {
        google = provider(emulator(), 10, 5);
        return google;
    }

    @Override
    protected String createCalendar() {
        return emulator().createCalendar("kit-" + UUID.randomUUID() + "@group.calendar.google.com");
    }

    @Override
    protected ProviderTestHarness harness() {
        return new EmulatorHarness(emulator(), google);
    }
}
