package dev.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.spi.Lease;
import dev.calsync.core.sync.PairBusyException;
import dev.calsync.examples.demo.DemoEvent;
import dev.calsync.examples.demo.Workload;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 1, process crash: a sync running in a child JVM (Google emulator and Radicale, the SQLite
 * store in a file) is killed with SIGKILL right after its k-th write, for k spread over the whole
 * sync ({@link E2e#killPoints()} points per sweep; under {@code -Pchaos} every write, with each of
 * the two faults). The dead worker's lease still holds the pair (a sync is refused with {@link
 * PairBusyException}); once it lapses, normal syncs run until one writes nothing. Proves, for every
 * kill point: no series lost, none falsely deleted, none resurrected, no UID twice on either side,
 * both sides alike, and the store's mappings naming exactly what is on each side.
 *
 * <p>The kill points are exact: {@link CrashProxy proxies} in front of both servers number the
 * child's writes (each CalDAV write request, each write part of a Google batch request) and at write
 * k either keep it from the server (the writes before it are applied) or let the server apply it and
 * kill the child before it gets the answer (the write is on the server, the store does not know: the
 * next sync must adopt it, not create it again). The two faults alternate over the kill points. A
 * kill point inside a Google batch request sends the batch cut short after the last write to apply,
 * its answer lost. Each kill point starts from a fresh world built the same way; how many writes the
 * sync makes is first measured on one such world with the same proxies and no kill.
 *
 * <p>Two sweeps: (a) the first mirror, both calendars populated and nothing synced yet; (b) a later
 * sync that also deletes: after a clean first mirror, users rename series and delete series on both
 * sides and create new ones on both sides.
 */
@ExtendWith(NoSecretsInLogs.class)
class ProcessCrashTest {
    private static final long SEED = 11L;
    private static final int SERIES = 40;
    private static final long CHILD_SECONDS = 120;
    private static final int SETTLING_SYNCS = 5;

    @Test
    void killedDuringTheFirstMirror(@TempDir Path dir) {
        sweep("first mirror", dir, ProcessCrashTest::populated);
    }

    @Test
    void killedDuringASyncThatAlsoDeletes(@TempDir Path dir) {
        sweep("sync with edits, deletions and creations on both sides", dir, ProcessCrashTest::editedAfterAFirstMirror);
    }

    // ------------------------------------------------------------------ the worlds before the crash

    /** Both calendars populated, half the series on each side; nothing synced. */
    private static void populated(World world) {
        world.populate(SEED, SERIES);
    }

    /**
     * A first mirror, then users' changes on both sides: 4 series renamed on Google and 4 on CalDAV,
     * 4 deleted on Google and 4 on CalDAV (of either origin, singles and recurring), 3 new series on
     * each side.
     */
    private static void editedAfterAFirstMirror(World world) {
        List<String> uids = world.populate(SEED, SERIES);
        world.syncUntilQuiet(3);
        for (int i = 0; i < uids.size(); i++) {
            String uid = uids.get(i);
            switch (i % 10) {
                case 0 -> world.googleUser().rename(uid, "Renamed on Google " + i);
                case 1 ->
                    assertThat(world.davUser().rename(uid, "Renamed on CalDAV " + i))
                            .isTrue();
                case 2 -> world.deleteOnGoogle(uid);
                case 3 -> world.davUser().delete(uid);
                default -> {
                    // left as it is
                }
            }
        }
        for (DemoEvent e :
                Workload.generate(SEED + 1, Workload.MIN_EVENTS).events().subList(0, 6)) {
            world.create(renamed(e, "new-" + e.key()));
        }
    }

    /** {@code e} under another workload key (the CalDAV user derives UIDs from keys). */
    private static DemoEvent renamed(DemoEvent e, String key) {
        return new DemoEvent(
                key,
                e.origin(),
                e.summary(),
                e.location(),
                e.description(),
                e.zone(),
                e.start(),
                e.length(),
                e.repeat(),
                e.overrides(),
                e.cancelled(),
                e.reminderMinutes());
    }

    // ------------------------------------------------------------------ the sweep

    /** What one kill point gave: the write the child died at, the syncs run, the invariants' findings. */
    private record Crash(CrashSwitch.Trip trip, int syncs, Outcome outcome) {}

    private static void sweep(String label, Path dir, Consumer<World> before) {
        List<String> writes = measure(dir.resolve("measured"), before);
        List<CrashPoint> points = CrashPoint.spread(writes.size(), E2e.killPoints());
        long google = writes.stream().filter(w -> w.contains("/calendar/v3/")).count();
        System.out.println("CRASH " + label + ": the uninterrupted sync makes " + writes.size() + " writes (" + google
                + " on Google, " + (writes.size() - google) + " on CalDAV); kill points " + points);
        List<Crash> crashes = new ArrayList<>();
        for (CrashPoint point : points) {
            crashes.add(crashAt(dir.resolve("k" + crashes.size()), before, point));
        }
        Outcome all = merged(crashes);
        long responsesLost = crashes.stream()
                .filter(c -> c.trip().point().fault() == CrashPoint.Fault.RESPONSE_LOST)
                .count();
        Figures.record(
                "1. process crash",
                "SIGKILL at write k of " + writes.size() + " (" + label + "; k = "
                        + points.stream().map(p -> String.valueOf(p.write())).collect(Collectors.joining(","))
                        + "; " + responsesLost + " with the write applied and its answer lost)",
                crashes.size(),
                crashes.stream().mapToInt(Crash::syncs).sum(),
                all);
        for (Crash c : crashes) {
            c.outcome().assertClean(label + ", killed at " + c.trip());
        }
        assertThat(crashes).hasSize(points.size());
    }

    /**
     * Builds a world with {@code before} and runs the sync in a child through the proxies without a
     * kill; returns its writes.
     */
    private static List<String> measure(Path dir, Consumer<World> before) {
        try (World world = World.start(dir)) {
            before.accept(world);
            CrashSwitch counter = CrashSwitch.countingOnly();
            try (CrashProxy google =
                            CrashProxy.start("google", URI.create(world.google().rootUrl()), counter);
                    CrashProxy caldav =
                            CrashProxy.start("caldav", world.radicale().baseUri(), counter)) {
                world.routeCalDav(caldav.uri());
                try (ChildJvm child = ChildJvm.sync(world, endpoints(google, caldav))) {
                    assertThat(child.await(CHILD_SECONDS)).as(child.output()).isZero();
                }
            }
            world.routeCalDav(world.radicale().baseUri());
            world.check().assertClean("after the uninterrupted sync");
            assertThat(counter.writes()).as("the sync's writes").isNotEmpty();
            System.out.println("CRASH measured writes: " + String.join("\n  ", counter.writes()));
            return counter.writes();
        }
    }

    /** Builds a world with {@code before}, kills the child's sync at {@code point}, then syncs normally. */
    private static Crash crashAt(Path dir, Consumer<World> before, CrashPoint point) {
        try (World world = World.start(dir)) {
            before.accept(world);
            CrashSwitch crashSwitch = CrashSwitch.at(point);
            CrashSwitch.Trip trip;
            try (CrashProxy google =
                            CrashProxy.start("google", URI.create(world.google().rootUrl()), crashSwitch);
                    CrashProxy caldav =
                            CrashProxy.start("caldav", world.radicale().baseUri(), crashSwitch)) {
                world.routeCalDav(caldav.uri());
                try (ChildJvm child = ChildJvm.sync(world, endpoints(google, caldav))) {
                    trip = awaitTrip(child, crashSwitch);
                    child.kill();
                    crashSwitch.killed();
                    assertThat(child.process().isAlive()).isFalse();
                }
            }
            if (trip.writesSent() > 0) {
                assertThat(trip.answeredOk()).as("the server took %s", trip).isTrue();
            }
            world.routeCalDav(world.radicale().baseUri());
            Lease held = CrashPair.lease(world)
                    .orElseThrow(() -> new AssertionError("the killed worker left no lease on the pair"));
            assertThatThrownBy(world::sync)
                    .as("a sync while the killed worker's lease holds")
                    .isInstanceOf(PairBusyException.class);
            CrashPair.letLapse(world, held);
            int syncs = world.syncUntilQuiet(SETTLING_SYNCS);
            Outcome outcome = world.check();
            System.out.println(
                    "CRASH killed at " + trip + "; settled in " + syncs + " syncs; clean " + outcome.clean());
            return new Crash(trip, 1 + syncs, outcome);
        }
    }

    private static World.Endpoints endpoints(CrashProxy google, CrashProxy caldav) {
        return new World.Endpoints(google.uri().toString(), caldav.uri());
    }

    /** Waits until the child reaches the kill point; fails if it ends (or hangs) before. */
    private static CrashSwitch.Trip awaitTrip(ChildJvm child, CrashSwitch crashSwitch) {
        try {
            CompletableFuture.anyOf(crashSwitch.tripped(), child.process().onExit())
                    .get(CHILD_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the child neither reached the kill point nor ended within " + CHILD_SECONDS
                    + " s; output in " + child.log());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
        if (!crashSwitch.tripped().isDone()) {
            throw new AssertionError("the child ended (exit " + child.process().exitValue() + ") after "
                    + crashSwitch.writes().size() + " writes, before the kill point; output in " + child.log());
        }
        return crashSwitch.tripped().join();
    }

    /** The findings of every kill point together, each prefixed with its write. */
    private static Outcome merged(List<Crash> crashes) {
        int live = 0;
        List<String> lost = new ArrayList<>();
        Set<String> falseDeletes = new TreeSet<>();
        List<String> resurrected = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        List<String> strays = new ArrayList<>();
        for (Crash c : crashes) {
            String at = "k=" + c.trip().point().write() + ": ";
            Outcome o = c.outcome();
            live += o.liveSeries();
            o.lost().forEach(x -> lost.add(at + x));
            o.falseDeletes().forEach(x -> falseDeletes.add(at + x));
            o.resurrected().forEach(x -> resurrected.add(at + x));
            o.duplicates().forEach(x -> duplicates.add(at + x));
            o.differences().forEach(x -> differences.add(at + x));
            o.mappingMismatches().forEach(x -> mismatches.add(at + x));
            o.strays().forEach(x -> strays.add(at + x));
        }
        return new Outcome(live, lost, falseDeletes, resurrected, duplicates, differences, mismatches, strays);
    }
}
