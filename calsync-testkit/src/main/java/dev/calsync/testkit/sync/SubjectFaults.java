package dev.calsync.testkit.sync;

import java.time.Duration;

/**
 * The faults a {@link SyncSubject} can inject on one side. Each method returns false if the side
 * cannot inject that fault; the machine then runs the step without it.
 */
public interface SubjectFaults {

    /**
     * The next {@code count} requests fail transiently with {@code retryAfter}.
     *
     * @param count how many requests
     * @param retryAfter the wait to announce, or null
     * @return false if the side cannot inject this fault
     */
    default boolean rateLimitNext(int count, Duration retryAfter) {
        return false;
    }

    /**
     * The next {@code count} updates or deletes meet a concurrent edit (412).
     *
     * @param count how many writes
     * @return false if the side cannot inject this fault
     */
    default boolean preconditionRaces(int count) {
        return false;
    }

    /**
     * Full listings leave out these series (still there when looked up).
     *
     * @param uids the series to leave out
     * @return false if the side cannot inject this fault
     */
    default boolean omitFromFullListings(java.util.Collection<String> uids) {
        return false;
    }

    /**
     * Every sync token issued so far for the side's calendar is rejected.
     *
     * @return false if the side cannot inject this fault
     */
    default boolean invalidateTokens() {
        return false;
    }

    /**
     * ETags change on every read.
     *
     * @return false if the side cannot inject this fault
     */
    default boolean volatileEtags() {
        return false;
    }

    /**
     * The write after the next {@code writes} writes "crashes the process" by throwing an {@link
     * Error}; {@code applied} says whether that write reaches the server first (its answer lost).
     *
     * @param writes the writes before the crash
     * @param applied whether the crashing write reaches the server
     * @return false if the side cannot inject this fault
     */
    default boolean crashAfterWrites(int writes, boolean applied) {
        return false;
    }

    /** Disarms everything armed. */
    default void clear() {}
}
