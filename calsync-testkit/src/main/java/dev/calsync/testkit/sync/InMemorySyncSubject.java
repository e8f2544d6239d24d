package dev.calsync.testkit.sync;

import dev.calsync.core.Side;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.testkit.contract.ProviderTestHarness;
import dev.calsync.testkit.memory.Faults;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryCalendarProvider.StorageMode;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link SyncSubject} of two {@link InMemoryCalendarProvider}s, with every fault they can inject,
 * and a store of the caller's choice (an {@link InMemoryMappingStore} by default), which {@link
 * #close()} closes if it is {@link AutoCloseable}.
 */
public final class InMemorySyncSubject implements SyncSubject {

    private final Map<Side, InMemoryCalendarProvider> providers = new EnumMap<>(Side.class);
    private final MappingStore store;

    private InMemorySyncSubject(StorageMode a, StorageMode b, long seed, MappingStore store) {
        providers.put(
                Side.A,
                InMemoryCalendarProvider.builder()
                        .storage(a)
                        .kind("memory-a")
                        .seed(seed)
                        .pageSize(7)
                        .writeBatchSize(batchSize(a))
                        .build());
        providers.put(
                Side.B,
                InMemoryCalendarProvider.builder()
                        .storage(b)
                        .kind("memory-b")
                        .seed(seed + 1)
                        .pageSize(7)
                        .writeBatchSize(batchSize(b))
                        .build());
        providers.get(Side.A).createCalendar("cal-a");
        providers.get(Side.B).createCalendar("cal-b");
        this.store = Objects.requireNonNull(store, "store");
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("pair", "cal-a", "cal-b")));
    }

    /** Google-like sides take writes in batches of 4, as Google's batch requests do; CalDAV-like ones singly. */
    private static int batchSize(StorageMode mode) {
        return mode == StorageMode.EVENT_ENTITIES ? 4 : 1;
    }

    /**
     * {@return two in-memory calendars with the given storage modes, and a fresh in-memory store}
     *
     * @param a side A's storage mode
     * @param b side B's storage mode
     * @param seed the providers' seed
     */
    public static InMemorySyncSubject create(StorageMode a, StorageMode b, long seed) {
        return new InMemorySyncSubject(a, b, seed, new InMemoryMappingStore());
    }

    /**
     * {@return two in-memory calendars and the given (empty) store, e.g. a real database store}
     *
     * @param a side A's storage mode
     * @param b side B's storage mode
     * @param seed the providers' seed
     * @param store an empty store
     */
    public static InMemorySyncSubject create(StorageMode a, StorageMode b, long seed, MappingStore store) {
        return new InMemorySyncSubject(a, b, seed, store);
    }

    /**
     * {@return the in-memory provider of {@code side}}
     *
     * @param side the side
     */
    public InMemoryCalendarProvider inMemory(Side side) {
        return providers.get(side);
    }

    @Override
    public CalendarProvider provider(Side side) {
        return providers.get(side);
    }

    @Override
    public ProviderTestHarness harness(Side side) {
        return providers.get(side);
    }

    @Override
    public String calendar(Side side) {
        return side == Side.A ? "cal-a" : "cal-b";
    }

    @Override
    public MappingStore store() {
        return store;
    }

    @Override
    public String pairId() {
        return "pair";
    }

    /** Closes the store if it holds resources (a database store's connections). */
    @Override
    public void close() {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the store failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public SubjectFaults faults(Side side) {
        return faultsOf(providers.get(side), calendar(side));
    }

    /**
     * Every fault an in-memory calendar can inject, as {@link SubjectFaults}: for a {@link
     * SyncSubject} of an integrator's own provider paired with an in-memory one.
     *
     * @param provider the in-memory provider
     * @param calendarId its calendar in the subject
     * @return the faults
     */
    public static SubjectFaults faultsOf(InMemoryCalendarProvider provider, String calendarId) {
        Faults faults = provider.faults();
        return new SubjectFaults() {
            @Override
            public boolean rateLimitNext(int count, Duration retryAfter) {
                faults.rateLimitNext(count, retryAfter);
                return true;
            }

            @Override
            public boolean preconditionRaces(int count) {
                faults.preconditionRaces(count);
                return true;
            }

            @Override
            public boolean omitFromFullListings(java.util.Collection<String> uids) {
                faults.omitFromFullListings(uids.toArray(String[]::new));
                return true;
            }

            @Override
            public boolean invalidateTokens() {
                faults.invalidateTokens(calendarId);
                return true;
            }

            @Override
            public boolean volatileEtags() {
                faults.volatileEtags(true);
                return true;
            }

            @Override
            public boolean crashAfterWrites(int writes, boolean applied) {
                faults.crashAfterWrites(
                        writes, applied ? Faults.CrashPoint.AFTER_APPLY : Faults.CrashPoint.BEFORE_APPLY);
                return true;
            }

            @Override
            public void clear() {
                faults.clear();
            }
        };
    }
}
