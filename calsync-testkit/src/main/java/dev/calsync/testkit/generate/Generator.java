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

    /**
     * {@return one value drawn from {@code source}}
     *
     * @param source the source of randomness
     */
    T apply(Source source);

    /**
     * {@return a generator of {@code f} applied to this generator's values}
     *
     * @param <R> the type of the new values
     * @param f the function
     */
    default <R> Generator<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return source -> f.apply(apply(source));
    }

    /**
     * {@return a generator that draws a value of this generator, then a value of the generator {@code f} gives for it}
     *
     * @param <R> the type of the new values
     * @param f gives the generator for a value
     */
    default <R> Generator<R> flatMap(Function<? super T, ? extends Generator<? extends R>> f) {
        Objects.requireNonNull(f, "f");
        return source -> f.apply(apply(source)).apply(source);
    }

    /**
     * A generator of lists of {@code min} to {@code max} values of this generator (shrinking towards
     * {@code min}).
     *
     * @param min the fewest values
     * @param max the most values
     * @return the generator of lists
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
     * @param min the fewest values
     * @param max the most values
     * @param key what must differ between values
     * @return the generator of lists
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

    /**
     * {@return this generator, but null with probability {@code percent}/100 (null is the simpler answer)}
     *
     * @param percent the probability of null, in percent
     */
    default Generator<T> orNull(int percent) {
        return source -> source.chance(100 - percent) ? apply(source) : null;
    }

    /**
     * {@return a generator that always gives {@code value}}
     *
     * @param <T> the type of the value
     * @param value the value
     */
    static <T> Generator<T> constant(T value) {
        return source -> value;
    }

    /**
     * {@return a generator that picks one of {@code options} uniformly and draws from it; the first is the simplest}
     *
     * @param <T> the type of the values
     * @param options the generators to pick from
     */
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
