package dev.calsync.core.spi;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.DecidingRule;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the operation journal (the seed's {@code sync_operations}): every write and every
 * deletion decision, with the evidence it rested on and how it ended.
 *
 * @param pairId the pair
 * @param at when it happened
 * @param uid the series' UID, or null when unknown (a tombstone for an id never mapped)
 * @param target the side written to, or null for decisions that write nothing (adopt, orphan)
 * @param kind what was done
 * @param evidence for deletions, what proved the deletion; {@link DeletionEvidence#NONE} otherwise
 * @param rule for conflicts, the rule that decided; null otherwise
 * @param outcome how it ended
 * @param error the error message for failures, or null; never a credential or an event body
 */
public record SyncOperation(
        String pairId,
        Instant at,
        String uid,
        Side target,
        Kind kind,
        DeletionEvidence evidence,
        DecidingRule rule,
        Outcome outcome,
        String error) {

    /** What was done. */
    public enum Kind {
        /** The series was created on the target side. */
        CREATE,
        /** The series was updated on the target side. */
        UPDATE,
        /** The series was deleted on the target side. */
        DELETE,
        /** Both sides already held the same series; the mapping was recorded, nothing written. */
        ADOPT,
        /** Missing from a full listing without confirmation: kept, marked orphaned. */
        ORPHAN,
        /** Unreadable: reported, left alone. */
        QUARANTINE
    }

    /** How it ended. */
    public enum Outcome {
        /** The write was done, or the decision recorded. */
        APPLIED,
        /** Failed transiently too often: parked in the retry queue for the next sync. */
        RETRY_QUEUED,
        /** Failed; {@code error} says why. */
        FAILED
    }

    /**
     * Checks the required parts.
     *
     * @param pairId the pair
     * @param at when it happened
     * @param uid the series' UID, or null
     * @param target the side written to, or null
     * @param kind what was done
     * @param evidence what proved a deletion
     * @param rule the rule that decided a conflict, or null
     * @param outcome how it ended
     * @param error the error message, or null
     * @throws NullPointerException if a required part is null
     */
    public SyncOperation {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(outcome, "outcome");
    }
}
