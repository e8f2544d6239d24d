package dev.calsync.sync;

import static dev.calsync.sync.Events.meeting;
import static dev.calsync.sync.Events.meetings;
import static dev.calsync.sync.Events.retitled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.calsync.core.Side;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.SyncListener;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.core.sync.SideFailedException;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.sync.SyncFixture.Pairing;
import dev.calsync.testkit.memory.Faults.CrashPoint;
import dev.calsync.testkit.memory.InMemoryCalendarProvider.StorageMode;
import dev.calsync.testkit.memory.SimulatedCrash;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rule 1: full listing first, deltas after; a side's token is stored only once all its changes are applied. */
class SyncTokenTest {

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void firstSyncListsBothSidesFullyAndStoresBothTokens(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.A, meeting("a-1", "Planning"));
        f.put(Side.B, meeting("b-1", "Review", 1));

        SyncReport report = f.sync();

        assertThat(report.side(Side.A).fullListing()).isTrue();
        assertThat(report.side(Side.B).fullListing()).isTrue();
        assertThat(report.side(Side.A).tokenRejected()).isFalse();
        assertThat(report.side(Side.A).tokenStored()).isTrue();
        assertThat(report.side(Side.B).tokenStored()).isTrue();
        assertThat(f.pair().syncTokenA()).isNotNull();
        assertThat(f.pair().syncTokenB()).isNotNull();
        assertThat(f.pair().lastUpdatedA()).isEqualTo(SyncFixture.T0);
        f.assertSameOnBothSides();
        assertThat(f.series(Side.A)).containsOnlyKeys("a-1", "b-1");
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void secondSyncReadsOnlyTheChangesSinceTheStoredToken(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("m", 5).forEach(s -> f.put(Side.A, s));
        f.sync();
        f.edit(Side.A, "m-03", s -> retitled(s, "Planning, moved"));

        SyncReport report = f.sync();

        assertThat(report.side(Side.A).fullListing()).isFalse();
        assertThat(report.side(Side.B).fullListing()).isFalse();
        assertThat(report.side(Side.A).componentsRead())
                .as("only the edited meeting is in A's delta")
                .isEqualTo(1);
        assertThat(report.count(Side.B, SyncOperation.Kind.UPDATE)).isEqualTo(1);
        assertThat(f.series(Side.B, "m-03").master().summary()).isEqualTo("Planning, moved");
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aCrashMidExecutionLeavesTheTokensUnchangedAndTheNextSyncReplaysAndConverges(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.A, meeting("first", "First"));
        f.sync();
        CalendarPair before = f.pair();
        meetings("new", 4).forEach(s -> f.put(Side.A, s));
        f.b.faults().crashAfterWrites(2, CrashPoint.BEFORE_APPLY);

        assertThatThrownBy(f::sync).isInstanceOf(SimulatedCrash.class);

        assertThat(f.pair().syncTokenA()).as("A's token").isEqualTo(before.syncTokenA());
        assertThat(f.pair().syncTokenB()).as("B's token").isEqualTo(before.syncTokenB());
        assertThat(f.series(Side.B)).hasSize(3);

        SyncReport replay = f.sync();

        assertThat(replay.side(Side.A).fullListing())
                .as("the replay reads A's delta again")
                .isFalse();
        assertThat(replay.side(Side.A).componentsRead()).isEqualTo(4);
        assertThat(replay.count(Side.B, SyncOperation.Kind.CREATE))
                .as("only the two meetings the crash kept from B")
                .isEqualTo(2);
        f.assertSameOnBothSides();
        assertThat(f.series(Side.B)).hasSize(5);
        for (String uid : f.series(Side.A).keySet()) {
            assertThat(f.journal(uid).stream()
                            .filter(op -> op.kind() == SyncOperation.Kind.CREATE)
                            .count())
                    .as("creates of %s", uid)
                    .isLessThanOrEqualTo(1);
        }
        assertThat(f.pair().syncTokenA()).isNotEqualTo(before.syncTokenA());
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aCrashAfterAWriteWasAppliedStillConvergesWithoutDuplicateWrites(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.sync();
        CalendarPair before = f.pair();
        meetings("new", 3).forEach(s -> f.put(Side.A, s));
        f.b.faults().crashAfterWrites(1, CrashPoint.AFTER_APPLY);

        assertThatThrownBy(f::sync).isInstanceOf(SimulatedCrash.class);
        assertThat(f.pair()).isEqualTo(before);

        f.syncUntilQuiet();

        f.assertSameOnBothSides();
        assertThat(f.series(Side.B)).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aListingOfManyPagesIsReadToItsEndAndSeriesSpanningPagesArriveWhole(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing, SyncListener.NONE, 2);
        meetings("m", 7).forEach(s -> f.put(Side.A, s));
        f.put(Side.A, Events.weeklySeries("weekly"));

        SyncReport report = f.sync();

        assertThat(report.side(Side.A).componentsRead())
                .isEqualTo(f.a.storage() == StorageMode.EVENT_ENTITIES ? 7 + 5 : 7 + 4);
        assertThat(report.side(Side.A).tokenStored()).isTrue();
        f.assertSameOnBothSides();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aListingThatFailsOnALaterPageStoresNoTokenAndWritesNothing(Pairing pairing) {
        AtomicReference<SyncFixture> fixture = new AtomicReference<>();
        AtomicBoolean failNextPage = new AtomicBoolean(true);
        SyncFixture f = new SyncFixture(
                pairing,
                new SyncListener() {
                    @Override
                    public void pageRead(String pairId, Side side, int components) {
                        if (side == Side.A && failNextPage.getAndSet(false)) {
                            fixture.get().a.faults().rateLimitNext(RetryPolicy.DEFAULT.maxAttempts(), null);
                        }
                    }
                },
                2);
        fixture.set(f);
        meetings("m", 5).forEach(s -> f.put(Side.A, s));

        SideFailedException failed = catchThrowableOfType(f::sync, SideFailedException.class);

        assertThat(failed).isNotNull();
        assertThat(failed.side()).isEqualTo(Side.A);
        assertThat(f.pair().syncTokenA()).isNull();
        assertThat(f.pair().syncTokenB()).isNull();
        assertThat(f.series(Side.B)).isEmpty();

        f.syncUntilQuiet();
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aRejectedTokenGivesAFullListingOfThatSideAndIsReported(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("m", 3).forEach(s -> f.put(Side.A, s));
        f.syncUntilQuiet();
        String rejected = f.pair().syncTokenA();
        f.a.invalidateSyncTokens(SyncFixture.CAL_A);

        SyncReport report = f.sync();

        assertThat(report.side(Side.A).fullListing()).isTrue();
        assertThat(report.side(Side.A).tokenRejected()).isTrue();
        assertThat(report.side(Side.B).fullListing()).isFalse();
        assertThat(report.side(Side.B).tokenRejected()).isFalse();
        assertThat(report.writes())
                .as("a full listing of unchanged calendars writes nothing")
                .isZero();
        assertThat(f.series(Side.B)).hasSize(3);
        assertThat(f.pair().syncTokenA()).isNotNull().isNotEqualTo(rejected);

        SyncReport next = f.sync();
        assertThat(next.side(Side.A).fullListing())
                .as("the fresh token is accepted")
                .isFalse();
        assertThat(next.side(Side.A).tokenRejected()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aForcedFullSyncListsBothSidesFullyAndChangesNothingThatIsInSync(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("m", 3).forEach(s -> f.put(Side.A, s));
        f.put(Side.B, Events.weeklySeries("weekly"));
        f.syncUntilQuiet();

        SyncReport report = f.sync(SyncOptions.builder().forceFullSync(true).build());

        assertThat(report.side(Side.A).fullListing()).isTrue();
        assertThat(report.side(Side.B).fullListing()).isTrue();
        assertThat(report.side(Side.A).tokenRejected()).isFalse();
        assertThat(report.writes()).isZero();
        assertThat(report.plan()).isEmpty();
        f.assertSameOnBothSides();
    }
}
