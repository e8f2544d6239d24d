package dev.calsync.core.spi;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where calsync remembers what it synced: pairs, tokens, leases, event mappings, the operation
 * journal and the retry queue. Implementations must be thread-safe; each {@link #inTransaction} is
 * atomic and isolated from the others. Transactions do not nest. Mappings, journal entries and retry
 * items of a pair that does not exist are refused with {@link IllegalArgumentException}.
 */
public interface MappingStore {

    /**
     * Runs {@code work} in one transaction: it commits when {@code work} returns and rolls back when it
     * throws (the exception is rethrown).
     *
     * @param <T> what {@code work} returns
     * @param work the work, given the open transaction
     * @return what {@code work} returned
     */
    <T> T inTransaction(Function<MappingTransaction, T> work);

    /**
     * {@link #inTransaction} for work that returns nothing.
     *
     * @param work the work, given the open transaction
     */
    default void useTransaction(Consumer<MappingTransaction> work) {
        inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }
}
