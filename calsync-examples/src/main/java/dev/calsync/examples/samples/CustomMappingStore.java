package dev.calsync.examples.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.HealthReport;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.spi.RetryItem;
import dev.calsync.core.spi.SideMapping;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MappingStore} of one's own: everything is kept in memory and saved to one JSON file
 * (with Jackson) whenever a transaction that changed something commits. A fit for a desktop or
 * single-process host with a few calendars; a server with many pairs or several processes wants
 * {@code JdbiMappingStore} instead.
 *
 * <p>What it shows a host writing its own store:
 *
 * <ul>
 *   <li><b>Transactions.</b> One lock runs transactions one at a time, so each is isolated. A
 *       transaction reads the committed state until its first change, then works on a copy of it.
 *       When the work returns, the copy is written to the file and only then becomes the committed
 *       state; when the work (or the write) throws, the copy is dropped: nothing of the transaction
 *       is seen by anyone, on disk or in memory. Read-only transactions copy nothing and write
 *       nothing.
 *   <li><b>Durability.</b> The file is replaced atomically: the new content goes to a temporary
 *       file in the same directory, is forced to disk, and is moved over the old file, so a crash
 *       leaves either the old or the new state, never half of one.
 *   <li><b>Its own file format.</b> The SPI's records are translated to small records of this class
 *       ({@code FileState} and friends) with times and recurrence ids as strings, so the file stays
 *       readable and does not change when calsync's classes do.
 *   <li><b>The contract.</b> Leases expire at {@code expiresAt}; {@code claimDue} skips every pair
 *       with an unexpired lease (the caller's own too); mappings, journal entries and retries of an
 *       unknown pair are refused; lists come back in the orders {@link MappingTransaction} promises.
 *       {@code CustomMappingStoreCompatibilityTest} checks all of it with the testkit's {@code
 *       MappingStoreCompatibilityKit}.
 * </ul>
 *
 * <p>Thread-safe. Transactions do not nest (one opened inside another on the same thread throws
 * {@link IllegalStateException}); a {@link MappingTransaction} is valid only inside its {@link
 * #inTransaction} call.
 */
public final class CustomMappingStore implements MappingStore {
    private static final Logger log = LoggerFactory.getLogger(CustomMappingStore.class);
    private static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    /** The committed state, by pair id. Replaced, never changed, on commit. */
    private TreeMap<String, PairState> committed;

    private CustomMappingStore(Path file, TreeMap<String, PairState> committed) {
        this.file = file;
        this.committed = committed;
    }

    /**
     * Opens the store saved in {@code file}, or an empty one if the file does not exist yet (it is
     * created on the first commit that changes something).
     *
     * @throws UncheckedIOException if the file cannot be read or is not a store of this format
     */
    public static CustomMappingStore open(Path file) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath();
        if (!Files.exists(absolute)) {
            return new CustomMappingStore(absolute, new TreeMap<>());
        }
        try {
            FileState saved = JSON.readValue(absolute.toFile(), FileState.class);
            if (saved.version() != FORMAT_VERSION) {
                throw new IOException("format version " + saved.version() + ", expected " + FORMAT_VERSION);
            }
            TreeMap<String, PairState> pairs = new TreeMap<>();
            for (PairJson p : saved.pairs()) {
                pairs.put(p.pairId(), PairState.fromJson(p));
            }
            return new CustomMappingStore(absolute, pairs);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read the calsync store " + absolute, e));
        }
    }

    /** The file this store saves to. */
    public Path file() {
        return file;
    }

    /**
     * {@inheritDoc}
     *
     * @throws UncheckedIOException if the changes could not be saved; they are rolled back
     * @throws IllegalStateException if called inside another transaction on the same thread
     */
    @Override
    public <T> T inTransaction(Function<MappingTransaction, T> work) {
        Objects.requireNonNull(work, "work");
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("transactions do not nest");
        }
        lock.lock();
        try {
            Tx tx = new Tx(committed);
            try {
                T result = work.apply(tx);
                if (tx.working != null) {
                    save(tx.working);
                    committed = tx.working;
                }
                return result;
            } finally {
                tx.open = false;
            }
        } finally {
            lock.unlock();
        }
    }

    private void save(TreeMap<String, PairState> state) {
        List<PairJson> pairs = state.values().stream().map(PairState::toJson).toList();
        try {
            byte[] bytes = JSON.writeValueAsBytes(new FileState(FORMAT_VERSION, pairs));
            Path dir = file.getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            log.warn("cannot save the calsync store {}; the transaction is rolled back", file);
            throw new UncheckedIOException("cannot save the calsync store " + file, e);
        }
    }

    @Override
    public String toString() {
        return "CustomMappingStore[" + file + "]";
    }

    // --- the state in memory

    /** Everything the store holds about one pair. Mutable only inside the transaction that copied it. */
    private static final class PairState {
        CalendarPair pair;
        Lease lease;
        final TreeMap<EventKey, EventMapping> mappings = new TreeMap<>();
        final List<SyncOperation> journal = new ArrayList<>();
        final Map<String, RetryItem> retries = new LinkedHashMap<>();

        PairState(CalendarPair pair) {
            this.pair = pair;
        }

        PairState copy() {
            PairState c = new PairState(pair);
            c.lease = lease;
            c.mappings.putAll(mappings);
            c.journal.addAll(journal);
            c.retries.putAll(retries);
            return c;
        }

        PairJson toJson() {
            return new PairJson(
                    pair.pairId(),
                    pair.calendarA(),
                    pair.calendarB(),
                    pair.syncTokenA(),
                    pair.syncTokenB(),
                    text(pair.lastUpdatedA()),
                    text(pair.lastUpdatedB()),
                    pair.enabled(),
                    lease == null
                            ? null
                            : new LeaseJson(lease.owner(), lease.expiresAt().toString()),
                    mappings.values().stream().map(PairState::toJson).toList(),
                    journal.stream().map(PairState::toJson).toList(),
                    retries.values().stream()
                            .map(r -> new RetryJson(
                                    r.uid(),
                                    r.attempts(),
                                    r.lastError(),
                                    r.queuedAt().toString()))
                            .toList());
        }

        static PairState fromJson(PairJson p) {
            PairState s = new PairState(new CalendarPair(
                    p.pairId(),
                    p.calendarA(),
                    p.calendarB(),
                    p.syncTokenA(),
                    p.syncTokenB(),
                    instant(p.lastUpdatedA()),
                    instant(p.lastUpdatedB()),
                    p.enabled()));
            if (p.lease() != null) {
                s.lease = new Lease(
                        p.pairId(), p.lease().owner(), Instant.parse(p.lease().expiresAt()));
            }
            for (MappingJson m : p.mappings()) {
                EventKey key = new EventKey(m.uid(), recurrenceId(m.recurrenceId()));
                s.mappings.put(
                        key,
                        new EventMapping(
                                p.pairId(),
                                key,
                                side(m.a()),
                                side(m.b()),
                                SyncStatus.valueOf(m.status()),
                                Instant.parse(m.updatedAt())));
            }
            for (OperationJson o : p.journal()) {
                s.journal.add(new SyncOperation(
                        p.pairId(),
                        Instant.parse(o.at()),
                        o.uid(),
                        o.target() == null ? null : Side.valueOf(o.target()),
                        SyncOperation.Kind.valueOf(o.kind()),
                        DeletionEvidence.valueOf(o.evidence()),
                        o.rule() == null ? null : DecidingRule.valueOf(o.rule()),
                        SyncOperation.Outcome.valueOf(o.outcome()),
                        o.error()));
            }
            for (RetryJson r : p.retries()) {
                s.retries.put(
                        r.uid(),
                        new RetryItem(p.pairId(), r.uid(), r.attempts(), r.lastError(), Instant.parse(r.queuedAt())));
            }
            return s;
        }

        private static MappingJson toJson(EventMapping m) {
            return new MappingJson(
                    m.key().uid(),
                    text(m.key().recurrenceId()),
                    toJson(m.a()),
                    toJson(m.b()),
                    m.status().name(),
                    m.updatedAt().toString());
        }

        private static SideJson toJson(SideMapping s) {
            return s == null
                    ? null
                    : new SideJson(
                            s.remoteId(),
                            s.uid(),
                            s.resourceUrl(),
                            s.etag(),
                            s.sequence(),
                            s.contentHash().value());
        }

        private static SideMapping side(SideJson s) {
            return s == null
                    ? null
                    : new SideMapping(
                            s.remoteId(),
                            s.uid(),
                            s.resourceUrl(),
                            s.etag(),
                            s.sequence(),
                            new ContentHash(s.contentHash()));
        }

        private static OperationJson toJson(SyncOperation o) {
            return new OperationJson(
                    o.at().toString(),
                    o.uid(),
                    o.target() == null ? null : o.target().name(),
                    o.kind().name(),
                    o.evidence().name(),
                    o.rule() == null ? null : o.rule().name(),
                    o.outcome().name(),
                    o.error());
        }

        private static String text(Instant instant) {
            return instant == null ? null : instant.toString();
        }

        private static Instant instant(String text) {
            return text == null ? null : Instant.parse(text);
        }

        /** {@code date:2030-01-01}, {@code instant:2030-01-01T09:00:00Z} or {@code floating:2030-01-01T09:00}. */
        private static String text(RecurrenceId id) {
            if (id == null) {
                return null;
            }
            if (id instanceof RecurrenceId.OnDate d) {
                return "date:" + d.date();
            }
            if (id instanceof RecurrenceId.AtInstant i) {
                return "instant:" + i.instant();
            }
            return "floating:" + ((RecurrenceId.AtFloating) id).local();
        }

        private static RecurrenceId recurrenceId(String text) {
            if (text == null) {
                return null;
            }
            int colon = text.indexOf(':');
            String kind = text.substring(0, colon);
            String value = text.substring(colon + 1);
            return switch (kind) {
                case "date" -> new RecurrenceId.OnDate(LocalDate.parse(value));
                case "instant" -> new RecurrenceId.AtInstant(Instant.parse(value));
                case "floating" -> new RecurrenceId.AtFloating(LocalDateTime.parse(value));
                default -> throw new IllegalArgumentException("unknown recurrence id " + text);
            };
        }
    }

    // --- the file format: plain records, (de)serialised by Jackson

    /** The whole file. */
    record FileState(int version, List<PairJson> pairs) {}

    /** One pair with everything it holds; times are ISO-8601 strings. */
    record PairJson(
            String pairId,
            String calendarA,
            String calendarB,
            String syncTokenA,
            String syncTokenB,
            String lastUpdatedA,
            String lastUpdatedB,
            boolean enabled,
            LeaseJson lease,
            List<MappingJson> mappings,
            List<OperationJson> journal,
            List<RetryJson> retries) {}

    /** A pair's lease. */
    record LeaseJson(String owner, String expiresAt) {}

    /** One event mapping; {@code recurrenceId} is null for a master. */
    record MappingJson(String uid, String recurrenceId, SideJson a, SideJson b, String status, String updatedAt) {}

    /** One side of a mapping. */
    record SideJson(String remoteId, String uid, String resourceUrl, String etag, int sequence, String contentHash) {}

    /** One journal entry. */
    record OperationJson(
            String at,
            String uid,
            String target,
            String kind,
            String evidence,
            String rule,
            String outcome,
            String error) {}

    /** One queued retry. */
    record RetryJson(String uid, int attempts, String lastError, String queuedAt) {}

    // --- transactions

    private static final class Tx implements MappingTransaction {
        private final TreeMap<String, PairState> base;
        /** Null until the first change; then this transaction's copy of the state. */
        TreeMap<String, PairState> working;
        /** The pairs of {@link #working} already copied (and so safe to change). */
        private final Set<String> copied = new HashSet<>();

        boolean open = true;

        Tx(TreeMap<String, PairState> base) {
            this.base = base;
        }

        private TreeMap<String, PairState> state() {
            if (!open) {
                throw new IllegalStateException("this transaction has ended");
            }
            return working != null ? working : base;
        }

        private PairState read(String pairId) {
            return state().get(Objects.requireNonNull(pairId, "pairId"));
        }

        /** The pair's state, ready to change; {@link IllegalArgumentException} if there is no such pair. */
        private PairState change(String pairId) {
            state();
            if (working == null) {
                working = new TreeMap<>(base);
            }
            PairState s = working.get(Objects.requireNonNull(pairId, "pairId"));
            if (s == null) {
                throw new IllegalArgumentException("no pair " + pairId);
            }
            if (copied.add(pairId)) {
                s = s.copy();
                working.put(pairId, s);
            }
            return s;
        }

        // pairs and tokens

        @Override
        public Optional<CalendarPair> pair(String pairId) {
            return Optional.ofNullable(read(pairId)).map(s -> s.pair);
        }

        @Override
        public List<CalendarPair> pairs() {
            return state().values().stream().map(s -> s.pair).toList();
        }

        @Override
        public void putPair(CalendarPair pair) {
            Objects.requireNonNull(pair, "pair");
            if (read(pair.pairId()) == null) {
                if (working == null) {
                    working = new TreeMap<>(base);
                }
                working.put(pair.pairId(), new PairState(pair));
                copied.add(pair.pairId());
            } else {
                change(pair.pairId()).pair = pair;
            }
        }

        @Override
        public boolean removePair(String pairId) {
            if (read(pairId) == null) {
                return false;
            }
            change(pairId);
            working.remove(pairId);
            copied.remove(pairId);
            return true;
        }

        // leases

        @Override
        public Optional<Lease> claim(String pairId, String owner, Instant now, Duration ttl) {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(now, "now");
            requirePositive(ttl);
            PairState s = read(pairId);
            if (s == null) {
                throw new IllegalArgumentException("no pair " + pairId);
            }
            if (s.lease != null
                    && !s.lease.owner().equals(owner)
                    && s.lease.expiresAt().isAfter(now)) {
                return Optional.empty();
            }
            Lease lease = new Lease(pairId, owner, now.plus(ttl));
            change(pairId).lease = lease;
            return Optional.of(lease);
        }

        @Override
        public List<Lease> claimDue(String owner, Instant now, Duration ttl, Instant syncedBefore, int limit) {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(syncedBefore, "syncedBefore");
            requirePositive(ttl);
            List<String> due = state().values().stream()
                    .filter(s -> s.pair.enabled())
                    .filter(s -> isDue(s.pair, syncedBefore))
                    .filter(s -> s.lease == null || !s.lease.expiresAt().isAfter(now))
                    .limit(Math.max(0, limit))
                    .map(s -> s.pair.pairId())
                    .toList();
            List<Lease> claimed = new ArrayList<>();
            for (String pairId : due) {
                Lease lease = new Lease(pairId, owner, now.plus(ttl));
                change(pairId).lease = lease;
                claimed.add(lease);
            }
            return claimed;
        }

        /** A side never synced, or last synced before the bound. */
        private static boolean isDue(CalendarPair p, Instant syncedBefore) {
            return Stream.of(p.lastUpdatedA(), p.lastUpdatedB()).anyMatch(t -> t == null || t.isBefore(syncedBefore));
        }

        private static void requirePositive(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("a lease needs a positive duration: " + ttl);
            }
        }

        @Override
        public void release(Lease lease) {
            Objects.requireNonNull(lease, "lease");
            PairState s = read(lease.pairId());
            if (s != null && s.lease != null && s.lease.owner().equals(lease.owner())) {
                change(lease.pairId()).lease = null;
            }
        }

        @Override
        public Optional<Lease> lease(String pairId) {
            return Optional.ofNullable(read(pairId)).map(s -> s.lease);
        }

        // event mappings

        @Override
        public Optional<EventMapping> mapping(String pairId, EventKey key) {
            Objects.requireNonNull(key, "key");
            return Optional.ofNullable(read(pairId)).map(s -> s.mappings.get(key));
        }

        @Override
        public List<EventMapping> mappingsOfUid(String pairId, String uid) {
            Objects.requireNonNull(uid, "uid");
            PairState s = read(pairId);
            if (s == null) {
                return List.of();
            }
            // Keys sort by UID, then the master (no RECURRENCE-ID) before its occurrences.
            return s.mappings.tailMap(EventKey.master(uid), true).values().stream()
                    .takeWhile(m -> m.key().uid().equals(uid))
                    .toList();
        }

        @Override
        public List<EventMapping> mappingsByRemoteId(String pairId, Side side, String remoteId) {
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(remoteId, "remoteId");
            return mappingsWhere(
                    pairId, m -> m.side(side) != null && m.side(side).remoteId().equals(remoteId));
        }

        @Override
        public List<EventMapping> mappings(String pairId, SyncStatus status) {
            Objects.requireNonNull(status, "status");
            return mappingsWhere(pairId, m -> m.status() == status);
        }

        private List<EventMapping> mappingsWhere(String pairId, Predicate<EventMapping> filter) {
            PairState s = read(pairId);
            return s == null
                    ? List.of()
                    : s.mappings.values().stream().filter(filter).toList();
        }

        @Override
        public void putMapping(EventMapping mapping) {
            Objects.requireNonNull(mapping, "mapping");
            change(mapping.pairId()).mappings.put(mapping.key(), mapping);
        }

        // journal

        @Override
        public void record(SyncOperation operation) {
            Objects.requireNonNull(operation, "operation");
            change(operation.pairId()).journal.add(operation);
        }

        @Override
        public List<SyncOperation> operations(String pairId, Instant since) {
            Objects.requireNonNull(since, "since");
            PairState s = read(pairId);
            if (s == null) {
                return List.of();
            }
            // A stable sort: entries recorded at the same instant keep the order they were recorded in.
            return s.journal.stream()
                    .filter(o -> !o.at().isBefore(since))
                    .sorted(Comparator.comparing(SyncOperation::at))
                    .toList();
        }

        // retry queue

        @Override
        public void putRetry(RetryItem item) {
            Objects.requireNonNull(item, "item");
            PairState s = change(item.pairId());
            s.retries.remove(item.uid());
            s.retries.put(item.uid(), item);
        }

        @Override
        public List<RetryItem> retries(String pairId) {
            PairState s = read(pairId);
            if (s == null) {
                return List.of();
            }
            return s.retries.values().stream()
                    .sorted(Comparator.comparing(RetryItem::queuedAt))
                    .toList();
        }

        @Override
        public boolean removeRetry(String pairId, String uid) {
            Objects.requireNonNull(uid, "uid");
            PairState s = read(pairId);
            if (s == null || !s.retries.containsKey(uid)) {
                return false;
            }
            change(pairId).retries.remove(uid);
            return true;
        }

        // health

        @Override
        public HealthReport health(Instant since) {
            Objects.requireNonNull(since, "since");
            HealthReport.Tally tally = new HealthReport.Tally(since);
            for (PairState s : state().values()) {
                tally.pair(s.pair);
                s.mappings.values().forEach(tally::mapping);
                s.journal.forEach(tally::operation);
            }
            return tally.report();
        }
    }
}
