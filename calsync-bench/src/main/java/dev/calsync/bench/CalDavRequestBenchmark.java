package dev.calsync.bench;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.caldav.internal.ICalendarCodec;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.caldav.CalDavEmulatorOptions;
import dev.calsync.testkit.caldav.RecordedRequest;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import dev.calsync.testkit.servers.LocalCalDavServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Request economy of the CalDAV provider: the HTTP requests it sends and the bytes it receives for
 * a first sync of N events, a no-change sync, 1% of the events changed on the CalDAV server by
 * another client, and 1% changed on the other side (written to CalDAV). The CalDAV side is a real
 * Radicale, a real Xandikos (both seeded on disk with N resources) and the testkit's CalDAV emulator
 * with its default and its iCloud options (seeded as another client); the other side is an
 * in-memory calendar with an in-memory mapping store. Every server listens on 127.0.0.1 and is
 * stopped at the end.
 *
 * <p>Counted per sync: the provider's own {@link CalDavCalendarProvider#httpRequests()} and {@link
 * CalDavCalendarProvider#httpBytesReceived()} (response bodies after decoding), and on the server's
 * side the requests by kind and the bytes sent (for the real servers through a {@link
 * CountingProxy}: status lines, headers and bodies as on the wire; for the emulator: bodies, as it
 * records them).
 *
 * <p>Usage: {@code calsync-bench/run-caldav-bench.sh [events...] [--targets=radicale,xandikos,
 * emulator,emulator-icloud]} (default 1000 and 5000 events, every target).
 *
 * <p>The N events: every tenth a weekly series of 20 occurrences with one EXDATE and one moved
 * override, the others single events; all in Europe/Berlin, rendered with calsync's codec, so
 * every resource carries a VTIMEZONE. Deterministic.
 */
public final class CalDavRequestBenchmark {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String CALENDAR = "bench";
    private static final String OTHER = "other";
    private static final List<String> ALL_TARGETS = List.of("radicale", "xandikos", "emulator", "emulator-icloud");

    private CalDavRequestBenchmark() {}

    /** The CalDAV side of one run: where its calendar is and how its requests are counted. */
    private interface Target extends AutoCloseable {
        URI serverUri();

        String username();

        String password();

        boolean otherHostsAllowed();

        String calendarUrl();

        /** Puts the resources as fast as the target allows (on disk for a real server). */
        void seed(Map<String, String> resources);

        /** Stores a resource as another client would (PUT without preconditions). */
        void putAsOtherClient(String name, String ics);

        void resetCounts();

        Map<String, Long> requests();

        long serverBytes();

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        List<String> targets = ALL_TARGETS;
        for (String a : args) {
            if (a.startsWith("--targets=")) {
                targets = List.of(a.substring("--targets=".length()).split(","));
            } else {
                sizes.add(Integer.parseInt(a));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1000, 5000);
        }
        System.out.printf(
                "CalDAV provider request economy; %d cores, Java %s, max heap %d MiB; multiget batch 50%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| server | events | sync | requests | sync-collection | multiget | GET | PUT"
                + " | PROPFIND | other | bytes received | server bytes sent | writes | wall time |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        long t0 = System.nanoTime();
        List<String> heaps = new ArrayList<>();
        for (String name : targets) {
            for (int n : sizes) {
                resetPeakHeap();
                try (Target target = open(name)) {
                    run(name, n, target);
                }
                heaps.add(String.format("%s %d events: peak heap %d MiB", name, n, peakHeap() >> 20));
                System.gc();
            }
        }
        heaps.forEach(System.out::println);
        System.out.printf("total %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);
    }

    private static Target open(String name) throws IOException {
        return switch (name) {
            case "radicale" -> new RealServer(LocalCalDavServer.start(LocalCalDavServer.Kind.RADICALE));
            case "xandikos" -> new RealServer(LocalCalDavServer.start(LocalCalDavServer.Kind.XANDIKOS));
            case "emulator" -> new Emulator(CalDavEmulator.start());
            case "emulator-icloud" -> new Emulator(CalDavEmulator.start(CalDavEmulatorOptions.icloud()));
            default -> throw new IllegalArgumentException("unknown target " + name + "; known: " + ALL_TARGETS);
        };
    }

    private static void run(String label, int n, Target target) {
        Map<String, String> resources = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            resources.put(resourceName(i), ICalendarCodec.render(series(i, "Event " + i), null));
        }
        long seedStart = System.nanoTime();
        target.seed(resources);
        System.err.printf("%s: seeded %d events in %d ms%n", label, n, (System.nanoTime() - seedStart) / 1_000_000);

        CalDavCalendarProvider.Builder b = CalDavCalendarProvider.builder()
                .serverUri(target.serverUri())
                // Radicale parses every seeded file on the first request that reads the collection
                .responseTimeout(Duration.ofMinutes(5));
        if (target.username() != null) {
            b.credentials(target.username(), target.password());
        }
        if (target.otherHostsAllowed()) {
            b.allowHosts("127.0.0.1");
        }
        try (CalDavCalendarProvider caldav = b.build()) {
            InMemoryCalendarProvider other =
                    InMemoryCalendarProvider.builder().kind("memory").build();
            other.createCalendar(OTHER);
            InMemoryMappingStore store = new InMemoryMappingStore();
            store.useTransaction(tx -> tx.putPair(CalendarPair.of("bench", target.calendarUrl(), OTHER)));
            SyncEngine engine =
                    SyncEngine.builder().sideA(caldav).sideB(other).store(store).build();
            Measure m = new Measure(label, n, target, caldav, engine);

            m.sync("first sync: " + n + " new on CalDAV -> other side");
            m.sync("no-change sync");

            List<Integer> changed = onePercent(n, 5, 10);
            for (int i : changed) {
                target.putAsOtherClient(
                        resourceName(i), ICalendarCodec.render(series(i, "Event " + i + ", changed elsewhere"), null));
            }
            m.sync(changed.size() + " changed on CalDAV (another client) -> other side");
            m.sync("no-change sync");

            List<Integer> edited = onePercent(n, 37, 40);
            for (int i : edited) {
                other.userEdit(
                        OTHER,
                        uid(i),
                        s -> new EventSeries(
                                s.uid(),
                                s.master().toBuilder()
                                        .summary("Event " + i + ", edited on the other side")
                                        .build(),
                                s.overrides(),
                                s.cancelledOccurrences()));
            }
            m.sync(edited.size() + " changed on the other side -> CalDAV");
            m.sync("next sync (lists its own writes)");
        }
    }

    /** One per hundred events: {@code k*100 + a} for even k, {@code k*100 + b} for odd k. */
    private static List<Integer> onePercent(int n, int a, int b) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < n / 100; k++) {
            out.add(k * 100 + (k % 2 == 0 ? a : b));
        }
        return out;
    }

    /** Measures one sync and prints its row. */
    private record Measure(String label, int n, Target target, CalDavCalendarProvider caldav, SyncEngine engine) {
        void sync(String what) {
            target.resetCounts();
            long requests = caldav.httpRequests();
            long bytes = caldav.httpBytesReceived();
            long start = System.nanoTime();
            SyncReport report = engine.sync("bench");
            long millis = (System.nanoTime() - start) / 1_000_000;
            Map<String, Long> byKind = new TreeMap<>(target.requests());
            long sync = take(byKind, "REPORT sync-collection");
            long multiget = take(byKind, "REPORT calendar-multiget");
            long get = take(byKind, "GET");
            long put = take(byKind, "PUT");
            long propfind = take(byKind, "PROPFIND");
            String rest = byKind.isEmpty() ? "0" : byKind.toString();
            System.out.printf(
                    "| %s | %,d | %s | %d | %d | %d | %d | %d | %d | %s | %,d | %,d | %d | %,d ms |%n",
                    label,
                    n,
                    what,
                    caldav.httpRequests() - requests,
                    sync,
                    multiget,
                    get,
                    put,
                    propfind,
                    rest,
                    caldav.httpBytesReceived() - bytes,
                    target.serverBytes(),
                    report.writes(),
                    millis);
            if (!report.quarantined().isEmpty()
                    || !report.parked().isEmpty()
                    || report.wouldBeRefused().isPresent()) {
                System.out.printf(
                        "  ! %s: %d quarantined, %d parked, refusal %s; first quarantined: %s%n",
                        what,
                        report.quarantined().size(),
                        report.parked().size(),
                        report.wouldBeRefused().orElse("none"),
                        report.quarantined().isEmpty()
                                ? "-"
                                : report.quarantined().get(0));
            }
        }

        private static long take(Map<String, Long> byKind, String kind) {
            Long v = byKind.remove(kind);
            return v == null ? 0 : v;
        }
    }

    // ------------------------------------------------------------------ events

    static String uid(int i) {
        return "bench-" + i + "@calsync.dev";
    }

    /** Another client's naming, not calsync's (calsync derives its names from the UID). */
    static String resourceName(int i) {
        return "seed-" + i + ".ics";
    }

    /** Event i: a single event, or every tenth a weekly series with an EXDATE and a moved override. */
    static EventSeries series(int i, String summary) {
        String uid = uid(i);
        LocalDateTime start = LocalDateTime.of(2030, 1, 7, 8, 0).plusHours(5L * i);
        EventComponent.Builder master = EventComponent.builder(uid, EventTime.of(start, BERLIN))
                .end(EventTime.of(start.plusMinutes(45), BERLIN))
                .summary(summary)
                .location("Room " + (i % 7))
                .description("Benchmark event " + i);
        if (i % 10 != 0) {
            return EventSeries.of(master.build());
        }
        master.recurrence(new Recurrence(
                List.of("RRULE:FREQ=WEEKLY;COUNT=20"), List.of(), List.of(EventTime.of(start.plusWeeks(4), BERLIN))));
        LocalDateTime third = start.plusWeeks(2);
        EventComponent moved = EventComponent.builder(uid, EventTime.of(third.plusHours(1), BERLIN))
                .recurrenceId(RecurrenceId.of(EventTime.of(third, BERLIN)))
                .end(EventTime.of(third.plusHours(1).plusMinutes(45), BERLIN))
                .summary(summary + " (moved)")
                .build();
        return new EventSeries(uid, master.build(), List.of(moved), new TreeSet<>());
    }

    // ------------------------------------------------------------------ heap

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks (an upper bound of the peak heap in use). */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    // ------------------------------------------------------------------ targets

    /** Radicale or Xandikos, reached through a counting proxy. */
    private static final class RealServer implements Target {
        private final LocalCalDavServer server;
        private final CountingProxy proxy;

        RealServer(LocalCalDavServer server) throws IOException {
            this.server = server;
            this.proxy = new CountingProxy(server.port());
        }

        @Override
        public URI serverUri() {
            return proxy.baseUri();
        }

        @Override
        public String username() {
            return server.username();
        }

        @Override
        public String password() {
            return server.password();
        }

        @Override
        public boolean otherHostsAllowed() {
            return false;
        }

        @Override
        public String calendarUrl() {
            return proxy.through(server.calendarUri(CALENDAR)).toString();
        }

        @Override
        public void seed(Map<String, String> resources) {
            server.seed(CALENDAR, resources);
        }

        /** A PUT straight to the server, not through the proxy; a new client each time (Radicale: HTTP/1.0). */
        @Override
        public void putAsOtherClient(String name, String ics) {
            URI uri = server.calendarUri(CALENDAR).resolve(name);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "text/calendar; charset=utf-8")
                    .PUT(HttpRequest.BodyPublishers.ofString(ics, StandardCharsets.UTF_8));
            if (server.username() != null) {
                request.header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((server.username() + ":" + server.password())
                                                .getBytes(StandardCharsets.UTF_8)));
            }
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            try {
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2 || r.statusCode() == 207) {
                    throw new IllegalStateException("PUT " + uri + " answered " + r.statusCode() + ": " + r.body());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("PUT " + uri, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void resetCounts() {
            proxy.reset();
        }

        @Override
        public Map<String, Long> requests() {
            return proxy.requests();
        }

        @Override
        public long serverBytes() {
            return proxy.wireBytes();
        }

        @Override
        public void close() {
            try {
                proxy.close();
            } catch (IOException e) {
                // stopping anyway
            }
            server.close();
        }
    }

    /** The testkit's CalDAV emulator, which records its requests itself. */
    private static final class Emulator implements Target {
        private final CalDavEmulator emulator;
        private final String calendarUrl;

        Emulator(CalDavEmulator emulator) {
            this.emulator = emulator;
            this.calendarUrl = emulator.createCalendar(CALENDAR).toString();
        }

        @Override
        public URI serverUri() {
            return emulator.baseUri();
        }

        @Override
        public String username() {
            return emulator.username();
        }

        @Override
        public String password() {
            return emulator.password();
        }

        @Override
        public boolean otherHostsAllowed() {
            return emulator.options().crossHostHomeSet();
        }

        @Override
        public String calendarUrl() {
            return calendarUrl;
        }

        @Override
        public void seed(Map<String, String> resources) {
            resources.forEach(this::putAsOtherClient);
        }

        @Override
        public void putAsOtherClient(String name, String ics) {
            emulator.userPut(CALENDAR, name, ics);
        }

        @Override
        public void resetCounts() {
            emulator.clearRequests();
        }

        /** REPORTs told apart by Depth: the provider sends sync-collection with 0, multiget without. */
        @Override
        public Map<String, Long> requests() {
            Map<String, Long> out = new TreeMap<>();
            for (RecordedRequest r : emulator.requests()) {
                String kind = r.method();
                if (kind.equals("REPORT")) {
                    kind = r.depth() == null
                            ? "REPORT calendar-multiget"
                            : r.depth().equals("0") ? "REPORT sync-collection" : "REPORT calendar-query";
                }
                out.merge(kind, 1L, Long::sum);
            }
            return out;
        }

        @Override
        public long serverBytes() {
            return emulator.requests().stream()
                    .mapToLong(RecordedRequest::bytesSent)
                    .sum();
        }

        @Override
        public void close() {
            emulator.close();
        }
    }
}
