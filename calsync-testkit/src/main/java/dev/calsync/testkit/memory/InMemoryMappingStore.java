package dev.calsync.testkit.memory;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link MappingStore} in memory, for tests and for host applications that need no persistence.
 *
 * <p><b>Transactions are real.</b> Each {@link #inTransaction} works on its own copy of the data
 * (copied pair by pair, on the first change to a pair) and publishes it atomically when the work
 * returns; when the work throws (an exception or an {@link Error}), the copy is dropped and the
 * throwable rethrown unchanged. Transactions are serialised by one lock, so each is isolated from
 * the others as if run alone. A {@link MappingTransaction} is valid only inside its {@link
 * #inTransaction} call; using it afterwards, or opening a transaction inside another one on the
 * same thread, throws {@link IllegalStateException}.
 *
 * <p><b>Leases</b> are held until {@code expiresAt}: a lease whose {@code expiresAt} is not after
 * {@code now} has expired. {@link MappingTransaction#claimDue} skips pairs with an unexpired
 * lease of any owner, the caller's own included.
 *
 * <p><b>Health figures</b> count, over all pairs: enabled pairs and those holding a token per side;
 * {@link SyncStatus#ACTIVE} mappings, those with a side state with a non-blank UID on both sides,
 * and those with a non-blank resource URL on both sides; journal entries at or after {@code since}
 * of kind {@link SyncOperation.Kind#DELETE} by evidence (whatever their outcome), and those with a
 * deciding rule by rule.
 *
 * <p>Mappings, journal entries and retries may only be written for an existing pair ({@link
 * IllegalArgumentException} otherwise), as a foreign key would demand. Thread-safe.
 */
public final class InMemoryMappingStore implements MappingStore {

    private final ReentrantLock lock = new ReentrantLock();
    private TreeMap<String, PairData> committed = new TreeMap<>();

    /** An empty store. */
    public InMemoryMappingStore() {}

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if called inside another transaction on the same thread
     */
    @Override
    public <T> T inTransaction(Function<MappingTransaction, T> work) {
        Objects.requireNonNull(work, "work");
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a transaction is already open on this thread; nesting is not supported");
        }
        lock.lock();
        try {
            Tx tx = new Tx(committed);
            try {
                T result = work.apply(tx);
                committed = tx.working;
                return result;
            } finally {
                tx.open = false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Everything the store remembers of one pair. Never changed once committed. */
    private static final class PairData {
        CalendarPair pair;
        Lease lease;
        final TreeMap<EventKey, EventMapping> mappings;
        final List<SyncOperation> journal;
        final LinkedHashMap<String, RetryItem> retries;

        PairData(CalendarPair pair) {
            this.pair = pair;
            this.mappings = new TreeMap<>();
            this.journal = new ArrayList<>();
            this.retries = new LinkedHashMap<>();
        }

        PairData(PairData other) {
            this.pair = other.pair;
            this.lease = other.lease;
            this.mappings = new TreeMap<>(other.mappings);
            this.journal = new ArrayList<>(other.journal);
            this.retries = new LinkedHashMap<>(other.retries);
        }
    }

    private static final class Tx implements MappingTransaction {
        final TreeMap<String, PairData> working;
        private final Set<String> copied = new HashSet<>();
        boolean open = true;

        Tx(TreeMap<String, PairData> committed) {
            this.working = new TreeMap<>(committed);
        }

        private PairData read(String pairId) {
            requireOpen();
            Objects.requireNonNull(pairId, "pairId");
            return working.get(pairId);
        }

        /** The pair's data, copied for this transaction before its first change. */
        private PairData write(String pairId) {
            PairData data = read(pairId);
            if (data == null) {
                throw new IllegalArgumentException("no pair " + pairId);
            }
            if (copied.add(pairId)) {
                data = new PairData(data);
                working.put(pairId, data);
            }
            return data;
        }

        private void requireOpen() {
            if (!open) {
                throw new IllegalStateException("this transaction has ended");
            }
        }

        // --- pairs and tokens

        @Override
        public Optional<CalendarPair> pair(String pairId) {
            PairData data = read(pairId);
            return data == null ? Optional.empty() : Optional.of(data.pair);
        }

        @Override
        public List<CalendarPair> pairs() {
            requireOpen();
            return working.values().stream().map(d -> d.pair).toList();
        }

        @Override
        public void putPair(CalendarPair pair) {
            Objects.requireNonNull(pair, "pair");
            if (read(pair.pairId()) == null) {
                working.put(pair.pairId(), new PairData(pair));
                copied.add(pair.pairId());
            } else {
                write(pair.pairId()).pair = pair;
            }
        }

        @Override
        public boolean removePair(String pairId) {
            if (read(pairId) == null) {
                return false;
            }
            working.remove(pairId);
            copied.remove(pairId);
            return true;
        }

        // --- leases

        @Override
        public Optional<Lease> claim(String pairId, String owner, Instant now, Duration ttl) {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(now, "now");
            requireTtl(ttl);
            PairData data = read(pairId);
            if (data == null) {
                throw new IllegalArgumentException("no pair " + pairId);
            }
            if (heldByAnother(data.lease, owner, now)) {
                return Optional.empty();
            }
            Lease lease = new Lease(pairId, owner, now.plus(ttl));
            write(pairId).lease = lease;
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
            for (PairData data : new ArrayList<>(working.values())) {
                if (claimed.size() >= limit) {
                    break;
                }
                if (data.pair.enabled()
                        && due(data.pair, syncedBefore)
                        && (data.lease == null || expired(data.lease, now))) {
                    Lease lease = new Lease(data.pair.pairId(), owner, now.plus(ttl));
                    write(data.pair.pairId()).lease = lease;
                    claimed.add(lease);
                }
            }
            return claimed;
        }

        private boolean due(CalendarPair pair, Instant syncedBefore) {
            return pair.lastUpdatedA() == null
                    || pair.lastUpdatedB() == null
                    || pair.lastUpdatedA().isBefore(syncedBefore)
                    || pair.lastUpdatedB().isBefore(syncedBefore);
        }

        @Override
        public void release(Lease lease) {
            Objects.requireNonNull(lease, "lease");
            PairData data = read(lease.pairId());
            if (data != null && data.lease != null && data.lease.owner().equals(lease.owner())) {
                write(lease.pairId()).lease = null;
            }
        }

        @Override
        public Optional<Lease> lease(String pairId) {
            PairData data = read(pairId);
            return data == null ? Optional.empty() : Optional.ofNullable(data.lease);
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

        // --- event mappings

        @Override
        public Optional<EventMapping> mapping(String pairId, EventKey key) {
            Objects.requireNonNull(key, "key");
            PairData data = read(pairId);
            return data == null ? Optional.empty() : Optional.ofNullable(data.mappings.get(key));
        }

        @Override
        public List<EventMapping> mappingsOfUid(String pairId, String uid) {
            Objects.requireNonNull(uid, "uid");
            PairData data = read(pairId);
            if (data == null) {
                return List.of();
            }
            // Keys sort by UID first, a master (null RECURRENCE-ID) before its occurrences.
            return data.mappings.tailMap(EventKey.master(uid), true).values().stream()
                    .takeWhile(m -> m.key().uid().equals(uid))
                    .toList();
        }

        @Override
        public List<EventMapping> mappingsByRemoteId(String pairId, Side side, String remoteId) {
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(remoteId, "remoteId");
            PairData data = read(pairId);
            if (data == null) {
                return List.of();
            }
            return data.mappings.values().stream()
                    .filter(m -> {
                        SideMapping s = m.side(side);
                        return s != null && s.remoteId().equals(remoteId);
                    })
                    .toList();
        }

        @Override
        public List<EventMapping> mappings(String pairId, SyncStatus status) {
            Objects.requireNonNull(status, "status");
            PairData data = read(pairId);
            if (data == null) {
                return List.of();
            }
            return data.mappings.values().stream()
                    .filter(m -> m.status() == status)
                    .toList();
        }

        @Override
        public void putMapping(EventMapping mapping) {
            Objects.requireNonNull(mapping, "mapping");
            write(mapping.pairId()).mappings.put(mapping.key(), mapping);
        }

        // --- journal

        @Override
        public void record(SyncOperation operation) {
            Objects.requireNonNull(operation, "operation");
            write(operation.pairId()).journal.add(operation);
        }

        @Override
        public List<SyncOperation> operations(String pairId, Instant since) {
            Objects.requireNonNull(since, "since");
            PairData data = read(pairId);
            if (data == null) {
                return List.of();
            }
            List<SyncOperation> ops = new ArrayList<>();
            for (SyncOperation op : data.journal) {
                if (!op.at().isBefore(since)) {
                    ops.add(op);
                }
            }
            ops.sort(Comparator.comparing(SyncOperation::at)); // stable: equal times keep their order
            return List.copyOf(ops);
        }

        // --- retry queue

        @Override
        public void putRetry(RetryItem item) {
            Objects.requireNonNull(item, "item");
            PairData data = write(item.pairId());
            data.retries.remove(item.uid());
            data.retries.put(item.uid(), item);
        }

        @Override
        public List<RetryItem> retries(String pairId) {
            PairData data = read(pairId);
            if (data == null) {
                return List.of();
            }
            List<RetryItem> items = new ArrayList<>(data.retries.values());
            items.sort(Comparator.comparing(RetryItem::queuedAt));
            return List.copyOf(items);
        }

        @Override
        public boolean removeRetry(String pairId, String uid) {
            Objects.requireNonNull(uid, "uid");
            PairData data = read(pairId);
            if (data == null || !data.retries.containsKey(uid)) {
                return false;
            }
            write(pairId).retries.remove(uid);
            return true;
        }

        // --- health

        @Override
        public HealthReport health(Instant since) {
            Objects.requireNonNull(since, "since");
            requireOpen();
            HealthReport.Tally tally = new HealthReport.Tally(since);
            for (PairData data : working.values()) {
                tally.pair(data.pair);
                data.mappings.values().forEach(tally::mapping);
                data.journal.forEach(tally::operation);
            }
            return tally.report();
        }
    }
}
