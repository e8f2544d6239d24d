package dev.calsync.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.bench.engine.EngineFixture.StoreKind;
import dev.calsync.core.sync.SyncReport;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A tiny benchmark run converges: both sides equal, and the syncs after it write nothing. */
class EngineRunTest {

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void initialSyncOf500SeriesConverges(StoreKind kind) {
        EngineFixture f = new EngineFixture(kind);
        f.putA(new Workload(11).series(500));

        SyncReport first = f.sync();
        SyncReport second = f.sync();
        SyncReport third = f.sync();

        assertThat(first.writes()).isEqualTo(500);
        assertThat(f.requireConverged()).isEqualTo(500);
        assertThat(second.writes()).isZero();
        assertThat(third.writes()).isZero();
        assertThat(f.b().series(f.calendarB())).hasSize(500);
    }

    @Test
    void churnIsSyncedAndThenNothingMore() {
        EngineFixture f = new EngineFixture(StoreKind.INDEXED);
        Workload w = new Workload(12);
        f.putA(w.series(500));
        f.sync();
        f.sync();

        Churn churn = Churn.of(10);
        churn.applyTo(f, w, new Random(1));
        f.resetCounts();
        SyncReport report = f.sync();

        assertThat(report.writes()).isEqualTo(10);
        assertThat(f.requireConverged()).isEqualTo(500);
        assertThat(f.providerRequests()).isPositive();
        assertThat(f.store().transactions()).isPositive();
        assertThat(f.sync().writes()).isZero();
        assertThat(f.sync().writes()).isZero();
    }

    @Test
    void aStoreCopyCarriesOnWhereTheOriginalLeftOff() {
        EngineFixture f = new EngineFixture(StoreKind.INDEXED);
        Workload w = new Workload(13);
        f.putA(w.series(200));
        f.sync();
        f.sync();

        EngineFixture copy = f.withStore(StoreKind.TESTKIT);
        Churn.of(5).applyTo(copy, w, new Random(2));

        assertThat(copy.sync().writes()).isEqualTo(5);
        assertThat(copy.requireConverged()).isEqualTo(200);
        assertThat(copy.sync().writes()).isZero();
    }
}
