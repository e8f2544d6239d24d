package dev.calsync.core.event;

/** What role a component plays in its series; derived from its key, recurrence and status. */
public enum ComponentKind {
    /** A non-recurring event. */
    SINGLE,
    /** The master of a recurring series (has RRULE or RDATE). */
    MASTER,
    /** A modified occurrence (has a RECURRENCE-ID). */
    OVERRIDE,
    /** A cancelled occurrence (a RECURRENCE-ID with STATUS:CANCELLED, or Google's cancelled instance). */
    CANCELLED_OCCURRENCE
}
