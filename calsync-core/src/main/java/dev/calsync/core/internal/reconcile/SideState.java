package dev.calsync.core.internal.reconcile;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.RemoteSeries;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * What one side holds of one series now, as far as this sync knows.
 *
 * @param kind the kind of knowledge
 * @param remote the series as read (only for {@link Kind#PRESENT})
 * @param evidence what proved a deletion (only for {@link Kind#DELETED})
 * @param reason why the series is quarantined or missing, for reports (or null)
 */
public record SideState(Kind kind, RemoteSeries remote, DeletionEvidence evidence, String reason) {

    /** Kinds of knowledge about a side. */
    public enum Kind {
        /** Read in this sync (listing or direct lookup). */
        PRESENT,
        /** Not in this side's token delta, and mapped: the same as at the last sync. */
        UNCHANGED,
        /** Not on this side and never mapped there. */
        ABSENT,
        /** Deleted on evidence. */
        DELETED,
        /** Missing from a full listing and the direct lookup failed: unknown, never a deletion. */
        MISSING,
        /** Unreadable on this side. */
        QUARANTINED
    }

    /** Checks the parts that go with each kind. */
    public SideState {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.PRESENT) != (remote != null)) {
            throw new IllegalArgumentException(kind + " with remote " + remote);
        }
        if ((kind == Kind.DELETED) != (evidence != null && evidence != DeletionEvidence.NONE)) {
            throw new IllegalArgumentException(kind + " with evidence " + evidence);
        }
    }

    /** Read now. */
    public static SideState present(RemoteSeries remote) {
        return new SideState(Kind.PRESENT, Objects.requireNonNull(remote, "remote"), null, null);
    }

    /** Unchanged since the last sync. */
    public static SideState unchanged() {
        return new SideState(Kind.UNCHANGED, null, null, null);
    }

    /** Never there. */
    public static SideState absent() {
        return new SideState(Kind.ABSENT, null, null, null);
    }

    /** Deleted, proved by {@code evidence}. */
    public static SideState deleted(DeletionEvidence evidence) {
        return new SideState(Kind.DELETED, null, evidence, null);
    }

    /** Missing without confirmation. */
    public static SideState missing(String reason) {
        return new SideState(Kind.MISSING, null, null, reason);
    }

    /** Unreadable. */
    public static SideState quarantined(String reason) {
        return new SideState(Kind.QUARANTINED, null, null, reason);
    }

    /**
     * The component hashes this side holds: read ones when present, the recorded ones when
     * unchanged, none otherwise.
     */
    SortedMap<EventKey, ContentHash> hashes(Map<EventKey, ContentHash> recorded) {
        return switch (kind) {
            case PRESENT -> ContentHash.perComponent(remote.series());
            case UNCHANGED -> new java.util.TreeMap<>(recorded);
            default -> new java.util.TreeMap<>();
        };
    }
}
