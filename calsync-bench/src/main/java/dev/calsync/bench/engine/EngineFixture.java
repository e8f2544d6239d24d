package dev.calsync.bench.engine;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pair ready to sync, all in memory: side A a Google-like {@link InMemoryCalendarProvider}
 * ({@code googleLike()}, one entity per master, override and cancelled occurrence), side B a
 * CalDAV-like one ({@code caldavLike()}, one resource per series), both with their default page
 * size, a mapping store (the bench's {@link IndexedMappingStore} or the testkit's {@link
 * InMemoryMappingStore}) behind a {@link CountingStore}, and a {@link SyncEngine} with the standard
 * conflict resolver. Logging is whatever SLF4J is bound to; the benchmark script
 * sets it to {@code warn}.
 */
public final class EngineFixture {

    /** The pair's id in the store. */
    public static final String PAIR = "bench-pair";

    private static final String CALENDAR_A = "google-work";
    private static final String CALENDAR_B = "icloud-home";

    /** Which mapping store a fixture uses. */
    public enum StoreKind {
        /** {@link IndexedMappingStore}: O(log n) per operation, so the figures are the engine's. */
        INDEXED,
        /** The testkit's {@link InMemoryMappingStore}: copies a pair's data in each writing transaction. */
        TESTKIT;

        /** A new, empty store of this kind. */
        public MappingStore create() {
            return this == INDEXED ? new IndexedMappingStore() : new InMemoryMappingStore();
        }
    }

    private final InMemoryCalendarProvider a;
    private final InMemoryCalendarProvider b;
    private final StoreKind storeKind;
    private final CountingStore store;
    private final SyncEngine engine;

    /** An empty pair on a store of {@code kind}: both calendars exist and hold nothing, the store knows the pair. */
    public EngineFixture(StoreKind kind) {
        this(InMemoryCalendarProvider.googleLike(), InMemoryCalendarProvider.caldavLike(), kind);
        a.createCalendar(CALENDAR_A);
        b.createCalendar(CALENDAR_B);
        store.useTransaction(tx -> tx.putPair(CalendarPair.of(PAIR, CALENDAR_A, CALENDAR_B)));
    }

    private EngineFixture(InMemoryCalendarProvider a, InMemoryCalendarProvider b, StoreKind kind) {
        this.a = a;
        this.b = b;
        this.storeKind = kind;
        this.store = new CountingStore(kind.create());
        this.engine = SyncEngine.builder()
                .sideA(a)
                .sideB(b)
                .store(store)
                .conflictResolver(ConflictResolvers.standard())
                .build();
    }

    /**
     * A fixture over the same two calendars whose store of {@code kind} starts as a copy of this
     * one's (the pair with its tokens, every mapping, the journal), copied in one transaction; for
     * measuring incremental syncs on another store without another initial sync.
     */
    public EngineFixture withStore(StoreKind kind) {
        EngineFixture copy = new EngineFixture(a, b, kind);
        List<EventMapping> mappings = new ArrayList<>();
        List<SyncOperation> journal = new ArrayList<>();
        CalendarPair[] pair = new CalendarPair[1];
        store.useTransaction(tx -> {
            pair[0] = tx.pair(PAIR).orElseThrow();
            for (SyncStatus status : SyncStatus.values()) {
                mappings.addAll(tx.mappings(PAIR, status));
            }
            journal.addAll(tx.operations(PAIR, Instant.EPOCH));
        });
        copy.store.useTransaction(tx -> {
            tx.putPair(pair[0]);
            mappings.forEach(tx::putMapping);
            journal.forEach(tx::record);
        });
        copy.store.reset();
        return copy;
    }

    /** The kind of store this fixture uses. */
    public StoreKind storeKind() {
        return storeKind;
    }

    /** Puts {@code series} into side A as another client would (not a counted request). */
    public void putA(Collection<EventSeries> series) {
        series.forEach(s -> a.userPut(CALENDAR_A, s));
    }

    /** Side A's provider. */
    public InMemoryCalendarProvider a() {
        return a;
    }

    /** Side B's provider. */
    public InMemoryCalendarProvider b() {
        return b;
    }

    /** Side A's calendar id. */
    public String calendarA() {
        return CALENDAR_A;
    }

    /** Side B's calendar id. */
    public String calendarB() {
        return CALENDAR_B;
    }

    /** The counting store. */
    public CountingStore store() {
        return store;
    }

    /** Resets the request counters of both providers and the store's counters. */
    public void resetCounts() {
        a.resetRequestCounts();
        b.resetRequestCounts();
        store.reset();
    }

    /** Provider requests of both sides since the last {@link #resetCounts()}. */
    public long providerRequests() {
        return a.requestCount() + b.requestCount();
    }

    /** One sync of the pair. */
    public SyncReport sync() {
        return engine.sync(PAIR);
    }

    /**
     * Whether both sides hold the same series with the same content ({@link
     * ContentHash#perComponent}, which leaves out what a provider stamps, such as modification
     * times), and how many.
     *
     * @return the number of series on each side
     * @throws IllegalStateException if the sides differ
     */
    public int requireConverged() {
        Map<String, EventSeries> onA = a.series(CALENDAR_A);
        Map<String, EventSeries> onB = b.series(CALENDAR_B);
        if (!onA.keySet().equals(onB.keySet())) {
            throw new IllegalStateException(
                    "the sides hold different series: " + onA.size() + " on A, " + onB.size() + " on B");
        }
        for (Map.Entry<String, EventSeries> e : onA.entrySet()) {
            EventSeries other = onB.get(e.getKey());
            if (!Objects.equals(ContentHash.perComponent(e.getValue()), ContentHash.perComponent(other.normalized()))
                    && !Objects.equals(ContentHash.perComponent(e.getValue()), ContentHash.perComponent(other))) {
                throw new IllegalStateException("series " + e.getKey() + " differs between the sides");
            }
        }
        return onA.size();
    }
}
