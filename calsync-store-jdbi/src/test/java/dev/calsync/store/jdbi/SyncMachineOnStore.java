package dev.calsync.store.jdbi;

import static org.quicktheories.QuickTheory.qt;

import dev.calsync.core.Side;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.testkit.contract.ProviderTestHarness;
import dev.calsync.testkit.generate.CalendarGens;
import dev.calsync.testkit.sync.Histories;
import dev.calsync.testkit.sync.InMemoryHistory;
import dev.calsync.testkit.sync.InMemorySyncSubject;
import dev.calsync.testkit.sync.SubjectFaults;
import dev.calsync.testkit.sync.SyncMachine;
import dev.calsync.testkit.sync.SyncSubject;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The sync engine's stateful properties (P1–P7 of {@link SyncMachine}) with a database store: the
 * approach of the testkit's {@code SyncMachineProperties}, over in-memory calendars of both storage
 * kinds, each history on a fresh, empty {@link JdbiMappingStore} supplied by the subclass. The seed
 * is printed and can be fixed with {@code -Dcalsync.seed=N}; the number of histories per property
 * with {@code -Dcalsync.store.histories=N} (default {@value #DEFAULT_HISTORIES}).
 */
abstract class SyncMachineOnStore {

    static final int DEFAULT_HISTORIES = 100;
    static final long SEED = Long.getLong("calsync.seed", System.nanoTime());
    static final int HISTORIES = Integer.getInteger("calsync.store.histories", DEFAULT_HISTORIES);

    private static final AtomicReference<SyncMachine.Stats> STATS = new AtomicReference<>(SyncMachine.Stats.NONE);

    /** A fresh, empty store for one history; closed when the history ends. */
    protected abstract JdbiMappingStore freshStore();

    /** Closes a store {@link #freshStore()} gave, when its history ends. */
    protected abstract void done(JdbiMappingStore store);

    @AfterAll
    static void reportWork() {
        // Classes run one after another: report this class's work and start afresh for the next.
        System.out.println("exercised: " + STATS.getAndSet(SyncMachine.Stats.NONE));
    }

    private void check(InMemoryHistory run) {
        try {
            SyncMachine.Stats stats = SyncMachine.check(run.history(), () -> {
                JdbiMappingStore store = freshStore();
                return new StoreSubject(run.subject(store), () -> done(store));
            });
            STATS.accumulateAndGet(stats, SyncMachine.Stats::plus);
        } catch (AssertionError e) {
            throw new AssertionError("[seed " + SEED + "] " + e.getMessage(), e);
        }
    }

    @Test
    void everySyncLeavesBothSidesEqualCompleteAndQuiet(TestReporter reporter) {
        reporter.publishEntry("seed", Long.toString(SEED));
        qt().withFixedSeed(SEED)
                .withExamples(HISTORIES)
                .withShrinkCycles(100)
                .forAll(CalendarGens.gen(InMemoryHistory.over(Histories.generator(24, false, false))))
                .checkAssert(this::check);
    }

    @Test
    void aCrashAtAnyWriteIsRecoveredByTheNextSync(TestReporter reporter) {
        reporter.publishEntry("seed", Long.toString(SEED));
        qt().withFixedSeed(SEED + 1)
                .withExamples(HISTORIES)
                .withShrinkCycles(100)
                .forAll(CalendarGens.gen(InMemoryHistory.over(Histories.withCrash())))
                .checkAssert(this::check);
    }

    @Test
    void massDeletionIsRefusedUnlessAllowed(TestReporter reporter) {
        reporter.publishEntry("seed", Long.toString(SEED));
        qt().withFixedSeed(SEED + 2)
                .withExamples(HISTORIES)
                .withShrinkCycles(100)
                .forAll(CalendarGens.gen(InMemoryHistory.over(Histories.withMassDeletion())))
                .checkAssert(this::check);
    }

    /** An {@link InMemorySyncSubject} whose store is released when the history ends. */
    private record StoreSubject(InMemorySyncSubject delegate, Runnable onClose) implements SyncSubject {
        @Override
        public CalendarProvider provider(Side side) {
            return delegate.provider(side);
        }

        @Override
        public ProviderTestHarness harness(Side side) {
            return delegate.harness(side);
        }

        @Override
        public String calendar(Side side) {
            return delegate.calendar(side);
        }

        @Override
        public MappingStore store() {
            return delegate.store();
        }

        @Override
        public String pairId() {
            return delegate.pairId();
        }

        @Override
        public SubjectFaults faults(Side side) {
            return delegate.faults(side);
        }

        /** The test decides what happens to its store (closed, or emptied for the next history). */
        @Override
        public void close() {
            onClose.run();
        }
    }
}
