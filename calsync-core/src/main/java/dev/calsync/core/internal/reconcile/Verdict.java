package dev.calsync.core.internal.reconcile;

/** What the engine does with one series. */
public enum Verdict {
    /** Both sides agree with the record: nothing to write (stored ETags may be refreshed). */
    NOTHING,
    /** Both sides hold the same content that the record does not know yet: record it, write nothing. */
    ADOPT,
    /** Create the source's series on the target. */
    CREATE,
    /** Replace the target's series with the source's. */
    UPDATE,
    /** Delete the series on the target: the source deleted it, on evidence. */
    DELETE,
    /** Both sides deleted it: record the tombstone, write nothing. */
    MARK_DELETED,
    /** Missing without confirmation: mark orphaned, write nothing. */
    ORPHAN,
    /** Unreadable on a side: mark quarantined, write nothing. */
    QUARANTINE
}
