package dev.calsync.examples.samples;

import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.spi.SyncListener;
import dev.calsync.core.sync.SyncEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many pairs synced by several worker threads sharing one store, typically {@code
 * JdbiMappingStore.postgres(dataSource)}; the workers may as well run in several processes on
 * several machines, as long as each has its own worker id.
 *
 * <p>The engine takes a lease on a pair for every sync ({@link SyncEngine.Builder#workerId}, {@link
 * SyncEngine.Builder#leaseDuration}), so one pair is never synced by two workers at once. What a
 * worker adds is <em>choosing</em> pairs: it asks the store for the next due pair nobody holds with
 * {@link MappingTransaction#claimDue} (on PostgreSQL a {@code SELECT ... FOR UPDATE SKIP LOCKED}),
 * claiming it under the same worker id the engine uses, and then syncs it: the engine renews the
 * worker's own lease and releases it when the sync ends. A pair is due in a round when a side has not
 * stored a sync token since the round started, so a round syncs every enabled pair once and ends by
 * itself.
 *
 * <p>A pair whose sync fails is not tried again in the same round: the worker that failed claims it
 * back and holds it until the round ends (any worker that meets it again holds it too), so it
 * neither loops nor blocks the others. A worker that dies simply lets its leases expire; another
 * worker then takes the pair in a later round.
 */
public final class ManyPairsWorkers {
    private static final Logger log = LoggerFactory.getLogger(ManyPairsWorkers.class);

    private final MappingStore store;
    private final CalendarProvider sideA;
    private final CalendarProvider sideB;
    private final int workers;
    private final String workerIdPrefix;
    private final Duration leaseDuration;
    private final SyncListener listener;

    /**
     * Workers for every pair of {@code store}.
     *
     * @param store the store shared by all workers (and other processes)
     * @param sideA the provider of every pair's side-A calendar
     * @param sideB the provider of every pair's side-B calendar
     * @param workers how many threads sync at once
     * @param workerIdPrefix names this process's workers in leases ({@code <prefix>-1}, {@code
     *     <prefix>-2}, ...); must differ between processes, e.g. the host name
     * @param leaseDuration how long a claimed pair stays reserved if its worker dies; longer than a
     *     sync normally takes (the engine renews it during long syncs)
     * @param listener receives every worker's sync events, e.g. for metrics; {@link SyncListener#NONE}
     *     for none
     */
    public ManyPairsWorkers(
            MappingStore store,
            CalendarProvider sideA,
            CalendarProvider sideB,
            int workers,
            String workerIdPrefix,
            Duration leaseDuration,
            SyncListener listener) {
        if (workers < 1) {
            throw new IllegalArgumentException("at least one worker: " + workers);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.sideA = Objects.requireNonNull(sideA, "sideA");
        this.sideB = Objects.requireNonNull(sideB, "sideB");
        this.workers = workers;
        this.workerIdPrefix = Objects.requireNonNull(workerIdPrefix, "workerIdPrefix");
        this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * What one round did.
     *
     * @param startedAt when the round started: pairs whose tokens were stored before it were due
     * @param syncedBy the pairs synced, each with the worker that synced it
     * @param failed the pairs whose sync failed, each with the failure
     */
    public record Round(Instant startedAt, Map<String, String> syncedBy, Map<String, String> failed) {
        /** Copies the maps (sorted by pair id). */
        public Round {
            syncedBy = Map.copyOf(new TreeMap<>(syncedBy));
            failed = Map.copyOf(new TreeMap<>(failed));
        }
    }

    /**
     * Syncs every due pair once, with all workers, and returns when no due pair is left that this
     * round has not tried (pairs held by workers of other processes are theirs).
     *
     * @throws InterruptedException if interrupted while waiting for the workers
     * @throws IllegalStateException if a worker stopped on something other than a failed sync (e.g.
     *     the store could not be reached)
     */
    public Round runRound() throws InterruptedException {
        Instant roundStart = Instant.now();
        Map<String, String> syncedBy = new ConcurrentHashMap<>();
        Map<String, String> failed = new ConcurrentHashMap<>();
        Set<String> tried = ConcurrentHashMap.newKeySet();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 1; w <= workers; w++) {
            String workerId = workerIdPrefix + "-" + w;
            tasks.add(() -> {
                work(workerId, roundStart, tried, syncedBy, failed);
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a worker stopped: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Round(roundStart, syncedBy, failed);
    }

    /** One worker's loop: claim the next due pair, sync it, until none is left. */
    private void work(
            String workerId,
            Instant roundStart,
            Set<String> tried,
            Map<String, String> syncedBy,
            Map<String, String> failed) {
        SyncEngine engine = SyncEngine.builder()
                .sideA(sideA)
                .sideB(sideB)
                .store(store)
                .listener(listener)
                .workerId(workerId) // the engine claims under the id the worker claimed with
                .leaseDuration(leaseDuration)
                .build();
        List<Lease> heldUntilRoundEnds = new ArrayList<>();
        try {
            while (true) {
                List<Lease> next =
                        store.inTransaction(tx -> tx.claimDue(workerId, Instant.now(), leaseDuration, roundStart, 1));
                if (next.isEmpty()) {
                    return;
                }
                String pairId = next.get(0).pairId();
                if (!tried.add(pairId)) {
                    // Failed earlier in this round: keep it reserved so nobody tries it again now.
                    heldUntilRoundEnds.add(next.get(0));
                    continue;
                }
                try {
                    engine.sync(pairId); // renews this worker's lease, releases it at the end
                    syncedBy.put(pairId, workerId);
                } catch (RuntimeException e) {
                    log.warn("pair {} failed in worker {}; tried again next round: {}", pairId, workerId, e.toString());
                    failed.put(pairId, e.toString());
                    store.inTransaction(tx -> tx.claim(pairId, workerId, Instant.now(), leaseDuration))
                            .ifPresent(heldUntilRoundEnds::add);
                }
            }
        } finally {
            store.useTransaction(tx -> heldUntilRoundEnds.forEach(tx::release));
        }
    }
}
