package dev.calsync.sync;

import static dev.calsync.sync.Events.meetings;
import static dev.calsync.sync.Events.retitled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.calsync.core.Side;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.RetryItem;
import dev.calsync.core.spi.SyncListener;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.core.sync.SideFailedException;
import dev.calsync.core.sync.SyncException;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.sync.SyncFixture.Pairing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rule 9: transient failures are retried with backoff; a series whose writes keep failing is parked
 * in the retry queue while the rest syncs and the tokens advance, and the next sync retries it.
 */
class TransientFailureTest {

    private static SyncFixture withPlannedHook(Pairing pairing, AtomicReference<Consumer<SyncFixture>> onPlanned) {
        AtomicReference<SyncFixture> fixture = new AtomicReference<>();
        SyncFixture f = new SyncFixture(pairing, new SyncListener() {
            @Override
            public void planned(String pairId, int steps) {
                Consumer<SyncFixture> hook = onPlanned.getAndSet(null);
                if (hook != null) {
                    hook.accept(fixture.get());
                }
            }
        });
        fixture.set(f);
        return f;
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void rateLimitsOnSeveralCallsInARowAreRetriedWithGrowingBackoff(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("m", 3).forEach(s -> f.put(Side.A, s));
        f.a.faults().rateLimitNext(4, null);
        f.b.faults().rateLimitNext(4, null);

        SyncReport report = f.sync();

        assertThat(report.transientRetries()).isEqualTo(8);
        List<Duration> waits = f.sleeper.waits;
        assertThat(waits).hasSize(8);
        for (int i = 0; i < waits.size(); i++) {
            Duration cap = RetryPolicy.DEFAULT.initialDelay().multipliedBy(1L << (i % 4));
            assertThat(waits.get(i)).as("wait %d", i).isBetween(Duration.ZERO, cap);
        }
        assertThat(report.parked()).isEmpty();
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aStormOfRateLimitsOnBothSidesIsRiddenOut(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.engine = f.engineBuilder()
                .retryPolicy(new RetryPolicy(40, Duration.ofMillis(100), Duration.ofSeconds(2)))
                .build();
        meetings("a", 10).forEach(s -> f.put(Side.A, s));
        meetings("b", 10).forEach(s -> f.put(Side.B, s));
        f.put(Side.A, Events.weeklySeries("weekly"));
        f.a.faults().rateLimit(0.4, Duration.ofSeconds(1));
        f.b.faults().rateLimit(0.4, Duration.ofSeconds(1));

        SyncReport report = f.sync();

        assertThat(report.transientRetries()).isPositive();
        assertThat(f.sleeper.waits)
                .hasSize(report.transientRetries())
                .allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
        assertThat(report.parked()).isEmpty();
        f.assertSameOnBothSides();

        f.a.faults().clear();
        f.b.faults().clear();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aSeriesWhoseWriteFailsIsParkedTheRestSyncsAndTheTokensAdvance(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.sync();
        CalendarPair before = f.pair();
        meetings("m", 4).forEach(s -> f.put(Side.A, s));
        f.b.faults().failNextWrites(1);

        SyncReport report = f.sync();

        assertThat(report.parked()).singleElement().satisfies(r -> {
            assertThat(r.uid()).isEqualTo("m-00");
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.lastError()).contains("400");
        });
        assertThat(f.retries()).extracting(RetryItem::uid).containsExactly("m-00");
        assertThat(f.journal("m-00"))
                .extracting(SyncOperation::outcome)
                .containsExactly(SyncOperation.Outcome.RETRY_QUEUED);
        assertThat(f.series(Side.B)).containsOnlyKeys("m-01", "m-02", "m-03");
        assertThat(report.side(Side.A).tokenStored()).isTrue();
        assertThat(f.pair().syncTokenA()).isNotEqualTo(before.syncTokenA());

        SyncReport next = f.sync();

        assertThat(next.parked()).isEmpty();
        assertThat(f.retries()).isEmpty();
        assertThat(next.count(Side.B, SyncOperation.Kind.CREATE)).isEqualTo(1);
        assertThat(f.series(Side.B)).hasSize(4);
        f.assertSameOnBothSides();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aParkedUpdateIsRetriedByLaterSyncsUntilItGoesThrough(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.A, Events.weeklySeries("weekly"));
        meetings("m", 2).forEach(s -> f.put(Side.A, s));
        f.syncUntilQuiet();
        f.edit(Side.A, "weekly", s -> retitled(s, "Stand-up, new room"));

        f.b.faults().failNextWrites(1);
        assertThat(f.sync().parked()).extracting(RetryItem::uid).containsExactly("weekly");
        f.b.faults().failNextWrites(1);
        SyncReport second = f.sync();
        assertThat(second.parked())
                .singleElement()
                .satisfies(r -> assertThat(r.attempts()).isEqualTo(2));
        assertThat(f.series(Side.B, "weekly").master().summary()).isEqualTo("Stand-up");

        SyncReport third = f.sync();

        assertThat(third.parked()).isEmpty();
        assertThat(f.retries()).isEmpty();
        assertThat(f.series(Side.B, "weekly").master().summary()).isEqualTo("Stand-up, new room");
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aWriteStillRateLimitedAfterEveryAttemptIsParked(Pairing pairing) {
        AtomicReference<Consumer<SyncFixture>> hook = new AtomicReference<>();
        SyncFixture f = withPlannedHook(pairing, hook);
        meetings("m", 3).forEach(s -> f.put(Side.A, s));
        hook.set(x -> x.b.faults().rateLimitNext(RetryPolicy.DEFAULT.maxAttempts(), null));

        SyncReport report = f.sync();

        assertThat(report.parked()).extracting(RetryItem::uid).containsExactly("m-00");
        assertThat(f.series(Side.B)).containsOnlyKeys("m-01", "m-02");

        f.sync();

        assertThat(f.retries()).isEmpty();
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void anInterruptedWaitStopsTheSyncAndStoresNothing(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.engine = f.engineBuilder()
                .sleeper(wait -> {
                    throw new InterruptedException("shutting down");
                })
                .build();
        meetings("m", 3).forEach(s -> f.put(Side.A, s));
        f.b.faults().rateLimitNext(1, null);

        SyncException stopped;
        try {
            stopped = catchThrowableOfType(f::sync, SyncException.class);
        } finally {
            assertThat(Thread.interrupted())
                    .as("the interrupt is kept for the caller")
                    .isTrue();
        }

        assertThat(stopped).isNotNull().hasCauseInstanceOf(InterruptedException.class);
        assertThat(f.pair().syncTokenA()).isNull();
        assertThat(f.series(Side.B)).isEmpty();
        assertThat(f.lease()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aListingThatKeepsFailingStopsTheSyncAndStoresNothing(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("m", 3).forEach(s -> f.put(Side.A, s));
        f.b.faults().rateLimitNext(RetryPolicy.DEFAULT.maxAttempts(), null);

        SideFailedException failed = catchThrowableOfType(f::sync, SideFailedException.class);

        assertThat(failed).isNotNull();
        assertThat(failed.side()).isEqualTo(Side.B);
        assertThat(f.pair().syncTokenA()).isNull();
        assertThat(f.pair().syncTokenB()).isNull();
        assertThat(f.series(Side.B)).isEmpty();
        assertThat(f.journal()).isEmpty();
        assertThat(f.lease()).isEmpty();

        f.syncUntilQuiet();
        f.assertSameOnBothSides();
    }
}
