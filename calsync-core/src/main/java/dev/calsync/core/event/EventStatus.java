package dev.calsync.core.event;

/**
 * iCalendar {@code STATUS} / Google {@code status}. A missing status reads as {@link #CONFIRMED},
 * Google's default.
 */
public enum EventStatus {
    /** A confirmed event; also what a missing status means. */
    CONFIRMED,
    /** A tentative event. */
    TENTATIVE,
    /** A cancelled occurrence, or on a master or single event a deletion (Google's tombstone). */
    CANCELLED
}
