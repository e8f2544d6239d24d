package dev.calsync.bench.engine;

import dev.calsync.core.Side;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.HealthReport;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.spi.RetryItem;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A {@link MappingStore} that passes everything to another one and counts what the engine asks of
 * it: transactions, and calls on {@link MappingTransaction} by method name ({@code putMapping},
 * {@code mappingsOfUid}, ...). Counting costs a hash lookup per call; the benchmark reports the
 * counts, and its timings include this small overhead.
 */
public final class CountingStore implements MappingStore {

    private final MappingStore delegate;
    private final AtomicLong transactions = new AtomicLong();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    /** Counts what goes to {@code delegate}. */
    public CountingStore(MappingStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public <T> T inTransaction(Function<MappingTransaction, T> work) {
        transactions.incrementAndGet();
        return delegate.inTransaction(tx -> work.apply(counting(tx)));
    }

    /** Transactions opened since the last {@link #reset()}. */
    public long transactions() {
        return transactions.get();
    }

    /** Calls on transactions since the last {@link #reset()}, by method name. */
    public synchronized Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Calls on transactions since the last {@link #reset()}, all methods together. */
    public synchronized long totalCalls() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Sets every count back to zero. */
    public synchronized void reset() {
        transactions.set(0);
        calls.clear();
    }

    private AtomicLong counter(String method) {
        return calls.computeIfAbsent(method, m -> new AtomicLong());
    }

    private MappingTransaction counting(MappingTransaction tx) {
        return new Counted(tx);
    }

    /** Counts each call, then passes it on (no reflection, so counting stays cheap). */
    private final class Counted implements MappingTransaction {
        private final MappingTransaction tx;

        Counted(MappingTransaction tx) {
            this.tx = tx;
        }

        private void count(String method) {
            counter(method).incrementAndGet();
        }

        @Override
        public Optional<CalendarPair> pair(String pairId) {
            count("pair");
            return tx.pair(pairId);
        }

        @Override
        public List<CalendarPair> pairs() {
            count("pairs");
            return tx.pairs();
        }

        @Override
        public void putPair(CalendarPair pair) {
            count("putPair");
            tx.putPair(pair);
        }

        @Override
        public boolean removePair(String pairId) {
            count("removePair");
            return tx.removePair(pairId);
        }

        @Override
        public Optional<Lease> claim(String pairId, String owner, Instant now, Duration ttl) {
            count("claim");
            return tx.claim(pairId, owner, now, ttl);
        }

        @Override
        public List<Lease> claimDue(String owner, Instant now, Duration ttl, Instant syncedBefore, int limit) {
            count("claimDue");
            return tx.claimDue(owner, now, ttl, syncedBefore, limit);
        }

        @Override
        public void release(Lease lease) {
            count("release");
            tx.release(lease);
        }

        @Override
        public Optional<Lease> lease(String pairId) {
            count("lease");
            return tx.lease(pairId);
        }

        @Override
        public Optional<EventMapping> mapping(String pairId, EventKey key) {
            count("mapping");
            return tx.mapping(pairId, key);
        }

        @Override
        public List<EventMapping> mappingsOfUid(String pairId, String uid) {
            count("mappingsOfUid");
            return tx.mappingsOfUid(pairId, uid);
        }

        @Override
        public List<EventMapping> mappingsByRemoteId(String pairId, Side side, String remoteId) {
            count("mappingsByRemoteId");
            return tx.mappingsByRemoteId(pairId, side, remoteId);
        }

        @Override
        public List<EventMapping> mappings(String pairId, SyncStatus status) {
            count("mappings");
            return tx.mappings(pairId, status);
        }

        @Override
        public void putMapping(EventMapping mapping) {
            count("putMapping");
            tx.putMapping(mapping);
        }

        @Override
        public void record(SyncOperation operation) {
            count("record");
            tx.record(operation);
        }

        @Override
        public List<SyncOperation> operations(String pairId, Instant since) {
            count("operations");
            return tx.operations(pairId, since);
        }

        @Override
        public void putRetry(RetryItem item) {
            count("putRetry");
            tx.putRetry(item);
        }

        @Override
        public List<RetryItem> retries(String pairId) {
            count("retries");
            return tx.retries(pairId);
        }

        @Override
        public boolean removeRetry(String pairId, String uid) {
            count("removeRetry");
            return tx.removeRetry(pairId, uid);
        }

        @Override
        public HealthReport health(Instant since) {
            count("health");
            return tx.health(since);
        }
    }
}
