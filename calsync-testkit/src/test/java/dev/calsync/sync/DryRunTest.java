package dev.calsync.sync;

import static dev.calsync.sync.Events.meeting;
import static dev.calsync.sync.Events.meetings;
import static dev.calsync.sync.Events.retitled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.sync.PlannedOperation;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.sync.SyncFixture.Pairing;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rule 10: a dry run decides and returns the plan, writes and stores nothing; a real run then executes that plan. */
class DryRunTest {

    private static final SyncOptions DRY = SyncOptions.builder().dryRun(true).build();

    private static PlannedOperation op(String uid, SyncOperation.Kind kind, Side target) {
        return new PlannedOperation(uid, kind, target, DeletionEvidence.NONE, null);
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aDryRunReturnsThePlanAndWritesAndStoresNothing(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("a", 2).forEach(s -> f.put(Side.A, s));
        f.put(Side.A, Events.weeklySeries("weekly"));
        f.put(Side.B, meeting("b-00", "Review"));

        SyncReport dry = f.sync(DRY);

        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.plan())
                .containsExactlyInAnyOrder(
                        op("a-00", SyncOperation.Kind.CREATE, Side.B),
                        op("a-01", SyncOperation.Kind.CREATE, Side.B),
                        op("weekly", SyncOperation.Kind.CREATE, Side.B),
                        op("b-00", SyncOperation.Kind.CREATE, Side.A));
        assertThat(dry.operations()).isEmpty();
        assertThat(dry.writes()).isZero();
        assertThat(f.series(Side.A)).hasSize(3);
        assertThat(f.series(Side.B)).containsOnlyKeys("b-00");
        assertThat(f.mappings(SyncStatus.ACTIVE)).isEmpty();
        assertThat(f.journal()).isEmpty();
        assertThat(f.pair()).isEqualTo(CalendarPair.of(SyncFixture.PAIR, SyncFixture.CAL_A, SyncFixture.CAL_B));
        assertThat(dry.side(Side.A).tokenStored()).isFalse();
        assertThat(dry.side(Side.B).tokenStored()).isFalse();
        assertThat(f.lease()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aRealRunRightAfterADryRunExecutesTheSamePlan(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("a", 3).forEach(s -> f.put(Side.A, s));
        f.put(Side.B, Events.weeklySeries("weekly"));

        SyncReport dry = f.sync(DRY);
        SyncReport again = f.sync(DRY);
        SyncReport real = f.sync();

        assertThat(again.plan()).isEqualTo(dry.plan());
        assertThat(real.plan()).isEqualTo(dry.plan());
        assertThat(real.operations())
                .extracting(SyncOperation::uid, SyncOperation::kind, SyncOperation::target)
                .containsExactlyElementsOf(dry.plan().stream()
                        .map(p -> org.assertj.core.groups.Tuple.tuple(p.uid(), p.kind(), p.target()))
                        .toList());
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aDryRunOfDeletionsUpdatesAndConflictsChangesNothingAndMatchesTheRealRun(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("m", 6).forEach(s -> f.put(Side.A, s));
        f.syncUntilQuiet();
        CalendarPair synced = f.pair();
        int journal = f.journal().size();
        f.delete(Side.A, "m-00");
        f.edit(Side.B, "m-01", s -> retitled(s, "Edited on B"));
        f.edit(Side.A, "m-02", s -> retitled(s, "Edited on A"));
        f.clock.advance(Duration.ofMinutes(1));
        f.edit(Side.B, "m-02", s -> retitled(s, "Edited on B, later"));

        SyncReport dry = f.sync(DRY);

        assertThat(dry.plan())
                .containsExactlyInAnyOrder(
                        new PlannedOperation(
                                "m-00", SyncOperation.Kind.DELETE, Side.B, DeletionEvidence.TOKEN_DELTA, null),
                        op("m-01", SyncOperation.Kind.UPDATE, Side.A),
                        new PlannedOperation(
                                "m-02",
                                SyncOperation.Kind.UPDATE,
                                Side.A,
                                DeletionEvidence.NONE,
                                DecidingRule.TIMESTAMP));
        assertThat(dry.deletionsByEvidence()).isEqualTo(Map.of(DeletionEvidence.TOKEN_DELTA, 1L));
        assertThat(f.series(Side.B)).containsKey("m-00");
        assertThat(f.series(Side.A, "m-01").master().summary()).isNotEqualTo("Edited on B");
        assertThat(f.series(Side.A, "m-02").master().summary()).isEqualTo("Edited on A");
        assertThat(f.pair()).isEqualTo(synced);
        assertThat(f.journal()).hasSize(journal);

        SyncReport real = f.sync();

        assertThat(real.plan()).isEqualTo(dry.plan());
        assertThat(f.series(Side.B)).doesNotContainKey("m-00");
        assertThat(f.series(Side.A, "m-02").master().summary()).isEqualTo("Edited on B, later");
        f.assertSameOnBothSides();
    }
}
