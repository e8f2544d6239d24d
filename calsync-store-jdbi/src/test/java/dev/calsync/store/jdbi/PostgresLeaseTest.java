package dev.calsync.store.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.SimulatedCrash;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many workers on one PostgreSQL: four worker threads, each with its own engine and worker id,
 * share 200 pairs through {@code claimDue}'s {@code FOR UPDATE SKIP LOCKED}. Every pair is synced
 * exactly once per round and never by two workers at once; a worker that dies mid-sync without
 * releasing its lease holds the pair only until the lease expires, then another completes it.
 */
class PostgresLeaseTest {

    private static final int PAIRS = 200;
    private static final int WORKERS = 4;
    private static final Duration LEASE = Duration.ofSeconds(30);

    private PostgresTestDatabase.Schema schema;
    private JdbiMappingStore store;
    private InMemoryCalendarProvider sideA;
    private InMemoryCalendarProvider sideB;

    @BeforeEach
    void pairsWithOneSeriesEach() {
        schema = PostgresTestDatabase.freshSchema();
        store = JdbiMappingStore.postgres(schema.dataSource());
        sideA = InMemoryCalendarProvider.caldavLike();
        sideB = InMemoryCalendarProvider.googleLike();
        store.useTransaction(tx -> {
            for (int i = 0; i < PAIRS; i++) {
                tx.putPair(CalendarPair.of(pair(i), "a" + i, "b" + i));
            }
        });
        for (int i = 0; i < PAIRS; i++) {
            sideA.createCalendar("a" + i);
            sideB.createCalendar("b" + i);
            sideA.userPut("a" + i, series(i, "Planning " + i));
        }
    }

    @AfterEach
    void dropSchema() {
        store.close();
        schema.close();
    }

    @Test
    void fourWorkersSyncEveryPairExactlyOncePerRoundAndNeverTwiceAtOnce() throws Exception {
        Round first = runRound(engines(store), Instant.now());

        assertThat(first.overlaps).as("pairs synced by two workers at once").isEmpty();
        assertThat(first.syncs)
                .hasSize(PAIRS)
                .allSatisfy((pair, count) -> assertThat(count).as(pair).isEqualTo(1));
        assertThat(first.byWorker.keySet())
                .as("workers that did some of the work")
                .hasSizeGreaterThan(1);
        assertConverged();

        for (int i = 0; i < PAIRS; i += 4) {
            int n = i;
            sideA.userEdit("a" + n, "s" + n, s -> series(n, "Moved planning " + n));
        }
        Round second = runRound(engines(store), Instant.now());

        assertThat(second.overlaps).isEmpty();
        assertThat(second.syncs)
                .hasSize(PAIRS)
                .allSatisfy((pair, count) -> assertThat(count).as(pair).isEqualTo(1));
        assertConverged();
        assertThat(sideB.series("b0").get("s0").master().summary()).isEqualTo("Moved planning 0");
    }

    @Test
    void aWorkerThatDiesMidSyncLosesItsLeaseAndAnotherWorkerCompletesThePair() throws Exception {
        Instant roundStart = Instant.now();
        Duration deadLease = Duration.ofSeconds(2);
        // The dying worker: its store never releases (the process is gone before its finally
        // block runs), and its first write to side B "kills the process".
        SyncEngine dying = SyncEngine.builder()
                .sideA(sideA)
                .sideB(crashingOnWrite(sideB))
                .store(neverReleasing(store))
                .workerId("w-dead")
                .leaseDuration(deadLease)
                .sleeper(d -> {})
                .build();
        List<Lease> claimed = store.inTransaction(
                (MappingTransaction tx) -> tx.claimDue("w-dead", Instant.now(), deadLease, roundStart, 1));
        assertThat(claimed).singleElement().extracting(Lease::pairId).isEqualTo(pair(0));
        Instant died = Instant.now();
        try {
            dying.sync(pair(0));
            throw new AssertionError("the dying worker's write should have crashed it");
        } catch (SimulatedCrash expected) {
            // The process is gone; its lease is still in the table.
        }
        assertThat(store.inTransaction((MappingTransaction tx) -> tx.lease(pair(0))))
                .hasValueSatisfying(l -> assertThat(l.owner()).isEqualTo("w-dead"));

        Round round = runRound(engines(store), roundStart);

        assertThat(round.overlaps).isEmpty();
        assertThat(round.syncs)
                .hasSize(PAIRS)
                .allSatisfy((pair, count) -> assertThat(count).as(pair).isEqualTo(1));
        assertThat(round.started.get(pair(0)))
                .as("the dead worker's pair is taken over only after its lease expired")
                .isAfterOrEqualTo(died.plus(deadLease));
        assertThat(round.byWorker.values().stream().flatMap(Set::stream)).contains(pair(0));
        assertConverged();
    }

    /** What one round of the workers did. */
    private record Round(
            Map<String, Integer> syncs,
            Set<String> overlaps,
            Map<String, Set<String>> byWorker,
            Map<String, Instant> started) {}

    private Round runRound(List<SyncEngine> engines, Instant roundStart) throws Exception {
        Map<String, Integer> syncs = new ConcurrentHashMap<>();
        Map<String, String> active = new ConcurrentHashMap<>();
        Set<String> overlaps = ConcurrentHashMap.newKeySet();
        Map<String, Set<String>> byWorker = new ConcurrentHashMap<>();
        Map<String, Instant> started = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < engines.size(); w++) {
                String owner = "w" + w;
                SyncEngine engine = engines.get(w);
                running.add(pool.submit(() -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (syncs.size() < PAIRS && System.nanoTime() < deadline) {
                        List<Lease> leases = store.inTransaction(
                                (MappingTransaction tx) -> tx.claimDue(owner, Instant.now(), LEASE, roundStart, 5));
                        if (leases.isEmpty()) {
                            // Everything left is held by someone (perhaps a dead worker): wait.
                            sleep(100);
                            continue;
                        }
                        for (Lease lease : leases) {
                            String pair = lease.pairId();
                            started.putIfAbsent(pair, Instant.now());
                            if (active.putIfAbsent(pair, owner) != null) {
                                overlaps.add(pair);
                            }
                            engine.sync(pair);
                            active.remove(pair);
                            syncs.merge(pair, 1, Integer::sum);
                            byWorker.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet())
                                    .add(pair);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(180, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Round(syncs, overlaps, byWorker, started);
    }

    private List<SyncEngine> engines(MappingStore on) {
        List<SyncEngine> engines = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            engines.add(SyncEngine.builder()
                    .sideA(sideA)
                    .sideB(sideB)
                    .store(on)
                    .workerId("w" + w)
                    .leaseDuration(LEASE)
                    .sleeper(d -> {})
                    .build());
        }
        return engines;
    }

    private void assertConverged() {
        for (int i = 0; i < PAIRS; i++) {
            Map<String, EventSeries> a = sideA.series("a" + i);
            Map<String, EventSeries> b = sideB.series("b" + i);
            assertThat(b.keySet()).as("pair " + i).isEqualTo(a.keySet());
            for (String uid : a.keySet()) {
                assertThat(ContentHash.perComponent(b.get(uid)))
                        .as(uid)
                        .isEqualTo(ContentHash.perComponent(a.get(uid)));
            }
        }
    }

    private static String pair(int i) {
        return String.format("p%03d", i);
    }

    private static EventSeries series(int i, String summary) {
        return EventSeries.of(EventComponent.builder(
                        "s" + i,
                        EventTime.utc(Instant.parse("2026-12-01T09:00:00Z").plus(Duration.ofHours(i))))
                .summary(summary)
                .build());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A provider whose writes "kill the process" before they reach the server. */
    private static CalendarProvider crashingOnWrite(CalendarProvider real) {
        return proxy(CalendarProvider.class, real, name -> name.endsWith("Series") && !name.equals("fetchSeries"));
    }

    /** A store whose transactions never release a lease, as a killed process never does. */
    private static MappingStore neverReleasing(MappingStore real) {
        return new MappingStore() {
            @Override
            public <T> T inTransaction(Function<MappingTransaction, T> work) {
                return real.inTransaction(tx -> work.apply(withoutRelease(tx)));
            }
        };
    }

    private static MappingTransaction withoutRelease(MappingTransaction real) {
        return (MappingTransaction) Proxy.newProxyInstance(
                MappingTransaction.class.getClassLoader(),
                new Class<?>[] {MappingTransaction.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("release")) {
                        return null;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static <T> T proxy(Class<T> type, T real, java.util.function.Predicate<String> crashes) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (crashes.test(method.getName())) {
                throw new SimulatedCrash(method.getName() + " (process killed)", false);
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
