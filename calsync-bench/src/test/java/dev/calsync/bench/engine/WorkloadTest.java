package dev.calsync.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.event.EventSeries;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark's calendar has the mix it promises, and is the same for the same seed. */
class WorkloadTest {

    @Test
    void mixIsAboutSeventyTwentyTen() {
        List<EventSeries> calendar = new Workload(7).series(5_000);
        Map<Workload.Shape, Integer> shapes = new EnumMap<>(Workload.Shape.class);
        calendar.forEach(s -> shapes.merge(Workload.shapeOf(s), 1, Integer::sum));

        assertThat(shapes.get(Workload.Shape.SINGLE)).isBetween(3_350, 3_650);
        assertThat(shapes.get(Workload.Shape.RECURRING)).isBetween(850, 1_150);
        assertThat(shapes.get(Workload.Shape.RECURRING_WITH_OVERRIDES)).isBetween(400, 600);
    }

    @Test
    void recurringWithOverridesHasOneToThreeOverridesAndAtMostTwoCancellations() {
        for (int i = 0; i < 200; i++) {
            EventSeries s = new Workload(i).newSeries(Workload.Shape.RECURRING_WITH_OVERRIDES);
            assertThat(s.master().recurrence().recurs()).isTrue();
            assertThat(s.overrides()).hasSizeBetween(1, 3);
            assertThat(s.cancelledOccurrences()).hasSizeLessThanOrEqualTo(2);
            assertThat(Workload.components(s))
                    .isEqualTo(
                            1 + s.overrides().size() + s.cancelledOccurrences().size());
        }
    }

    @Test
    void uidsAreDistinctAndTheSameSeedGivesTheSameCalendar() {
        List<EventSeries> first = new Workload(3).series(2_000);
        Set<String> uids = new HashSet<>();
        first.forEach(s -> uids.add(s.uid()));

        assertThat(uids).hasSize(2_000);
        assertThat(new Workload(3).series(2_000)).isEqualTo(first);
        assertThat(new Workload(4).series(10)).isNotEqualTo(first.subList(0, 10));
    }

    @Test
    void churnSplitsSixtyTwentyTwenty() {
        assertThat(Churn.of(10)).isEqualTo(new Churn(6, 2, 2));
        assertThat(Churn.of(1_000)).isEqualTo(new Churn(600, 200, 200));
        assertThat(Churn.of(2)).isEqualTo(new Churn(2, 0, 0));
        assertThat(Churn.of(1_000).total()).isEqualTo(1_000);
    }
}
