package dev.calsync.sync;

import static dev.calsync.sync.Events.meetings;
import static dev.calsync.sync.Events.retitled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.Side;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.SyncListener;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.sync.SyncFixture.Pairing;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rule 2: a series is deleted only on evidence (a tombstone in a delta, or a direct lookup that
 * confirms it is gone); absence from a full listing alone never deletes; modify beats delete;
 * deleted mappings stay as tombstones.
 */
class DeletionEvidenceTest {

    /** Four meetings and the weekly series on A, synced to B. */
    private static SyncFixture synced(Pairing pairing) {
        return synced(pairing, SyncListener.NONE);
    }

    private static SyncFixture synced(Pairing pairing, SyncListener listener) {
        SyncFixture f = new SyncFixture(pairing, listener);
        meetings("m", 4).forEach(s -> f.put(Side.A, s));
        f.put(Side.A, Events.weeklySeries("weekly"));
        f.syncUntilQuiet();
        f.assertSameOnBothSides();
        return f;
    }

    private static List<SyncOperation> deletes(SyncFixture f) {
        return f.journal().stream()
                .filter(op -> op.kind() == SyncOperation.Kind.DELETE)
                .toList();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aUserDeleteOnAIsATombstoneInADeltaAndDeletesTheSeriesOnB(Pairing pairing) {
        SyncFixture f = synced(pairing);
        f.delete(Side.A, "m-01");

        SyncReport report = f.sync();

        assertThat(f.series(Side.B)).doesNotContainKey("m-01").hasSize(4);
        assertThat(report.side(Side.A).tombstonesRead()).isPositive();
        assertThat(report.deletionsByEvidence()).isEqualTo(Map.of(DeletionEvidence.TOKEN_DELTA, 1L));
        assertThat(deletes(f)).singleElement().satisfies(op -> {
            assertThat(op.uid()).isEqualTo("m-01");
            assertThat(op.target()).isEqualTo(Side.B);
            assertThat(op.evidence()).isEqualTo(DeletionEvidence.TOKEN_DELTA);
            assertThat(op.outcome()).isEqualTo(SyncOperation.Outcome.APPLIED);
        });
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aUserDeleteOfAWholeRecurringSeriesOnBDeletesItOnA(Pairing pairing) {
        SyncFixture f = synced(pairing);
        f.delete(Side.B, "weekly");

        SyncReport report = f.sync();

        assertThat(f.series(Side.A)).doesNotContainKey("weekly").hasSize(4);
        assertThat(report.count(Side.A, SyncOperation.Kind.DELETE)).isEqualTo(1);
        assertThat(deletes(f)).singleElement().satisfies(op -> {
            assertThat(op.target()).isEqualTo(Side.A);
            assertThat(op.evidence()).isEqualTo(DeletionEvidence.TOKEN_DELTA);
        });
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void withItsTokenRejectedADeletionIsConfirmedByADirectLookup(Pairing pairing) {
        SyncFixture f = synced(pairing);
        f.a.invalidateSyncTokens(SyncFixture.CAL_A);
        f.delete(Side.A, "m-02");

        SyncReport report = f.sync();

        assertThat(report.side(Side.A).fullListing()).isTrue();
        assertThat(f.series(Side.B)).doesNotContainKey("m-02").hasSize(4);
        assertThat(report.deletionsByEvidence()).isEqualTo(Map.of(DeletionEvidence.DIRECT_LOOKUP, 1L));
        assertThat(deletes(f)).singleElement().satisfies(op -> {
            assertThat(op.uid()).isEqualTo("m-02");
            assertThat(op.target()).isEqualTo(Side.B);
            assertThat(op.evidence()).isEqualTo(DeletionEvidence.DIRECT_LOOKUP);
        });
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aSeriesMissingFromAFullListingButStillOnTheServerIsDeletedNowhere(Pairing pairing) {
        SyncFixture f = synced(pairing);
        f.a.faults().omitFromFullListings("m-02", "weekly");
        f.a.invalidateSyncTokens(SyncFixture.CAL_A);

        SyncReport report = f.sync();

        assertThat(report.side(Side.A).fullListing()).isTrue();
        assertThat(f.series(Side.A)).hasSize(5);
        assertThat(f.series(Side.B)).hasSize(5);
        assertThat(report.writes()).isZero();
        assertThat(report.deletionsByEvidence()).isEmpty();
        assertThat(deletes(f)).isEmpty();
        assertThat(f.mappingsOf("m-02")).extracting(EventMapping::status).containsOnly(SyncStatus.ACTIVE);
        assertThat(f.mappingsOf("weekly")).extracting(EventMapping::status).containsOnly(SyncStatus.ACTIVE);
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void whenTheDirectLookupFailsTheMappingIsOrphanedAndNothingIsDeleted(Pairing pairing) {
        AtomicReference<SyncFixture> fixture = new AtomicReference<>();
        AtomicBoolean failLookups = new AtomicBoolean();
        SyncListener listener = new SyncListener() {
            @Override
            public void pageRead(String pairId, Side side, int components) {
                // A's listing is one page: once read, every call of a lookup is rate limited.
                if (side == Side.A && failLookups.getAndSet(false)) {
                    fixture.get().a.faults().rateLimitNext(5, null);
                }
            }
        };
        SyncFixture f = synced(pairing, listener);
        fixture.set(f);
        f.a.faults().omitFromFullListings("m-02");
        f.a.invalidateSyncTokens(SyncFixture.CAL_A);
        failLookups.set(true);

        SyncReport report = f.sync();

        assertThat(f.series(Side.A)).containsKey("m-02").hasSize(5);
        assertThat(f.series(Side.B)).containsKey("m-02").hasSize(5);
        assertThat(report.writes()).isZero();
        assertThat(deletes(f)).isEmpty();
        assertThat(f.mappingsOf("m-02")).extracting(EventMapping::status).containsOnly(SyncStatus.ORPHANED);
        assertThat(f.journal("m-02")).extracting(SyncOperation::kind).contains(SyncOperation.Kind.ORPHAN);
        assertThat(f.mappings(SyncStatus.ORPHANED))
                .extracting(m -> m.key().uid())
                .containsOnly("m-02");

        SyncReport later = f.sync();

        assertThat(later.writes()).isZero();
        assertThat(deletes(f)).isEmpty();
        assertThat(f.mappingsOf("m-02"))
                .as("found again by the next sync's lookup")
                .extracting(EventMapping::status)
                .containsOnly(SyncStatus.ACTIVE);
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void modifyBeatsDeleteTheEditIsRecreatedWhereTheSeriesWasDeleted(Pairing pairing) {
        SyncFixture f = synced(pairing);
        f.delete(Side.A, "m-03");
        f.clock.advance(java.time.Duration.ofMinutes(5));
        f.edit(Side.B, "m-03", s -> retitled(s, "Still happening"));

        SyncReport report = f.sync();

        assertThat(f.series(Side.A)).containsKey("m-03");
        assertThat(f.series(Side.A, "m-03").master().summary()).isEqualTo("Still happening");
        assertThat(report.count(Side.A, SyncOperation.Kind.CREATE)).isEqualTo(1);
        assertThat(deletes(f)).isEmpty();
        f.assertSameOnBothSides();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void modifyBeatsDeleteForARecurringSeriesEditedOnA(Pairing pairing) {
        SyncFixture f = synced(pairing);
        f.delete(Side.B, "weekly");
        f.edit(Side.A, "weekly", s -> retitled(s, "Stand-up, new room"));

        f.sync();

        assertThat(f.series(Side.B)).containsKey("weekly");
        assertThat(f.series(Side.B, "weekly").master().summary()).isEqualTo("Stand-up, new room");
        assertThat(deletes(f)).isEmpty();
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void deletedMappingsStayInTheStoreAsTombstones(Pairing pairing) {
        SyncFixture f = synced(pairing);
        int rows = f.mappingsOf("weekly").size();
        f.delete(Side.A, "weekly");
        f.sync();
        f.sync();

        assertThat(f.mappingsOf("weekly"))
                .hasSize(rows)
                .extracting(EventMapping::status)
                .containsOnly(SyncStatus.DELETED);
        assertThat(f.mappings(SyncStatus.DELETED))
                .extracting(m -> m.key().uid())
                .containsOnly("weekly");
        assertThat(f.series(Side.A)).doesNotContainKey("weekly");
        assertThat(f.series(Side.B)).doesNotContainKey("weekly");
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aSeriesDeletedEarlierCanBeCreatedAgainWithTheSameUidOnEitherSide(Pairing pairing) {
        SyncFixture f = synced(pairing);
        f.delete(Side.A, "weekly");
        f.delete(Side.B, "m-00");
        f.sync();
        assertThat(f.series(Side.B)).doesNotContainKeys("weekly", "m-00");
        assertThat(f.series(Side.A)).doesNotContainKeys("weekly", "m-00");

        f.put(Side.B, Events.retitled(Events.weeklySeries("weekly"), "Stand-up, relaunched"));
        f.put(Side.A, Events.meeting("m-00", "Planning, again"));
        SyncReport report = f.sync();

        assertThat(report.count(Side.A, SyncOperation.Kind.CREATE)).isEqualTo(1);
        assertThat(report.count(Side.B, SyncOperation.Kind.CREATE)).isEqualTo(1);
        assertThat(f.series(Side.A, "weekly").master().summary()).isEqualTo("Stand-up, relaunched");
        assertThat(f.series(Side.B, "m-00").master().summary()).isEqualTo("Planning, again");
        assertThat(f.mappingsOf("weekly")).extracting(EventMapping::status).containsOnly(SyncStatus.ACTIVE);
        f.assertSameOnBothSides();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aSeriesDeletedOnBothSidesIsRecordedWithoutAWrite(Pairing pairing) {
        SyncFixture f = synced(pairing);
        f.delete(Side.A, "m-00");
        f.delete(Side.B, "m-00");

        SyncReport report = f.sync();

        assertThat(report.writes()).isZero();
        assertThat(f.mappingsOf("m-00")).extracting(EventMapping::status).containsOnly(SyncStatus.DELETED);
        assertThat(deletes(f)).singleElement().satisfies(op -> {
            assertThat(op.target()).isNull();
            assertThat(op.evidence()).isEqualTo(DeletionEvidence.TOKEN_DELTA);
        });
        f.assertSameOnBothSides();
    }
}
