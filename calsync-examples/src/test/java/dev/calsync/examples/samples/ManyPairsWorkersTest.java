package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.Side;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.spi.SyncListener;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.store.jdbi.PostgresTestDatabase;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ManyPairsWorkers} on a real PostgreSQL (the machine's at 127.0.0.1:5432, else an embedded
 * one: {@link PostgresTestDatabase}), in a schema of its own dropped afterwards: three workers,
 * twenty pairs, in-memory calendars. Without any PostgreSQL the tests are skipped, or fail when
 * {@code CI=true}.
 */
class ManyPairsWorkersTest {
    private static final int PAIRS = 20;
    private static final int WORKERS = 3;

    private PostgresTestDatabase.Schema schema;
    private JdbiMappingStore store;
    private InMemoryCalendarProvider google;
    private InMemoryCalendarProvider icloud;
    private final Recorder recorder = new Recorder();

    /** Counts syncs per pair and notes any pair synced by two threads at once. */
    private static final class Recorder implements SyncListener {
        final Map<String, Thread> syncing = new ConcurrentHashMap<>();
        final Map<String, Integer> started = new ConcurrentHashMap<>();
        final Set<String> overlaps = ConcurrentHashMap.newKeySet();

        @Override
        public void syncStarted(String pairId, boolean dryRun) {
            started.merge(pairId, 1, Integer::sum);
            if (syncing.putIfAbsent(pairId, Thread.currentThread()) != null) {
                overlaps.add(pairId);
            }
            // Keep each sync open a little, so the workers really run side by side.
            sleep(15);
        }

        @Override
        public void syncFinished(SyncReport report) {
            syncing.remove(report.pairId());
        }

        @Override
        public void syncFailed(String pairId, Throwable failure) {
            syncing.remove(pairId);
        }
    }

    @BeforeEach
    void freshSchemaAndPairs() {
        schema = PostgresTestDatabase.freshSchema();
        store = JdbiMappingStore.postgres(schema.dataSource());
        google = InMemoryCalendarProvider.googleLike();
        icloud = InMemoryCalendarProvider.caldavLike();
        store.useTransaction(tx -> {
            for (int i = 0; i < PAIRS; i++) {
                tx.putPair(CalendarPair.of(pair(i), "g" + i, "c" + i));
            }
        });
        for (int i = 0; i < PAIRS; i++) {
            google.createCalendar("g" + i);
            icloud.createCalendar("c" + i);
            google.userPut(
                    "g" + i,
                    EventSeries.of(EventComponent.builder(
                                    "standup-" + i + "@example.org",
                                    EventTime.utc(Instant.parse("2030-06-03T09:00:00Z")))
                            .summary("Stand-up " + i)
                            .build()));
        }
    }

    @AfterEach
    void dropSchema() {
        if (store != null) {
            store.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    private static String pair(int i) {
        return String.format("pair-%02d", i);
    }

    private ManyPairsWorkers workers() {
        return new ManyPairsWorkers(store, google, icloud, WORKERS, "test-host", Duration.ofMinutes(1), recorder);
    }

    @Test
    void threeWorkersSyncEveryPairOnceAndNeverOnePairTwiceAtOnce() throws Exception {
        ManyPairsWorkers.Round round = workers().runRound();

        assertThat(round.failed()).isEmpty();
        assertThat(round.syncedBy()).hasSize(PAIRS);
        assertThat(new HashSet<>(round.syncedBy().values()))
                .as("workers that synced a pair")
                .hasSizeGreaterThan(1)
                .allSatisfy(worker -> assertThat(worker).matches("test-host-[1-3]"));
        assertThat(recorder.overlaps).as("pairs synced by two workers at once").isEmpty();
        assertThat(recorder.started)
                .hasSize(PAIRS)
                .allSatisfy((pair, syncs) -> assertThat(syncs).as(pair).isEqualTo(1));
        for (int i = 0; i < PAIRS; i++) {
            assertThat(icloud.series("c" + i)).containsOnlyKeys("standup-" + i + "@example.org");
        }
        List<CalendarPair> pairs = store.inTransaction(MappingTransaction::pairs);
        assertThat(pairs).hasSize(PAIRS).allSatisfy(p -> {
            assertThat(p.syncToken(Side.A)).isNotNull();
            assertThat(p.syncToken(Side.B)).isNotNull();
            assertThat(p.lastUpdatedA()).isAfterOrEqualTo(round.startedAt());
        });
        List<CalendarPair> stillLeased = store.inTransaction((MappingTransaction tx) ->
                pairs.stream().filter(p -> tx.lease(p.pairId()).isPresent()).toList());
        assertThat(stillLeased).as("pairs still leased after the round").isEmpty();
    }

    @Test
    void aPairThatFailsIsTriedOnceInTheRoundAndDoesNotStopTheOthers() throws Exception {
        store.useTransaction(tx -> tx.putPair(CalendarPair.of(pair(7), "g7", "no-such-calendar")));

        ManyPairsWorkers.Round round = workers().runRound();

        assertThat(round.failed()).containsOnlyKeys(pair(7));
        assertThat(round.syncedBy()).hasSize(PAIRS - 1).doesNotContainKey(pair(7));
        assertThat(recorder.started)
                .hasSize(PAIRS)
                .allSatisfy((pair, syncs) -> assertThat(syncs).as(pair).isEqualTo(1));
        assertThat(recorder.overlaps).isEmpty();
        Optional<Lease> failedPairLease = store.inTransaction((MappingTransaction tx) -> tx.lease(pair(7)));
        assertThat(failedPairLease)
                .as("the failed pair is free again for the next round")
                .isEmpty();

        store.useTransaction(tx -> tx.putPair(CalendarPair.of(pair(7), "g7", "c7")));
        ManyPairsWorkers.Round next = workers().runRound();

        assertThat(next.failed()).isEmpty();
        assertThat(next.syncedBy()).hasSize(PAIRS);
        assertThat(icloud.series("c7")).containsOnlyKeys("standup-7@example.org");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
