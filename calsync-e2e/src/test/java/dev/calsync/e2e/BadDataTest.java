package dev.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.QuarantinedItem;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.sync.SideFailedException;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.e2e.BadItems.DavItem;
import dev.calsync.e2e.BadItems.Fate;
import dev.calsync.e2e.BadItems.GoogleItem;
import dev.calsync.examples.demo.DemoEvent;
import dev.calsync.examples.demo.Workload;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6, bad data: malformed and extreme items among a normal workload, on the real Radicale
 * and on the Google emulator.
 *
 * <ul>
 *   <li>Unreadable items (a line without a colon, bad folding, no DTSTART, an unknown TZID; Google
 *       events without a start, ending before they start, with fields of the wrong JSON type) are
 *       quarantined with a reason naming the fault, copied nowhere and left as they are; so is a
 *       series that was synced and later became unreadable on one side: its copy on the other side
 *       is not deleted, its mapping is QUARANTINED, and once repaired it syncs again.
 *   <li>Two components with one UID on a side are reported as duplicates and one copy is synced.
 *   <li>Extreme but valid items (a 5 MB DESCRIPTION, RRULE:FREQ=SECONDLY and FREQ=DAILY without an
 *       end) sync like any series; the first sync of everything runs in a child JVM with
 *       {@code -Xmx256m} and must finish within 60 s, so no recurrence is expanded without bound and
 *       nothing is held beyond the heap.
 *   <li>The good series all sync, nothing is deleted, and further syncs write nothing.
 *   <li>A resource Radicale itself cannot parse makes Radicale fail every listing with 500: the
 *       sync stops with a typed error and writes nothing, and syncs normally once it is gone.
 * </ul>
 *
 * <p>Radicale refuses broken iCalendar on PUT (400) and fails the whole collection (500) when a
 * broken file sits in its storage, so broken bodies reach calsync through {@link BadCalDavFront},
 * which serves them in place of valid placeholders stored on Radicale.
 */
@ExtendWith(NoSecretsInLogs.class)
class BadDataTest {
    private static final String SCENARIO = "6. bad data";
    private static final Duration SYNC_BOUND = Duration.ofSeconds(60);

    @Test
    void malformedItemsAreQuarantinedDuplicatesReportedAndEverythingElseSyncsInBoundedTimeAndMemory(@TempDir Path dir) {
        try (World world = World.start(dir);
                BadCalDavFront front = BadCalDavFront.start(world.radicale().baseUri())) {
            world.routeCalDav(front.baseUri());
            List<String> good = world.populate(61L, 40);
            Planted planted = plant(world, front);
            World.Endpoints endpoints = new World.Endpoints(world.google().rootUrl(), front.baseUri());

            BadSyncProcess.Printed first = firstSyncInAChild(world, endpoints);

            Map<String, String> expected = expectedQuarantine(world);
            assertThat(first.quarantined())
                    .extracting(q -> q[1])
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (String[] q : first.quarantined()) {
                assertThat(q[2]).as("the reason for %s", q[1]).contains(expected.get(q[1]));
            }
            assertThat(first.duplicates()).containsExactlyInAnyOrder("bad-dup-google", "bad-dup-caldav");
            assertThat(first.operations()).noneMatch(o -> o[1].equals("DELETE"));
            assertThat(first.operations())
                    .filteredOn(o -> uids(Fate.QUARANTINED).contains(o[3]))
                    .isEmpty();
            assertThat(first.operations())
                    .filteredOn(o -> o[1].equals("CREATE") && o[4].equals("APPLIED"))
                    .extracting(o -> o[3])
                    .containsAll(good)
                    .containsAll(uids(Fate.SYNCED))
                    .containsAll(uids(Fate.DUPLICATE));

            // A delta lists what changed since the last sync: the unreadable items did not, so it
            // neither reads nor reports them again (the store keeps no row for an item it never
            // could read); a full listing reads and reports them all again, and writes nothing.
            SyncReport delta = world.sync(endpoints, SyncOptions.defaults());
            assertThat(delta.writes()).isZero();
            assertThat(delta.parked()).isEmpty();
            assertThat(delta.quarantined()).isEmpty();
            SyncReport full = world.sync(
                    endpoints, SyncOptions.builder().forceFullSync(true).build());
            assertThat(full.writes()).isZero();
            assertThat(full.parked()).isEmpty();
            assertThat(full.quarantined())
                    .extracting(QuarantinedItem::remoteId)
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            assertThat(full.duplicates())
                    .extracting(d -> d.key().uid())
                    .containsExactlyInAnyOrder("bad-dup-google", "bad-dup-caldav");
            assertThat(journal(world)).noneMatch(o -> o.kind() == SyncOperation.Kind.DELETE);

            Outcome whole = world.check();
            assertPlantedItemsFared(whole);
            assertThat(planted.now(world)).as("the planted items, untouched").isEqualTo(planted);
            Outcome rest = setAside(whole, BadItems.uids()).assertClean("the good series");
            assertThat(rest.liveSeries()).isEqualTo(good.size());
            Figures.record(
                    SCENARIO,
                    "malformed, duplicate and extreme items among 40 series (first sync in a child JVM,"
                            + " -Xmx256m, < 60 s)",
                    planted.count(),
                    3,
                    rest);
        }
    }

    @Test
    void aSyncedSeriesThatBecomesUnreadableIsQuarantinedNotDeletedAndSyncsAgainOnceRepaired(@TempDir Path dir) {
        try (World world = World.start(dir);
                BadCalDavFront front = BadCalDavFront.start(world.radicale().baseUri())) {
            world.routeCalDav(front.baseUri());
            List<String> good = world.populate(62L, 30);
            World.Endpoints endpoints = new World.Endpoints(world.google().rootUrl(), front.baseUri());
            world.sync(endpoints, SyncOptions.defaults());
            world.check().assertClean("after the first sync");

            String onGoogle = firstOf(good, 62L, 30, DemoEvent.Origin.GOOGLE);
            String onCalDav = firstOf(good, 62L, 30, DemoEvent.Origin.ICLOUD);
            String eventId = world.googleUser().eventIdOf(onGoogle);
            ObjectNode readable =
                    world.google().event(World.GOOGLE_CALENDAR, eventId).orElseThrow();
            ObjectNode unreadable = readable.deepCopy();
            unreadable.remove("start");
            world.google().putRaw(World.GOOGLE_CALENDAR, eventId, unreadable.toString());
            String resource = world.davUser().resourceOf(onCalDav);
            String path = world.caldavCalendar().getRawPath() + resource;
            assertThat(world.davUser().rename(onCalDav, "edited, then broken")).isTrue();
            String body = world.davUser().get(resource).orElseThrow().body();
            front.serveBroken(path, DavUser.unfold(body).replaceAll("(?m)^DTSTART[;:][^\r\n]*\r?\n", ""));

            SyncReport broken = world.sync(endpoints, SyncOptions.defaults());

            assertThat(broken.quarantined())
                    .extracting(QuarantinedItem::remoteId)
                    .containsExactlyInAnyOrder(eventId, path);
            assertThat(broken.writes()).isZero();
            assertThat(quarantinedUids(world)).containsExactlyInAnyOrder(onGoogle, onCalDav);
            assertThat(world.davUser().get(world.davUser().resourceOf(onGoogle)))
                    .as("the CalDAV copy of the series unreadable on Google")
                    .isPresent();
            assertThat(world.googleUser().eventIdOf(onCalDav))
                    .as("the Google copy of the series unreadable on CalDAV")
                    .isNotBlank();
            SyncReport again = world.sync(endpoints, SyncOptions.defaults());
            assertThat(again.writes()).isZero();
            assertThat(quarantinedUids(world)).containsExactlyInAnyOrder(onGoogle, onCalDav);

            world.google().putRaw(World.GOOGLE_CALENDAR, eventId, readable.toString());
            front.serveServers(path);
            assertThat(world.davUser().rename(onCalDav, "repaired")).isTrue();
            int settling = syncUntilQuiet(world, endpoints, 4);
            assertThat(front.served()).as("broken bodies served").isPositive();

            assertThat(quarantinedUids(world)).isEmpty();
            assertThat(journal(world))
                    .filteredOn(o -> o.kind() == SyncOperation.Kind.QUARANTINE)
                    .extracting(SyncOperation::uid)
                    .contains(onGoogle, onCalDav);
            assertThat(journal(world)).noneMatch(o -> o.kind() == SyncOperation.Kind.DELETE);
            Outcome outcome = world.check().assertClean("after the repair");
            assertThat(outcome.liveSeries()).isEqualTo(good.size());
            Figures.record(
                    SCENARIO, "a synced series made unreadable on each side, then repaired", 2, 3 + settling, outcome);
        }
    }

    @Test
    void aResourceRadicaleCannotParseStopsTheSyncWithATypedErrorAndWritesNothing(@TempDir Path dir) throws IOException {
        try (World world = World.start(dir)) {
            List<String> good = world.populate(63L, 20);
            int googleEvents =
                    world.google().storedEvents(World.GOOGLE_CALENDAR).size();
            List<String> resources = world.davUser().names();
            DavItem noColon = BadItems.caldav().get(0);
            world.radicale().seed(World.CALDAV_CALENDAR, Map.of(noColon.name(), noColon.body()));

            assertThatThrownBy(world::sync)
                    .isInstanceOf(SideFailedException.class)
                    .hasMessageContaining("side B")
                    .hasMessageContaining("500");

            assertThat(world.google().storedEvents(World.GOOGLE_CALENDAR)).hasSize(googleEvents);
            assertThat(activeMappings(world)).isEmpty();
            Path file = world.radicale()
                    .storageDir()
                    .resolve("collection-root")
                    .resolve(world.radicale().username())
                    .resolve(World.CALDAV_CALENDAR)
                    .resolve(noColon.name());
            Files.delete(file);
            assertThat(world.davUser().names()).containsExactlyInAnyOrderElementsOf(resources);

            SyncReport report = world.sync();
            assertThat(report.writes()).isEqualTo(good.size());
            Outcome outcome = world.check().assertClean("after the file was removed");
            Figures.record(
                    SCENARIO,
                    "a stored resource Radicale itself cannot parse (every listing answers 500)",
                    1,
                    2,
                    outcome);
        }
    }

    // ------------------------------------------------------------------ planting

    /** The planted items as stored, by resource name and Google id: their ETags. */
    private record Planted(Map<String, String> davEtags, Map<String, String> googleEtags) {
        int count() {
            return davEtags.size() + googleEtags.size();
        }

        /** The same items as stored now. */
        Planted now(World world) {
            Map<String, String> dav = new TreeMap<>();
            davEtags.keySet()
                    .forEach(name -> dav.put(
                            name,
                            world.davUser()
                                    .get(name)
                                    .map(DavUser.Resource::etag)
                                    .orElse("gone")));
            Map<String, String> google = new TreeMap<>();
            googleEtags
                    .keySet()
                    .forEach(id -> google.put(
                            id,
                            world.google()
                                    .event(World.GOOGLE_CALENDAR, id)
                                    .map(e -> e.path("status").asText() + " "
                                            + e.path("etag").asText())
                                    .orElse("gone")));
            return new Planted(dav, google);
        }
    }

    private static Planted plant(World world, BadCalDavFront front) {
        String calendarPath = world.caldavCalendar().getRawPath();
        for (DavItem item : BadItems.caldav()) {
            switch (item.storage()) {
                case PUT ->
                    assertThat(world.davUser().put(item.name(), item.body(), null))
                            .as(item.what())
                            .isEqualTo(201);
                case FRONT -> {
                    assertThat(world.davUser().put(item.name(), BadItems.placeholder(item), null))
                            .isEqualTo(201);
                    front.serveBroken(calendarPath + item.name(), item.body());
                }
                case SEEDED -> world.radicale().seed(World.CALDAV_CALENDAR, Map.of(item.name(), item.body()));
            }
        }
        for (GoogleItem item : BadItems.google()) {
            world.google().putRaw(World.GOOGLE_CALENDAR, item.eventId(), item.json());
        }
        Map<String, String> dav = new TreeMap<>();
        BadItems.caldav().forEach(i -> dav.put(i.name(), null));
        Map<String, String> google = new TreeMap<>();
        BadItems.google().forEach(i -> google.put(i.eventId(), null));
        Planted planted = new Planted(dav, google).now(world);
        assertThat(planted.davEtags()).doesNotContainValue("gone");
        assertThat(planted.googleEtags()).doesNotContainValue("gone");
        return planted;
    }

    /** The remote ids calsync must quarantine, with what each reason must say. */
    private static Map<String, String> expectedQuarantine(World world) {
        Map<String, String> expected = new TreeMap<>();
        for (DavItem i : BadItems.caldav()) {
            if (i.fate() == Fate.QUARANTINED) {
                expected.put(world.caldavCalendar().getRawPath() + i.name(), i.reason());
            }
        }
        for (GoogleItem i : BadItems.google()) {
            if (i.fate() == Fate.QUARANTINED) {
                expected.put(i.eventId(), i.reason());
            }
        }
        return expected;
    }

    private static Set<String> uids(Fate fate) {
        Set<String> out = new TreeSet<>();
        BadItems.caldav().stream().filter(i -> i.fate() == fate).forEach(i -> out.add(i.uid()));
        BadItems.google().stream().filter(i -> i.fate() == fate).forEach(i -> out.add(i.uid()));
        return out;
    }

    // ------------------------------------------------------------------ syncing

    private static BadSyncProcess.Printed firstSyncInAChild(World world, World.Endpoints endpoints) {
        long started = System.nanoTime();
        try (ChildJvm child = ChildJvm.sync("bad-data", BadSyncProcess.class, world, endpoints)) {
            int exit = child.await(SYNC_BOUND.toSeconds() * 2);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            String output = child.output();
            assertThat(exit).as(output).isZero();
            assertThat(output).contains("synced writes=").contains("heapMb=").doesNotContain("OutOfMemoryError");
            assertThat(took).as("the child's whole run").isLessThan(SYNC_BOUND);
            return BadSyncProcess.Printed.of(output);
        }
    }

    private static int syncUntilQuiet(World world, World.Endpoints endpoints, int max) {
        for (int i = 1; i <= max; i++) {
            SyncReport report = world.sync(endpoints, SyncOptions.defaults());
            if (report.writes() == 0 && report.parked().isEmpty()) {
                return i;
            }
        }
        throw new AssertionError("the pair still writes after " + max + " syncs");
    }

    // ------------------------------------------------------------------ checking

    /** The invariants' findings about the planted items, which are not in the ledger. */
    private static void assertPlantedItemsFared(Outcome whole) {
        for (String uid : uids(Fate.SYNCED)) {
            assertThat(whole.strays()).as("%s on both sides", uid).contains("google:" + uid, "caldav:" + uid);
            assertThat(whole.differences()).noneMatch(d -> d.startsWith(uid + " "));
        }
        for (String uid : uids(Fate.DUPLICATE)) {
            assertThat(whole.strays()).as("%s on both sides", uid).contains("google:" + uid, "caldav:" + uid);
        }
        assertThat(whole.duplicates())
                .filteredOn(d -> BadItems.uids().stream().anyMatch(d::contains))
                .as("only the planted duplicates, no copy made twice")
                .containsExactlyInAnyOrder("google:bad-dup-google", "caldav:bad-dup-caldav");
        for (DavItem i : BadItems.caldav()) {
            if (i.fate() == Fate.QUARANTINED) {
                assertThat(whole.strays()).as("%s copied", i.what()).doesNotContain("google:" + i.uid());
            }
        }
        for (GoogleItem i : BadItems.google()) {
            if (i.fate() == Fate.QUARANTINED) {
                assertThat(whole.strays()).as("%s copied", i.what()).doesNotContain("caldav:" + i.uid());
            }
        }
    }

    /** The outcome without the findings that name one of {@code uids}. */
    static Outcome setAside(Outcome o, Collection<String> uids) {
        return new Outcome(
                o.liveSeries(),
                without(o.lost(), uids),
                new TreeSet<>(without(new ArrayList<>(o.falseDeletes()), uids)),
                without(o.resurrected(), uids),
                without(o.duplicates(), uids),
                without(o.differences(), uids),
                without(o.mappingMismatches(), uids),
                without(o.strays(), uids));
    }

    private static List<String> without(List<String> findings, Collection<String> uids) {
        return findings.stream()
                .filter(f -> uids.stream().noneMatch(f::contains))
                .collect(Collectors.toList());
    }

    private static String firstOf(List<String> uids, long seed, int size, DemoEvent.Origin origin) {
        List<DemoEvent> events = Workload.generate(seed, size).events();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).origin() == origin && !events.get(i).recurring()) {
                return uids.get(i);
            }
        }
        throw new AssertionError("no single event from " + origin + " in the workload");
    }

    private static Set<String> quarantinedUids(World world) {
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            return store.inTransaction(tx -> tx.mappings(World.PAIR, SyncStatus.QUARANTINED)).stream()
                    .map(m -> m.key().uid())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<EventMapping> activeMappings(World world) {
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            return store.inTransaction(tx -> tx.mappings(World.PAIR, SyncStatus.ACTIVE));
        }
    }

    private static List<SyncOperation> journal(World world) {
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            return store.inTransaction(tx -> tx.operations(World.PAIR, Instant.EPOCH));
        }
    }
}
