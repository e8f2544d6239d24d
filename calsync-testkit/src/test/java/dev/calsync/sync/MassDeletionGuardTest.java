package dev.calsync.sync;

import static dev.calsync.sync.Events.meetings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.calsync.core.Side;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.sync.MassDeletionException;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.sync.SyncFixture.Pairing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rule 3: a plan deleting more than 30% and more than 5 of a side's series is refused with a typed
 * exception and nothing written, unless allowed; so is a side whose full listing suddenly lists
 * nothing.
 */
class MassDeletionGuardTest {

    private static SyncFixture synced(Pairing pairing, int meetings) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("m", meetings).forEach(s -> f.put(Side.A, s));
        f.syncUntilQuiet();
        return f;
    }

    private static List<SyncOperation> deletes(SyncFixture f) {
        return f.journal().stream()
                .filter(op -> op.kind() == SyncOperation.Kind.DELETE)
                .toList();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void deletingSixOfTenSeriesOnAIsRefusedAndNothingIsWrittenToB(Pairing pairing) {
        SyncFixture f = synced(pairing, 10);
        CalendarPair before = f.pair();
        int journalBefore = f.journal().size();
        for (int i = 0; i < 6; i++) {
            f.delete(Side.A, String.format("m-%02d", i));
        }

        MassDeletionException refused = catchThrowableOfType(f::sync, MassDeletionException.class);

        assertThat(refused).as("the sync is refused").isNotNull();
        assertThat(refused.side()).isEqualTo(Side.B);
        assertThat(refused.deletions()).isEqualTo(6);
        assertThat(refused.mapped()).isEqualTo(10);
        assertThat(refused.pairId()).isEqualTo(SyncFixture.PAIR);
        assertThat(refused.getMessage())
                .contains("side B")
                .contains("6 deletions")
                .contains("allowMassDeletion");
        assertThat(f.series(Side.B)).hasSize(10);
        assertThat(f.pair()).as("tokens unchanged").isEqualTo(before);
        assertThat(f.journal()).hasSize(journalBefore);
        assertThat(f.mappings(SyncStatus.ACTIVE)).hasSize(10);
        assertThat(f.lease()).as("the lease is released").isEmpty();

        assertThat(catchThrowableOfType(f::sync, MassDeletionException.class))
                .as("refused again while nobody allows it")
                .isNotNull();
        assertThat(f.series(Side.B)).hasSize(10);
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aDryRunPreviewsARefusedMassDeletionWritesNothingAndTheRealRunIsStillRefused(Pairing pairing) {
        SyncFixture f = synced(pairing, 10);
        for (int i = 0; i < 6; i++) {
            f.delete(Side.A, String.format("m-%02d", i));
        }

        SyncReport preview = f.engine.sync(
                SyncFixture.PAIR, SyncOptions.builder().dryRun(true).build());

        assertThat(preview.wouldBeRefused())
                .hasValueSatisfying(why -> assertThat(why).contains("side B").contains("6 deletions planned"));
        assertThat(preview.plan())
                .filteredOn(op -> op.kind() == SyncOperation.Kind.DELETE)
                .hasSize(6)
                .allSatisfy(op -> assertThat(op.target()).isEqualTo(Side.B));
        assertThat(preview.operations()).isEmpty();
        assertThat(f.b.series(SyncFixture.calendar(Side.B))).hasSize(10);
        assertThat(catchThrowableOfType(f::sync, MassDeletionException.class)).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void allowMassDeletionExecutesTheRefusedPlan(Pairing pairing) {
        SyncFixture f = synced(pairing, 10);
        for (int i = 0; i < 6; i++) {
            f.delete(Side.A, String.format("m-%02d", i));
        }
        catchThrowableOfType(f::sync, MassDeletionException.class);

        SyncReport report = f.sync(SyncOptions.builder().allowMassDeletion(true).build());

        assertThat(report.count(Side.B, SyncOperation.Kind.DELETE)).isEqualTo(6);
        assertThat(report.deletionsByEvidence()).isEqualTo(Map.of(DeletionEvidence.TOKEN_DELTA, 6L));
        assertThat(f.series(Side.B)).hasSize(4);
        assertThat(deletes(f)).hasSize(6);
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void massDeletionsOnBAreRefusedNamingSideA(Pairing pairing) {
        SyncFixture f = synced(pairing, 12);
        for (int i = 0; i < 8; i++) {
            f.delete(Side.B, String.format("m-%02d", i));
        }

        MassDeletionException refused = catchThrowableOfType(f::sync, MassDeletionException.class);

        assertThat(refused).isNotNull();
        assertThat(refused.side()).isEqualTo(Side.A);
        assertThat(refused.deletions()).isEqualTo(8);
        assertThat(refused.mapped()).isEqualTo(12);
        assertThat(f.series(Side.A)).hasSize(12);
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void fiveDeletionsAreNeverRefusedWhateverTheShare(Pairing pairing) {
        SyncFixture f = synced(pairing, 6);
        for (int i = 0; i < 5; i++) {
            f.delete(Side.A, String.format("m-%02d", i));
        }

        SyncReport report = f.sync();

        assertThat(report.count(Side.B, SyncOperation.Kind.DELETE)).isEqualTo(5);
        assertThat(f.series(Side.B)).containsOnlyKeys("m-05");
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void sixDeletionsOfThirtySeriesAreWithinTheShare(Pairing pairing) {
        SyncFixture f = synced(pairing, 30);
        for (int i = 0; i < 6; i++) {
            f.delete(Side.A, String.format("m-%02d", i));
        }

        SyncReport report = f.sync();

        assertThat(report.count(Side.B, SyncOperation.Kind.DELETE)).isEqualTo(6);
        assertThat(f.series(Side.B)).hasSize(24);
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void stricterOptionsRefuseSmallerDeletions(Pairing pairing) {
        SyncFixture f = synced(pairing, 10);
        f.delete(Side.A, "m-00");
        f.delete(Side.A, "m-01");
        SyncOptions strict = SyncOptions.builder()
                .massDeletionMinimum(1)
                .massDeletionShare(0.1)
                .build();

        MassDeletionException refused = catchThrowableOfType(() -> f.sync(strict), MassDeletionException.class);

        assertThat(refused).isNotNull();
        assertThat(refused.deletions()).isEqualTo(2);
        assertThat(f.series(Side.B)).hasSize(10);
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aDryRunOfASideThatSuddenlyListsNothingSaysARealRunWouldBeRefusedAndWritesNothing(Pairing pairing) {
        SyncFixture f = synced(pairing, 10);
        CalendarPair before = f.pair();
        int journalBefore = f.journal().size();
        f.a.invalidateSyncTokens(SyncFixture.CAL_A);
        f.a.faults().emptyFullListings(1);

        SyncReport preview = f.engine.sync(
                SyncFixture.PAIR, SyncOptions.builder().dryRun(true).build());

        assertThat(preview.wouldBeRefused())
                .hasValueSatisfying(why -> assertThat(why).contains("side A").contains("lists no events"));
        assertThat(preview.operations()).isEmpty();
        assertThat(f.series(Side.A)).hasSize(10);
        assertThat(f.series(Side.B)).hasSize(10);
        assertThat(f.pair()).isEqualTo(before);
        assertThat(f.journal()).hasSize(journalBefore);
        assertThat(f.mappings(SyncStatus.ACTIVE)).hasSize(10);
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aSideWhoseFullListingSuddenlyListsNothingIsRefused(Pairing pairing) {
        SyncFixture f = synced(pairing, 10);
        CalendarPair before = f.pair();
        int journalBefore = f.journal().size();
        f.a.invalidateSyncTokens(SyncFixture.CAL_A);
        f.a.faults().emptyFullListings(1);

        MassDeletionException refused = catchThrowableOfType(f::sync, MassDeletionException.class);

        assertThat(refused).isNotNull();
        assertThat(refused.side()).isEqualTo(Side.A);
        assertThat(refused.deletions()).isZero();
        assertThat(refused.mapped()).isEqualTo(10);
        assertThat(refused.getMessage()).contains("lists no events");
        assertThat(f.series(Side.A)).hasSize(10);
        assertThat(f.series(Side.B)).hasSize(10);
        assertThat(f.pair()).isEqualTo(before);
        assertThat(f.journal()).hasSize(journalBefore);
        assertThat(f.mappings(SyncStatus.ACTIVE)).hasSize(10);

        SyncReport next = f.sync();

        assertThat(next.side(Side.A).fullListing()).isTrue();
        assertThat(next.writes()).isZero();
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aSmallCalendarListingNothingIsCheckedByLookupsAndKept(Pairing pairing) {
        SyncFixture f = synced(pairing, 3);
        f.a.invalidateSyncTokens(SyncFixture.CAL_A);
        f.a.faults().emptyFullListings(1);

        SyncReport report = f.sync();

        assertThat(report.side(Side.A).componentsRead()).isZero();
        assertThat(report.writes()).isZero();
        assertThat(deletes(f)).isEmpty();
        assertThat(f.series(Side.B)).hasSize(3);
        assertThat(f.mappings(SyncStatus.ACTIVE))
                .extracting(EventMapping::status)
                .hasSize(3);
    }
}
