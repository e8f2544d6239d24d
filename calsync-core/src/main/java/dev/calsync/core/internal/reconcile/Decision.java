package dev.calsync.core.internal.reconcile;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.spi.DeletionEvidence;
import java.util.Objects;

/**
 * The decision for one series.
 *
 * @param uid the series
 * @param verdict what to do
 * @param target the side written to (CREATE, UPDATE, DELETE), else null
 * @param evidence what proved a deletion (DELETE, MARK_DELETED), else {@link DeletionEvidence#NONE}
 * @param rule the rule that decided a conflict, or null when there was none
 * @param reason a short explanation for reports and logs (no event content)
 */
public record Decision(
        String uid, Verdict verdict, Side target, DeletionEvidence evidence, DecidingRule rule, String reason) {

    /** Checks that a write names its target. */
    public Decision {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(evidence, "evidence");
        boolean writes = verdict == Verdict.CREATE || verdict == Verdict.UPDATE || verdict == Verdict.DELETE;
        if (writes != (target != null)) {
            throw new IllegalArgumentException(verdict + " with target " + target);
        }
    }

    /** The side whose series is copied (CREATE, UPDATE), else null. */
    public Side source() {
        return verdict == Verdict.CREATE || verdict == Verdict.UPDATE ? target.opposite() : null;
    }

    /** Whether this decision writes to a calendar. */
    public boolean writes() {
        return target != null;
    }
}
