package dev.calsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.caldav.RecordedRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link CalDavCalendarProvider#httpRequests()} and {@link
 * CalDavCalendarProvider#httpBytesReceived()} agree with what the emulator recorded sending: every
 * request, every body byte.
 */
class HttpCountersTest {

    private static String event(int i) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:counted-" + i
                + "@x\r\nDTSTAMP:20300101T000000Z\r\nDTSTART:20300304T100000Z\r\nDTEND:20300304T110000Z\r\n"
                + "SUMMARY:Counted " + i + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    private static String drain(ChangeListing listing) throws Exception {
        try (listing) {
            for (Optional<ChangePage> page = listing.nextPage(); page.isPresent(); page = listing.nextPage()) {
                // read every page, so that every multiget is sent
            }
            return listing.nextSyncToken();
        }
    }

    private static long bytesSent(CalDavEmulator emulator) {
        return emulator.requests().stream()
                .mapToLong(RecordedRequest::bytesSent)
                .sum();
    }

    @Test
    void requestsAndBodyBytesAreCountedAsTheServerSentThem() throws Exception {
        try (CalDavEmulator emulator = CalDavEmulator.start()) {
            String calendar = emulator.createCalendar("counted").toString();
            for (int i = 0; i < 5; i++) {
                emulator.userPut("counted", "e" + i + ".ics", event(i));
            }
            try (CalDavCalendarProvider provider = CalDavCalendarProvider.builder()
                    .serverUri(emulator.baseUri())
                    .credentials(emulator.username(), emulator.password())
                    .multigetBatchSize(2)
                    .build()) {
                assertThat(provider.httpRequests()).isZero();
                assertThat(provider.httpBytesReceived()).isZero();

                emulator.clearRequests();
                String token = drain(provider.listChanges(calendar, null));
                // one sync-collection REPORT and three multigets of at most 2
                assertThat(provider.httpRequests())
                        .isEqualTo(4)
                        .isEqualTo(emulator.requests().size());
                assertThat(provider.httpBytesReceived()).isPositive().isEqualTo(bytesSent(emulator));

                long before = provider.httpBytesReceived();
                emulator.clearRequests();
                drain(provider.listChanges(calendar, token));
                assertThat(emulator.requests()).hasSize(1);
                assertThat(provider.httpRequests()).isEqualTo(5);
                assertThat(provider.httpBytesReceived() - before).isPositive().isEqualTo(bytesSent(emulator));
            }
        }
    }
}
