package dev.calsync.store.jdbi.internal;

import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.HealthReport;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.spi.RetryItem;
import dev.calsync.core.spi.SideMapping;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.store.jdbi.StoreAccessException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

/**
 * One store transaction on one jdbi {@link Handle}: the SQL behind every {@link MappingTransaction}
 * method. Valid until {@link #end()}; the caller begins, commits and rolls back the handle.
 */
public final class JdbiTransaction implements MappingTransaction {

    private static final String PAIR_COLUMNS =
            "pair_id, calendar_a, calendar_b, a_sync_token, b_sync_token," + " a_last_updated, b_last_updated, enabled";

    private static final String MAPPING_COLUMNS = "pair_id, event_uid, recurrence_id,"
            + " a_remote_id, a_uid, a_resource_url, a_etag, a_sequence, a_content_hash,"
            + " b_remote_id, b_uid, b_resource_url, b_etag, b_sequence, b_content_hash, sync_status, updated_at";

    private static final String OPERATION_COLUMNS = "pair_id, created_at, event_uid, target_side, operation,"
            + " deletion_evidence, deciding_rule, outcome, error";

    private final Handle handle;
    private final Dialect dialect;
    private final String location;
    /** Pairs known to exist in this transaction, so writes to a missing pair fail cleanly. */
    private final Set<String> knownPairs = new HashSet<>();

    private boolean open = true;

    /**
     * @param handle a handle in a transaction
     * @param dialect its database's dialect
     * @param location the store's location, for error messages
     */
    public JdbiTransaction(Handle handle, Dialect dialect, String location) {
        this.handle = handle;
        this.dialect = dialect;
        this.location = location;
    }

    /** Ends this transaction's validity: every later call throws {@link IllegalStateException}. */
    public void end() {
        open = false;
    }

    // --- plumbing

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("this transaction has ended");
        }
    }

    /** Runs SQL, turning database errors into {@link StoreAccessException}s. */
    private <T> T sql(String what, String pairId, Supplier<T> work) {
        requireOpen();
        try {
            return work.get();
        } catch (JdbiException e) {
            if (pairId != null && dialect.isForeignKeyViolation(e)) {
                throw new IllegalArgumentException("no pair " + pairId, e);
            }
            throw new StoreAccessException(location, what, e);
        }
    }

    /** The SHA-256 of a UID's UTF-8 bytes: the key column that stands for it. */
    public static byte[] uidHash(String uid) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private void requirePair(String pairId) {
        Objects.requireNonNull(pairId, "pairId");
        if (knownPairs.contains(pairId)) {
            return;
        }
        boolean exists = sql(
                "read pair",
                null,
                () -> handle.createQuery("SELECT COUNT(*) FROM calendar_mappings WHERE pair_id = ?")
                                .bind(0, dialect.text("pairId", pairId))
                                .mapTo(Long.class)
                                .one()
                        > 0);
        if (!exists) {
            throw new IllegalArgumentException("no pair " + pairId);
        }
        knownPairs.add(pairId);
    }

    private Query query(String sql) {
        return handle.createQuery(sql);
    }

    // --- pairs and tokens

    private CalendarPair readPair(ResultSet rs) throws SQLException {
        return new CalendarPair(
                rs.getString("pair_id"),
                rs.getString("calendar_a"),
                rs.getString("calendar_b"),
                rs.getString("a_sync_token"),
                rs.getString("b_sync_token"),
                dialect.readTime(rs, "a_last_updated"),
                dialect.readTime(rs, "b_last_updated"),
                rs.getBoolean("enabled"));
    }

    @Override
    public Optional<CalendarPair> pair(String pairId) {
        Objects.requireNonNull(pairId, "pairId");
        return sql(
                "read pair",
                null,
                () -> query("SELECT " + PAIR_COLUMNS + " FROM calendar_mappings WHERE pair_id = ?")
                        .bind(0, dialect.text("pairId", pairId))
                        .map((rs, ctx) -> readPair(rs))
                        .findOne());
    }

    @Override
    public List<CalendarPair> pairs() {
        List<CalendarPair> pairs = sql(
                "list pairs",
                null,
                () -> query("SELECT " + PAIR_COLUMNS + " FROM calendar_mappings ORDER BY pair_id")
                        .map((rs, ctx) -> readPair(rs))
                        .list());
        // Java's order of ids (the database's agrees except for some characters outside the BMP).
        pairs.sort(Comparator.comparing(CalendarPair::pairId));
        return List.copyOf(pairs);
    }

    @Override
    public void putPair(CalendarPair pair) {
        Objects.requireNonNull(pair, "pair");
        Instant lastA = Times.stored("lastUpdatedA", pair.lastUpdatedA());
        Instant lastB = Times.stored("lastUpdatedB", pair.lastUpdatedB());
        sql(
                "store pair",
                null,
                () -> handle.createUpdate("INSERT INTO calendar_mappings (" + PAIR_COLUMNS + ")"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (pair_id) DO UPDATE SET calendar_a = excluded.calendar_a,"
                                + " calendar_b = excluded.calendar_b, a_sync_token = excluded.a_sync_token,"
                                + " b_sync_token = excluded.b_sync_token, a_last_updated = excluded.a_last_updated,"
                                + " b_last_updated = excluded.b_last_updated, enabled = excluded.enabled")
                        .bind(0, dialect.text("pairId", pair.pairId()))
                        .bind(1, dialect.text("calendarA", pair.calendarA()))
                        .bind(2, dialect.text("calendarB", pair.calendarB()))
                        .bind(3, dialect.text("syncTokenA", pair.syncTokenA()))
                        .bind(4, dialect.text("syncTokenB", pair.syncTokenB()))
                        .bind(5, dialect.time(lastA))
                        .bind(6, dialect.time(lastB))
                        .bind(7, dialect.bool(pair.enabled()))
                        .execute());
        knownPairs.add(pair.pairId());
    }

    @Override
    public boolean removePair(String pairId) {
        Objects.requireNonNull(pairId, "pairId");
        knownPairs.remove(pairId);
        // Mappings, journal, retries: ON DELETE CASCADE; the lease is on the row itself.
        return sql(
                        "remove pair",
                        null,
                        () -> handle.createUpdate("DELETE FROM calendar_mappings WHERE pair_id = ?")
                                .bind(0, dialect.text("pairId", pairId))
                                .execute())
                > 0;
    }

    // --- leases

    private static void requireTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease needs a positive ttl: " + ttl);
        }
    }

    private Optional<Lease> readLease(ResultSet rs) throws SQLException {
        String owner = rs.getString("lease_owner");
        Instant expires = dialect.readTime(rs, "lease_expires_at");
        return owner == null || expires == null
                ? Optional.empty()
                : Optional.of(new Lease(rs.getString("pair_id"), owner, expires));
    }

    private void writeLease(String pairId, String owner, Instant expiresAt) {
        sql(
                "store lease",
                null,
                () -> handle.createUpdate(
                                "UPDATE calendar_mappings SET lease_owner = ?, lease_expires_at = ? WHERE pair_id = ?")
                        .bind(0, dialect.text("owner", owner))
                        .bind(1, dialect.time(expiresAt))
                        .bind(2, dialect.text("pairId", pairId))
                        .execute());
    }

    @Override
    public Optional<Lease> claim(String pairId, String owner, Instant now, Duration ttl) {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(now, "now");
        requireTtl(ttl);
        Instant at = Times.bound(now);
        Instant expiresAt = Times.stored("lease expiry", now.plus(ttl));
        // The row lock (PostgreSQL) or the write lock (SQLite) makes check-then-update atomic.
        List<Optional<Lease>> current = sql(
                "read lease",
                null,
                () -> query("SELECT pair_id, lease_owner, lease_expires_at FROM calendar_mappings WHERE pair_id = ?"
                                + dialect.lockOne())
                        .bind(0, dialect.text("pairId", pairId))
                        .map((rs, ctx) -> readLease(rs))
                        .list());
        if (current.isEmpty()) {
            throw new IllegalArgumentException("no pair " + pairId);
        }
        Optional<Lease> held = current.get(0);
        if (held.isPresent()
                && !held.get().owner().equals(owner)
                && held.get().expiresAt().isAfter(at)) {
            return Optional.empty();
        }
        writeLease(pairId, owner, expiresAt);
        knownPairs.add(pairId);
        return Optional.of(new Lease(pairId, owner, expiresAt));
    }

    @Override
    public List<Lease> claimAvailable(String owner, Instant now, Duration ttl, int limit) {
        return claimFree(owner, now, ttl, null, limit);
    }

    /**
     * Claims up to {@code limit} enabled pairs that are due and that nobody holds, in pair-id order:
     * a pair is due when a side has no token timestamp ({@code a_last_updated} / {@code
     * b_last_updated}) or one before {@code syncedBefore}. This is {@code MappingTransaction.claimDue}
     * of the calsync-core that follows this module's (it implements that method once merged); {@link
     * #claimAvailable} is this without a bound.
     */
    @Override
    public List<Lease> claimDue(String owner, Instant now, Duration ttl, Instant syncedBefore, int limit) {
        Objects.requireNonNull(syncedBefore, "syncedBefore");
        // A bound after every time the store can hold makes every pair due.
        return claimFree(owner, now, ttl, syncedBefore.isAfter(Times.MAX) ? null : syncedBefore, limit);
    }

    private List<Lease> claimFree(String owner, Instant now, Duration ttl, Instant syncedBefore, int limit) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(now, "now");
        requireTtl(ttl);
        requireOpen();
        Instant expiresAt = Times.stored("lease expiry", now.plus(ttl));
        if (limit <= 0) {
            return List.of();
        }
        String due = syncedBefore == null
                ? ""
                : " AND (a_last_updated IS NULL OR b_last_updated IS NULL OR a_last_updated < ?"
                        + " OR b_last_updated < ?)";
        // PostgreSQL: rows another worker is claiming right now are skipped, not waited for; a row it
        // claimed and committed meanwhile is re-checked against the WHERE clause and left out.
        List<String> free = sql("find free pairs", null, () -> {
            Query q = query("SELECT pair_id FROM calendar_mappings"
                            + " WHERE enabled = ? AND (lease_owner IS NULL OR lease_expires_at <= ?)" + due
                            + " ORDER BY pair_id LIMIT ?" + dialect.lockSkippingLocked())
                    .bind(0, dialect.bool(true))
                    .bind(1, dialect.time(Times.bound(now)));
            int next = 2;
            if (syncedBefore != null) {
                q.bind(next++, dialect.time(Times.bound(syncedBefore)));
                q.bind(next++, dialect.time(Times.bound(syncedBefore)));
            }
            return q.bind(next, dialect.integer(limit)).mapTo(String.class).list();
        });
        List<Lease> claimed = new ArrayList<>(free.size());
        for (String pairId : free) {
            writeLease(pairId, owner, expiresAt);
            claimed.add(new Lease(pairId, owner, expiresAt));
        }
        return List.copyOf(claimed);
    }

    @Override
    public void release(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        sql(
                "release lease",
                null,
                () -> handle.createUpdate(
                                "UPDATE calendar_mappings"
                                        + " SET lease_owner = NULL, lease_expires_at = NULL WHERE pair_id = ? AND lease_owner = ?")
                        .bind(0, dialect.text("pairId", lease.pairId()))
                        .bind(1, dialect.text("owner", lease.owner()))
                        .execute());
    }

    @Override
    public Optional<Lease> lease(String pairId) {
        Objects.requireNonNull(pairId, "pairId");
        return sql(
                        "read lease",
                        null,
                        () -> query(
                                        "SELECT pair_id, lease_owner, lease_expires_at FROM calendar_mappings WHERE pair_id = ?")
                                .bind(0, dialect.text("pairId", pairId))
                                .map((rs, ctx) -> readLease(rs))
                                .findOne())
                .flatMap(l -> l);
    }

    // --- event mappings

    private SideMapping readSide(ResultSet rs, String prefix) throws SQLException {
        String remoteId = rs.getString(prefix + "remote_id");
        if (remoteId == null) {
            return null;
        }
        return new SideMapping(
                remoteId,
                rs.getString(prefix + "uid"),
                rs.getString(prefix + "resource_url"),
                rs.getString(prefix + "etag"),
                rs.getInt(prefix + "sequence"),
                new ContentHash(rs.getString(prefix + "content_hash")));
    }

    private EventMapping readMapping(ResultSet rs) throws SQLException {
        return new EventMapping(
                rs.getString("pair_id"),
                new EventKey(rs.getString("event_uid"), RecurrenceIdCodec.decode(rs.getString("recurrence_id"))),
                readSide(rs, "a_"),
                readSide(rs, "b_"),
                Codes.decode(SyncStatus.class, rs.getString("sync_status")),
                dialect.readTime(rs, "updated_at"));
    }

    private List<EventMapping> sorted(List<EventMapping> mappings) {
        List<EventMapping> out = new ArrayList<>(mappings);
        out.sort(Comparator.comparing(EventMapping::key));
        return List.copyOf(out);
    }

    @Override
    public Optional<EventMapping> mapping(String pairId, EventKey key) {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(key, "key");
        return sql(
                "read mapping",
                null,
                () -> query("SELECT " + MAPPING_COLUMNS + " FROM event_mappings"
                                + " WHERE pair_id = ? AND event_uid_sha256 = ? AND recurrence_id = ? AND event_uid = ?")
                        .bind(0, dialect.text("pairId", pairId))
                        .bind(1, dialect.bytes(uidHash(key.uid())))
                        .bind(2, dialect.text("recurrenceId", RecurrenceIdCodec.encode(key.recurrenceId())))
                        .bind(3, dialect.text("uid", key.uid()))
                        .map((rs, ctx) -> readMapping(rs))
                        .findOne());
    }

    @Override
    public List<EventMapping> mappingsOfUid(String pairId, String uid) {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(uid, "uid");
        return sorted(sql(
                "read mappings of a UID",
                null,
                () -> query("SELECT " + MAPPING_COLUMNS
                                + " FROM event_mappings WHERE pair_id = ? AND event_uid_sha256 = ? AND event_uid = ?")
                        .bind(0, dialect.text("pairId", pairId))
                        .bind(1, dialect.bytes(uidHash(uid)))
                        .bind(2, dialect.text("uid", uid))
                        .map((rs, ctx) -> readMapping(rs))
                        .list()));
    }

    @Override
    public List<EventMapping> mappingsByRemoteId(String pairId, Side side, String remoteId) {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(remoteId, "remoteId");
        String column = side == Side.A ? "a_remote_id" : "b_remote_id";
        return sorted(sql(
                "read mappings by remote id",
                null,
                () -> query("SELECT " + MAPPING_COLUMNS + " FROM event_mappings WHERE " + column
                                + " = ? AND pair_id = ?")
                        .bind(0, dialect.text("remoteId", remoteId))
                        .bind(1, dialect.text("pairId", pairId))
                        .map((rs, ctx) -> readMapping(rs))
                        .list()));
    }

    @Override
    public List<EventMapping> mappings(String pairId, SyncStatus status) {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(status, "status");
        return sorted(sql(
                "read mappings by status",
                null,
                () -> query("SELECT " + MAPPING_COLUMNS + " FROM event_mappings WHERE sync_status = ? AND pair_id = ?")
                        .bind(0, dialect.text("status", Codes.encode(status)))
                        .bind(1, dialect.text("pairId", pairId))
                        .map((rs, ctx) -> readMapping(rs))
                        .list()));
    }

    @Override
    public void putMapping(EventMapping mapping) {
        Objects.requireNonNull(mapping, "mapping");
        requirePair(mapping.pairId());
        Instant updatedAt = Times.stored("updatedAt", mapping.updatedAt());
        SideMapping a = mapping.a();
        SideMapping b = mapping.b();
        sql(
                "store mapping",
                mapping.pairId(),
                () -> handle.createUpdate("INSERT INTO event_mappings"
                                + " (pair_id, event_uid, event_uid_sha256, recurrence_id,"
                                + " a_remote_id, a_uid, a_resource_url, a_etag, a_sequence, a_content_hash,"
                                + " b_remote_id, b_uid, b_resource_url, b_etag, b_sequence, b_content_hash,"
                                + " sync_status, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (pair_id, event_uid_sha256, recurrence_id) DO UPDATE SET"
                                + " event_uid = excluded.event_uid,"
                                + " a_remote_id = excluded.a_remote_id, a_uid = excluded.a_uid,"
                                + " a_resource_url = excluded.a_resource_url, a_etag = excluded.a_etag,"
                                + " a_sequence = excluded.a_sequence, a_content_hash = excluded.a_content_hash,"
                                + " b_remote_id = excluded.b_remote_id, b_uid = excluded.b_uid,"
                                + " b_resource_url = excluded.b_resource_url, b_etag = excluded.b_etag,"
                                + " b_sequence = excluded.b_sequence, b_content_hash = excluded.b_content_hash,"
                                + " sync_status = excluded.sync_status, updated_at = excluded.updated_at")
                        .bind(0, dialect.text("pairId", mapping.pairId()))
                        .bind(1, dialect.text("uid", mapping.key().uid()))
                        .bind(2, dialect.bytes(uidHash(mapping.key().uid())))
                        .bind(
                                3,
                                dialect.text(
                                        "recurrenceId",
                                        RecurrenceIdCodec.encode(mapping.key().recurrenceId())))
                        .bind(4, dialect.text("a.remoteId", a == null ? null : a.remoteId()))
                        .bind(5, dialect.text("a.uid", a == null ? null : a.uid()))
                        .bind(6, dialect.text("a.resourceUrl", a == null ? null : a.resourceUrl()))
                        .bind(7, dialect.text("a.etag", a == null ? null : a.etag()))
                        .bind(8, dialect.integer(a == null ? null : a.sequence()))
                        .bind(
                                9,
                                dialect.text(
                                        "a.contentHash",
                                        a == null ? null : a.contentHash().value()))
                        .bind(10, dialect.text("b.remoteId", b == null ? null : b.remoteId()))
                        .bind(11, dialect.text("b.uid", b == null ? null : b.uid()))
                        .bind(12, dialect.text("b.resourceUrl", b == null ? null : b.resourceUrl()))
                        .bind(13, dialect.text("b.etag", b == null ? null : b.etag()))
                        .bind(14, dialect.integer(b == null ? null : b.sequence()))
                        .bind(
                                15,
                                dialect.text(
                                        "b.contentHash",
                                        b == null ? null : b.contentHash().value()))
                        .bind(16, dialect.text("status", Codes.encode(mapping.status())))
                        .bind(17, dialect.time(updatedAt))
                        .execute());
    }

    // --- journal

    private SyncOperation readOperation(ResultSet rs) throws SQLException {
        return new SyncOperation(
                rs.getString("pair_id"),
                dialect.readTime(rs, "created_at"),
                rs.getString("event_uid"),
                Codes.decode(Side.class, rs.getString("target_side")),
                Codes.decode(SyncOperation.Kind.class, rs.getString("operation")),
                Codes.decode(DeletionEvidence.class, rs.getString("deletion_evidence")),
                Codes.decode(DecidingRule.class, rs.getString("deciding_rule")),
                Codes.decode(SyncOperation.Outcome.class, rs.getString("outcome")),
                rs.getString("error"));
    }

    @Override
    public void record(SyncOperation operation) {
        Objects.requireNonNull(operation, "operation");
        requirePair(operation.pairId());
        Instant at = Times.stored("at", operation.at());
        sql(
                "record operation",
                operation.pairId(),
                () -> handle.createUpdate("INSERT INTO sync_operations (" + OPERATION_COLUMNS
                                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .bind(0, dialect.text("pairId", operation.pairId()))
                        .bind(1, dialect.time(at))
                        .bind(2, dialect.text("uid", operation.uid()))
                        .bind(3, dialect.text("target", Codes.encode(operation.target())))
                        .bind(4, dialect.text("kind", Codes.encode(operation.kind())))
                        .bind(5, dialect.text("evidence", Codes.encode(operation.evidence())))
                        .bind(6, dialect.text("rule", Codes.encode(operation.rule())))
                        .bind(7, dialect.text("outcome", Codes.encode(operation.outcome())))
                        .bind(8, dialect.text("error", operation.error()))
                        .execute());
    }

    @Override
    public List<SyncOperation> operations(String pairId, Instant since) {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(since, "since");
        if (since.isAfter(Times.MAX)) {
            requireOpen();
            return List.of();
        }
        return List.copyOf(sql(
                "read journal",
                null,
                () -> query(
                                "SELECT " + OPERATION_COLUMNS
                                        + " FROM sync_operations WHERE pair_id = ? AND created_at >= ? ORDER BY created_at, seq")
                        .bind(0, dialect.text("pairId", pairId))
                        .bind(1, dialect.time(Times.bound(since)))
                        .map((rs, ctx) -> readOperation(rs))
                        .list()));
    }

    // --- retry queue

    @Override
    public void putRetry(RetryItem item) {
        Objects.requireNonNull(item, "item");
        requirePair(item.pairId());
        Instant queuedAt = Times.stored("queuedAt", item.queuedAt());
        sql("queue retry", item.pairId(), () -> {
            dialect.putRetry(
                    handle,
                    item.pairId(),
                    item.uid(),
                    uidHash(item.uid()),
                    item.attempts(),
                    item.lastError(),
                    queuedAt);
            return null;
        });
    }

    @Override
    public List<RetryItem> retries(String pairId) {
        Objects.requireNonNull(pairId, "pairId");
        return List.copyOf(sql(
                "read retry queue",
                null,
                () -> query("SELECT pair_id, event_uid, attempts, last_error, queued_at FROM retry_queue"
                                + " WHERE pair_id = ? ORDER BY queued_at, seq")
                        .bind(0, dialect.text("pairId", pairId))
                        .map((rs, ctx) -> new RetryItem(
                                rs.getString("pair_id"),
                                rs.getString("event_uid"),
                                rs.getInt("attempts"),
                                rs.getString("last_error"),
                                dialect.readTime(rs, "queued_at")))
                        .list()));
    }

    @Override
    public boolean removeRetry(String pairId, String uid) {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(uid, "uid");
        return sql(
                        "remove retry",
                        null,
                        () -> handle.createUpdate(
                                        "DELETE FROM retry_queue WHERE pair_id = ? AND event_uid_sha256 = ? AND event_uid = ?")
                                .bind(0, dialect.text("pairId", pairId))
                                .bind(1, dialect.bytes(uidHash(uid)))
                                .bind(2, dialect.text("uid", uid))
                                .execute())
                > 0;
    }

    // --- health

    @Override
    public HealthReport health(Instant since) {
        Objects.requireNonNull(since, "since");
        requireOpen();
        HealthReport.TokenCoverage tokens = sql(
                "read token coverage",
                null,
                () -> query("SELECT COUNT(*) AS pairs, COUNT(a_sync_token) AS with_a, COUNT(b_sync_token) AS with_b"
                                + " FROM calendar_mappings WHERE enabled = ?")
                        .bind(0, dialect.bool(true))
                        .map((rs, ctx) -> new HealthReport.TokenCoverage(
                                rs.getLong("pairs"), rs.getLong("with_a"), rs.getLong("with_b")))
                        .one());
        String bothSides = "a_remote_id IS NOT NULL AND b_remote_id IS NOT NULL";
        HealthReport.MappingCompleteness mappings = sql(
                "read mapping completeness",
                null,
                () -> query("SELECT COUNT(*) AS active,"
                                + " COALESCE(SUM(CASE WHEN " + bothSides + " AND " + dialect.notBlank("a_uid")
                                + " AND " + dialect.notBlank("b_uid") + " THEN 1 ELSE 0 END), 0) AS with_uids,"
                                + " COALESCE(SUM(CASE WHEN " + bothSides + " AND " + dialect.notBlank("a_resource_url")
                                + " AND " + dialect.notBlank("b_resource_url") + " THEN 1 ELSE 0 END), 0)"
                                + " AS with_urls"
                                + " FROM event_mappings WHERE sync_status = ?")
                        .bind(0, dialect.text("ws", Dialect.WHITESPACE))
                        .bind(1, dialect.text("ws", Dialect.WHITESPACE))
                        .bind(2, dialect.text("ws", Dialect.WHITESPACE))
                        .bind(3, dialect.text("ws", Dialect.WHITESPACE))
                        .bind(4, dialect.text("status", Codes.encode(SyncStatus.ACTIVE)))
                        .map((rs, ctx) -> new HealthReport.MappingCompleteness(
                                rs.getLong("active"), rs.getLong("with_uids"), rs.getLong("with_urls")))
                        .one());
        Map<DeletionEvidence, Long> deletions = new EnumMap<>(DeletionEvidence.class);
        Map<DecidingRule, Long> conflicts = new EnumMap<>(DecidingRule.class);
        if (!since.isAfter(Times.MAX)) {
            Instant from = Times.bound(since);
            sql(
                    "count deletions",
                    null,
                    () -> query(
                                    "SELECT deletion_evidence AS code, COUNT(*) AS n"
                                            + " FROM sync_operations WHERE operation = ? AND created_at >= ? GROUP BY deletion_evidence")
                            .bind(0, dialect.text("kind", Codes.encode(SyncOperation.Kind.DELETE)))
                            .bind(1, dialect.time(from))
                            .map((rs, ctx) -> {
                                deletions.put(
                                        Codes.decode(DeletionEvidence.class, rs.getString("code")), rs.getLong("n"));
                                return 0;
                            })
                            .list());
            sql(
                    "count conflicts",
                    null,
                    () -> query("SELECT deciding_rule AS code, COUNT(*) AS n"
                                    + " FROM sync_operations WHERE deciding_rule IS NOT NULL AND created_at >= ?"
                                    + " GROUP BY deciding_rule")
                            .bind(0, dialect.time(from))
                            .map((rs, ctx) -> {
                                conflicts.put(Codes.decode(DecidingRule.class, rs.getString("code")), rs.getLong("n"));
                                return 0;
                            })
                            .list());
        }
        return new HealthReport(tokens, mappings, deletions, conflicts);
    }
}
