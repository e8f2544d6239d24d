package dev.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 5, rate-limit storms: while one sync runs, 30 % of the Google emulator's requests (batch
 * parts and batch POSTs included) are answered 429 {@code rateLimitExceeded} with {@code
 * Retry-After: 1} or 403 {@code rateLimitExceeded} (half each), and 30 % of the CalDAV requests are
 * answered 503 with {@code Retry-After: 1} by a {@link NetFaultProxy} in front of Radicale. It
 * proves that the sync completes (no exception, nothing parked, the next sync writes nothing), that
 * it honours every Retry-After (the next request through the same proxy comes no sooner; the wall
 * time is at least the sum of the waits asked for), and that it takes no longer than the injected
 * delays plus a bounded overhead, measured against the same sync without faults on a twin world:
 *
 * <pre>
 *   wall <= sum of Retry-After injected (429s and 503s)
 *         + 0.5 s per 403 without Retry-After (the Google provider's longest backoff in this suite)
 *         + 1 s per retry the engine itself made (its first backoff cap 0.5 s, or the Retry-After)
 *         + 2 x the fault-free sync (a 30 % storm repeats ~1.4x the requests)
 *         + 5 s (JIT, GC, and the shared machine)
 * </pre>
 *
 * Then the invariants hold after a normal sync. It does so for the first mirror of 40 series, and
 * for a sync with renames, deletions and new series on both sides ({@code -Pchaos}: 60 series).
 *
 * <p>The CalDAV provider is given a retry policy whose longest wait (2 s) covers the Retry-After: its
 * client gives up at once on a Retry-After longer than the policy's {@code maxDelay} (documented in
 * {@code DavClient}) and leaves the wait to the engine, whose 5 attempts would then be all a call
 * gets against a 30 % storm.
 */
@ExtendWith(NoSecretsInLogs.class)
class RateLimitStormTest {
    private static final int SERIES = E2e.chaos() ? 60 : 40;
    private static final double SHARE = 0.30;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final RetryPolicy CALDAV_RETRIES = new RetryPolicy(5, Duration.ofMillis(20), Duration.ofSeconds(2));
    private static final Duration LONGEST_BACKOFF = E2e.QUICK_RETRIES.maxDelay();
    private static final Duration ENGINE_RETRY = Duration.ofSeconds(1);
    private static final Duration SLACK = Duration.ofSeconds(5);

    @Test
    void theFirstMirrorCompletesUnderAStormAndHonoursRetryAfter(@TempDir Path dir) {
        storm(dir, 51L, false);
    }

    @Test
    void editsAndDeletionsOnBothSidesCompleteUnderAStormAndHonourRetryAfter(@TempDir Path dir) {
        storm(dir, 52L, true);
    }

    private static void storm(Path dir, long seed, boolean edits) {
        String what = edits ? "sync with edits and deletions on both sides" : "first mirror";
        Duration calm = calmSync(dir.resolve("calm"), seed, edits);
        try (World world = World.start(dir.resolve("storm"));
                NetFaultProxy google =
                        NetFaultProxy.inFrontOf(URI.create(world.google().rootUrl()));
                NetFaultProxy caldav = NetFaultProxy.inFrontOf(world.radicale().baseUri(), RETRY_AFTER)) {
            int syncs = prepare(world, seed, edits);
            NetSync net = new NetSync(world, google, caldav, TIMEOUT, CALDAV_RETRIES);
            world.google().clearRequests();
            google.clearExchanges();
            caldav.clearExchanges();
            NetStorm.arm(world.google(), SHARE, RETRY_AFTER, seed);
            caldav.plan(NetFaultProxy.Plan.share(SHARE, seed, r -> true, NetFaultProxy.Fault.UNAVAILABLE));

            long started = System.nanoTime();
            SyncReport report;
            try {
                report = net.sync(SyncOptions.defaults());
            } finally {
                world.google().faults().clear();
                caldav.plan(NetFaultProxy.Plan.pass());
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            syncs++;

            NetStorm.GoogleTally g = NetStorm.GoogleTally.of(world.google().requests());
            NetFaultProxy.Counts d = caldav.counts();
            int unavailable = d.of(NetFaultProxy.Fault.UNAVAILABLE);
            List<NetFaultProxy.Exchange> googleExchanges = google.exchanges();
            List<NetFaultProxy.Exchange> caldavExchanges = caldav.exchanges();
            Duration asked = NetStorm.askedFor(googleExchanges).plus(NetStorm.askedFor(caldavExchanges));
            Duration injectedDelays = RETRY_AFTER.multipliedBy(g.tooManyRequests() + unavailable);
            Duration bound = injectedDelays
                    .plus(LONGEST_BACKOFF.multipliedBy(g.rateLimited403()))
                    .plus(ENGINE_RETRY.multipliedBy(report.transientRetries()))
                    .plus(calm.multipliedBy(2))
                    .plus(SLACK);
            System.out.printf(
                    "STORM %s: wall %d ms, fault-free %d ms, waits asked %d ms, bound %d ms; Google %s;"
                            + " CalDAV 503=%d of %d requests; engine retries %d; parked %d%n",
                    what,
                    wall.toMillis(),
                    calm.toMillis(),
                    asked.toMillis(),
                    bound.toMillis(),
                    g,
                    unavailable,
                    d.requests(),
                    report.transientRetries(),
                    report.parked().size());

            assertThat(report.parked()).as("series parked by the storm").isEmpty();
            assertThat(g.faults() + unavailable)
                    .as("a storm: at least 15 %% of %d requests failed", g.requests() + d.requests())
                    .isGreaterThanOrEqualTo((g.requests() + d.requests()) * 15 / 100);
            assertThat(g.tooManyRequests()).isPositive();
            assertThat(g.rateLimited403()).isPositive();
            assertThat(unavailable).isPositive();
            assertThat(NetStorm.unhonoured(googleExchanges))
                    .as("Google answers whose Retry-After was not waited")
                    .isEmpty();
            assertThat(NetStorm.unhonoured(caldavExchanges))
                    .as("CalDAV answers whose Retry-After was not waited")
                    .isEmpty();
            assertThat(wall)
                    .as("the storm sync's wall time against the waits it was asked for")
                    .isGreaterThanOrEqualTo(asked);
            assertThat(wall).as("the storm sync's wall time against the bound").isLessThanOrEqualTo(bound);

            int settling = world.syncUntilQuiet(3);
            syncs += settling;
            assertThat(settling)
                    .as("syncs until quiet after the storm (1: the storm sync left nothing to do)")
                    .isEqualTo(1);
            Outcome outcome = world.check().assertClean(what + " after a rate-limit storm");
            Figures.record(
                    "5. rate-limit storm",
                    what + "; Google 429+Retry-After 1 s=" + g.tooManyRequests() + ", 403 rateLimitExceeded="
                            + g.rateLimited403() + " of " + g.requests() + " requests (batch POSTs refused whole: "
                            + g.batchesRefusedWhole() + "); CalDAV 503+Retry-After 1 s="
                            + unavailable + " of " + d.requests() + "; wall " + wall.toMillis() + " ms >= waits asked "
                            + asked.toMillis() + " ms, <= bound " + bound.toMillis() + " ms (fault-free "
                            + calm.toMillis() + " ms); nothing parked",
                    g.faults() + unavailable,
                    syncs,
                    outcome);
        }
    }

    /** The same sync on a twin world without faults, through pass-through proxies: its wall time. */
    private static Duration calmSync(Path dir, long seed, boolean edits) {
        try (World world = World.start(dir);
                NetFaultProxy google =
                        NetFaultProxy.inFrontOf(URI.create(world.google().rootUrl()));
                NetFaultProxy caldav = NetFaultProxy.inFrontOf(world.radicale().baseUri(), RETRY_AFTER)) {
            prepare(world, seed, edits);
            NetSync net = new NetSync(world, google, caldav, TIMEOUT, CALDAV_RETRIES);
            long started = System.nanoTime();
            SyncReport report = net.sync(SyncOptions.defaults());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(report.writes()).as("the fault-free sync's writes").isPositive();
            return took;
        }
    }

    /** Populates the world; for the edits case mirrors it and makes the edits. Returns the syncs run. */
    private static int prepare(World world, long seed, boolean edits) {
        List<String> uids = world.populate(seed, SERIES);
        if (!edits) {
            return 0;
        }
        int syncs = world.syncUntilQuiet(3);
        world.check().assertClean("the mirror before the edits");
        NetEdits.onBothSides(world, seed, uids);
        return syncs;
    }
}
