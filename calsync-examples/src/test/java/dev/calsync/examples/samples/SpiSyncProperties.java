package dev.calsync.examples.samples;

import static org.quicktheories.QuickTheory.qt;

import dev.calsync.testkit.generate.CalendarGens;
import dev.calsync.testkit.sync.Histories;
import dev.calsync.testkit.sync.InMemoryHistory;
import dev.calsync.testkit.sync.SyncMachine;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A QuickTheories property over a host's own sync, as {@code docs/spi.md} shows it: the testkit's
 * {@link SyncMachine} runs random histories (user edits on both sides, faults, crashing syncs, mass
 * deletions) against in-memory calendars of both kinds and the host's {@link CustomMappingStore},
 * and checks P1–P7 after every sync. The seed is printed; {@code -Dcalsync.seed=N} replays it.
 */
class SpiSyncProperties {
    private static final long SEED = Long.getLong("calsync.seed", System.nanoTime());
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    static Path dir;

    @BeforeAll
    static void announceSeed() {
        System.out.println("SpiSyncProperties: seed " + SEED + " (rerun with -Dcalsync.seed=" + SEED + ")");
    }

    /** A new, empty store file for each history. */
    static CustomMappingStore freshStore() {
        return CustomMappingStore.open(dir.resolve("store-" + FILES.incrementAndGet() + ".json"));
    }

    @Test
    void everyHistoryKeepsTheSyncPropertiesOnOurStore() {
        // quicktheories:begin
        qt().withFixedSeed(SEED)
                .withExamples(60)
                .forAll(CalendarGens.gen(InMemoryHistory.over(Histories.generator())))
                .checkAssert(run -> SyncMachine.check(run.history(), () -> run.subject(freshStore())));
        // quicktheories:end
    }
}
