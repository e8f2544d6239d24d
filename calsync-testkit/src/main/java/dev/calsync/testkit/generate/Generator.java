package dev.calsync.testkit.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Makes one value of {@code T} from the choices a {@link Source} gives. Generators are pure
 * functions of the source's draws: no hidden randomness, no shared state, so they are safe to share
 * between threads (each thread with its own source).
 *
 * <p>Use one from any tool: {@code generator.apply(Source.of(new Random(seed)))}, or as a
 * QuickTheories {@code Gen} through {@link CalendarGens#gen(Generator)}.
 *
 * @param <T> the type of the values made
 */
@FunctionalInterface
public interface Generator<T> {

    /** Draws one value from {@code source}. */
    T apply(Source source);

    /** A generator of {@code f} applied to this generator's values. */
    default <R> Generator<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return source -> f.apply(apply(source));
    }

    /** A generator that draws a value of this generator, then a value of the generator {@code f} gives for it. */
    default <R> Generator<R> flatMap(Function<? super T, ? extends Generator<? extends R>> f) {
        Objects.requireNonNull(f, "f");
        return source -> f.apply(apply(source)).apply(source);
    }

    /**
     * A generator of lists of {@code min} to {@code max} values of this generator (shrinking towards
     * {@code min}).
     *
     * @throws IllegalArgumentException if {@code min < 0} or {@code min > max}
     */
    default Generator<List<T>> list(int min, int max) {
        checkSize(min, max);
        return source -> {
            int n = source.between(min, max);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(apply(source));
            }
            return out;
        };
    }

    /**
     * A generator of lists of {@code min} to {@code max} values of this generator, no two with the
     * same {@code key}. A value whose key was already drawn is drawn again, a bounded number of times;
     * the list may then be shorter than {@code min} when the generator has too few distinct keys.
     *
     * @throws IllegalArgumentException if {@code min < 0} or {@code min > max}
     */
    default Generator<List<T>> distinctList(int min, int max, Function<? super T, ?> key) {
        checkSize(min, max);
        Objects.requireNonNull(key, "key");
        return source -> {
            int n = source.between(min, max);
            Map<Object, T> out = new LinkedHashMap<>();
            for (int attempts = 0; out.size() < n && attempts < 10 * n + 10; attempts++) {
                T value = apply(source);
                out.putIfAbsent(key.apply(value), value);
            }
            return new ArrayList<>(out.values());
        };
    }

    /** This generator, but null with probability {@code percent}/100 (null is the simpler answer). */
    default Generator<T> orNull(int percent) {
        return source -> source.chance(100 - percent) ? apply(source) : null;
    }

    /** A generator that always gives {@code value}. */
    static <T> Generator<T> constant(T value) {
        return source -> value;
    }

    /** A generator that picks one of {@code options} uniformly and draws from it; the first is the simplest. */
    @SafeVarargs
    static <T> Generator<T> oneOf(Generator<? extends T>... options) {
        List<Generator<? extends T>> list = List.of(options);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no generators to choose from");
        }
        return source -> source.pick(list).apply(source);
    }

    private static void checkSize(int min, int max) {
        if (min < 0 || min > max) {
            throw new IllegalArgumentException("bad size range [" + min + ", " + max + "]");
        }
    }
}
