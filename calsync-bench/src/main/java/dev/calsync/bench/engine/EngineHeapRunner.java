package dev.calsync.bench.engine;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.sync.SyncReport;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The peak-heap measurement, run by {@link EngineBenchmark} in a JVM of its own with a bounded
 * {@code -Xmx}: loads {@code events} series of the {@link Workload} into side A, then runs the
 * initial sync to an empty side B on an {@link IndexedMappingStore} and prints one line, {@code
 * HEAP key=value ...}, with (in bytes):
 *
 * <ul>
 *   <li>{@code baseline}: heap used after a full GC once side A holds the calendar, before the sync
 *       (the providers' data, the JVM's own);
 *   <li>{@code peakLive}: the most heap any GC during the sync left in use (the live set at its
 *       peak: side A, side B as it fills, the store, and what the engine holds);
 *   <li>{@code peakPools}: the sum of each heap pool's peak use during the sync (an upper bound
 *       that counts garbage not yet collected; a collector fills the heap it is given);
 *   <li>{@code retained}: heap used after a full GC once the sync returned (both calendars and the
 *       store; the engine keeps nothing);
 *   <li>{@code max}: the heap the JVM may use ({@code -Xmx}).
 * </ul>
 *
 * plus {@code fit=true}, or {@code fit=false} after an {@link OutOfMemoryError}.
 *
 * <p>Usage: {@code java -Xmx256m -cp ... dev.calsync.bench.engine.EngineHeapRunner <events>}.
 */
public final class EngineHeapRunner {

    private EngineHeapRunner() {}

    /** Runs the measurement and prints the {@code HEAP} line. */
    public static void main(String[] args) {
        int events = Integer.parseInt(args[0]);
        EngineFixture fixture = new EngineFixture(EngineFixture.StoreKind.INDEXED);
        List<EventSeries> calendar = new Workload(42).series(events);
        fixture.putA(calendar);
        calendar = null;
        long baseline = usedAfterFullGc();
        AtomicLong peakLive = new AtomicLong(baseline);
        AtomicLong collections = new AtomicLong();
        listenToCollections(peakLive, collections);
        List<MemoryPoolMXBean> pools = heapPools();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        boolean fit = true;
        long nanos = System.nanoTime();
        long writes = 0;
        try {
            SyncReport report = fixture.sync();
            writes = report.writes();
        } catch (OutOfMemoryError e) {
            fit = false;
        }
        nanos = System.nanoTime() - nanos;
        long peakPools =
                pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long retained = fit ? usedAfterFullGc() : -1;
        String gcs = String.join(
                "+",
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName)
                        .toList());
        System.out.printf(
                Locale.ROOT,
                "HEAP events=%d fit=%s writes=%d seconds=%.2f baseline=%d peakLive=%d peakPools=%d retained=%d max=%d"
                        + " collections=%d gc=%s%n",
                events,
                fit,
                writes,
                nanos / 1e9,
                baseline,
                peakLive.get(),
                peakPools,
                retained,
                Runtime.getRuntime().maxMemory(),
                collections.get(),
                gcs.replace(' ', '_'));
        System.exit(fit ? 0 : 3);
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
    }

    private static long usedAfterFullGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Keeps in {@code peakLive} the most heap in use after any collection from now on. */
    private static void listenToCollections(AtomicLong peakLive, AtomicLong collections) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc)
                    .addNotificationListener(
                            (notification, handback) -> {
                                if (!notification
                                        .getType()
                                        .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                                    return;
                                }
                                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                                        (CompositeData) notification.getUserData());
                                long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                        .filter(e -> isHeapPool(e.getKey()))
                                        .map(java.util.Map.Entry::getValue)
                                        .mapToLong(MemoryUsage::getUsed)
                                        .sum();
                                collections.incrementAndGet();
                                peakLive.accumulateAndGet(used, Math::max);
                            },
                            null,
                            null);
        }
    }

    private static boolean isHeapPool(String name) {
        return heapPools().stream().anyMatch(p -> p.getName().equals(name));
    }
}
