package dev.calsync.core.recurrence;

import dev.calsync.core.event.EventSeries;
import java.util.List;
import java.util.Optional;

/**
 * The result of grouping: one series per UID, sorted by UID, and the duplicates that were resolved.
 *
 * @param series the series, sorted by UID
 * @param duplicates every component that lost to another with the same key, sorted by key
 */
public record Grouping(List<EventSeries> series, List<DuplicateComponent> duplicates) {
    /**
     * Copies both lists.
     *
     * @param series the series, sorted by UID
     * @param duplicates the components that lost, sorted by key
     */
    public Grouping {
        series = List.copyOf(series);
        duplicates = List.copyOf(duplicates);
    }

    /**
     * {@return the series of {@code uid}, if any component had that UID}
     *
     * @param uid the UID
     */
    public Optional<EventSeries> series(String uid) {
        return series.stream().filter(s -> s.uid().equals(uid)).findFirst();
    }
}
