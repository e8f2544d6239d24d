package dev.calsync.testkit.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Where a {@link Generator} draws its random choices from. Every choice a generator makes goes
 * through {@link #between(long, long)}, so the same sequence of answers gives the same value: a
 * {@link Random} with a fixed seed reproduces a value, and QuickTheories can shrink a failing value
 * by shrinking each draw towards its lower bound.
 *
 * <p>Generators are written so that the lower bound of each draw is the simplest choice (no
 * attendees, the first zone of a list, no gap or overlap time), so shrinking leads to small
 * examples.
 *
 * <p>Implementations are not thread-safe: use one source per thread.
 */
public interface Source {

    /**
     * A uniformly drawn long in {@code [lo, hi]}, both inclusive.
     *
     * @param lo the lower bound
     * @param hi the upper bound
     * @return the drawn value
     * @throws IllegalArgumentException if {@code lo > hi}
     */
    long between(long lo, long hi);

    /**
     * A uniformly drawn int in {@code [lo, hi]}, both inclusive.
     *
     * @param lo the lower bound
     * @param hi the upper bound
     * @return the drawn value
     * @throws IllegalArgumentException if {@code lo > hi}
     */
    default int between(int lo, int hi) {
        return (int) between((long) lo, (long) hi);
    }

    /** {@return a fair coin; {@code false} is the simpler answer} */
    default boolean bool() {
        return between(0, 1) == 1;
    }

    /**
     * True with probability {@code percent}/100; {@code false} is the simpler answer.
     *
     * @param percent the probability of true, in percent
     * @return the drawn answer
     * @throws IllegalArgumentException if {@code percent} is not in {@code [0, 100]}
     */
    default boolean chance(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be in [0, 100]: " + percent);
        }
        return between(0, 99) >= 100 - percent;
    }

    /**
     * One element of {@code options}, uniformly; the first is the simplest.
     *
     * @param <T> the type of the options
     * @param options the options
     * @return the drawn option
     * @throws IllegalArgumentException if {@code options} is empty
     */
    default <T> T pick(List<T> options) {
        if (options.isEmpty()) {
            throw new IllegalArgumentException("nothing to pick from");
        }
        return options.get(between(0, options.size() - 1));
    }

    /**
     * An index into {@code weights}, drawn with probability proportional to its weight; index 0 is
     * the simplest.
     *
     * @param weights the weights, none negative
     * @return the drawn index
     * @throws IllegalArgumentException if there are no weights, one is negative, or all are 0
     */
    default int weighted(int... weights) {
        long total = 0;
        for (int w : weights) {
            if (w < 0) {
                throw new IllegalArgumentException("negative weight " + w);
            }
            total += w;
        }
        if (total == 0) {
            throw new IllegalArgumentException("no positive weight");
        }
        long r = between(0L, total - 1);
        for (int i = 0; i < weights.length; i++) {
            if (r < weights[i]) {
                return i;
            }
            r -= weights[i];
        }
        throw new AssertionError("unreachable");
    }

    /**
     * A permutation of {@code items} as a new mutable list; drawing the lower bound every time leaves
     * the order unchanged.
     *
     * @param <T> the type of the items
     * @param items the items
     * @return the permutation
     */
    default <T> List<T> shuffle(List<T> items) {
        List<T> out = new ArrayList<>(items);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = i - between(0, i);
            T tmp = out.get(i);
            out.set(i, out.get(j));
            out.set(j, tmp);
        }
        return out;
    }

    /**
     * A source drawing from {@code random}. The same seed gives the same draws, and so the same
     * generated values, on every JVM this Java version runs on.
     *
     * @param random the random number generator
     * @return the source
     */
    static Source of(Random random) {
        Objects.requireNonNull(random, "random");
        return (lo, hi) -> {
            check(lo, hi);
            if (hi == Long.MAX_VALUE) {
                if (lo == Long.MIN_VALUE) {
                    return random.nextLong();
                }
                // [lo, MAX] is (lo - 1, MAX]: draw from [lo - 1, MAX) and add one.
                return random.nextLong(lo - 1, hi) + 1;
            }
            return random.nextLong(lo, hi + 1);
        };
    }

    /**
     * A source drawing from QuickTheories: each draw is {@code in.next(Constraint.between(lo, hi))},
     * with {@code lo} as the shrink point, so QuickTheories records it and can shrink it towards
     * {@code lo}.
     *
     * @param in QuickTheories' randomness
     * @return the source
     */
    static Source of(RandomnessSource in) {
        Objects.requireNonNull(in, "in");
        return (lo, hi) -> {
            check(lo, hi);
            return in.next(Constraint.between(lo, hi).withShrinkPoint(lo));
        };
    }

    private static void check(long lo, long hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
        }
    }
}
