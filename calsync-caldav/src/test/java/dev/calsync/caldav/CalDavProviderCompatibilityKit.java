package dev.calsync.caldav;

import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.testkit.contract.CalendarProviderCompatibilityKit;
import dev.calsync.testkit.contract.ProviderTestHarness;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;

/**
 * The provider compatibility kit against one CalDAV server: a subclass says where the server is,
 * how to log in, how to make a calendar and (if it can) how to invalidate sync tokens. The provider
 * pages with multigets of 10, so the kit's 25-series paging tests span several pages.
 */
abstract class CalDavProviderCompatibilityKit extends CalendarProviderCompatibilityKit {
    /** The provider of the current test. */
    protected CalDavCalendarProvider caldav;

    /** Where discovery starts. */
    protected abstract URI serverUri();

    /** The user, or null for a server without authentication. */
    protected abstract String username();

    /** The password, or null. */
    protected abstract String password();

    /** Makes a new calendar named {@code name} and returns its URL. */
    protected abstract URI newCalendar(String name);

    /** Hosts besides the server's that the provider may follow (the emulator's second port stands for iCloud's partition host). */
    protected String[] allowedHosts() {
        return new String[0];
    }

    /** Invalidates the sync tokens of a calendar URL, if the server can be made to; null if not. */
    protected Predicate<String> tokenInvalidator() {
        return null;
    }

    static CalDavCalendarProvider.Builder fastRetries(CalDavCalendarProvider.Builder b) {
        return b.retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                .sleeper(d -> {});
    }

    @Override
    protected CalendarProvider createProvider() {
        CalDavCalendarProvider.Builder b = CalDavCalendarProvider.builder().serverUri(serverUri());
        if (username() != null) {
            b.credentials(username(), password());
        }
        caldav = fastRetries(b).allowHosts(allowedHosts()).multigetBatchSize(10).build();
        return caldav;
    }

    @Override
    protected String createCalendar() {
        return newCalendar("kit-" + UUID.randomUUID()).toString();
    }

    @Override
    protected ProviderTestHarness harness() {
        return new CalDavHarness(username(), password(), tokenInvalidator());
    }

    /** A calendar URL next to the test's calendar that does not exist. */
    @Override
    protected String unknownCalendar() {
        return URI.create(calendar)
                .resolve("../no-such-calendar-" + UUID.randomUUID() + "/")
                .toString();
    }

    @AfterEach
    void closeProvider() {
        if (caldav != null) {
            caldav.close();
        }
    }
}
