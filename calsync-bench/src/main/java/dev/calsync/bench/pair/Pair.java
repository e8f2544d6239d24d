package dev.calsync.bench.pair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.caldav.internal.ICalendarCodec;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.MalformedEventException;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.id.GoogleEventIds;
import dev.calsync.core.recurrence.RecurrenceGrouper;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.caldav.CalDavEmulatorOptions;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import dev.calsync.testkit.google.RecordedRequest;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One Google emulator and one CalDAV emulator, each behind a {@link ByteRelay}, synced by a {@link
 * SyncEngine} with the real {@link GoogleCalendarProvider} (side A) and {@link
 * CalDavCalendarProvider} (side B) and an in-memory mapping store. It seeds either side, makes
 * changes on either side as another client would, measures one sync from the emulators' request
 * logs and the relays' byte counts, and checks that both sides hold the same series.
 *
 * <p>The test events: every tenth a weekly series of 20 occurrences in Europe/Berlin with one moved
 * override and one cancelled occurrence, the others single 45-minute events. Deterministic.
 */
final class Pair implements AutoCloseable {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String PAIR = "pair";
    private static final String CALENDAR = "bench";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    /** What the benchmark knows of a live series: recurring or not, and its CalDAV resource name. */
    record Info(boolean recurring, String caldavName) {}

    /** The changes one mutation made. */
    record Changes(int modified, int created, int deleted, int recurringTouched) {
        int total() {
            return modified + created + deleted;
        }
    }

    /** The requests and bytes one side saw during one sync. */
    record SideCount(long requests, long providerRequests, long down, long up, Map<String, Long> kinds) {
        long kind(String k) {
            return kinds.getOrDefault(k, 0L);
        }
    }

    /** One measured sync. */
    record Measured(SyncReport report, long millis, SideCount google, SideCount caldav) {}

    final boolean icloud;
    final GoogleCalendarEmulator google;
    final CalDavEmulator caldav;
    private final ByteRelay googleRelay;
    private final ByteRelay caldavRelay;
    private final ByteRelay discoveryRelay;
    final GoogleCalendarProvider googleProvider;
    final CalDavCalendarProvider caldavProvider;
    private final GoogleCalendarProvider googleChecker;
    private final CalDavCalendarProvider caldavChecker;
    final String googleCal;
    private final String caldavCal;
    private final String caldavDirect;
    private final SyncEngine engine;
    /** The live series by UID, as the benchmark made them. */
    final TreeMap<String, Info> live = new TreeMap<>();

    Pair(boolean icloud) {
        this.icloud = icloud;
        this.google = GoogleCalendarEmulator.start();
        this.caldav = CalDavEmulator.start(icloud ? CalDavEmulatorOptions.icloud() : CalDavEmulatorOptions.defaults());
        try {
            this.googleCal = google.createCalendar("pair@group.calendar.google.com", BERLIN);
            URI root = URI.create(google.rootUrl());
            this.googleRelay = new ByteRelay(root.getPort());
            URI calendar = caldav.createCalendar(CALENDAR);
            this.caldavDirect = calendar.toString();
            this.caldavRelay = new ByteRelay(calendar.getPort());
            this.discoveryRelay = calendar.getPort() == caldav.baseUri().getPort()
                    ? caldavRelay
                    : new ByteRelay(caldav.baseUri().getPort());
            this.caldavCal = caldavRelay.through(calendar).toString();
            this.googleProvider = google(googleRelay.through(root).toString());
            this.googleChecker = google(google.rootUrl());
            this.caldavProvider = caldav(discoveryRelay.through(caldav.baseUri()), true);
            this.caldavChecker = caldav(caldav.baseUri(), false);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
        InMemoryMappingStore store = new InMemoryMappingStore();
        store.useTransaction(tx -> tx.putPair(CalendarPair.of(PAIR, googleCal, caldavCal)));
        this.engine = SyncEngine.builder()
                .sideA(googleProvider)
                .sideB(caldavProvider)
                .store(store)
                .build();
    }

    private static GoogleCalendarProvider google(String rootUrl) {
        return GoogleCalendarProvider.builder()
                .credentials(GoogleCredentials.create(new AccessToken("bench", new Date(Long.MAX_VALUE / 2))))
                .rootUrl(rootUrl)
                .build();
    }

    /** The measured provider sleeps for real between retries; the checker does not wait. */
    private CalDavCalendarProvider caldav(URI server, boolean measured) {
        CalDavCalendarProvider.Builder b =
                CalDavCalendarProvider.builder().serverUri(server).credentials(caldav.username(), caldav.password());
        if (caldav.options().crossHostHomeSet()) {
            b.allowHosts("127.0.0.1");
        }
        if (!measured) {
            b.sleeper(d -> {});
        }
        return b.build();
    }

    // ------------------------------------------------------------------ events

    static String uid(int i) {
        return String.format("pair-%05d@calsync.dev", i);
    }

    static boolean recurring(int i) {
        return i % 10 == 0;
    }

    static LocalDateTime start(int i) {
        return LocalDateTime.of(2030, 1, 7, 8, 0).plusHours(5L * i);
    }

    /** Event i as calsync's model holds it (for seeding CalDAV). */
    static EventSeries series(int i, String uid, String summary) {
        LocalDateTime start = start(i);
        EventComponent.Builder master = EventComponent.builder(uid, EventTime.of(start, BERLIN))
                .end(EventTime.of(start.plusMinutes(45), BERLIN))
                .summary(summary)
                .location("Room " + (i % 7))
                .description("Pair benchmark event " + i);
        if (!recurring(i)) {
            return EventSeries.of(master.build());
        }
        master.recurrence(new Recurrence(List.of("RRULE:FREQ=WEEKLY;COUNT=20"), List.of(), List.of()));
        LocalDateTime third = start.plusWeeks(2);
        EventComponent moved = EventComponent.builder(uid, EventTime.of(third.plusHours(1), BERLIN))
                .recurrenceId(RecurrenceId.of(EventTime.of(third, BERLIN)))
                .end(EventTime.of(third.plusHours(1).plusMinutes(45), BERLIN))
                .summary(summary + " (moved)")
                .build();
        TreeSet<RecurrenceId> cancelled = new TreeSet<>();
        cancelled.add(RecurrenceId.of(EventTime.of(start.plusWeeks(4), BERLIN)));
        return new EventSeries(uid, master.build(), List.of(moved), cancelled);
    }

    private static ObjectNode time(LocalDateTime t) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("dateTime", t.atZone(BERLIN).format(RFC3339))
                .put("timeZone", BERLIN.getId());
    }

    /** Puts event i on Google as another client would: a master, then its exception and cancelled instance. */
    private void insertOnGoogle(int i, String uid, String summary) {
        LocalDateTime start = start(i);
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("iCalUID", uid).put("summary", summary).put("location", "Room " + (i % 7));
        e.put("description", "Pair benchmark event " + i);
        e.set("start", time(start));
        e.set("end", time(start.plusMinutes(45)));
        if (recurring(i)) {
            e.putArray("recurrence").add("RRULE:FREQ=WEEKLY;COUNT=20");
        }
        String id = google.userInsert(googleCal, e).get("id").asText();
        if (recurring(i)) {
            LocalDateTime third = start.plusWeeks(2);
            ObjectNode moved = JsonNodeFactory.instance.objectNode().put("summary", summary + " (moved)");
            moved.set("start", time(third.plusHours(1)));
            moved.set("end", time(third.plusHours(1).plusMinutes(45)));
            google.userPatch(googleCal, instanceId(id, third), moved);
            google.userDelete(googleCal, instanceId(id, start.plusWeeks(4)));
        }
    }

    private static String instanceId(String masterId, LocalDateTime originalStart) {
        return GoogleEventIds.instanceId(masterId, RecurrenceId.of(EventTime.of(originalStart, BERLIN)), BERLIN);
    }

    /** N events on Google, made there. */
    void seedGoogle(int n) {
        for (int i = 0; i < n; i++) {
            insertOnGoogle(i, uid(i), "Event " + i);
            live.put(uid(i), new Info(recurring(i), null));
        }
    }

    /** N events on CalDAV, made there (another client's resource names). */
    void seedCalDav(int n) {
        for (int i = 0; i < n; i++) {
            String name = "seed-" + i + ".ics";
            caldav.userPut(CALENDAR, name, ICalendarCodec.render(series(i, uid(i), "Event " + i), null));
            live.put(uid(i), new Info(recurring(i), name));
        }
    }

    int recurringCount() {
        return (int) live.values().stream().filter(Info::recurring).count();
    }

    // ------------------------------------------------------------------ changes made elsewhere

    /**
     * {@code count} live UIDs spread over {@code candidates}: the k-th near {@code k * size / count},
     * shifted by {@code k mod 10} and {@code salt}, so about a tenth of them are recurring series.
     */
    static List<String> pick(List<String> candidates, int count, int salt) {
        int size = candidates.size();
        if (count > size) {
            throw new IllegalArgumentException(count + " of " + size);
        }
        LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
        long step = Math.max(1, size / Math.max(1, count));
        for (int k = 0; k < count; k++) {
            int idx = (int) ((k * step + (k % 10) + salt) % size);
            while (!chosen.add(idx)) {
                idx = (idx + 1) % size;
            }
        }
        List<String> out = new ArrayList<>();
        chosen.forEach(idx -> out.add(candidates.get(idx)));
        return out;
    }

    /** Of {@code count} changes: a quarter created, a quarter deleted, the rest modified. */
    private static int[] split(int count) {
        int created = count / 4;
        int deleted = count / 4;
        return new int[] {count - created - deleted, created, deleted};
    }

    private String caldavName(String uid) {
        Info info = live.get(uid);
        return info.caldavName() != null ? info.caldavName() : CalDavCalendarProvider.resourceNameFor(uid);
    }

    private String caldavBody(String uid) {
        return caldav.resource(CALENDAR, caldavName(uid))
                .orElseThrow(() -> new IllegalStateException("no CalDAV resource for " + uid))
                .body();
    }

    private static EventSeries parse(String body) {
        try {
            return ICalendarCodec.parse(body).orElseThrow();
        } catch (MalformedEventException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code count} changes on CalDAV as another client: master summaries, new single events, deletions. */
    Changes changeOnCalDav(int count, int salt) {
        int[] s = split(count);
        List<String> targets = pick(new ArrayList<>(live.keySet()), s[0] + s[2], salt);
        int modified = 0;
        int deleted = 0;
        int recurringTouched = 0;
        for (int j = 0; j < targets.size(); j++) {
            String uid = targets.get(j);
            recurringTouched += live.get(uid).recurring() ? 1 : 0;
            if (j % 2 == 1 && deleted < s[2]) {
                caldav.userDelete(CALENDAR, caldavName(uid));
                live.remove(uid);
                deleted++;
            } else {
                String body = caldavBody(uid);
                EventSeries old = parse(body);
                EventComponent master = old.master().toBuilder()
                        .summary(old.master().summary() + " / changed on CalDAV " + salt)
                        .build();
                EventSeries changed = new EventSeries(uid, master, old.overrides(), old.cancelledOccurrences());
                caldav.userPut(CALENDAR, caldavName(uid), ICalendarCodec.render(changed, body));
                modified++;
            }
        }
        for (int k = 0; k < s[1]; k++) {
            int i = 100_000 + salt * 1000 + k;
            String uid = String.format("pair-c%d-%d@calsync.dev", salt, k);
            String name = "new-c" + salt + "-" + k + ".ics";
            caldav.userPut(CALENDAR, name, ICalendarCodec.render(series(i * 10 + 1, uid, "New on CalDAV " + k), null));
            live.put(uid, new Info(false, name));
        }
        return new Changes(modified, s[1], deleted, recurringTouched);
    }

    /** Google's stored masters by UID (calsync's property, else the iCalUID), and exceptions by master id. */
    private record GoogleIndex(Map<String, String> masters, Map<String, List<String>> exceptions) {}

    private GoogleIndex googleIndex() {
        Map<String, String> masters = new HashMap<>();
        Map<String, List<String>> exceptions = new HashMap<>();
        for (ObjectNode e : google.storedEvents(googleCal)) {
            if ("cancelled".equals(e.path("status").asText())) {
                continue;
            }
            JsonNode master = e.get("recurringEventId");
            if (master != null) {
                exceptions
                        .computeIfAbsent(master.asText(), k -> new ArrayList<>())
                        .add(e.get("id").asText());
                continue;
            }
            JsonNode own = e.path("extendedProperties").path("private").get(GoogleCalendarProvider.UID_PROPERTY);
            String uid = own != null ? own.asText() : e.get("iCalUID").asText();
            masters.put(uid, e.get("id").asText());
        }
        return new GoogleIndex(masters, exceptions);
    }

    /** {@code count} changes on Google as another client: summaries patched, new events, deletions. */
    Changes changeOnGoogle(int count, int salt) {
        int[] s = split(count);
        GoogleIndex index = googleIndex();
        List<String> targets = pick(new ArrayList<>(live.keySet()), s[0] + s[2], salt);
        int modified = 0;
        int deleted = 0;
        int recurringTouched = 0;
        for (int j = 0; j < targets.size(); j++) {
            String uid = targets.get(j);
            String id = Objects.requireNonNull(index.masters().get(uid), () -> "no Google event for " + uid);
            recurringTouched += live.get(uid).recurring() ? 1 : 0;
            if (j % 2 == 1 && deleted < s[2]) {
                google.userDelete(googleCal, id);
                live.remove(uid);
                deleted++;
            } else {
                String summary = google.event(googleCal, id)
                        .orElseThrow()
                        .path("summary")
                        .asText();
                google.userPatch(
                        googleCal,
                        id,
                        JsonNodeFactory.instance.objectNode().put("summary", summary + " / changed on Google " + salt));
                modified++;
            }
        }
        for (int k = 0; k < s[1]; k++) {
            int i = 200_000 + salt * 1000 + k;
            String uid = String.format("pair-g%d-%d@calsync.dev", salt, k);
            insertOnGoogle(i * 10 + 1, uid, "New on Google " + k);
            live.put(uid, new Info(false, null));
        }
        return new Changes(modified, s[1], deleted, recurringTouched);
    }

    private List<String> liveRecurring() {
        List<String> out = new ArrayList<>();
        live.forEach((uid, info) -> {
            if (info.recurring()) {
                out.add(uid);
            }
        });
        return out;
    }

    /** The moved override of {@code count} recurring series renamed on CalDAV. */
    int overridesOnCalDav(int count, int salt) {
        List<String> targets = pick(liveRecurring(), count, salt);
        for (String uid : targets) {
            String body = caldavBody(uid);
            EventSeries old = parse(body);
            List<EventComponent> overrides = new ArrayList<>();
            for (EventComponent o : old.overrides()) {
                overrides.add(o.toBuilder()
                        .summary(o.summary() + " / override changed on CalDAV " + salt)
                        .build());
            }
            EventSeries changed = new EventSeries(uid, old.master(), overrides, old.cancelledOccurrences());
            caldav.userPut(CALENDAR, caldavName(uid), ICalendarCodec.render(changed, body));
        }
        return targets.size();
    }

    /** The moved exception of {@code count} recurring series renamed on Google. */
    int overridesOnGoogle(int count, int salt) {
        GoogleIndex index = googleIndex();
        List<String> targets = pick(liveRecurring(), count, salt);
        for (String uid : targets) {
            String masterId = index.masters().get(uid);
            for (String id : index.exceptions().getOrDefault(masterId, List.of())) {
                String summary = google.event(googleCal, id)
                        .orElseThrow()
                        .path("summary")
                        .asText();
                google.userPatch(
                        googleCal,
                        id,
                        JsonNodeFactory.instance
                                .objectNode()
                                .put("summary", summary + " / override changed on Google " + salt));
            }
        }
        return targets.size();
    }

    // ------------------------------------------------------------------ measuring

    /** One sync, counted from a clean request log. */
    Measured sync() {
        google.clearRequests();
        caldav.clearRequests();
        googleRelay.reset();
        caldavRelay.reset();
        discoveryRelay.reset();
        long g0 = googleProvider.httpRequests();
        long c0 = caldavProvider.httpRequests();
        long t0 = System.nanoTime();
        SyncReport report = engine.sync(PAIR);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        SideCount g = new SideCount(
                google.httpExchanges(),
                googleProvider.httpRequests() - g0,
                googleRelay.down(),
                googleRelay.up(),
                googleKinds(google.requests()));
        List<dev.calsync.testkit.caldav.RecordedRequest> dav = caldav.requests();
        long down = caldavRelay.down() + (discoveryRelay == caldavRelay ? 0 : discoveryRelay.down());
        long up = caldavRelay.up() + (discoveryRelay == caldavRelay ? 0 : discoveryRelay.up());
        SideCount c = new SideCount(dav.size(), caldavProvider.httpRequests() - c0, down, up, caldavKinds(dav));
        return new Measured(report, millis, g, c);
    }

    /**
     * Google requests by kind: {@code list}, {@code list iCalUID}, {@code instances}, {@code GET},
     * {@code batch}, a plain write by its method, and each batch part as {@code part <method>}.
     */
    static Map<String, Long> googleKinds(List<RecordedRequest> requests) {
        Map<String, Long> out = new TreeMap<>();
        for (RecordedRequest r : requests) {
            String kind;
            if (r.inBatch()) {
                kind = "part " + r.method()
                        + (r.method().equals("POST") && r.path().endsWith("/events") ? " insert" : "");
            } else if (r.path().startsWith("batch")) {
                kind = "batch";
            } else if (r.method().equals("GET") && r.path().endsWith("/events")) {
                kind = r.queryParam("iCalUID") != null ? "list iCalUID" : "list";
            } else if (r.method().equals("GET") && r.path().endsWith("/instances")) {
                kind = "instances";
            } else if (r.method().equals("GET")) {
                kind = r.path().contains("/events/") ? "GET" : "GET calendar";
            } else {
                kind = r.method();
            }
            out.merge(kind, 1L, Long::sum);
        }
        return out;
    }

    /** CalDAV requests by kind; REPORTs told apart by Depth (sync-collection 0, multiget none, query 1). */
    static Map<String, Long> caldavKinds(List<dev.calsync.testkit.caldav.RecordedRequest> requests) {
        Map<String, Long> out = new TreeMap<>();
        for (dev.calsync.testkit.caldav.RecordedRequest r : requests) {
            String kind = r.method();
            if (kind.equals("REPORT")) {
                kind = r.depth() == null ? "multiget" : r.depth().equals("0") ? "sync-collection" : "calendar-query";
            }
            if (r.status() == 404 || r.status() >= 500 || r.status() == 412) {
                kind += " (" + r.status() + ")";
            }
            out.merge(kind, 1L, Long::sum);
        }
        return out;
    }

    // ------------------------------------------------------------------ convergence

    /**
     * Lists both sides fully through providers of their own (so the measured providers' caches are
     * untouched) and compares {@link ContentHash#perComponent} of every series.
     *
     * @return empty when both hold the same series, as many as the benchmark expects; otherwise what differs
     */
    Optional<String> divergence() {
        Map<String, SortedMap<EventKey, ContentHash>> g = hashes(googleChecker, googleCal);
        Map<String, SortedMap<EventKey, ContentHash>> c = hashes(caldavChecker, caldavDirect);
        List<String> problems = new ArrayList<>();
        if (g.size() != live.size() || c.size() != live.size()) {
            problems.add("series: Google " + g.size() + ", CalDAV " + c.size() + ", expected " + live.size());
        }
        TreeSet<String> uids = new TreeSet<>(g.keySet());
        uids.addAll(c.keySet());
        uids.addAll(live.keySet());
        int shown = 0;
        for (String uid : uids) {
            SortedMap<EventKey, ContentHash> a = g.get(uid);
            SortedMap<EventKey, ContentHash> b = c.get(uid);
            boolean expected = live.containsKey(uid);
            if (!Objects.equals(a, b) || (a == null) == expected) {
                if (shown++ < 5) {
                    problems.add(uid + (expected ? "" : " (deleted)") + ": Google " + describe(a) + " vs CalDAV "
                            + describe(b));
                }
            }
        }
        if (shown > 5) {
            problems.add("... " + shown + " series differ in all");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static String describe(SortedMap<EventKey, ContentHash> hashes) {
        return hashes == null ? "absent" : hashes.size() + " components " + hashes.keySet();
    }

    private static Map<String, SortedMap<EventKey, ContentHash>> hashes(CalendarProvider p, String cal) {
        List<EventComponent> components = new ArrayList<>();
        try (ChangeListing listing = p.listChanges(cal, null)) {
            for (Optional<ChangePage> page; (page = listing.nextPage()).isPresent(); ) {
                if (!page.get().quarantined().isEmpty()) {
                    throw new IllegalStateException(
                            p.kind() + " listing quarantined " + page.get().quarantined());
                }
                for (RemoteComponent rc : page.get().components()) {
                    components.add(rc.component());
                }
            }
        }
        Map<String, SortedMap<EventKey, ContentHash>> out = new TreeMap<>();
        for (EventSeries s : RecurrenceGrouper.group(components).series()) {
            out.put(s.uid(), ContentHash.perComponent(s));
        }
        return out;
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {
            caldavProvider, caldavChecker, googleRelay, caldavRelay, discoveryRelay, google, caldav
        }) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing anyway
                }
            }
        }
    }
}
