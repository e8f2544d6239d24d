package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.caldav.CalDavEmulatorOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link CalDavServers} against the CalDAV emulator: its defaults (Radicale 3.1.8 as observed), and
 * a server without sync-collection, which the provider lists through the ctag and ETags instead.
 */
class CalDavServersTest {

    @Test
    void discoveryFromTheServerRootFindsTheCalendarByName() {
        try (CalDavEmulator server = CalDavEmulator.start()) {
            URI work = server.createCalendar("Work");
            server.createCalendar("Family");

            Optional<String> found = CalDavServers.calendarNamed(
                    CalDavServers.generic(server.baseUri(), server.username(), server.password()), "Work");

            assertThat(found).contains(work.toString());
        }
    }

    @Test
    void discoveryMayStartFromACalendarUrl() {
        try (CalDavEmulator server = CalDavEmulator.start()) {
            URI work = server.createCalendar("Work");
            URI family = server.createCalendar("Family");

            Optional<String> found = CalDavServers.calendarNamed(
                    CalDavServers.generic(work, server.username(), server.password()), "Family");

            assertThat(found).contains(family.toString());
        }
    }

    @Test
    void aServerWithoutSyncCollectionIsListedThroughItsCtag() {
        CalDavEmulatorOptions noSync =
                CalDavEmulatorOptions.builder().syncCollectionSupported(false).build();
        try (CalDavEmulator server = CalDavEmulator.start(noSync);
                CalDavCalendarProvider caldav = CalDavServers.generic(
                                server.baseUri(), server.username(), server.password())
                        .build()) {
            URI work = server.createCalendar("Work");
            server.userPut("Work", "a.ics", event("a@example.org", "First"));

            Listed full = list(caldav, work.toString(), null);
            assertThat(full.summaries).containsExactly("First");

            Listed unchanged = list(caldav, work.toString(), full.token);
            assertThat(unchanged.full).isFalse();
            assertThat(unchanged.summaries).isEmpty();

            server.userPut("Work", "b.ics", event("b@example.org", "Second"));
            Listed changed = list(caldav, work.toString(), unchanged.token);
            assertThat(changed.full)
                    .as("without sync-collection a change means a full listing")
                    .isTrue();
            assertThat(changed.summaries).containsExactlyInAnyOrder("First", "Second");
        }
    }

    private record Listed(boolean full, List<String> summaries, String token) {}

    private static Listed list(CalDavCalendarProvider caldav, String calendar, String token) {
        List<String> summaries = new ArrayList<>();
        try (ChangeListing listing = caldav.listChanges(calendar, token)) {
            for (Optional<ChangePage> page = listing.nextPage(); page.isPresent(); page = listing.nextPage()) {
                for (RemoteComponent c : page.get().components()) {
                    summaries.add(c.component().summary());
                }
            }
            return new Listed(listing.isFull(), summaries, listing.nextSyncToken());
        }
    }

    private static String event(String uid, String summary) {
        return String.join(
                "\r\n",
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//calsync samples//EN",
                "BEGIN:VEVENT",
                "UID:" + uid,
                "DTSTAMP:20300101T000000Z",
                "DTSTART:20300305T140000Z",
                "DTEND:20300305T143000Z",
                "SUMMARY:" + summary,
                "END:VEVENT",
                "END:VCALENDAR",
                "");
    }
}
