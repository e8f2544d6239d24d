package dev.calsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.spi.RetryItem;
import dev.calsync.core.spi.SyncListener;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryCalendarProvider.StorageMode;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import dev.calsync.testkit.memory.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One synced pair built from the real in-memory parts: two {@link InMemoryCalendarProvider}s (side
 * A's calendar {@value #CAL_A}, side B's {@value #CAL_B}), an {@link InMemoryMappingStore} holding
 * pair {@value #PAIR}, and a {@link SyncEngine} with a clock the test moves and a sleeper that
 * records waits instead of sleeping.
 */
final class SyncFixture {

    static final String PAIR = "p";
    static final String CAL_A = "calA";
    static final String CAL_B = "calB";
    static final Instant T0 = Instant.parse("2030-03-01T08:00:00Z");

    /** Which kind of calendar is on which side. */
    enum Pairing {
        GOOGLE_A_CALDAV_B(StorageMode.EVENT_ENTITIES, StorageMode.SERIES_RESOURCES),
        CALDAV_A_GOOGLE_B(StorageMode.SERIES_RESOURCES, StorageMode.EVENT_ENTITIES),
        CALDAV_A_CALDAV_B(StorageMode.SERIES_RESOURCES, StorageMode.SERIES_RESOURCES);

        final StorageMode a;
        final StorageMode b;

        Pairing(StorageMode a, StorageMode b) {
            this.a = a;
            this.b = b;
        }
    }

    /** Records every wait and returns at once. */
    static final class RecordingSleeper implements dev.calsync.core.sync.Sleeper {
        final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }

    final Pairing pairing;
    final ManualClock clock = new ManualClock(T0);
    final RecordingSleeper sleeper = new RecordingSleeper();
    final InMemoryCalendarProvider a;
    final InMemoryCalendarProvider b;
    final InMemoryMappingStore store = new InMemoryMappingStore();
    SyncEngine engine;

    SyncFixture(Pairing pairing) {
        this(pairing, SyncListener.NONE);
    }

    SyncFixture(Pairing pairing, SyncListener listener) {
        this(pairing, listener, 50);
    }

    /** Providers that list at most {@code pageSize} items a page. */
    SyncFixture(Pairing pairing, SyncListener listener, int pageSize) {
        this(pairing, listener, pageSize, 1);
    }

    /** Providers that list {@code pageSize} items a page and take {@code writeBatchSize} writes a call. */
    SyncFixture(Pairing pairing, SyncListener listener, int pageSize, int writeBatchSize) {
        this.pairing = pairing;
        this.a = provider(pairing.a, 11, pageSize, writeBatchSize);
        this.b = provider(pairing.b, 22, pageSize, writeBatchSize);
        a.createCalendar(CAL_A);
        b.createCalendar(CAL_B);
        store.useTransaction(tx -> tx.putPair(CalendarPair.of(PAIR, CAL_A, CAL_B)));
        this.engine = engineBuilder().listener(listener).build();
    }

    private InMemoryCalendarProvider provider(StorageMode mode, long seed, int pageSize, int writeBatchSize) {
        return InMemoryCalendarProvider.builder()
                .pageSize(pageSize)
                .writeBatchSize(writeBatchSize)
                .kind(mode == StorageMode.EVENT_ENTITIES ? "google" : "caldav")
                .storage(mode)
                .clock(clock)
                .seed(seed)
                .build();
    }

    /** An engine builder for this pair's providers and store; the worker is {@code worker-1}. */
    SyncEngine.Builder engineBuilder() {
        return SyncEngine.builder()
                .sideA(a)
                .sideB(b)
                .store(store)
                .clock(clock)
                .sleeper(sleeper)
                .random(new SplittableRandom(7))
                .workerId("worker-1");
    }

    // ------------------------------------------------------------------ syncing

    SyncReport sync() {
        return engine.sync(PAIR);
    }

    SyncReport sync(SyncOptions options) {
        return engine.sync(PAIR, options);
    }

    /** Syncs, then syncs again and checks the second sync had nothing to do. */
    SyncReport syncUntilQuiet() {
        SyncReport report = sync();
        SyncReport again = sync();
        assertThat(again.writes())
                .as("writes of the sync after %s", report.plan())
                .isZero();
        return report;
    }

    // ------------------------------------------------------------------ the calendars

    InMemoryCalendarProvider provider(Side side) {
        return side == Side.A ? a : b;
    }

    static String calendar(Side side) {
        return side == Side.A ? CAL_A : CAL_B;
    }

    void put(Side side, EventSeries series) {
        provider(side).userPut(calendar(side), series);
    }

    void edit(Side side, String uid, UnaryOperator<EventSeries> edit) {
        provider(side).userEdit(calendar(side), uid, edit);
    }

    void delete(Side side, String uid) {
        provider(side).userDelete(calendar(side), uid);
    }

    Map<String, EventSeries> series(Side side) {
        return provider(side).series(calendar(side));
    }

    EventSeries series(Side side, String uid) {
        return series(side).get(uid);
    }

    /** The per-component hashes of a series as it stands on {@code side}, or an empty map if it is not there. */
    SortedMap<EventKey, ContentHash> hashes(Side side, String uid) {
        EventSeries s = series(side, uid);
        return s == null ? new TreeMap<>() : ContentHash.perComponent(s.normalized());
    }

    /** Both calendars hold the same series with the same content. */
    void assertSameOnBothSides() {
        Map<String, EventSeries> onA = series(Side.A);
        Map<String, EventSeries> onB = series(Side.B);
        assertThat(onB.keySet()).as("series on B").isEqualTo(onA.keySet());
        for (String uid : onA.keySet()) {
            assertThat(hashes(Side.B, uid)).as("content of %s on B", uid).isEqualTo(hashes(Side.A, uid));
        }
    }

    // ------------------------------------------------------------------ the store

    CalendarPair pair() {
        return store.inTransaction((MappingTransaction tx) -> tx.pair(PAIR)).orElseThrow();
    }

    List<EventMapping> mappings(SyncStatus status) {
        return store.inTransaction((MappingTransaction tx) -> tx.mappings(PAIR, status));
    }

    List<EventMapping> mappingsOf(String uid) {
        return store.inTransaction((MappingTransaction tx) -> tx.mappingsOfUid(PAIR, uid));
    }

    List<SyncOperation> journal() {
        return store.inTransaction((MappingTransaction tx) -> tx.operations(PAIR, Instant.EPOCH));
    }

    List<SyncOperation> journal(String uid) {
        return journal().stream().filter(op -> uid.equals(op.uid())).toList();
    }

    Optional<Lease> lease() {
        return store.inTransaction((MappingTransaction tx) -> tx.lease(PAIR));
    }

    List<RetryItem> retries() {
        return store.inTransaction((MappingTransaction tx) -> tx.retries(PAIR));
    }
}
