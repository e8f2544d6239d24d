package dev.calsync.core.spi;

import dev.calsync.core.Side;
import dev.calsync.core.event.EventKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the engine can read and write in one store transaction. Everything done through one
 * transaction commits together or not at all. Valid only inside {@link MappingStore#inTransaction}.
 */
public interface MappingTransaction {

    // --- pairs and tokens

    /** The pair, if it exists. */
    Optional<CalendarPair> pair(String pairId);

    /** Every pair, sorted by id. */
    List<CalendarPair> pairs();

    /** Creates or replaces a pair (tokens included). */
    void putPair(CalendarPair pair);

    /** Removes a pair with its mappings, journal, retry queue and lease; false if there was none. */
    boolean removePair(String pairId);

    // --- leases

    /**
     * Claims the pair for {@code owner} until {@code now + ttl} if nobody holds an unexpired lease on
     * it ({@code expiresAt > now}); the owner's own lease is renewed.
     *
     * @return the lease, or empty if another worker holds it
     * @throws IllegalArgumentException if the pair does not exist
     */
    Optional<Lease> claim(String pairId, String owner, Instant now, Duration ttl);

    /**
     * Claims up to {@code limit} enabled pairs that are due and that nobody holds, in pair-id order.
     * A pair is due when a side has never stored a token or stored it before {@code syncedBefore}
     * ({@link CalendarPair#lastUpdatedA()} / {@link CalendarPair#lastUpdatedB()}); a worker that
     * starts a round at time {@code t} claims with {@code syncedBefore = t} and so never gets a pair
     * synced in this round again. Nobody holds a pair without a lease or whose lease expired ({@code
     * expiresAt <= now}); a pair the caller itself still holds is not returned again. On a shared
     * database two workers never get the same pair.
     */
    List<Lease> claimDue(String owner, Instant now, Duration ttl, Instant syncedBefore, int limit);

    /**
     * Claims up to {@code limit} enabled pairs that nobody holds, due or not: {@link #claimDue} with
     * no bound on the last sync.
     */
    default List<Lease> claimAvailable(String owner, Instant now, Duration ttl, int limit) {
        return claimDue(owner, now, ttl, Instant.MAX, limit);
    }

    /** Releases a lease if {@code lease.owner()} still holds it. */
    void release(Lease lease);

    /** The lease currently recorded on the pair, expired or not. */
    Optional<Lease> lease(String pairId);

    // --- event mappings

    /** The mapping of one component. */
    Optional<EventMapping> mapping(String pairId, EventKey key);

    /** Every mapping of a series (master, overrides, cancellations), in key order. */
    List<EventMapping> mappingsOfUid(String pairId, String uid);

    /** The mappings whose {@code side} lives at {@code remoteId} (several for a CalDAV resource), in key order. */
    List<EventMapping> mappingsByRemoteId(String pairId, Side side, String remoteId);

    /** Every mapping of the pair with {@code status}, in key order. */
    List<EventMapping> mappings(String pairId, SyncStatus status);

    /** Creates or replaces the mapping of {@code mapping.key()}. */
    void putMapping(EventMapping mapping);

    // --- journal

    /** Appends to the operation journal. */
    void record(SyncOperation operation);

    /** The journal of a pair since {@code since} (inclusive), oldest first. */
    List<SyncOperation> operations(String pairId, Instant since);

    // --- retry queue

    /** Queues (or re-queues, replacing) a series for the next sync. */
    void putRetry(RetryItem item);

    /** The queued series of a pair, oldest first. */
    List<RetryItem> retries(String pairId);

    /** Removes a series from the queue; false if it was not queued. */
    boolean removeRetry(String pairId, String uid);

    // --- health

    /**
     * The seed's four figures: token coverage over enabled pairs, completeness over all active
     * mappings, and the journal's DELETE entries (whatever their outcome) and entries with a
     * deciding rule since {@code since}.
     */
    HealthReport health(Instant since);
}
