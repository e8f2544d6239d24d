package dev.calsync.core.spi;

/** The state of one event mapping (the seed's {@code sync_status}). */
public enum SyncStatus {
    /** Present on both sides and in sync. */
    ACTIVE,
    /** Deleted on evidence; the row is kept as a tombstone so the event is never resurrected by mistake. */
    DELETED,
    /** Missing from a full listing but not confirmed gone: kept, not deleted, checked again later. */
    ORPHANED,
    /** Unreadable on a side; reported, never copied, never a reason to delete. */
    QUARANTINED
}
