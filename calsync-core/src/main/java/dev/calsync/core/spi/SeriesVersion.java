package dev.calsync.core.spi;

import dev.calsync.core.event.EventKey;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What is known of a whole series on one side, without its content: for each component where it
 * lives and what it hashes to. The engine builds one from a fresh read or from its mappings; a
 * provider writes against it (its ETags are the preconditions) and may skip components whose hash
 * already equals the desired content's.
 *
 * @param uid the series' UID
 * @param components by key (the master, overrides, and cancelled occurrences that exist as entities)
 */
public record SeriesVersion(String uid, SortedMap<EventKey, ComponentVersion> components) {

    /**
     * Copies the components and checks their keys.
     *
     * @param uid the series' UID
     * @param components the components by key
     * @throws IllegalArgumentException if a key belongs to another UID
     */
    public SeriesVersion {
        Objects.requireNonNull(uid, "uid");
        components = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(components, "components")));
        for (EventKey key : components.keySet()) {
            if (!key.uid().equals(uid)) {
                throw new IllegalArgumentException(key + " in series " + uid);
            }
        }
    }

    /**
     * {@return the version of a series as read from its side}
     *
     * @param remote the series as read
     */
    public static SeriesVersion of(RemoteSeries remote) {
        SortedMap<EventKey, ComponentVersion> versions = new TreeMap<>();
        for (Map.Entry<EventKey, dev.calsync.core.canonical.ContentHash> e :
                dev.calsync.core.canonical.ContentHash.perComponent(remote.series())
                        .entrySet()) {
            RemoteRef ref = remote.ref(e.getKey())
                    .or(() -> remote.ref(EventKey.master(remote.uid())))
                    .orElse(null);
            if (ref != null) {
                versions.put(e.getKey(), new ComponentVersion(ref, e.getValue()));
            }
        }
        return new SeriesVersion(remote.uid(), versions);
    }

    /** {@return the distinct references of the series, in key order (one for a CalDAV resource)} */
    public Set<RemoteRef> refs() {
        Set<RemoteRef> refs = new LinkedHashSet<>();
        components.values().forEach(v -> refs.add(v.ref()));
        return Collections.unmodifiableSet(refs);
    }
}
