package dev.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.sync.SyncOptions;
import dev.calsync.e2e.NetFaultProxy.Fault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2, network faults: a {@link NetFaultProxy} in front of the Google emulator and one in
 * front of Radicale resets connections (before the server saw the request, and after it answered),
 * stalls them past the clients' timeouts (1 s on both sides), and cuts answers in the middle of
 * their bodies; once during reads (listings, REPORT, GET, multiget) and once during writes (Google
 * batch POSTs and single writes, CalDAV PUT and DELETE). A write whose answer is lost after the
 * server applied it must not become a duplicate: the retry meets Google's 409 (deterministic ids)
 * or CalDAV's 412 ({@code If-None-Match: *}) and adopts what is there.
 *
 * <p>Each case runs 3 syncs ({@code -Pchaos}: 6, with twice the faults) through the faulty proxies (a sync may fail with
 * one of calsync's typed {@code SyncException}s; nothing else), then normal syncs until one writes
 * nothing, and then proves: no series lost, none resurrected, no duplicate UID or stray copy on
 * either side, the same content on both sides, and the store's mappings naming exactly what each
 * side holds. It does so for the first mirror of 40 series, and for a sync carrying renames,
 * deletions and new series made on both sides.
 */
@ExtendWith(NoSecretsInLogs.class)
class NetworkFaultTest {
    private static final int SERIES = 40;
    private static final int FAULTY_SYNCS = E2e.chaos() ? 6 : 3;
    /** Faults per proxy per faulty sync. */
    private static final int BUDGET = E2e.chaos() ? 10 : 5;

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Every kind of lost connection, the answer lost after the server applied the request first. */
    private static final List<Fault> WRITE_FAULTS =
            List.of(Fault.RESET_AFTER, Fault.CUT_BODY, Fault.STALL_AFTER, Fault.RESET_BEFORE, Fault.STALL_BEFORE);

    private static final List<Fault> READ_FAULTS =
            List.of(Fault.RESET_BEFORE, Fault.CUT_BODY, Fault.STALL_BEFORE, Fault.RESET_AFTER, Fault.STALL_AFTER);

    /** Where the faults go in one case: which requests, how often, how many per faulty sync. */
    private record Target(
            String label, Predicate<NetFaultProxy.Request> which, List<Fault> rotation, int every, int budget) {}

    private static final Target READS = new Target("reads", NetFaultProxy.Request::read, READ_FAULTS, 1, BUDGET);
    private static final Target GOOGLE_WRITES =
            new Target("writes", NetFaultProxy.Request::write, WRITE_FAULTS, 1, BUDGET);
    private static final Target CALDAV_WRITES =
            new Target("writes", NetFaultProxy.Request::write, WRITE_FAULTS, 2, BUDGET);

    @Test
    void theFirstMirrorSurvivesResetsStallsAndCutBodiesDuringReads(@TempDir Path dir) {
        run(dir, 21L, false, READS, READS);
    }

    @Test
    void theFirstMirrorMakesNoDuplicateWhenWriteAnswersAreLost(@TempDir Path dir) {
        run(dir, 22L, false, GOOGLE_WRITES, CALDAV_WRITES);
    }

    @Test
    void editsAndDeletionsOnBothSidesSurviveFaultsDuringReads(@TempDir Path dir) {
        run(dir, 23L, true, READS, READS);
    }

    @Test
    void editsAndDeletionsOnBothSidesMakeNoDuplicateWhenWriteAnswersAreLost(@TempDir Path dir) {
        run(dir, 24L, true, GOOGLE_WRITES, CALDAV_WRITES);
    }

    private static void run(Path dir, long seed, boolean edits, Target atGoogle, Target atCaldav) {
        String what = (edits ? "sync with edits and deletions on both sides" : "first mirror") + ", faults during "
                + atGoogle.label();
        try (World world = World.start(dir);
                NetFaultProxy google =
                        NetFaultProxy.inFrontOf(URI.create(world.google().rootUrl()));
                NetFaultProxy caldav = NetFaultProxy.inFrontOf(world.radicale().baseUri())) {
            List<String> uids = world.populate(seed, SERIES);
            int syncs = 0;
            if (edits) {
                syncs += world.syncUntilQuiet(3);
                world.check().assertClean("the mirror before the edits");
                NetEdits.onBothSides(world, seed, uids);
            }
            NetSync net = new NetSync(world, google, caldav, TIMEOUT, E2e.QUICK_RETRIES);
            List<NetSync.Attempt> attempts = new ArrayList<>();
            for (int i = 0; i < FAULTY_SYNCS; i++) {
                google.plan(plan(atGoogle));
                caldav.plan(plan(atCaldav));
                attempts.add(net.attempt(SyncOptions.defaults()));
            }
            google.plan(NetFaultProxy.Plan.pass());
            caldav.plan(NetFaultProxy.Plan.pass());
            syncs += FAULTY_SYNCS;
            NetFaultProxy.Counts g = google.counts();
            NetFaultProxy.Counts d = caldav.counts();
            System.out.println("NETWORK " + what + ": Google " + g + "; CalDAV " + d + "; syncs "
                    + attempts.stream().map(NetSync.Attempt::describe).toList());

            for (NetSync.Attempt a : attempts) {
                assertThat(a.typedOrNone())
                        .as("a sync under network faults fails only with calsync's typed exceptions: %s", a.describe())
                        .isTrue();
            }
            assertEveryFaultInjected(atGoogle, g, "Google");
            assertEveryFaultInjected(atCaldav, d, "CalDAV");
            if (atGoogle == GOOGLE_WRITES) {
                assertThat(g.writesAppliedAnswerLost())
                        .as("Google writes applied whose answer was lost")
                        .isPositive();
                assertThat(d.writesAppliedAnswerLost())
                        .as("CalDAV writes applied whose answer was lost")
                        .isPositive();
            }

            syncs += world.syncUntilQuiet(5);
            Outcome outcome = world.check()
                    .assertClean(what + " after " + g.total() + " faults at Google (" + g.breakdown() + ") and "
                            + d.total() + " at CalDAV (" + d.breakdown() + ")");
            assertThat(outcome.liveSeries()).isEqualTo(world.ledger().live().size());
            Figures.record(
                    "2. network faults",
                    what + "; Google " + g.breakdown() + "; CalDAV " + d.breakdown() + "; answers lost after a write "
                            + "was applied: " + (g.writesAppliedAnswerLost() + d.writesAppliedAnswerLost())
                            + "; faulty syncs "
                            + attempts.stream().map(NetSync.Attempt::describe).toList(),
                    g.total() + d.total(),
                    syncs,
                    outcome);
        }
    }

    private static NetFaultProxy.Plan plan(Target target) {
        return NetFaultProxy.Plan.rotating(target.every(), target.which(), target.rotation(), target.budget());
    }

    /** Every kind the target rotates through was injected at least once over the faulty syncs. */
    private static void assertEveryFaultInjected(Target target, NetFaultProxy.Counts counts, String side) {
        Set<Fault> missing = EnumSet.noneOf(Fault.class);
        for (Fault f : target.rotation()) {
            if (counts.of(f) == 0) {
                missing.add(f);
            }
        }
        assertThat(missing)
                .as("faults planned at %s during %s but never injected (%s)", side, target.label(), counts)
                .isEmpty();
    }
}
