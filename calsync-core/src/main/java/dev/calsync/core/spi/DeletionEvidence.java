package dev.calsync.core.spi;

/** What a deletion decision rested on; recorded in the journal for the seed's "deletion safety" figure. */
public enum DeletionEvidence {
    /** A tombstone in a sync-token delta (Google {@code status: cancelled}, CalDAV 404 in sync-collection). */
    TOKEN_DELTA,
    /** A direct lookup answered 404/410 (or Google returned the event as deleted). */
    DIRECT_LOOKUP,
    /** No evidence: never a reason to delete; used for non-deleting operations. */
    NONE
}
