package dev.calsync.sync;

import static dev.calsync.sync.Events.meetings;
import static dev.calsync.sync.Events.retitled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.Side;
import dev.calsync.core.spi.SyncListener;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.sync.SyncFixture.Pairing;
import dev.calsync.testkit.memory.SimulatedCrash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writes to a provider that takes several at once ({@code writeBatchSize} above 1, as Google's batch
 * requests do) go in batches, and every write in a batch is settled on its own: a conflict is
 * decided again, a failure parks only its series, a crash mid-batch is repaired by the next sync.
 */
class BatchedWriteTest {

    private static SyncFixture fixture(Pairing pairing) {
        return new SyncFixture(pairing, SyncListener.NONE, 50, 4);
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void tenCreatesTakeThreeCallsInBatchesOfFour(Pairing pairing) {
        SyncFixture f = fixture(pairing);
        meetings("m", 10).forEach(s -> f.put(Side.A, s));

        SyncReport report = f.sync();

        assertThat(report.writes()).isEqualTo(10);
        // B is listed as A is (one page each, nothing to write on A), then written in batches of 4, 4 and 2
        assertThat(report.sideB().calls()).isEqualTo(report.sideA().calls() + 3);
        f.assertSameOnBothSides();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void updatesAndDeletesShareBatches(Pairing pairing) {
        SyncFixture f = fixture(pairing);
        meetings("m", 6).forEach(s -> f.put(Side.A, s));
        f.syncUntilQuiet();
        f.edit(Side.A, "m-00", s -> retitled(s, "moved"));
        f.edit(Side.A, "m-01", s -> retitled(s, "moved too"));
        f.delete(Side.A, "m-02");

        SyncReport report = f.sync();

        assertThat(report.writes()).isEqualTo(3);
        assertThat(report.sideB().calls()).isEqualTo(report.sideA().calls() + 1);
        f.assertSameOnBothSides();
        assertThat(f.series(Side.B)).doesNotContainKey("m-02");
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aConflictInsideABatchIsDecidedAgainAndTheOthersLand(Pairing pairing) {
        SyncFixture f = fixture(pairing);
        meetings("m", 4).forEach(s -> f.put(Side.A, s));
        f.syncUntilQuiet();
        for (int i = 0; i < 4; i++) {
            f.edit(Side.A, "m-0" + i, s -> retitled(s, "new title"));
        }
        f.b.faults().preconditionRaces(1);

        SyncReport report = f.sync();

        assertThat(report.parked()).isEmpty();
        f.sync();
        f.assertSameOnBothSides();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aFailedWriteInsideABatchParksOnlyItsSeries(Pairing pairing) {
        SyncFixture f = fixture(pairing);
        meetings("m", 4).forEach(s -> f.put(Side.A, s));
        f.b.faults().failNextWrites(1);

        SyncReport report = f.sync();

        assertThat(report.parked()).hasSize(1);
        assertThat(f.series(Side.B)).hasSize(3);
        assertThat(f.journal())
                .filteredOn(op -> op.outcome() == SyncOperation.Outcome.APPLIED)
                .hasSize(3);

        f.sync();
        f.assertSameOnBothSides();
        assertThat(f.retries()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aRateLimitedBatchIsRetried(Pairing pairing) {
        SyncFixture f = fixture(pairing);
        meetings("m", 4).forEach(s -> f.put(Side.A, s));
        f.b.faults().rateLimitNext(1, null);

        SyncReport report = f.sync();

        assertThat(report.parked()).isEmpty();
        assertThat(report.transientRetries()).isPositive();
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aCrashInTheMiddleOfABatchIsRepairedByTheNextSync(Pairing pairing) {
        SyncFixture f = fixture(pairing);
        meetings("m", 8).forEach(s -> f.put(Side.A, s));
        f.b.faults().crashAfterWrites(2);

        assertThatThrownBy(f::sync).isInstanceOf(SimulatedCrash.class);
        assertThat(f.series(Side.B)).hasSize(2);

        f.engine = f.engineBuilder().build();
        f.sync();
        f.assertSameOnBothSides();
        assertThat(f.series(Side.B)).hasSize(8);
        assertThat(f.sync().writes()).isZero();
    }
}
