package dev.calsync.core.recurrence;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.ComponentKind;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.RecurrenceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Groups components into series by UID. Components may arrive in any order and across any number
 * of pages: an override before its master, a master on the last page. Call {@link #add} for each,
 * then {@link #finish} once.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>an override whose master never arrives forms an override-only series (CalDAV allows it);
 *   <li>a cancelled occurrence (RECURRENCE-ID with STATUS:CANCELLED) is kept as a cancellation of
 *       its series, not dropped;
 *   <li>two components with the same key are resolved the same way whatever their order: the higher
 *       SEQUENCE wins, then the later modification time (a known time beats none), then the greater
 *       content hash, then the greater injective encoding of the whole component (extras and
 *       unmapped fields included); the loser is reported in {@link Grouping#duplicates()}.
 * </ul>
 *
 * <p>The result is a function of the <em>set</em> of components added: any permutation gives an
 * equal {@link Grouping}. Not thread-safe; one grouper per listing.
 */
public final class RecurrenceGrouper {

    /** Which of two components with the same key wins: the greater. */
    static final Comparator<EventComponent> PRECEDENCE = Comparator.comparingInt(EventComponent::sequence)
            .thenComparing(EventComponent::lastModified, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(c -> ContentHash.of(c).value())
            .thenComparing(Encoding::of);

    private final Map<EventKey, List<EventComponent>> byKey = new TreeMap<>();
    private boolean finished;

    /** A grouper with nothing added yet. */
    public RecurrenceGrouper() {}

    /**
     * {@return {@code components} grouped into series in one call}
     *
     * @param components the components, in any order
     */
    public static Grouping group(Iterable<EventComponent> components) {
        RecurrenceGrouper grouper = new RecurrenceGrouper();
        components.forEach(grouper::add);
        return grouper.finish();
    }

    /**
     * Adds one component.
     *
     * @param component the component
     * @throws IllegalStateException after {@link #finish}
     */
    public void add(EventComponent component) {
        if (finished) {
            throw new IllegalStateException("this grouper has finished");
        }
        byKey.computeIfAbsent(component.key(), k -> new ArrayList<>(1)).add(component);
    }

    /**
     * Builds the series of everything added.
     *
     * @return the series, and the duplicates that lost
     * @throws IllegalStateException if called twice
     */
    public Grouping finish() {
        if (finished) {
            throw new IllegalStateException("this grouper has finished");
        }
        finished = true;
        List<DuplicateComponent> duplicates = new ArrayList<>();
        Map<String, SeriesParts> parts = new TreeMap<>();
        for (Map.Entry<EventKey, List<EventComponent>> entry : byKey.entrySet()) {
            List<EventComponent> candidates = entry.getValue();
            candidates.sort(PRECEDENCE.reversed());
            EventComponent winner = candidates.get(0);
            for (EventComponent loser : candidates.subList(1, candidates.size())) {
                duplicates.add(new DuplicateComponent(entry.getKey(), winner, loser));
            }
            SeriesParts series = parts.computeIfAbsent(winner.uid(), uid -> new SeriesParts());
            if (!winner.key().isOccurrence()) {
                series.master = winner;
            } else if (winner.kind() == ComponentKind.CANCELLED_OCCURRENCE) {
                series.cancelled.add(winner.recurrenceId());
            } else {
                series.overrides.add(winner);
            }
        }
        List<EventSeries> series = new ArrayList<>(parts.size());
        parts.forEach((uid, p) -> series.add(new EventSeries(uid, p.master, p.overrides, p.cancelled)));
        return new Grouping(series, duplicates);
    }

    private static final class SeriesParts {
        EventComponent master;
        final List<EventComponent> overrides = new ArrayList<>();
        final TreeSet<RecurrenceId> cancelled = new TreeSet<>();
    }
}
