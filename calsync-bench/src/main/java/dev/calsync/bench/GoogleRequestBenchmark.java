package dev.calsync.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.id.GoogleEventIds;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import dev.calsync.testkit.google.RecordedRequest;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;

/**
 * Request economy of the Google provider, on the Google emulator against an in-memory CalDAV-like
 * calendar: how many HTTP requests Google sees for a no-change sync, for N events copied to Google,
 * and for N events changed on Google and copied to the other side. Usage: {@code
 * calsync-bench/run-google-bench.sh [events]} (default 1000).
 */
public final class GoogleRequestBenchmark {
    private GoogleRequestBenchmark() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        try (GoogleCalendarEmulator emulator = GoogleCalendarEmulator.start()) {
            String googleCal = emulator.createCalendar("bench@group.calendar.google.com", berlin);
            GoogleCalendarProvider google = GoogleCalendarProvider.builder()
                    .credentials(GoogleCredentials.create(new AccessToken("bench", new Date(Long.MAX_VALUE / 2))))
                    .rootUrl(emulator.rootUrl())
                    .build();
            InMemoryCalendarProvider caldav = InMemoryCalendarProvider.builder()
                    .kind("caldav")
                    .pageSize(500)
                    .build();
            caldav.createCalendar("caldav");
            InMemoryMappingStore store = new InMemoryMappingStore();
            store.useTransaction(tx -> tx.putPair(CalendarPair.of("bench", googleCal, "caldav")));
            SyncEngine engine = SyncEngine.builder()
                    .sideA(google)
                    .sideB(caldav)
                    .store(store)
                    .build();

            System.out.printf(
                    "Google provider request economy, %d events, batch size %d, page size 2500%n",
                    n, google.writeBatchSize());
            System.out.println(
                    "| sync | Google HTTP requests | of which list pages | batch requests | parts | wall time |");
            System.out.println("|---|---|---|---|---|---|");

            for (int i = 0; i < n; i++) {
                LocalDateTime start = LocalDateTime.of(2030, 1, 1, 9, 0).plusHours(i);
                caldav.userPut(
                        "caldav",
                        EventSeries.of(
                                EventComponent.builder("bench-" + i + "@calsync.dev", EventTime.of(start, berlin))
                                        .end(EventTime.of(start.plusMinutes(30), berlin))
                                        .summary("Event " + i)
                                        .build()));
            }
            measure("first sync: " + n + " new events other side -> Google", emulator, engine);
            measure("no-change sync", emulator, engine);

            for (int i = 0; i < n; i++) {
                ObjectNode patch = JsonNodeFactory.instance.objectNode().put("summary", "Renamed " + i);
                emulator.userPatch(googleCal, GoogleEventIds.forUid("bench-" + i + "@calsync.dev"), patch);
            }
            measure(n + " events changed on Google -> other side", emulator, engine);
            measure("no-change sync", emulator, engine);
        }
    }

    private static void measure(String what, GoogleCalendarEmulator emulator, SyncEngine engine) {
        emulator.clearRequests();
        long t0 = System.nanoTime();
        SyncReport report = engine.sync("bench");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        List<RecordedRequest> requests = emulator.requests();
        long pages = requests.stream()
                .filter(r ->
                        !r.inBatch() && r.method().equals("GET") && r.path().endsWith("/events"))
                .count();
        long batches = requests.stream()
                .filter(r -> !r.inBatch() && r.path().startsWith("batch"))
                .count();
        long parts = requests.stream().filter(RecordedRequest::inBatch).count();
        System.out.printf(
                "| %s | %d | %d | %d | %d | %d ms (%d writes) |%n",
                what, emulator.httpExchanges(), pages, batches, parts, millis, report.writes());
    }
}
