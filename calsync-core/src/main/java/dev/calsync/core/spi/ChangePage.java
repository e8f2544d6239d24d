package dev.calsync.core.spi;

import java.util.List;

/**
 * One page of a change listing.
 *
 * @param components components that exist now (new, changed, or all of them in a full listing),
 *     including cancelled occurrences
 * @param tombstones remote ids the side reports as deleted: Google's cancelled events, CalDAV's 404
 *     entries in a sync-collection report. Only a delta listing has them; each is evidence enough
 *     for a deletion.
 * @param quarantined items that could not be read
 */
public record ChangePage(List<RemoteComponent> components, List<String> tombstones, List<QuarantinedItem> quarantined) {
    /** Copies the lists. */
    public ChangePage {
        components = List.copyOf(components);
        tombstones = List.copyOf(tombstones);
        quarantined = List.copyOf(quarantined);
    }
}
