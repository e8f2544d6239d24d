package dev.calsync.core.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Everything one UID means in a calendar: the master (or single event), its overrides, and its
 * cancelled occurrences. The series is the unit calsync reconciles: CalDAV stores it as one
 * resource, Google as a master event plus one event per modified or cancelled instance.
 *
 * <p>A series may have no master: CalDAV allows a resource holding only overrides (an invitation to
 * some occurrences of someone else's series). Cancelled occurrences are held as recurrence ids, not
 * components: Google's cancelled instance events and CalDAV's EXDATEs and {@code STATUS:CANCELLED}
 * overrides all mean "this occurrence does not happen" (see {@link #cancelledOccurrences()}).
 *
 * @param uid the UID every component shares
 * @param master the master or single event, or null for an override-only series
 * @param overrides modified occurrences, sorted by recurrence id, none cancelled
 * @param cancelledOccurrences occurrences cancelled as separate components (Google's cancelled
 *     instances, CalDAV's cancelled overrides); the master's EXDATEs are not repeated here
 */
public record EventSeries(
        String uid,
        EventComponent master,
        List<EventComponent> overrides,
        SortedSet<RecurrenceId> cancelledOccurrences) {

    /**
     * Checks that the parts form one series.
     *
     * @param uid the UID every component shares
     * @param master the master or single event, or null
     * @param overrides the modified occurrences, in any order; stored sorted
     * @param cancelledOccurrences the occurrences cancelled as separate components
     * @throws IllegalArgumentException if a component has another UID, the master has a
     *     RECURRENCE-ID, an override has none or is cancelled, two overrides share a RECURRENCE-ID,
     *     or an occurrence is both overridden and cancelled
     */
    public EventSeries {
        Objects.requireNonNull(uid, "uid");
        if (master != null) {
            if (!master.uid().equals(uid)) {
                throw new IllegalArgumentException("master " + master.key() + " is not of series " + uid);
            }
            if (master.key().isOccurrence()) {
                throw new IllegalArgumentException("master " + master.key() + " has a RECURRENCE-ID");
            }
        }
        List<EventComponent> sorted = new ArrayList<>(Objects.requireNonNull(overrides, "overrides"));
        sorted.sort((x, y) -> x.recurrenceId().compareTo(y.recurrenceId()));
        for (int i = 0; i < sorted.size(); i++) {
            EventComponent o = sorted.get(i);
            if (!o.uid().equals(uid) || !o.key().isOccurrence()) {
                throw new IllegalArgumentException(o.key() + " is not an occurrence of series " + uid);
            }
            if (o.status() == EventStatus.CANCELLED) {
                throw new IllegalArgumentException(o.key() + " is cancelled: list it in cancelledOccurrences");
            }
            if (i > 0 && sorted.get(i - 1).recurrenceId().equals(o.recurrenceId())) {
                throw new IllegalArgumentException("two overrides for " + o.key());
            }
        }
        overrides = List.copyOf(sorted);
        cancelledOccurrences = Collections.unmodifiableSortedSet(
                new TreeSet<>(Objects.requireNonNull(cancelledOccurrences, "cancelledOccurrences")));
        for (EventComponent o : overrides) {
            if (cancelledOccurrences.contains(o.recurrenceId())) {
                throw new IllegalArgumentException(o.key() + " is both overridden and cancelled");
            }
        }
    }

    /**
     * A series of one single event or master with nothing else.
     *
     * @param master the single event or master
     * @return the series holding only {@code master}
     */
    public static EventSeries of(EventComponent master) {
        return new EventSeries(master.uid(), master, List.of(), new TreeSet<>());
    }

    /** {@return the master or single event, if the series has one} */
    public Optional<EventComponent> masterComponent() {
        return Optional.ofNullable(master);
    }

    /** {@return whether this series holds only overrides (and cancellations), as CalDAV allows} */
    public boolean isOverrideOnly() {
        return master == null;
    }

    /** {@return whether the whole series was deleted: its master is {@link EventStatus#CANCELLED}} */
    public boolean isCancelled() {
        return master != null && master.status() == EventStatus.CANCELLED;
    }

    /**
     * Every occurrence that does not happen, whichever way the provider said so: the master's
     * EXDATEs (normalised) and the cancelled occurrences, except occurrences that have an override
     * (an override of an EXDATEd occurrence wins).
     *
     * @return the cancelled occurrences, sorted
     */
    public SortedSet<RecurrenceId> allCancelledOccurrences() {
        TreeSet<RecurrenceId> all = new TreeSet<>(cancelledOccurrences);
        if (master != null) {
            for (EventTime exdate : master.recurrence().exdates()) {
                all.add(RecurrenceId.of(exdate));
            }
        }
        // An override of an EXDATEd occurrence wins: the occurrence happens, as modified.
        overrides.forEach(o -> all.remove(o.recurrenceId()));
        return Collections.unmodifiableSortedSet(all);
    }

    /**
     * This series with every cancellation in one place: the master's EXDATEs are moved into {@link
     * #cancelledOccurrences()}, so that the master's content no longer depends on how the provider
     * writes cancellations. The sync engine compares and writes normalised series; providers write
     * cancellations their own way (CalDAV as EXDATEs, Google as cancelled instances).
     *
     * @return the normalised series; this one if it has nothing to move
     */
    public EventSeries normalized() {
        if (master == null || master.recurrence().exdates().isEmpty()) {
            return this;
        }
        EventComponent bare = master.toBuilder()
                .recurrence(master.recurrence().withExdates(List.of()))
                .build();
        return new EventSeries(uid, bare, overrides, allCancelledOccurrences());
    }

    /**
     * The override for {@code recurrenceId}, if there is one.
     *
     * @param recurrenceId the occurrence
     * @return its override, or empty if the occurrence is not overridden
     */
    public Optional<EventComponent> override(RecurrenceId recurrenceId) {
        return overrides.stream()
                .filter(o -> o.recurrenceId().equals(recurrenceId))
                .findFirst();
    }

    /** {@return the master (if any) followed by the overrides in recurrence-id order} */
    public List<EventComponent> components() {
        List<EventComponent> all = new ArrayList<>(overrides.size() + 1);
        if (master != null) {
            all.add(master);
        }
        all.addAll(overrides);
        return Collections.unmodifiableList(all);
    }
}
