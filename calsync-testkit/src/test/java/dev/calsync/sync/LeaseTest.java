package dev.calsync.sync;

import static dev.calsync.sync.Events.meetings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.calsync.core.Side;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.SyncListener;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.PairBusyException;
import dev.calsync.core.sync.PairDisabledException;
import dev.calsync.core.sync.PairNotFoundException;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.sync.SyncFixture.Pairing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rule 11: one worker syncs a pair at a time; an unknown pair is refused. */
class LeaseTest {

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void anotherWorkerHoldingTheLeaseMakesTheSyncFailWithPairBusy(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("m", 2).forEach(s -> f.put(Side.A, s));
        f.store.useTransaction(tx -> tx.claim(SyncFixture.PAIR, "worker-2", f.clock.instant(), Duration.ofMinutes(10)));

        PairBusyException busy = catchThrowableOfType(f::sync, PairBusyException.class);

        assertThat(busy).isNotNull();
        assertThat(busy.pairId()).isEqualTo(SyncFixture.PAIR);
        assertThat(busy.getMessage()).contains("worker-2");
        assertThat(f.a.requestCount()).as("nothing was read").isZero();
        assertThat(f.b.requestCount()).isZero();
        assertThat(f.series(Side.B)).isEmpty();
        assertThat(f.lease()).map(Lease::owner).contains("worker-2");
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void onceTheOtherWorkersLeaseExpiresThePairCanBeSynced(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("m", 2).forEach(s -> f.put(Side.A, s));
        f.store.useTransaction(tx -> tx.claim(SyncFixture.PAIR, "worker-2", f.clock.instant(), Duration.ofMinutes(10)));
        assertThatThrownBy(f::sync).isInstanceOf(PairBusyException.class);

        f.clock.advance(Duration.ofMinutes(10));
        SyncReport report = f.sync();

        assertThat(report.writes()).isEqualTo(2);
        f.assertSameOnBothSides();
        assertThat(f.lease()).as("released after the sync").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aSecondEngineIsBusyWhileTheFirstIsSyncingAndFreeAfterwards(Pairing pairing) {
        AtomicReference<SyncEngine> second = new AtomicReference<>();
        AtomicReference<Throwable> secondFailure = new AtomicReference<>();
        SyncFixture f = new SyncFixture(pairing, new SyncListener() {
            @Override
            public void syncStarted(String pairId, boolean dryRun) {
                try {
                    second.get().sync(pairId);
                } catch (RuntimeException e) {
                    secondFailure.set(e);
                }
            }
        });
        second.set(f.engineBuilder().workerId("worker-2").build());
        meetings("m", 2).forEach(s -> f.put(Side.A, s));

        SyncReport first = f.sync();

        assertThat(secondFailure.get()).isInstanceOf(PairBusyException.class).hasMessageContaining("worker-1");
        assertThat(first.writes()).isEqualTo(2);
        assertThat(second.get().sync(SyncFixture.PAIR).writes())
                .as("the lease was released")
                .isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void theSameWorkerMayRenewItsOwnLease(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.A, Events.meeting("m", "Planning"));
        f.store.useTransaction(tx -> tx.claim(SyncFixture.PAIR, "worker-1", f.clock.instant(), Duration.ofMinutes(10)));

        assertThat(f.sync().writes()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aSyncLongerThanItsLeaseRenewsItSoNoOtherWorkerGetsIn(Pairing pairing) {
        AtomicReference<SyncFixture> fixture = new AtomicReference<>();
        AtomicReference<SyncEngine> second = new AtomicReference<>();
        List<Throwable> refusals = new ArrayList<>();
        SyncFixture f = new SyncFixture(pairing, new SyncListener() {
            @Override
            public void operationRecorded(dev.calsync.core.spi.SyncOperation operation) {
                // Each write takes four minutes; meanwhile another worker tries its luck.
                fixture.get().clock.advance(Duration.ofMinutes(4));
                try {
                    second.get().sync(SyncFixture.PAIR);
                    refusals.add(null);
                } catch (RuntimeException e) {
                    refusals.add(e);
                }
            }
        });
        fixture.set(f);
        second.set(f.engineBuilder().workerId("worker-2").build());
        meetings("m", 8).forEach(s -> f.put(Side.A, s));

        SyncReport report = f.sync();

        assertThat(report.writes()).isEqualTo(8);
        assertThat(refusals).hasSize(8).allSatisfy(e -> assertThat(e).isInstanceOf(PairBusyException.class));
        assertThat(f.lease()).isEmpty();
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aWorkerWhoseLeaseLapsedAndWasTakenOverStopsInsteadOfWritingOnWhatItReadBefore(Pairing pairing) {
        AtomicReference<SyncFixture> fixture = new AtomicReference<>();
        AtomicReference<SyncEngine> second = new AtomicReference<>();
        AtomicReference<SyncReport> takeover = new AtomicReference<>();
        List<SyncOperation> afterTakeover = new ArrayList<>();
        SyncFixture f = new SyncFixture(pairing, new SyncListener() {
            @Override
            public void operationRecorded(SyncOperation operation) {
                if (takeover.get() != null) {
                    afterTakeover.add(operation);
                    return;
                }
                // worker-1 stalls past its lease (a long GC pause, a suspended VM) after its first
                // write; worker-2 claims the lapsed lease, syncs the pair whole and releases it.
                fixture.get().clock.advance(Duration.ofMinutes(11));
                takeover.set(second.get().sync(SyncFixture.PAIR));
            }
        });
        fixture.set(f);
        second.set(f.engineBuilder().workerId("worker-2").build());
        meetings("m", 4).forEach(s -> f.put(Side.A, s));

        PairBusyException lost = catchThrowableOfType(f::sync, PairBusyException.class);

        assertThat(lost).as("worker-1's sync once it wakes").isNotNull();
        assertThat(takeover.get().writes())
                .as("worker-2 wrote what worker-1 had not")
                .isEqualTo(3);
        assertThat(afterTakeover)
                .as("what worker-1 recorded after the takeover")
                .isEmpty();
        assertThat(f.lease()).isEmpty();
        f.assertSameOnBothSides();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aRetryWaitLongerThanTheLeaseDoesNotLetAnotherWorkerSyncThePairMeanwhile(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        SyncEngine second = f.engineBuilder().workerId("worker-2").build();
        List<Object> secondOutcomes = new ArrayList<>();
        f.engine = f.engineBuilder()
                .sleeper(wait -> {
                    // Time passes while the engine waits for the side's Retry-After.
                    f.clock.advance(wait);
                    try {
                        secondOutcomes.add(second.sync(SyncFixture.PAIR));
                    } catch (RuntimeException e) {
                        secondOutcomes.add(e);
                    }
                })
                .build();
        meetings("m", 2).forEach(s -> f.put(Side.A, s));
        f.b.faults().rateLimitNext(1, Duration.ofMinutes(11));

        SyncReport report = f.sync();

        assertThat(secondOutcomes)
                .as("what worker-2 met while worker-1 was mid-sync")
                .singleElement()
                .isInstanceOf(PairBusyException.class);
        assertThat(report.transientRetries()).isEqualTo(1);
        f.assertSameOnBothSides();
    }

    @Test
    void anUnknownPairIsRefusedWithPairNotFound() {
        SyncFixture f = new SyncFixture(Pairing.CALDAV_A_CALDAV_B);

        PairNotFoundException missing =
                catchThrowableOfType(() -> f.engine.sync("no-such-pair"), PairNotFoundException.class);

        assertThat(missing).isNotNull();
        assertThat(missing.pairId()).isEqualTo("no-such-pair");
        assertThat(f.a.requestCount()).isZero();
        assertThat(f.b.requestCount()).isZero();
    }

    @Test
    void aDisabledPairIsRefusedAndNothingIsReadOrWritten() {
        SyncFixture f = new SyncFixture(Pairing.CALDAV_A_CALDAV_B);
        meetings("m", 2).forEach(s -> f.put(Side.A, s));
        f.store.useTransaction(tx -> {
            CalendarPair pair = tx.pair(SyncFixture.PAIR).orElseThrow();
            tx.putPair(new CalendarPair(
                    pair.pairId(),
                    pair.calendarA(),
                    pair.calendarB(),
                    pair.syncTokenA(),
                    pair.syncTokenB(),
                    pair.lastUpdatedA(),
                    pair.lastUpdatedB(),
                    false));
        });
        f.a.resetRequestCounts();
        f.b.resetRequestCounts();

        PairDisabledException disabled =
                catchThrowableOfType(() -> f.engine.sync(SyncFixture.PAIR), PairDisabledException.class);

        assertThat(disabled).isNotNull();
        assertThat(disabled.pairId()).isEqualTo(SyncFixture.PAIR);
        assertThat(f.a.requestCount()).isZero();
        assertThat(f.b.requestCount()).isZero();
        assertThat(f.b.series(SyncFixture.calendar(Side.B))).isEmpty();
    }
}
