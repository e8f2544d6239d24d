package dev.calsync.core.spi;

import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.RecurrenceId;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A whole series as it stands on one side: its content and, for each component that exists there as
 * something addressable, where it lives. On CalDAV every component of a series shares one reference
 * (the resource); on Google the master and every modified or cancelled instance has its own.
 *
 * @param series the content
 * @param refs where each component lives, by key; cancelled occurrences that the side stores as
 *     entities of their own (Google's cancelled instances) are included
 */
public record RemoteSeries(EventSeries series, Map<EventKey, RemoteRef> refs) {

    /**
     * Copies the references and checks their keys.
     *
     * @param series the content
     * @param refs where each component lives, by key
     * @throws IllegalArgumentException if a reference names a key of another UID
     */
    public RemoteSeries {
        Objects.requireNonNull(series, "series");
        refs = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(refs, "refs")));
        for (EventKey key : refs.keySet()) {
            if (!key.uid().equals(series.uid())) {
                throw new IllegalArgumentException("reference for " + key + " in series " + series.uid());
            }
        }
    }

    /**
     * {@return a series that lives in one resource (CalDAV): every component shares {@code ref}}
     *
     * @param series the content
     * @param ref the resource
     */
    public static RemoteSeries inOneResource(EventSeries series, RemoteRef ref) {
        Map<EventKey, RemoteRef> refs = new TreeMap<>();
        series.components().forEach(c -> refs.put(c.key(), ref));
        for (RecurrenceId cancelled : series.cancelledOccurrences()) {
            refs.put(EventKey.occurrence(series.uid(), cancelled), ref);
        }
        if (refs.isEmpty()) {
            refs.put(EventKey.master(series.uid()), ref);
        }
        return new RemoteSeries(series, refs);
    }

    /** {@return the series' UID} */
    public String uid() {
        return series.uid();
    }

    /**
     * {@return where {@code key} lives, if it exists there as something addressable}
     *
     * @param key the component's key
     */
    public Optional<RemoteRef> ref(EventKey key) {
        return Optional.ofNullable(refs.get(key));
    }
}
