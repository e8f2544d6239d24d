package dev.calsync.core.sync;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.recurrence.DuplicateComponent;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.QuarantinedItem;
import dev.calsync.core.spi.RetryItem;
import dev.calsync.core.spi.SyncOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one sync of a pair did (or, for a dry run, would do).
 *
 * @param pairId the pair
 * @param dryRun whether this was a dry run (nothing written, nothing stored)
 * @param startedAt when the sync started
 * @param finishedAt when it finished
 * @param sideA what happened on side A
 * @param sideB what happened on side B
 * @param plan the decisions, in execution order (steps that change nothing are left out)
 * @param operations what was executed and recorded in the journal (empty for a dry run)
 * @param quarantined items that could not be read, left alone
 * @param duplicates components listed twice on a side; one was used, the other left alone
 * @param parked series that kept failing and wait in the retry queue for the next sync
 * @param transientRetries how many calls were retried after a transient failure
 * @param massDeletionRefusal for a dry run whose plan a real run would refuse as a mass deletion,
 *     why (the message of the {@link MassDeletionException} the real run throws); otherwise null
 */
public record SyncReport(
        String pairId,
        boolean dryRun,
        Instant startedAt,
        Instant finishedAt,
        SideSummary sideA,
        SideSummary sideB,
        List<PlannedOperation> plan,
        List<SyncOperation> operations,
        List<QuarantinedItem> quarantined,
        List<DuplicateComponent> duplicates,
        List<RetryItem> parked,
        int transientRetries,
        String massDeletionRefusal) {

    /**
     * Copies the lists.
     *
     * @param pairId the pair
     * @param dryRun whether this was a dry run
     * @param startedAt when the sync started
     * @param finishedAt when it finished
     * @param sideA what happened on side A
     * @param sideB what happened on side B
     * @param plan the decisions
     * @param operations what was executed and recorded
     * @param quarantined items that could not be read
     * @param duplicates components listed twice on a side
     * @param parked series waiting in the retry queue
     * @param transientRetries how many calls were retried
     * @param massDeletionRefusal why a real run would refuse the plan, or null
     */
    public SyncReport {
        plan = List.copyOf(plan);
        operations = List.copyOf(operations);
        quarantined = List.copyOf(quarantined);
        duplicates = List.copyOf(duplicates);
        parked = List.copyOf(parked);
    }

    /**
     * What happened on one side.
     *
     * @param fullListing whether the side was listed fully (no token, rejected token, or forced)
     * @param tokenRejected whether the side rejected the stored token
     * @param componentsRead components read from its listing
     * @param tombstonesRead deletions reported by its delta
     * @param calls provider calls made to it (list pages, lookups, writes, retries included)
     * @param tokenStored whether its new sync token was stored
     */
    public record SideSummary(
            boolean fullListing,
            boolean tokenRejected,
            int componentsRead,
            int tombstonesRead,
            int calls,
            boolean tokenStored) {}

    /** {@return for a dry run: why a real run would refuse this plan as a mass deletion, if it would} */
    public java.util.Optional<String> wouldBeRefused() {
        return java.util.Optional.ofNullable(massDeletionRefusal);
    }

    /**
     * {@return what happened on {@code side}}
     *
     * @param side the side
     */
    public SideSummary side(Side side) {
        return side == Side.A ? sideA : sideB;
    }

    /** {@return how long the sync took} */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /**
     * {@return the number of applied operations of {@code kind} written to {@code target}}
     *
     * @param target the side written to
     * @param kind the kind of operation
     */
    public long count(Side target, SyncOperation.Kind kind) {
        return operations.stream()
                .filter(o -> o.kind() == kind && o.target() == target && o.outcome() == SyncOperation.Outcome.APPLIED)
                .count();
    }

    /** {@return the number of applied writes (creates, updates, deletes) on either side} */
    public long writes() {
        return operations.stream()
                .filter(o -> o.target() != null && o.outcome() == SyncOperation.Outcome.APPLIED)
                .count();
    }

    /** {@return the conflicts decided, by the rule that decided them (adoptions of equal content included)} */
    public Map<DecidingRule, Long> conflictsByRule() {
        Map<DecidingRule, Long> counts = new EnumMap<>(DecidingRule.class);
        for (PlannedOperation op : plan) {
            if (op.rule() != null) {
                counts.merge(op.rule(), 1L, Long::sum);
            }
        }
        return Collections.unmodifiableMap(counts);
    }

    /** {@return the deletions planned, by the evidence they rest on} */
    public Map<DeletionEvidence, Long> deletionsByEvidence() {
        Map<DeletionEvidence, Long> counts = new EnumMap<>(DeletionEvidence.class);
        for (PlannedOperation op : plan) {
            if (op.kind() == SyncOperation.Kind.DELETE) {
                counts.merge(op.evidence(), 1L, Long::sum);
            }
        }
        return Collections.unmodifiableMap(counts);
    }
}
