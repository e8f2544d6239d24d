package dev.calsync.testkit.sync;

import dev.calsync.core.spi.MappingStore;
import dev.calsync.testkit.generate.Generator;
import dev.calsync.testkit.memory.InMemoryCalendarProvider.StorageMode;
import java.util.List;
import java.util.Objects;

/**
 * A {@link History} together with the in-memory calendars it runs on: the storage kind of each side
 * and the providers' seed. Printed as the calendars, then the history, so a shrunk failure says
 * everything needed to replay it.
 *
 * @param a side A's storage kind
 * @param b side B's storage kind
 * @param seed the in-memory providers' seed (their faults draw from it)
 * @param history the history
 */
public record InMemoryHistory(StorageMode a, StorageMode b, long seed, History history) {

    /**
     * Checks the parts.
     *
     * @param a side A's storage kind
     * @param b side B's storage kind
     * @param seed the providers' seed
     * @param history the history
     * @throws NullPointerException if a part is null
     */
    public InMemoryHistory {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(history, "history");
    }

    /**
     * {@return histories of {@code histories} on every pairing of the two storage kinds}
     *
     * @param histories the histories
     */
    public static Generator<InMemoryHistory> over(Generator<History> histories) {
        List<StorageMode> modes = List.of(StorageMode.values());
        return in -> new InMemoryHistory(in.pick(modes), in.pick(modes), in.between(0, 1_000_000), histories.apply(in));
    }

    /** {@return fresh calendars for this history, with a fresh in-memory store} */
    public InMemorySyncSubject subject() {
        return InMemorySyncSubject.create(a, b, seed);
    }

    /**
     * {@return fresh calendars for this history, with {@code store} (empty), closed with the subject}
     *
     * @param store an empty store
     */
    public InMemorySyncSubject subject(MappingStore store) {
        return InMemorySyncSubject.create(a, b, seed, store);
    }

    @Override
    public String toString() {
        return "A " + a + ", B " + b + ", provider seed " + seed + "\n" + history;
    }
}
