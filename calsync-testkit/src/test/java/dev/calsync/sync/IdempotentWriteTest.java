package dev.calsync.sync;

import static dev.calsync.sync.Events.meeting;
import static dev.calsync.sync.Events.meetings;
import static dev.calsync.sync.Events.retitled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.spi.SyncListener;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.sync.SyncFixture.Pairing;
import dev.calsync.testkit.memory.Faults.CrashPoint;
import dev.calsync.testkit.memory.InMemoryCalendarProvider.Operation;
import dev.calsync.testkit.memory.SimulatedCrash;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rule 5: writes are idempotent. A write whose answer was lost is adopted by the next sync, a create
 * that finds the series already there reads it and decides again, a 412 re-reads and decides again,
 * and a rate limit is retried no sooner than the side asked.
 */
class IdempotentWriteTest {

    /** A fixture whose listener runs {@code onPlanned} once the plan is made, before anything is written. */
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

    private static long kindCount(SyncFixture f, String uid, SyncOperation.Kind kind) {
        return f.journal(uid).stream().filter(op -> op.kind() == kind).count();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aCreateWhoseAnswerWasLostIsAdoptedByTheNextSyncWithoutASecondCopy(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.sync();
        meetings("n", 3).forEach(s -> f.put(Side.A, s));
        f.b.faults().crashAfterWrites(1, CrashPoint.AFTER_APPLY);

        assertThatThrownBy(f::sync)
                .isInstanceOf(SimulatedCrash.class)
                .satisfies(e -> assertThat(((SimulatedCrash) e).applied()).isTrue());
        assertThat(f.series(Side.B)).containsOnlyKeys("n-00", "n-01");

        SyncReport next = f.sync();

        assertThat(f.series(Side.B)).containsOnlyKeys("n-00", "n-01", "n-02");
        assertThat(kindCount(f, "n-01", SyncOperation.Kind.CREATE)).isZero();
        assertThat(kindCount(f, "n-01", SyncOperation.Kind.ADOPT)).isEqualTo(1);
        assertThat(next.count(Side.B, SyncOperation.Kind.CREATE)).isEqualTo(1);
        assertThat(f.b.requestCount(Operation.CREATE_SERIES))
                .as("n-00, n-01 (answer lost) and n-02, each once")
                .isEqualTo(3);
        assertThat(next.duplicates()).isEmpty();
        f.assertSameOnBothSides();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aCreateThatFindsTheSameSeriesAlreadyThereAdoptsIt(Pairing pairing) {
        AtomicReference<Consumer<SyncFixture>> hook = new AtomicReference<>();
        SyncFixture f = withPlannedHook(pairing, hook);
        f.put(Side.A, meeting("invite", "Kick-off"));
        // Another client (another mirror) creates the same series on B after B was listed.
        hook.set(x -> x.put(Side.B, meeting("invite", "Kick-off")));

        SyncReport report = f.sync();

        assertThat(report.writes()).isZero();
        assertThat(report.count(Side.B, SyncOperation.Kind.CREATE)).isZero();
        assertThat(f.journal("invite")).extracting(SyncOperation::kind).containsExactly(SyncOperation.Kind.ADOPT);
        assertThat(f.b.requestCount(Operation.CREATE_SERIES)).isEqualTo(1);
        assertThat(f.b.requestCount(Operation.FETCH_SERIES))
                .as("the engine read what it met")
                .isPositive();
        assertThat(f.series(Side.B)).containsOnlyKeys("invite");
        f.assertSameOnBothSides();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aCreateThatFindsADifferentSeriesAlreadyThereDecidesTheConflict(Pairing pairing) {
        AtomicReference<Consumer<SyncFixture>> hook = new AtomicReference<>();
        SyncFixture f = withPlannedHook(pairing, hook);
        f.put(Side.A, meeting("invite", "Kick-off"));
        hook.set(x -> {
            x.clock.advance(Duration.ofMinutes(10));
            x.put(Side.B, meeting("invite", "Kick-off, agenda attached"));
        });

        SyncReport report = f.sync();

        assertThat(f.series(Side.A, "invite").master().summary()).isEqualTo("Kick-off, agenda attached");
        assertThat(report.count(Side.B, SyncOperation.Kind.CREATE)).isZero();
        // The plan holds the decision made before the write (a create); the re-decision is journalled.
        assertThat(report.plan()).extracting(p -> p.kind()).containsExactly(SyncOperation.Kind.CREATE);
        assertThat(f.journal("invite")).singleElement().satisfies(op -> {
            assertThat(op.kind()).isEqualTo(SyncOperation.Kind.UPDATE);
            assertThat(op.target()).isEqualTo(Side.A);
            assertThat(op.rule()).isEqualTo(DecidingRule.TIMESTAMP);
        });
        f.assertSameOnBothSides();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void anUpdateMeetingA412ReReadsTheSeriesAndWritesAgain(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.A, Events.weeklySeries("weekly"));
        f.syncUntilQuiet();
        f.edit(Side.A, "weekly", s -> retitled(s, "Stand-up, new room"));
        f.b.faults().preconditionRaces(1);
        f.b.resetRequestCounts();

        SyncReport report = f.sync();

        assertThat(f.series(Side.B, "weekly").master().summary()).isEqualTo("Stand-up, new room");
        assertThat(f.b.requestCount(Operation.UPDATE_SERIES))
                .as("the 412 and the retry")
                .isEqualTo(2);
        assertThat(report.count(Side.B, SyncOperation.Kind.UPDATE)).isEqualTo(1);
        assertThat(report.parked()).isEmpty();
        f.assertSameOnBothSides();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void anUpdateRacingAConcurrentEditIsDecidedAgainWithTheEditSeen(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.A, meeting("m", "Planning"));
        f.syncUntilQuiet();
        f.edit(Side.A, "m", s -> retitled(s, "Planning (A)"));
        f.clock.advance(Duration.ofMinutes(3));
        f.b.faults().preconditionRaces(1, s -> retitled(s, "Planning (B, later)"));

        SyncReport report = f.sync();

        assertThat(f.series(Side.A, "m").master().summary()).isEqualTo("Planning (B, later)");
        assertThat(f.series(Side.B, "m").master().summary()).isEqualTo("Planning (B, later)");
        assertThat(f.journal("m"))
                .filteredOn(
                        op -> op.outcome() == SyncOperation.Outcome.APPLIED && op.kind() == SyncOperation.Kind.UPDATE)
                .last()
                .satisfies(op -> {
                    assertThat(op.target()).isEqualTo(Side.A);
                    assertThat(op.rule()).isEqualTo(DecidingRule.TIMESTAMP);
                });
        assertThat(report.parked()).isEmpty();
        f.assertSameOnBothSides();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aRateLimitIsRetriedNoSoonerThanTheRetryAfterTheSideAskedFor(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.A, meeting("m", "Planning"));
        f.b.faults().rateLimitNext(2, Duration.ofSeconds(7));

        SyncReport report = f.sync();

        assertThat(report.transientRetries()).isEqualTo(2);
        assertThat(f.sleeper.waits)
                .hasSize(2)
                .allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(7)));
        assertThat(f.series(Side.B)).containsOnlyKeys("m");
        assertThat(report.side(Side.B).tokenStored()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aRateLimitedWriteIsRetriedAndAppliedOnce(Pairing pairing) {
        AtomicReference<Consumer<SyncFixture>> hook = new AtomicReference<>();
        SyncFixture f = withPlannedHook(pairing, hook);
        f.put(Side.A, Events.weeklySeries("weekly"));
        hook.set(x -> x.b.faults().rateLimitNext(3, Duration.ofSeconds(2)));

        SyncReport report = f.sync();

        assertThat(report.transientRetries()).isEqualTo(3);
        assertThat(f.sleeper.waits)
                .hasSize(3)
                .allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
        assertThat(f.b.requestCount(Operation.CREATE_SERIES)).isEqualTo(4);
        assertThat(report.count(Side.B, SyncOperation.Kind.CREATE)).isEqualTo(1);
        f.assertSameOnBothSides();
    }
}
