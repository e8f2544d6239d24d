package dev.calsync.testkit.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class SourceTest {

    @Test
    void theSameSeedGivesTheSameDraws() {
        Source a = Source.of(new Random(42));
        Source b = Source.of(new Random(42));
        for (int i = 0; i < 1000; i++) {
            assertThat(a.between(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(b.between(Long.MIN_VALUE, Long.MAX_VALUE));
            assertThat(a.between(-3, 7)).isEqualTo(b.between(-3, 7));
        }
    }

    @Test
    void randomDrawsStayInsideTheirBoundsAndReachBoth() {
        Source s = Source.of(new Random(1));
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            long v = s.between(-2L, 2L);
            assertThat(v).isBetween(-2L, 2L);
            seen.add(v);
            assertThat(s.between(Long.MAX_VALUE - 1, Long.MAX_VALUE)).isGreaterThanOrEqualTo(Long.MAX_VALUE - 1);
            assertThat(s.between(Long.MIN_VALUE, Long.MIN_VALUE + 1)).isLessThanOrEqualTo(Long.MIN_VALUE + 1);
        }
        assertThat(seen).containsExactlyInAnyOrder(-2L, -1L, 0L, 1L, 2L);
    }

    @Test
    void anEmptyRangeIsRefused() {
        assertThatThrownBy(() -> Source.of(new Random(1)).between(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Source.of(new Random(1)).pick(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void weightedDrawsFollowTheirWeights() {
        Source s = Source.of(new Random(7));
        int[] counts = new int[3];
        for (int i = 0; i < 10_000; i++) {
            counts[s.weighted(1, 0, 3)]++;
        }
        assertThat(counts[1]).isZero();
        assertThat(counts[2]).isBetween(7000, 8000);
    }

    @Test
    void shuffleGivesAPermutationAndTheLowestDrawsKeepTheOrder() {
        List<Integer> items = IntStream.range(0, 20).boxed().toList();
        List<Integer> shuffled = Source.of(new Random(3)).shuffle(items);
        assertThat(shuffled).containsExactlyInAnyOrderElementsOf(items).isNotEqualTo(items);
        Source lowest = (lo, hi) -> lo;
        assertThat(lowest.shuffle(items)).isEqualTo(items);
    }

    @Test
    void quickTheoriesDrawsStayInsideTheirBounds() {
        Gen<List<Long>> draws = CalendarGens.gen(source -> {
            List<Long> out = new ArrayList<>();
            out.add(source.between(-5L, 5L));
            out.add((long) source.between(10, 12));
            out.add(source.chance(0) ? 1L : 0L);
            out.add(source.chance(100) ? 1L : 0L);
            return out;
        });
        qt().withExamples(500).forAll(draws).checkAssert(d -> {
            assertThat(d.get(0)).isBetween(-5L, 5L);
            assertThat(d.get(1)).isBetween(10L, 12L);
            assertThat(d.get(2)).isZero();
            assertThat(d.get(3)).isOne();
        });
    }

    @Test
    void quickTheoriesShrinksEachDrawTowardsItsLowerBound() {
        // A property that fails whenever the draw is >= 100 must shrink to exactly 100.
        Gen<Long> gen = CalendarGens.gen(source -> source.between(50L, 1_000_000L));
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> qt().withExamples(2000).withFixedSeed(11).forAll(gen).check(v -> v < 100));
        assertThat(failure)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Smallest found falsifying value(s) :-\n100\n");
    }
}
