package dev.calsync.core.sync;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.SyncOperation;
import java.util.Objects;

/**
 * One step of a sync's plan: what the engine decided for one series before executing it. A dry run
 * returns the plan; a real run executes the same plan (and may re-decide a step whose write met a
 * concurrent change).
 *
 * @param uid the series
 * @param kind what will be done
 * @param target the side written to, or null for steps that write nothing
 * @param evidence for deletions, what proves them
 * @param rule for conflicts, the rule that decided; else null
 */
public record PlannedOperation(
        String uid, SyncOperation.Kind kind, Side target, DeletionEvidence evidence, DecidingRule rule) {
    /**
     * Checks the required parts.
     *
     * @param uid the series
     * @param kind what will be done
     * @param target the side written to, or null
     * @param evidence what proves a deletion
     * @param rule the rule that decided a conflict, or null
     * @throws NullPointerException if a required part is null
     */
    public PlannedOperation {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(evidence, "evidence");
    }
}
