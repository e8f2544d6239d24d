package dev.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.spi.Lease;
import dev.calsync.examples.demo.DemoEvent;
import dev.calsync.examples.demo.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 9, many workers: four worker processes ({@link WorkerProcess}) share one PostgreSQL store
 * holding a hundred pairs (each a Google calendar on the emulator and a Radicale calendar, with three
 * to five series made half on each side), and claim and sync due pairs through the store's leases.
 * One worker is killed with SIGKILL in the middle of a sync, after a write, while it holds the pair's
 * lease; the others go on, and once the dead worker's lease has lapsed one of them syncs that pair.
 * Then users edit a tenth of the pairs on both sides (renames on each side and of one series on both,
 * deletions on each side, new series on each side) and four new workers sync a second round.
 *
 * <p>This proves, after each round: every pair converges (for each pair, no series lost, none
 * resurrected, no duplicate on either side, both sides the same, the store's mappings naming what
 * each side holds: {@link Invariants}); every pair was synced in the round and no sync
 * failed; no pair was synced by two workers at once (each worker records the start and end of every
 * sync from inside the engine, while it holds the lease, and no two intervals of one pair by
 * different workers overlap; the killed worker's last interval ends at the kill); the dead worker's
 * lease was honoured until it expired; and the workers really ran side by side.
 *
 * <p>A second case stalls a worker past its lease mid-sync instead of killing it (a long GC pause, a
 * suspended VM): another worker takes the pair over once the lease lapsed, and the stalled worker,
 * waking, stops its sync at the next lease renewal without writing anything more (before the fix in
 * {@code PairSync.renewLease} it re-claimed the released pair and finished its sync on stale reads).
 */
@ExtendWith(NoSecretsInLogs.class)
class ManyWorkersTest {
    private static final int PAIRS = 100;
    private static final int WORKERS = 4;
    private static final int VICTIM = 2;
    /** The victim holds (to be killed) after the first write of its sync number this or a later one. */
    private static final int VICTIM_HOLDS_AT_SYNC = 6;

    private static final Duration LEASE = Duration.ofSeconds(6);

    private static final int STALL_PAIRS = 20;
    private static final int STALL_WORKERS = 3;
    private static final Duration STALL_LEASE = Duration.ofSeconds(4);
    /** How long the stalled worker stalls: well past its lease and another worker's sync of the pair. */
    private static final Duration STALL = Duration.ofSeconds(12);

    private static final Duration PATIENCE = Duration.ofSeconds(150);
    private static final long SEED = 9L;

    /** What a round's workers did. */
    private record Round(WorkersRecords records, List<WorkersRecords.Interval> intervals) {}

    @Test
    void fourWorkersSyncAHundredPairsThroughTheKillOfOneAndNeverOnePairTwiceAtOnce(@TempDir Path dir) throws Exception {
        try (WorkersWorld world = WorkersWorld.start(PAIRS)) {
            Deque<DemoEvent> events = populate(world);

            Round first = roundWithKill(world, dir);
            Outcome afterFirst = world.check().assertClean("after the first round");
            assertThat(afterFirst.liveSeries()).isEqualTo(seriesCreated(world));

            int edited = editSomePairsOnBothSides(world, events);
            Round second = round(world, dir, "r2");
            Outcome afterSecond = world.check().assertClean("after the second round");
            assertThat(afterSecond.liveSeries()).isEqualTo(seriesCreated(world) - deletions(world));

            int syncs = first.records().ofKind("START").size()
                    + second.records().ofKind("START").size();
            System.out.printf(
                    "many workers: %d pairs, %d series, %d edited; round 1: %d syncs, at most %d workers at once;"
                            + " round 2: %d syncs, at most %d at once%n",
                    PAIRS,
                    afterSecond.liveSeries(),
                    edited,
                    first.records().ofKind("START").size(),
                    WorkersRecords.mostWorkersAtOnce(first.intervals()),
                    second.records().ofKind("START").size(),
                    WorkersRecords.mostWorkersAtOnce(second.intervals()));
            Figures.record(
                    "9. many workers",
                    "SIGKILL of 1 of " + WORKERS + " workers mid-sync (" + PAIRS + " pairs, 2 rounds)",
                    1,
                    syncs,
                    afterSecond);
        }
    }

    /**
     * A worker stalled past its lease in the middle of a sync (a long GC pause, a suspended VM) while
     * the others go on: once its lease lapsed another worker syncs the pair; when the stalled worker
     * wakes, its sync stops at its next lease renewal, writing nothing more, and it goes on with the
     * round as normal. Every pair converges.
     */
    @Test
    void aWorkerStalledPastItsLeaseStopsWhenItWakesInsteadOfWritingOn(@TempDir Path dir) throws Exception {
        try (WorkersWorld world = WorkersWorld.start(STALL_PAIRS)) {
            populate(world);
            Instant roundStart = Instant.now();
            Map<String, Path> files = new LinkedHashMap<>();
            Map<String, ChildJvm> workers = new LinkedHashMap<>();
            String victimId = "st-worker-" + VICTIM;
            WorkersRecords.Entry hold;
            Lease heldByVictim;
            try {
                // The victim starts alone and stalls in its first sync that has more to do; then the others start.
                files.put(victimId, dir.resolve(victimId + ".records"));
                workers.put(
                        victimId,
                        world.startWorker(world.worker(
                                victimId, STALL_LEASE, roundStart, files.get(victimId), 1, STALL, PATIENCE)));
                hold = awaitHold(files.get(victimId), workers.get(victimId));
                heldByVictim = world.lease(hold.pair()).orElseThrow();
                assertThat(heldByVictim.owner())
                        .as("the lease of the stalled sync's pair")
                        .isEqualTo(victimId);
                for (int w = 1; w <= STALL_WORKERS; w++) {
                    String id = "st-worker-" + w;
                    if (!id.equals(victimId)) {
                        files.put(id, dir.resolve(id + ".records"));
                        workers.put(
                                id,
                                world.startWorker(
                                        world.worker(id, STALL_LEASE, roundStart, files.get(id), 0, STALL, PATIENCE)));
                    }
                }
                workers.forEach((id, child) -> assertThat(child.await(PATIENCE.toSeconds() + 30))
                        .as("%s's exit code; output in %s", id, child.log())
                        .isZero());
            } finally {
                workers.values().forEach(ChildJvm::close);
            }

            WorkersRecords records = WorkersRecords.read(files.values());
            List<WorkersRecords.Interval> intervals = records.intervals(Map.of());
            String pair = hold.pair();
            WorkersRecords.Interval stalled = intervals.stream()
                    .filter(i -> i.worker().equals(victimId) && i.pair().equals(pair))
                    .filter(i -> !i.start().isAfter(hold.at()) && !i.end().isBefore(hold.at()))
                    .findFirst()
                    .orElseThrow();
            List<WorkersRecords.Interval> others =
                    intervals.stream().filter(i -> i != stalled).toList();
            checkRound(world, files.keySet(), records, others, Set.of());
            assertThat(others.stream().filter(i -> i.pair().equals(pair)))
                    .as(
                            "syncs of %s by other workers: once the stalled worker's lease (until %s) lapsed,"
                                    + " before it woke",
                            pair, heldByVictim.expiresAt())
                    .isNotEmpty()
                    .allSatisfy(i -> assertThat(i.start()).isAfterOrEqualTo(heldByVictim.expiresAt()))
                    .anySatisfy(i -> assertThat(i.start()).isBefore(hold.at().plus(STALL)));
            assertThat(records.entries())
                    .as("what %s recorded of %s after it stalled", victimId, pair)
                    .filteredOn(e -> e.worker().equals(victimId) && e.pair().equals(pair))
                    .filteredOn(e -> e.at().isAfter(hold.at()))
                    .extracting(WorkersRecords.Entry::kind)
                    .as("no write and no end after the stall: the sync failed (lease lost), the loop saw it busy")
                    .containsExactly("FAILED", "BUSY");
            assertThat(records.ofKind("FAILED"))
                    .as("failed syncs")
                    .singleElement()
                    .satisfies(e -> assertThat(e.detail()).isEqualTo("PairBusyException"));

            Outcome outcome = world.check().assertClean("after a worker stalled past its lease");
            assertThat(outcome.liveSeries()).isEqualTo(seriesCreated(world));
            Figures.record(
                    "9. many workers",
                    "1 of " + STALL_WORKERS + " workers stalled past its lease mid-sync (" + STALL_PAIRS + " pairs)",
                    1,
                    records.ofKind("START").size(),
                    outcome);
        }
    }

    /** Three to five series per pair, made half on each side; returns the workload's unused series. */
    private static Deque<DemoEvent> populate(WorkersWorld world) {
        Deque<DemoEvent> events = new ArrayDeque<>(Workload.generate(SEED, 600).events());
        for (int i = 0; i < world.pairs().size(); i++) {
            WorkersWorld.Pair pair = world.pairs().get(i);
            for (int n = 0; n < 3 + i % 3; n++) {
                pair.create(events.removeFirst());
            }
        }
        return events;
    }

    /** The first round: four workers, the victim killed mid-sync; checks the round's records. */
    private static Round roundWithKill(WorkersWorld world, Path dir) throws Exception {
        Instant roundStart = Instant.now();
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, ChildJvm> workers = new LinkedHashMap<>();
        String victimId = "r1-worker-" + VICTIM;
        WorkersRecords.Entry hold;
        Lease heldByVictim;
        Instant killedAt;
        try {
            for (int w = 1; w <= WORKERS; w++) {
                String id = "r1-worker-" + w;
                files.put(id, dir.resolve(id + ".records"));
                workers.put(
                        id,
                        world.startWorker(world.worker(
                                id,
                                LEASE,
                                roundStart,
                                files.get(id),
                                w == VICTIM ? VICTIM_HOLDS_AT_SYNC : 0,
                                PATIENCE,
                                PATIENCE)));
            }
            ChildJvm victim = workers.get(victimId);
            hold = awaitHold(files.get(victimId), victim);

            heldByVictim = world.lease(hold.pair()).orElseThrow();
            assertThat(heldByVictim.owner())
                    .as("the lease of the pair the victim is syncing")
                    .isEqualTo(victimId);
            assertThat(heldByVictim.expiresAt()).as("the victim's lease").isAfter(Instant.now());
            victim.kill();
            killedAt = Instant.now();
            assertThat(victim.process().isAlive()).isFalse();
            assertThat(victim.process().exitValue()).as("SIGKILL").isEqualTo(128 + 9);

            for (Map.Entry<String, ChildJvm> e : workers.entrySet()) {
                if (!e.getKey().equals(victimId)) {
                    assertThat(e.getValue().await(PATIENCE.toSeconds() + 30))
                            .as(
                                    "%s's exit code; output in %s",
                                    e.getKey(), e.getValue().log())
                            .isZero();
                }
            }
        } finally {
            workers.values().forEach(ChildJvm::close);
        }

        WorkersRecords records = WorkersRecords.read(files.values());
        List<WorkersRecords.Interval> intervals = records.intervals(Map.of(victimId, killedAt));
        checkRound(world, files.keySet(), records, intervals, Set.of(victimId));
        assertThat(records.ofKind("FAILED")).as("failed syncs").isEmpty();

        List<WorkersRecords.Interval> victimsPair =
                intervals.stream().filter(i -> i.pair().equals(hold.pair())).toList();
        assertThat(victimsPair)
                .as("the syncs of %s, which the victim held when it was killed", hold.pair())
                .anySatisfy(i -> assertThat(i.worker()).isEqualTo(victimId))
                .anySatisfy(i -> assertThat(i.worker()).isNotEqualTo(victimId));
        assertThat(victimsPair.stream().filter(i -> !i.worker().equals(victimId)))
                .as(
                        "syncs of %s by other workers start once the dead worker's lease (until %s) lapsed",
                        hold.pair(), heldByVictim.expiresAt())
                .allSatisfy(i -> assertThat(i.start()).isAfterOrEqualTo(heldByVictim.expiresAt()));
        return new Round(records, intervals);
    }

    /** A round of four workers, none killed; checks the round's records. */
    private static Round round(WorkersWorld world, Path dir, String name) {
        Instant roundStart = Instant.now();
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, ChildJvm> workers = new LinkedHashMap<>();
        try {
            for (int w = 1; w <= WORKERS; w++) {
                String id = name + "-worker-" + w;
                files.put(id, dir.resolve(id + ".records"));
                workers.put(
                        id,
                        world.startWorker(world.worker(id, LEASE, roundStart, files.get(id), 0, PATIENCE, PATIENCE)));
            }
            workers.forEach((id, child) -> assertThat(child.await(PATIENCE.toSeconds() + 30))
                    .as("%s's exit code; output in %s", id, child.log())
                    .isZero());
        } finally {
            workers.values().forEach(ChildJvm::close);
        }
        WorkersRecords records = WorkersRecords.read(files.values());
        List<WorkersRecords.Interval> intervals = records.intervals(Map.of());
        checkRound(world, files.keySet(), records, intervals, Set.of());
        assertThat(records.ofKind("FAILED")).as("failed syncs").isEmpty();
        return new Round(records, intervals);
    }

    /**
     * Every pair synced to the end in the round, no pair synced by two workers at once, every worker
     * that was not killed saw the round done, several workers shared the work, and at some moment
     * several synced at once.
     */
    private static void checkRound(
            WorkersWorld world,
            Set<String> started,
            WorkersRecords records,
            List<WorkersRecords.Interval> intervals,
            Set<String> killed) {
        Set<String> pairIds =
                world.pairs().stream().map(WorkersWorld.Pair::id).collect(Collectors.toCollection(TreeSet::new));
        assertThat(WorkersRecords.overlaps(intervals))
                .as("pairs synced by two workers at once")
                .isEmpty();
        assertThat(records.finishedBy().keySet())
                .as("pairs synced in the round")
                .isEqualTo(pairIds);
        Set<String> survivors = new TreeSet<>(started);
        survivors.removeAll(killed);
        assertThat(records.ofKind("DONE"))
                .as("workers that saw the round done")
                .extracting(WorkersRecords.Entry::worker)
                .containsExactlyInAnyOrderElementsOf(survivors);
        Set<String> syncing = new TreeSet<>();
        records.finishedBy().values().forEach(syncing::addAll);
        assertThat(syncing).as("workers that finished a sync").hasSizeGreaterThanOrEqualTo(2);
        assertThat(WorkersRecords.mostWorkersAtOnce(intervals))
                .as("most workers syncing at one moment")
                .isGreaterThanOrEqualTo(2);
    }

    /** Waits for the victim's HOLD record: it wrote in a sync and waits there, holding the lease. */
    private static WorkersRecords.Entry awaitHold(Path records, ChildJvm victim) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            for (WorkersRecords.Entry e : WorkersRecords.read(records)) {
                if (e.kind().equals("HOLD")) {
                    return e;
                }
            }
            if (!victim.process().isAlive()) {
                throw new AssertionError("the victim exited before holding; output in " + victim.log());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the victim never held a sync; output in " + victim.log());
    }

    /**
     * A tenth of the pairs edited on both sides: on five, Google renames one series, CalDAV another,
     * Google deletes a third and each side adds one; on five others both sides rename the same
     * series and CalDAV deletes another.
     *
     * @return how many pairs were edited
     */
    private static int editSomePairsOnBothSides(WorkersWorld world, Deque<DemoEvent> events) {
        Deque<DemoEvent> fromGoogle = new ArrayDeque<>();
        Deque<DemoEvent> fromCalDav = new ArrayDeque<>();
        events.forEach(e -> (e.origin() == DemoEvent.Origin.GOOGLE ? fromGoogle : fromCalDav).add(e));
        int edited = 0;
        for (int i = 0; i < PAIRS; i++) {
            WorkersWorld.Pair pair = world.pairs().get(i);
            List<String> uids = new ArrayList<>(pair.uids());
            if (i % 20 == 5) {
                pair.googleUser().rename(uids.get(0), "Renamed on Google " + i);
                assertThat(pair.davUser().rename(uids.get(1), "Renamed on CalDAV " + i))
                        .isTrue();
                pair.deleteOnGoogle(uids.get(2));
                pair.create(fromGoogle.removeFirst());
                pair.create(fromCalDav.removeFirst());
                edited++;
            } else if (i % 20 == 15) {
                pair.googleUser().rename(uids.get(0), "Both sides renamed it, Google " + i);
                assertThat(pair.davUser().rename(uids.get(0), "Both sides renamed it, CalDAV " + i))
                        .isTrue();
                pair.davUser().delete(uids.get(1));
                edited++;
            }
        }
        return edited;
    }

    private static int seriesCreated(WorkersWorld world) {
        return world.pairs().stream().mapToInt(p -> p.uids().size()).sum();
    }

    private static int deletions(WorkersWorld world) {
        return world.pairs().stream().mapToInt(p -> p.ledger().deleted().size()).sum();
    }
}
