package dev.calsync.properties;

import static org.quicktheories.QuickTheory.qt;

import dev.calsync.testkit.generate.CalendarGens;
import dev.calsync.testkit.sync.Histories;
import dev.calsync.testkit.sync.InMemoryHistory;
import dev.calsync.testkit.sync.SyncMachine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The sync engine's stateful properties (P1–P7 of {@link SyncMachine}) over random histories, on
 * in-memory calendars of both storage kinds: CalDAV-like (a series is one resource) and Google-like
 * (an entity per master and instance), in all three pairings. The seed is printed and can be fixed
 * with {@code -Dcalsync.seed=N}; the number of histories with {@code -Dcalsync.histories=N}.
 */
class SyncMachineProperties {

    private static final long SEED = Long.getLong("calsync.seed", System.nanoTime());
    private static final int HISTORIES = Integer.getInteger("calsync.histories", 500);

    @BeforeAll
    static void announceSeed() {
        System.out.println("SyncMachineProperties: seed " + SEED + ", " + HISTORIES
                + " histories per property (rerun with -Dcalsync.seed=" + SEED + ")");
    }

    private static final java.util.concurrent.atomic.AtomicReference<SyncMachine.Stats> STATS =
            new java.util.concurrent.atomic.AtomicReference<>(SyncMachine.Stats.NONE);

    @org.junit.jupiter.api.AfterAll
    static void reportWork() {
        System.out.println("SyncMachineProperties exercised: " + STATS.get());
    }

    private static void check(InMemoryHistory run) {
        try {
            SyncMachine.Stats stats = SyncMachine.check(run.history(), run::subject);
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
                .withShrinkCycles(200)
                .forAll(CalendarGens.gen(InMemoryHistory.over(Histories.generator(24, false, false))))
                .checkAssert(SyncMachineProperties::check);
    }

    @Test
    void aCrashAtAnyWriteIsRecoveredByTheNextSync(TestReporter reporter) {
        reporter.publishEntry("seed", Long.toString(SEED));
        qt().withFixedSeed(SEED + 1)
                .withExamples(HISTORIES)
                .withShrinkCycles(200)
                .forAll(CalendarGens.gen(InMemoryHistory.over(Histories.withCrash())))
                .checkAssert(SyncMachineProperties::check);
    }

    @Test
    void massDeletionIsRefusedUnlessAllowed(TestReporter reporter) {
        reporter.publishEntry("seed", Long.toString(SEED));
        qt().withFixedSeed(SEED + 2)
                .withExamples(HISTORIES)
                .withShrinkCycles(200)
                .forAll(CalendarGens.gen(InMemoryHistory.over(Histories.withMassDeletion())))
                .checkAssert(SyncMachineProperties::check);
    }
}
