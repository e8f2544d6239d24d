package dev.calsync.core.internal.reconcile;

import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.conflict.Conflict;
import dev.calsync.core.conflict.ConflictResolver;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.conflict.Resolution;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.internal.reconcile.SideState.Kind;
import dev.calsync.core.spi.DeletionEvidence;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sync engine's decision for one series: a pure function of what was recorded at the last sync
 * (each side's component hashes) and what each side holds now.
 *
 * <p>The rules, in order:
 *
 * <ol>
 *   <li>A side that is unreadable (quarantined) or missing without confirmation stops every write:
 *       nothing is copied and nothing deleted.
 *   <li>Deleted on both sides: record the tombstone.
 *   <li>Deleted on one side (on evidence): if the other side changed since the last sync, the
 *       change wins and the series is created again where it was deleted (modify beats delete);
 *       otherwise it is deleted on the other side.
 *   <li>A side changed when its component hashes differ from the recorded ones; an ETag change alone
 *       is no change. Only one side changed: copy it to the other, unless the other already holds
 *       the same content (then adopt).
 *   <li>Both changed (or a first mirror found the UID on both sides): equal content is adopted
 *       without a write; otherwise the conflict resolver decides which whole series wins, and it is
 *       copied over the other. Writes are therefore always one-sided, which keeps every crash point
 *       recoverable by replaying the sync.
 * </ol>
 */
public final class Reconciler {

    private final ConflictResolver resolver;
    private final Side preferredSide;

    /**
     * @param resolver decides conflicts
     * @param preferredSide the pair's preferred side, the last tie-breaker
     */
    public Reconciler(ConflictResolver resolver, Side preferredSide) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.preferredSide = Objects.requireNonNull(preferredSide, "preferredSide");
    }

    /**
     * Decides one series.
     *
     * @param uid the series
     * @param recordedA side A's component hashes at the last sync (empty if never mapped there)
     * @param recordedB side B's
     * @param a what side A holds now
     * @param b what side B holds now
     */
    public Decision decide(
            String uid,
            Map<EventKey, ContentHash> recordedA,
            Map<EventKey, ContentHash> recordedB,
            SideState a,
            SideState b) {
        if (a.kind() == Kind.QUARANTINED || b.kind() == Kind.QUARANTINED) {
            SideState q = a.kind() == Kind.QUARANTINED ? a : b;
            return new Decision(uid, Verdict.QUARANTINE, null, DeletionEvidence.NONE, null, q.reason());
        }
        if (a.kind() == Kind.MISSING || b.kind() == Kind.MISSING) {
            SideState m = a.kind() == Kind.MISSING ? a : b;
            return new Decision(uid, Verdict.ORPHAN, null, DeletionEvidence.NONE, null, m.reason());
        }
        boolean deletedA = a.kind() == Kind.DELETED;
        boolean deletedB = b.kind() == Kind.DELETED;
        if (deletedA && deletedB) {
            return new Decision(uid, Verdict.MARK_DELETED, null, a.evidence(), null, "deleted on both sides");
        }
        if (deletedA || deletedB) {
            Side deletedOn = deletedA ? Side.A : Side.B;
            SideState gone = deletedA ? a : b;
            SideState other = deletedA ? b : a;
            Map<EventKey, ContentHash> otherRecorded = deletedA ? recordedB : recordedA;
            return decideDeletion(uid, deletedOn, gone, other, otherRecorded);
        }

        Map<EventKey, ContentHash> nowA = a.hashes(recordedA);
        Map<EventKey, ContentHash> nowB = b.hashes(recordedB);
        boolean changedA = a.kind() == Kind.PRESENT && !nowA.equals(recordedA);
        boolean changedB = b.kind() == Kind.PRESENT && !nowB.equals(recordedB);

        if (!changedA && !changedB) {
            return new Decision(uid, Verdict.NOTHING, null, DeletionEvidence.NONE, null, "unchanged");
        }
        if (changedA != changedB) {
            Side source = changedA ? Side.A : Side.B;
            SideState target = changedA ? b : a;
            Map<EventKey, ContentHash> sourceNow = changedA ? nowA : nowB;
            Map<EventKey, ContentHash> targetNow = changedA ? nowB : nowA;
            if (sourceNow.equals(targetNow)) {
                return new Decision(uid, Verdict.ADOPT, null, DeletionEvidence.NONE, null, "already equal");
            }
            Verdict verdict = target.kind() == Kind.ABSENT ? Verdict.CREATE : Verdict.UPDATE;
            return new Decision(
                    uid, verdict, source.opposite(), DeletionEvidence.NONE, null, "changed on " + source + " only");
        }
        // Both changed, or a first mirror found the series on both sides.
        if (nowA.equals(nowB)) {
            return new Decision(
                    uid, Verdict.ADOPT, null, DeletionEvidence.NONE, DecidingRule.CONTENT_EQUAL, "same content");
        }
        Resolution resolution = resolver.resolve(new Conflict(
                null, summary(a.remote().series()), summary(b.remote().series()), preferredSide));
        Side winner = resolution.winningSide().orElse(preferredSide);
        DecidingRule rule =
                resolution.rule() == DecidingRule.CONTENT_EQUAL ? DecidingRule.PREFERRED_SIDE : resolution.rule();
        return new Decision(
                uid, Verdict.UPDATE, winner.opposite(), DeletionEvidence.NONE, rule, "conflict won by " + winner);
    }

    private Decision decideDeletion(
            String uid, Side deletedOn, SideState gone, SideState other, Map<EventKey, ContentHash> otherRecorded) {
        switch (other.kind()) {
            case PRESENT -> {
                boolean otherChanged =
                        !ContentHash.perComponent(other.remote().series()).equals(otherRecorded);
                if (otherChanged) {
                    // Modify beats delete: the edit is copied back to where the series was deleted.
                    return new Decision(
                            uid,
                            Verdict.CREATE,
                            deletedOn,
                            DeletionEvidence.NONE,
                            null,
                            "changed on " + deletedOn.opposite() + " after deletion on " + deletedOn);
                }
                return new Decision(
                        uid, Verdict.DELETE, deletedOn.opposite(), gone.evidence(), null, "deleted on " + deletedOn);
            }
            case UNCHANGED -> {
                return new Decision(
                        uid, Verdict.DELETE, deletedOn.opposite(), gone.evidence(), null, "deleted on " + deletedOn);
            }
            default -> {
                return new Decision(uid, Verdict.MARK_DELETED, null, gone.evidence(), null, "deleted on " + deletedOn);
            }
        }
    }

    /**
     * The component the conflict resolver sees for a whole series: the master's content (or the
     * first override's, in an override-only series) with the series' highest SEQUENCE and latest
     * modification time, keyed as the series master.
     */
    static EventComponent summary(EventSeries series) {
        EventComponent base = series.masterComponent()
                .orElseGet(() ->
                        series.overrides().isEmpty() ? null : series.overrides().get(0));
        if (base == null) {
            throw new IllegalArgumentException("series " + series.uid() + " has no component to compare");
        }
        int sequence = series.components().stream()
                .mapToInt(EventComponent::sequence)
                .max()
                .orElse(0);
        Optional<Instant> modified = series.components().stream()
                .map(EventComponent::lastModified)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder());
        return base.toBuilder()
                .recurrenceId(null)
                .sequence(sequence)
                .lastModified(modified.orElse(null))
                .build();
    }
}
