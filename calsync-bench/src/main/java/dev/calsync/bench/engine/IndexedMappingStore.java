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
import dev.calsync.core.spi.SideMapping;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link MappingStore} in memory whose every operation costs O(log n) in the pair's mappings,
 * so that the engine benchmark measures the engine rather than the store. It keeps the same
 * contract as the testkit's {@link InMemoryMappingStore} (the testkit's compatibility kit checks
 * it) but works differently: a transaction changes the data in place and keeps an undo log, which
 * it replays backwards when the work throws; mappings are indexed by remote id per side and by
 * status. {@code InMemoryMappingStore} copies a pair's mappings and journal on the first change of
 * each transaction, which makes a sync that commits one transaction per series quadratic in the
 * calendar's size.
 *
 * <p>Transactions are serialised by one lock; a {@link MappingTransaction} is valid only inside its
 * {@link #inTransaction} call, and nesting one on the same thread throws {@link
 * IllegalStateException}. Leases are held until {@code expiresAt}; {@code claimDue} skips pairs
 * with an unexpired lease of any owner. Mappings, journal entries and retries may only be written
 * for an existing pair. Thread-safe.
 */
public final class IndexedMappingStore implements MappingStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final TreeMap<String, PairState> pairs = new TreeMap<>();

    /** An empty store. */
    public IndexedMappingStore() {}

    @Override
    public <T> T inTransaction(Function<MappingTransaction, T> work) {
        Objects.requireNonNull(work, "work");
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a transaction is already open on this thread; nesting is not supported");
        }
        lock.lock();
        try {
            Tx tx = new Tx();
            try {
                return work.apply(tx);
            } catch (Throwable t) {
                tx.rollBack();
                throw t;
            } finally {
                tx.open = false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Everything the store remembers of one pair, with its indexes. */
    private static final class PairState {
        CalendarPair pair;
        Lease lease;
        final TreeMap<EventKey, EventMapping> mappings = new TreeMap<>();
        final Map<Side, Map<String, Set<EventKey>>> byRemoteId = new EnumMap<>(Side.class);
        final Map<SyncStatus, TreeSet<EventKey>> byStatus = new EnumMap<>(SyncStatus.class);
        final List<SyncOperation> journal = new ArrayList<>();
        LinkedHashMap<String, RetryItem> retries = new LinkedHashMap<>();

        PairState(CalendarPair pair) {
            this.pair = pair;
            for (Side side : Side.values()) {
                byRemoteId.put(side, new HashMap<>());
            }
            for (SyncStatus status : SyncStatus.values()) {
                byStatus.put(status, new TreeSet<>());
            }
        }

        void index(EventMapping m) {
            byStatus.get(m.status()).add(m.key());
            for (Side side : Side.values()) {
                SideMapping s = m.side(side);
                if (s != null) {
                    byRemoteId
                            .get(side)
                            .computeIfAbsent(s.remoteId(), r -> new TreeSet<>())
                            .add(m.key());
                }
            }
        }

        void unindex(EventMapping m) {
            byStatus.get(m.status()).remove(m.key());
            for (Side side : Side.values()) {
                SideMapping s = m.side(side);
                if (s != null) {
                    Set<EventKey> keys = byRemoteId.get(side).get(s.remoteId());
                    if (keys != null) {
                        keys.remove(m.key());
                        if (keys.isEmpty()) {
                            byRemoteId.get(side).remove(s.remoteId());
                        }
                    }
                }
            }
        }

        /** Stores {@code m} in place of the mapping of its key, if any; returns the one replaced. */
        EventMapping put(EventMapping m) {
            EventMapping old = mappings.put(m.key(), m);
            if (old != null) {
                unindex(old);
            }
            index(m);
            return old;
        }

        /** Puts {@code old} back where {@code m} was put (or removes {@code m} if there was none). */
        void undoPut(EventMapping m, EventMapping old) {
            unindex(m);
            if (old == null) {
                mappings.remove(m.key());
            } else {
                mappings.put(old.key(), old);
                index(old);
            }
        }
    }

    private final class Tx implements MappingTransaction {
        private final Deque<Runnable> undo = new ArrayDeque<>();
        private final Set<String> retriesSaved = new java.util.HashSet<>();
        boolean open = true;

        void rollBack() {
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
        }

        private PairState read(String pairId) {
            requireOpen();
            Objects.requireNonNull(pairId, "pairId");
            return pairs.get(pairId);
        }

        private PairState existing(String pairId) {
            PairState state = read(pairId);
            if (state == null) {
                throw new IllegalArgumentException("no pair " + pairId);
            }
            return state;
        }

        private void requireOpen() {
            if (!open) {
                throw new IllegalStateException("this transaction has ended");
            }
        }

        // --- pairs and tokens

        @Override
        public Optional<CalendarPair> pair(String pairId) {
            PairState state = read(pairId);
            return state == null ? Optional.empty() : Optional.of(state.pair);
        }

        @Override
        public List<CalendarPair> pairs() {
            requireOpen();
            return pairs.values().stream().map(s -> s.pair).toList();
        }

        @Override
        public void putPair(CalendarPair pair) {
            Objects.requireNonNull(pair, "pair");
            PairState state = read(pair.pairId());
            if (state == null) {
                pairs.put(pair.pairId(), new PairState(pair));
                undo.push(() -> pairs.remove(pair.pairId()));
            } else {
                CalendarPair old = state.pair;
                state.pair = pair;
                undo.push(() -> state.pair = old);
            }
        }

        @Override
        public boolean removePair(String pairId) {
            PairState state = read(pairId);
            if (state == null) {
                return false;
            }
            pairs.remove(pairId);
            undo.push(() -> pairs.put(pairId, state));
            return true;
        }

        // --- leases

        @Override
        public Optional<Lease> claim(String pairId, String owner, Instant now, Duration ttl) {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(now, "now");
            requireTtl(ttl);
            PairState state = existing(pairId);
            if (heldByAnother(state.lease, owner, now)) {
                return Optional.empty();
            }
            Lease lease = new Lease(pairId, owner, now.plus(ttl));
            setLease(state, lease);
            return Optional.of(lease);
        }

        @Override
        public List<Lease> claimDue(String owner, Instant now, Duration ttl, Instant syncedBefore, int limit) {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(syncedBefore, "syncedBefore");
            requireTtl(ttl);
            requireOpen();
            List<Lease> claimed = new ArrayList<>();
            for (PairState state : pairs.values()) {
                if (claimed.size() >= limit) {
                    break;
                }
                CalendarPair p = state.pair;
                boolean due = p.lastUpdatedA() == null
                        || p.lastUpdatedB() == null
                        || p.lastUpdatedA().isBefore(syncedBefore)
                        || p.lastUpdatedB().isBefore(syncedBefore);
                if (p.enabled() && due && (state.lease == null || expired(state.lease, now))) {
                    Lease lease = new Lease(p.pairId(), owner, now.plus(ttl));
                    setLease(state, lease);
                    claimed.add(lease);
                }
            }
            return claimed;
        }

        @Override
        public void release(Lease lease) {
            Objects.requireNonNull(lease, "lease");
            PairState state = read(lease.pairId());
            if (state != null && state.lease != null && state.lease.owner().equals(lease.owner())) {
                setLease(state, null);
            }
        }

        @Override
        public Optional<Lease> lease(String pairId) {
            PairState state = read(pairId);
            return state == null ? Optional.empty() : Optional.ofNullable(state.lease);
        }

        private void setLease(PairState state, Lease lease) {
            Lease old = state.lease;
            state.lease = lease;
            undo.push(() -> state.lease = old);
        }

        // --- event mappings

        @Override
        public Optional<EventMapping> mapping(String pairId, EventKey key) {
            Objects.requireNonNull(key, "key");
            PairState state = read(pairId);
            return state == null ? Optional.empty() : Optional.ofNullable(state.mappings.get(key));
        }

        @Override
        public List<EventMapping> mappingsOfUid(String pairId, String uid) {
            Objects.requireNonNull(uid, "uid");
            PairState state = read(pairId);
            if (state == null) {
                return List.of();
            }
            // Keys sort by UID first, a master (null RECURRENCE-ID) before its occurrences.
            List<EventMapping> out = new ArrayList<>();
            for (EventMapping m :
                    state.mappings.tailMap(EventKey.master(uid), true).values()) {
                if (!m.key().uid().equals(uid)) {
                    break;
                }
                out.add(m);
            }
            return List.copyOf(out);
        }

        @Override
        public List<EventMapping> mappingsByRemoteId(String pairId, Side side, String remoteId) {
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(remoteId, "remoteId");
            PairState state = read(pairId);
            if (state == null) {
                return List.of();
            }
            Set<EventKey> keys = state.byRemoteId.get(side).get(remoteId);
            return keys == null
                    ? List.of()
                    : keys.stream().map(state.mappings::get).toList();
        }

        @Override
        public List<EventMapping> mappings(String pairId, SyncStatus status) {
            Objects.requireNonNull(status, "status");
            PairState state = read(pairId);
            if (state == null) {
                return List.of();
            }
            List<EventMapping> out = new ArrayList<>(state.byStatus.get(status).size());
            for (EventKey key : state.byStatus.get(status)) {
                out.add(state.mappings.get(key));
            }
            return out;
        }

        @Override
        public void putMapping(EventMapping mapping) {
            Objects.requireNonNull(mapping, "mapping");
            PairState state = existing(mapping.pairId());
            EventMapping old = state.put(mapping);
            undo.push(() -> state.undoPut(mapping, old));
        }

        // --- journal

        @Override
        public void record(SyncOperation operation) {
            Objects.requireNonNull(operation, "operation");
            PairState state = existing(operation.pairId());
            state.journal.add(operation);
            undo.push(() -> state.journal.remove(state.journal.size() - 1));
        }

        @Override
        public List<SyncOperation> operations(String pairId, Instant since) {
            Objects.requireNonNull(since, "since");
            PairState state = read(pairId);
            if (state == null) {
                return List.of();
            }
            List<SyncOperation> ops = new ArrayList<>();
            for (SyncOperation op : state.journal) {
                if (!op.at().isBefore(since)) {
                    ops.add(op);
                }
            }
            ops.sort(Comparator.comparing(SyncOperation::at)); // stable: equal times keep their order
            return List.copyOf(ops);
        }

        // --- retry queue (small: saved whole before a transaction's first change to it)

        private LinkedHashMap<String, RetryItem> retriesForWrite(PairState state) {
            if (retriesSaved.add(state.pair.pairId())) {
                LinkedHashMap<String, RetryItem> saved = new LinkedHashMap<>(state.retries);
                undo.push(() -> state.retries = saved);
            }
            return state.retries;
        }

        @Override
        public void putRetry(RetryItem item) {
            Objects.requireNonNull(item, "item");
            LinkedHashMap<String, RetryItem> retries = retriesForWrite(existing(item.pairId()));
            retries.remove(item.uid());
            retries.put(item.uid(), item);
        }

        @Override
        public List<RetryItem> retries(String pairId) {
            PairState state = read(pairId);
            if (state == null) {
                return List.of();
            }
            List<RetryItem> items = new ArrayList<>(state.retries.values());
            items.sort(Comparator.comparing(RetryItem::queuedAt));
            return List.copyOf(items);
        }

        @Override
        public boolean removeRetry(String pairId, String uid) {
            Objects.requireNonNull(uid, "uid");
            PairState state = read(pairId);
            if (state == null || !state.retries.containsKey(uid)) {
                return false;
            }
            retriesForWrite(state).remove(uid);
            return true;
        }

        // --- health

        @Override
        public HealthReport health(Instant since) {
            Objects.requireNonNull(since, "since");
            HealthReport.Tally tally = new HealthReport.Tally(since);
            for (PairState state : pairs.values()) {
                tally.pair(state.pair);
                state.byStatus.get(SyncStatus.ACTIVE).forEach(key -> tally.mapping(state.mappings.get(key)));
                state.journal.forEach(tally::operation);
            }
            return tally.report();
        }
    }

    private static boolean expired(Lease lease, Instant now) {
        return !lease.expiresAt().isAfter(now);
    }

    private static boolean heldByAnother(Lease lease, String owner, Instant now) {
        return lease != null && !lease.owner().equals(owner) && !expired(lease, now);
    }

    private static void requireTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease needs a positive ttl: " + ttl);
        }
    }
}
