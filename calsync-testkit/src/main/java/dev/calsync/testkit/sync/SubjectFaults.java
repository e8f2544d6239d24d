package dev.calsync.testkit.sync;

import java.time.Duration;

/**
 * The faults a {@link SyncSubject} can inject on one side. Each method returns false if the side
 * cannot inject that fault; the machine then runs the step without it.
 */
public interface SubjectFaults {

    /** The next {@code count} requests fail transiently with {@code retryAfter}. */
    default boolean rateLimitNext(int count, Duration retryAfter) {
        return false;
    }

    /** The next {@code count} updates or deletes meet a concurrent edit (412). */
    default boolean preconditionRaces(int count) {
        return false;
    }

    /** Full listings leave out these series (still there when looked up). */
    default boolean omitFromFullListings(java.util.Collection<String> uids) {
        return false;
    }

    /** Every sync token issued so far for the side's calendar is rejected. */
    default boolean invalidateTokens() {
        return false;
    }

    /** ETags change on every read. */
    default boolean volatileEtags() {
        return false;
    }

    /**
     * The write after the next {@code writes} writes "crashes the process" by throwing an {@link
     * Error}; {@code applied} says whether that write reaches the server first (its answer lost).
     */
    default boolean crashAfterWrites(int writes, boolean applied) {
        return false;
    }

    /** Disarms everything armed. */
    default void clear() {}
}
