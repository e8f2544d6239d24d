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

    /**
     * {@return the pair, if it exists}
     *
     * @param pairId the pair's id
     */
    Optional<CalendarPair> pair(String pairId);

    /** {@return every pair, sorted by id} */
    List<CalendarPair> pairs();

    /**
     * Creates or replaces a pair (tokens included).
     *
     * @param pair the pair
     */
    void putPair(CalendarPair pair);

    /**
     * Removes a pair with its mappings, journal, retry queue and lease.
     *
     * @param pairId the pair's id
     * @return false if there was no such pair
     */
    boolean removePair(String pairId);

    // --- leases

    /**
     * Claims the pair for {@code owner} until {@code now + ttl} if nobody holds an unexpired lease on
     * it ({@code expiresAt > now}); the owner's own lease is renewed.
     *
     * @param pairId the pair to claim
     * @param owner the claiming worker's id
     * @param now the current time
     * @param ttl how long the lease lasts
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
     *
     * @param owner the claiming worker's id
     * @param now the current time
     * @param ttl how long each lease lasts
     * @param syncedBefore pairs whose tokens were both stored at or after this are not due
     * @param limit the most pairs to claim
     * @return the leases taken, in pair-id order
     */
    List<Lease> claimDue(String owner, Instant now, Duration ttl, Instant syncedBefore, int limit);

    /**
     * Claims up to {@code limit} enabled pairs that nobody holds, due or not: {@link #claimDue} with
     * no bound on the last sync.
     *
     * @param owner the claiming worker's id
     * @param now the current time
     * @param ttl how long each lease lasts
     * @param limit the most pairs to claim
     * @return the leases taken, in pair-id order
     */
    default List<Lease> claimAvailable(String owner, Instant now, Duration ttl, int limit) {
        return claimDue(owner, now, ttl, Instant.MAX, limit);
    }

    /**
     * Releases a lease if {@code lease.owner()} still holds it.
     *
     * @param lease the lease to release
     */
    void release(Lease lease);

    /**
     * {@return the lease currently recorded on the pair, expired or not}
     *
     * @param pairId the pair's id
     */
    Optional<Lease> lease(String pairId);

    // --- event mappings

    /**
     * {@return the mapping of one component}
     *
     * @param pairId the pair's id
     * @param key the component's key
     */
    Optional<EventMapping> mapping(String pairId, EventKey key);

    /**
     * {@return every mapping of a series (master, overrides, cancellations), in key order}
     *
     * @param pairId the pair's id
     * @param uid the series' UID
     */
    List<EventMapping> mappingsOfUid(String pairId, String uid);

    /**
     * {@return the mappings whose {@code side} lives at {@code remoteId} (several for a CalDAV resource), in key order}
     *
     * @param pairId the pair's id
     * @param side the side {@code remoteId} belongs to
     * @param remoteId the id or href on that side
     */
    List<EventMapping> mappingsByRemoteId(String pairId, Side side, String remoteId);

    /**
     * {@return every mapping of the pair with {@code status}, in key order}
     *
     * @param pairId the pair's id
     * @param status the status
     */
    List<EventMapping> mappings(String pairId, SyncStatus status);

    /**
     * Creates or replaces the mapping of {@code mapping.key()}.
     *
     * @param mapping the mapping
     */
    void putMapping(EventMapping mapping);

    // --- journal

    /**
     * Appends to the operation journal.
     *
     * @param operation the entry
     */
    void record(SyncOperation operation);

    /**
     * {@return the journal of a pair since {@code since} (inclusive), oldest first}
     *
     * @param pairId the pair's id
     * @param since the earliest entry's time
     */
    List<SyncOperation> operations(String pairId, Instant since);

    // --- retry queue

    /**
     * Queues (or re-queues, replacing) a series for the next sync.
     *
     * @param item the queued series
     */
    void putRetry(RetryItem item);

    /**
     * {@return the queued series of a pair, oldest first}
     *
     * @param pairId the pair's id
     */
    List<RetryItem> retries(String pairId);

    /**
     * Removes a series from the retry queue.
     *
     * @param pairId the pair's id
     * @param uid the series' UID
     * @return false if it was not queued
     */
    boolean removeRetry(String pairId, String uid);

    // --- health

    /**
     * The seed's four figures: token coverage over enabled pairs, completeness over all active
     * mappings, and the journal's DELETE entries (whatever their outcome) and entries with a
     * deciding rule since {@code since}.
     *
     * @param since the start of the reporting window
     * @return the report
     */
    HealthReport health(Instant since);
}
