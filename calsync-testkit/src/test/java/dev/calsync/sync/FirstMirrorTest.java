package dev.calsync.sync;

import static dev.calsync.sync.Events.meeting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.sync.PlannedOperation;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.sync.SyncFixture.Pairing;
import dev.calsync.testkit.generate.EventGenerators;
import dev.calsync.testkit.generate.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rule 4: the first sync of calendars that already share UIDs adopts equal series without writing
 * and resolves different ones as conflicts, never creating a second copy.
 */
class FirstMirrorTest {

    private static EventSeries withSequence(EventSeries s, int sequence) {
        return EventSeries.of(s.master().toBuilder().sequence(sequence).build());
    }

    private static void assertOneCopyOfEachUid(SyncFixture f, SyncReport report, int expected) {
        assertThat(f.series(Side.A)).hasSize(expected);
        assertThat(f.series(Side.B)).hasSize(expected);
        assertThat(report.duplicates()).isEmpty();
        assertThat(report.count(Side.A, SyncOperation.Kind.CREATE)).isZero();
        assertThat(report.count(Side.B, SyncOperation.Kind.CREATE)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void theSameUidWithEqualContentOnBothSidesIsAdoptedWithoutAWrite(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        for (Side side : Side.values()) {
            f.put(side, meeting("shared", "Board meeting"));
            f.put(side, Events.weeklySeries("weekly"));
        }

        SyncReport report = f.sync();

        assertThat(report.writes()).isZero();
        assertThat(report.plan())
                .extracting(PlannedOperation::uid, PlannedOperation::kind, PlannedOperation::rule)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "shared", SyncOperation.Kind.ADOPT, DecidingRule.CONTENT_EQUAL),
                        org.assertj.core.groups.Tuple.tuple(
                                "weekly", SyncOperation.Kind.ADOPT, DecidingRule.CONTENT_EQUAL));
        assertThat(f.journal()).extracting(SyncOperation::kind).containsOnly(SyncOperation.Kind.ADOPT);
        assertThat(f.mappings(SyncStatus.ACTIVE)).isNotEmpty().allSatisfy(m -> {
            assertThat(m.a()).as("A side of %s", m.key()).isNotNull();
            assertThat(m.b()).as("B side of %s", m.key()).isNotNull();
        });
        assertOneCopyOfEachUid(f, report, 2);
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void manyGeneratedSeriesPresentOnBothSidesAreAllAdopted(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        Source source = Source.of(new Random(20300301L));
        List<EventSeries> all = new ArrayList<>();
        Set<String> uids = new HashSet<>();
        while (all.size() < 25) {
            EventSeries s = EventGenerators.series().apply(source);
            if (!s.isCancelled() && uids.add(s.uid())) {
                all.add(s);
            }
        }
        for (EventSeries s : all) {
            f.put(Side.A, s);
            f.put(Side.B, s);
        }

        SyncReport report = f.sync();

        assertThat(report.writes()).isZero();
        assertThat(report.plan()).extracting(PlannedOperation::kind).containsOnly(SyncOperation.Kind.ADOPT);
        assertOneCopyOfEachUid(f, report, all.size());
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void differentContentIsAConflictTheHigherSequenceWins(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.A, withSequence(meeting("shared", "Board meeting"), 1));
        f.put(Side.B, withSequence(meeting("shared", "Board meeting, moved to room 7"), 4));

        SyncReport report = f.sync();

        assertThat(report.conflictsByRule()).isEqualTo(Map.of(DecidingRule.SEQUENCE, 1L));
        assertThat(report.plan())
                .singleElement()
                .isEqualTo(new PlannedOperation(
                        "shared",
                        SyncOperation.Kind.UPDATE,
                        Side.A,
                        dev.calsync.core.spi.DeletionEvidence.NONE,
                        DecidingRule.SEQUENCE));
        assertThat(f.series(Side.A, "shared").master().summary()).isEqualTo("Board meeting, moved to room 7");
        assertThat(f.journal("shared")).singleElement().satisfies(op -> {
            assertThat(op.kind()).isEqualTo(SyncOperation.Kind.UPDATE);
            assertThat(op.rule()).isEqualTo(DecidingRule.SEQUENCE);
            assertThat(op.target()).isEqualTo(Side.A);
        });
        f.assertSameOnBothSides();
        assertOneCopyOfEachUid(f, report, 1);
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void withEqualSequenceTheLaterModifiedSideWins(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.B, meeting("b-older", "Old title on B"));
        f.put(Side.A, meeting("a-older", "Old title on A"));
        f.clock.advance(Duration.ofHours(1));
        f.put(Side.A, meeting("b-older", "New title on A"));
        f.put(Side.B, meeting("a-older", "New title on B"));

        SyncReport report = f.sync();

        assertThat(report.conflictsByRule()).isEqualTo(Map.of(DecidingRule.TIMESTAMP, 2L));
        assertThat(f.series(Side.B, "b-older").master().summary()).isEqualTo("New title on A");
        assertThat(f.series(Side.A, "a-older").master().summary()).isEqualTo("New title on B");
        assertThat(f.journal())
                .extracting(SyncOperation::uid, SyncOperation::target, SyncOperation::rule)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("b-older", Side.B, DecidingRule.TIMESTAMP),
                        org.assertj.core.groups.Tuple.tuple("a-older", Side.A, DecidingRule.TIMESTAMP));
        f.assertSameOnBothSides();
        assertOneCopyOfEachUid(f, report, 2);
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void whenNothingElseDecidesThePreferredSideWins(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.A, meeting("shared", "Title on A"));
        f.put(Side.B, meeting("shared", "Title on B"));

        SyncReport report = f.sync();

        assertThat(report.conflictsByRule()).isEqualTo(Map.of(DecidingRule.PREFERRED_SIDE, 1L));
        assertThat(f.series(Side.B, "shared").master().summary()).isEqualTo("Title on A");
        assertThat(f.journal("shared")).singleElement().satisfies(op -> {
            assertThat(op.target()).isEqualTo(Side.B);
            assertThat(op.rule()).isEqualTo(DecidingRule.PREFERRED_SIDE);
        });
        f.assertSameOnBothSides();
        assertOneCopyOfEachUid(f, report, 1);
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void theWinningSeriesReplacesTheLoserWholeExtraOverridesIncluded(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.A, Events.weeklySeries("weekly"));
        EventSeries longer = Events.withCancelled(
                Events.overrideRetitled(Events.weeklySeries("weekly"), Events.weeklyRid(2), "Moved, on B"),
                Events.weeklyRid(8));
        f.put(Side.B, longer);

        SyncReport report = f.sync();

        assertThat(report.conflictsByRule()).isEqualTo(Map.of(DecidingRule.PREFERRED_SIDE, 1L));
        assertThat(f.hashes(Side.B, "weekly")).isEqualTo(f.hashes(Side.A, "weekly"));
        assertThat(f.series(Side.B, "weekly").allCancelledOccurrences())
                .containsExactly(Events.weeklyRid(5), Events.weeklyRid(7));
        assertThat(f.series(Side.B, "weekly")
                        .override(Events.weeklyRid(2))
                        .orElseThrow()
                        .summary())
                .isEqualTo("Stand-up (moved)");
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aSeriesOnBothSidesThatTheFirstFullListingOfOneSideLeftOutIsNotDuplicated(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.A, Events.weeklySeries("weekly"));
        f.put(Side.B, Events.weeklySeries("weekly"));
        f.put(Side.B, meeting("b-only", "Review"));
        f.a.faults().omitFromFullListings("weekly");

        SyncReport report = f.sync();

        assertThat(report.count(Side.A, SyncOperation.Kind.CREATE))
                .as("b-only only")
                .isEqualTo(1);
        assertThat(f.journal("weekly")).extracting(SyncOperation::kind).containsExactly(SyncOperation.Kind.ADOPT);
        assertThat(f.series(Side.A)).containsOnlyKeys("weekly", "b-only");
        f.assertSameOnBothSides();
        f.a.faults().clear();
        assertThat(f.sync().writes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aPairPreferringBGivesBTheConflictsNothingElseDecides(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        f.put(Side.A, Events.weeklySeries("weekly"));
        f.put(Side.B, Events.retitled(Events.weeklySeries("weekly"), "Stand-up (B's title)"));

        SyncReport report = f.sync(SyncOptions.builder().preferredSide(Side.B).build());

        assertThat(report.conflictsByRule()).isEqualTo(Map.of(DecidingRule.PREFERRED_SIDE, 1L));
        assertThat(f.series(Side.A, "weekly").master().summary()).isEqualTo("Stand-up (B's title)");
        assertThat(f.series(Side.A, "weekly").overrides()).hasSize(2);
        f.assertSameOnBothSides();
        assertOneCopyOfEachUid(f, report, 1);
        assertThat(f.mappingsOf("weekly")).extracting(EventMapping::status).containsOnly(SyncStatus.ACTIVE);
    }
}
