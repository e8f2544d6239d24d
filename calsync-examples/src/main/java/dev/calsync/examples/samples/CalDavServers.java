package dev.calsync.examples.samples;

import dev.calsync.caldav.CalDavCalendar;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.sync.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The code of {@code docs/caldav-servers.md}: {@link CalDavCalendarProvider} for any CalDAV server,
 * every builder option spelled out, and a calendar found by its display name. {@code
 * CalDavServersTest} runs it against the testkit's CalDAV emulator (Radicale-like defaults, and
 * without sync-collection).
 */
public final class CalDavServers {
    private CalDavServers() {}

    /**
     * A provider for a CalDAV account, with the builder's defaults written out.
     *
     * @param serverUri where discovery starts: the server's root, a principal, a calendar home or a
     *     calendar
     * @param username the account's user name
     * @param password the account's password
     * @return the builder; {@code build()} makes the provider
     */
    public static CalDavCalendarProvider.Builder generic(URI serverUri, String username, String password) {
        // generic:begin
        return CalDavCalendarProvider.builder()
                .serverUri(serverUri) // e.g. https://dav.example.com/ (http is accepted too)
                .credentials(username, password) // Basic, or Digest when the server asks for it
                // .allowHosts("calendars.example.com") only if the calendar home is on another host
                .connectTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofSeconds(60))
                .retryPolicy(RetryPolicy.DEFAULT) // 5 calls in all, waits capped at 0.5 s, 1 s, 2 s, 4 s
                .multigetBatchSize(50); // resources per calendar-multiget, and per listing page
        // generic:end
    }

    /**
     * The calendar id of the account's event calendar named {@code displayName}.
     *
     * @param account the account's builder, e.g. {@link #generic}
     * @param displayName the calendar's name as the user sees it
     * @return its calendar id (the collection's URL), if there is one
     */
    public static Optional<String> calendarNamed(CalDavCalendarProvider.Builder account, String displayName) {
        // find-calendar:begin
        try (CalDavCalendarProvider caldav = account.build()) {
            return caldav.calendars().stream()
                    .filter(c -> displayName.equals(c.displayName()))
                    .map(CalDavCalendar::id)
                    .findFirst();
        }
        // find-calendar:end
    }
}
