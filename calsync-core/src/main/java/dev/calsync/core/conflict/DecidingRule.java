package dev.calsync.core.conflict;

/**
 * The rule that decided a conflict. Recorded in the operation journal, so the ratio of
 * sequence-based to timestamp-based resolutions can be monitored.
 */
public enum DecidingRule {
    /** Both sides hold the same mapped content: not a conflict, nothing to write. */
    CONTENT_EQUAL,
    /** The side with the higher SEQUENCE won. */
    SEQUENCE,
    /** Equal SEQUENCE: the side modified later won. */
    TIMESTAMP,
    /** Nothing else decided (or the policy always prefers one side): the pair's preferred side won. */
    PREFERRED_SIDE,
    /** The host application's callback chose. */
    CALLBACK
}
