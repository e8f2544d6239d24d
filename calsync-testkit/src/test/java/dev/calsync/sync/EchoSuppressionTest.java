package dev.calsync.sync;

import static dev.calsync.sync.Events.meetings;
import static dev.calsync.sync.Events.retitled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.Side;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.sync.PlannedOperation;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.sync.SyncFixture.Pairing;
import dev.calsync.testkit.generate.EventGenerators;
import dev.calsync.testkit.generate.Source;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Rule 6: the engine recognises its own writes; a sync right after one that wrote plans and writes nothing. */
class EchoSuppressionTest {

    private static void assertQuiet(SyncReport report) {
        assertThat(report.writes()).as("writes").isZero();
        assertThat(report.plan())
                .as("planned writes")
                .filteredOn(op -> op.target() != null)
                .isEmpty();
        assertThat(report.plan()).extracting(PlannedOperation::uid).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aSyncRightAfterOneThatWroteToBothSidesWritesNothing(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("a", 3).forEach(s -> f.put(Side.A, s));
        f.put(Side.A, Events.weeklySeries("weekly-a"));
        meetings("b", 3).forEach(s -> f.put(Side.B, s));
        f.put(Side.B, Events.weeklySeries("weekly-b"));

        SyncReport first = f.sync();
        assertThat(first.count(Side.A, dev.calsync.core.spi.SyncOperation.Kind.CREATE))
                .isEqualTo(4);
        assertThat(first.count(Side.B, dev.calsync.core.spi.SyncOperation.Kind.CREATE))
                .isEqualTo(4);

        assertQuiet(f.sync());
        assertQuiet(f.sync());
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void aSyncRightAfterUpdatesOnBothSidesWritesNothing(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("m", 4).forEach(s -> f.put(Side.A, s));
        f.put(Side.B, Events.weeklySeries("weekly"));
        f.syncUntilQuiet();
        f.edit(Side.A, "weekly", s -> Events.overrideRetitled(s, Events.weeklyRid(4), "Guests cancelled"));
        f.edit(Side.B, "m-02", s -> retitled(s, "Planning, edited on B"));

        SyncReport updates = f.sync();
        assertThat(updates.writes()).isEqualTo(2);

        assertQuiet(f.sync());
        f.assertSameOnBothSides();
    }

    @ParameterizedTest
    @EnumSource(Pairing.class)
    void serversThatChangeETagsOnEveryReadCauseNoWrites(Pairing pairing) {
        SyncFixture f = new SyncFixture(pairing);
        meetings("m", 3).forEach(s -> f.put(Side.A, s));
        f.put(Side.B, Events.weeklySeries("weekly"));
        f.a.faults().volatileEtags(true);
        f.b.faults().volatileEtags(true);
        f.sync();

        assertQuiet(f.sync());
        assertQuiet(f.sync(
                dev.calsync.core.sync.SyncOptions.builder().forceFullSync(true).build()));
        f.assertSameOnBothSides();
    }

    static Stream<Arguments> pairingsAndSeeds() {
        return Stream.of(Pairing.values())
                .flatMap(p -> Stream.of(1L, 2L, 3L, 4L).map(seed -> Arguments.of(p, seed)));
    }

    @ParameterizedTest
    @MethodSource("pairingsAndSeeds")
    void generatedSeriesCopiedBothWaysAreNotCopiedBack(Pairing pairing, long seed) {
        SyncFixture f = new SyncFixture(pairing);
        Source source = Source.of(new Random(seed));
        Set<String> uids = new HashSet<>();
        int placed = 0;
        while (placed < 20) {
            EventSeries s = EventGenerators.series().apply(source);
            if (s.isCancelled() || !uids.add(s.uid())) {
                continue;
            }
            f.put(placed % 2 == 0 ? Side.A : Side.B, s);
            placed++;
        }

        SyncReport first = f.sync();
        assertThat(first.writes()).isEqualTo(20);

        assertQuiet(f.sync());
        f.assertSameOnBothSides();
    }
}
