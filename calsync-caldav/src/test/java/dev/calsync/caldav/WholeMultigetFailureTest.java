package dev.calsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.QuarantinedItem;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.sync.RetryPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * sabre/dav 1.8 fails a whole calendar-multiget with 404 when one href is missing (CALDAV.md §2.3):
 * the provider splits the batch down to single GETs, lists what it can read, quarantines the rest
 * and holds its token back. A scripted server, since neither real server nor the emulator does this.
 */
class WholeMultigetFailureTest {
    private record Answer(int status, String body) {}

    @Test
    void aMultigetRefusedWholeIsSplitDownToGets() throws IOException {
        String ev = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//x//EN\nBEGIN:VEVENT\nUID:a@x\nDTSTAMP:20300101T000000Z\n"
                + "DTSTART:20300304T100000Z\nDTEND:20300304T110000Z\nSUMMARY:A\nEND:VEVENT\nEND:VCALENDAR\n";
        ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>(List.of(
                new Answer(
                        207,
                        "<d:multistatus xmlns:d=\"DAV:\"><d:sync-token>http://x/sync/2</d:sync-token>"
                                + "<d:response><d:href>/cal/a.ics</d:href><d:propstat><d:prop><d:getetag>\"1\"</d:getetag>"
                                + "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
                                + "<d:response><d:href>/cal/b.ics</d:href><d:propstat><d:prop><d:getetag>\"2\"</d:getetag>"
                                + "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"),
                new Answer(404, ""), // multiget a, b
                new Answer(
                        207,
                        "<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
                                + "<d:response><d:href>/cal/a.ics</d:href><d:propstat><d:prop><d:getetag>\"1\"</d:getetag>"
                                + "<c:calendar-data>" + ev + "</c:calendar-data></d:prop>"
                                + "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"),
                new Answer(404, ""), // multiget b
                new Answer(404, ""))); // GET b
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            Answer a = script.poll();
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try (CalDavCalendarProvider p = CalDavCalendarProvider.builder()
                        .serverUri(java.net.URI.create(base + "/"))
                        .retryPolicy(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)))
                        .sleeper(d -> {})
                        .build();
                ChangeListing l = p.listChanges(base + "/cal/", "http://x/sync/1")) {
            List<RemoteComponent> components = new ArrayList<>();
            List<QuarantinedItem> quarantined = new ArrayList<>();
            for (Optional<ChangePage> page = l.nextPage(); page.isPresent(); page = l.nextPage()) {
                components.addAll(page.get().components());
                quarantined.addAll(page.get().quarantined());
                assertThat(page.get().tombstones()).isEmpty();
            }

            assertThat(components).extracting(c -> c.component().uid()).containsExactly("a@x");
            assertThat(quarantined).extracting(QuarantinedItem::remoteId).containsExactly("/cal/b.ics");
            assertThat(l.nextSyncToken()).isEqualTo("http://x/sync/1");
            assertThat(seen)
                    .containsExactly("REPORT /cal/", "REPORT /cal/", "REPORT /cal/", "REPORT /cal/", "GET /cal/b.ics");
        } finally {
            server.stop(0);
        }
    }
}
