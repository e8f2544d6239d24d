package dev.calsync.testkit.sync;

import dev.calsync.core.Side;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.testkit.contract.ProviderTestHarness;

/**
 * What one history of the {@link SyncMachine} runs against: a fresh pair of empty calendars on two
 * providers, a fresh store holding the pair, and the means to act on each calendar as a user. An
 * integrator implements it for their own provider or store; {@link InMemorySyncSubject} is the
 * in-memory one.
 */
public interface SyncSubject extends AutoCloseable {

    /**
     * {@return the provider of {@code side}}
     *
     * @param side the side
     */
    CalendarProvider provider(Side side);

    /**
     * {@return what acts on {@code side}'s calendar as a user would}
     *
     * @param side the side
     */
    ProviderTestHarness harness(Side side);

    /**
     * {@return the calendar id of {@code side}, empty at the start}
     *
     * @param side the side
     */
    String calendar(Side side);

    /** {@return the store, already holding the pair {@link #pairId()}} */
    MappingStore store();

    /** {@return the pair the machine syncs} */
    String pairId();

    /**
     * {@return the faults {@code side} can inject (none by default)}
     *
     * @param side the side
     */
    default SubjectFaults faults(Side side) {
        return new SubjectFaults() {};
    }

    /** Releases the calendars and the store. */
    @Override
    default void close() {}
}
