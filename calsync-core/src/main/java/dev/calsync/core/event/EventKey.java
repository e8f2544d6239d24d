package dev.calsync.core.event;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identifies one component across both sides of a pair: the iCalendar UID and, for an override or
 * cancelled occurrence, its normalised {@link RecurrenceId} (null for a master or single event).
 *
 * @param uid the UID, compared exactly (UIDs are case-sensitive)
 * @param recurrenceId the occurrence, or null for the series master / single event
 */
public record EventKey(String uid, RecurrenceId recurrenceId) implements Comparable<EventKey> {

    private static final Comparator<EventKey> ORDER = Comparator.comparing(EventKey::uid)
            .thenComparing(EventKey::recurrenceId, Comparator.nullsFirst(Comparator.naturalOrder()));

    /**
     * Checks the key.
     *
     * @param uid the UID
     * @param recurrenceId the occurrence, or null for a master or single event
     * @throws NullPointerException if {@code uid} is null
     */
    public EventKey {
        Objects.requireNonNull(uid, "uid");
    }

    /**
     * The key of a master or single event.
     *
     * @param uid the series' UID
     * @return the key with no recurrence id
     */
    public static EventKey master(String uid) {
        return new EventKey(uid, null);
    }

    /**
     * The key of one occurrence of {@code uid}'s series.
     *
     * @param uid the series' UID
     * @param recurrenceId the occurrence
     * @return the key of that occurrence
     */
    public static EventKey occurrence(String uid, RecurrenceId recurrenceId) {
        return new EventKey(uid, Objects.requireNonNull(recurrenceId, "recurrenceId"));
    }

    /** {@return whether this key names an occurrence rather than a master or single event} */
    public boolean isOccurrence() {
        return recurrenceId != null;
    }

    @Override
    public int compareTo(EventKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return recurrenceId == null ? uid : uid + ";RECURRENCE-ID=" + recurrenceId;
    }
}
