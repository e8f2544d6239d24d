package dev.calsync.core.spi;

import java.util.List;

/**
 * One page of a change listing.
 *
 * @param components components that exist now (new, changed, or all of them in a full listing),
 *     including cancelled occurrences of live series: Google's cancelled instance is a component
 *     with a RECURRENCE-ID and status CANCELLED, not a tombstone
 * @param tombstones remote ids the side reports as deleted: Google's cancelled events, CalDAV's 404
 *     entries in a sync-collection report. Only a delta listing has them; each is evidence enough
 *     for a deletion of the series that lives there (CalDAV's resource, Google's master event);
 *     a tombstone for the id of one instance (a removed exception) makes the engine re-read the
 *     series.
 * @param quarantined items that could not be read
 */
public record ChangePage(List<RemoteComponent> components, List<String> tombstones, List<QuarantinedItem> quarantined) {
    /**
     * Copies the lists.
     *
     * @param components components that exist now
     * @param tombstones remote ids the side reports as deleted
     * @param quarantined items that could not be read
     */
    public ChangePage {
        components = List.copyOf(components);
        tombstones = List.copyOf(tombstones);
        quarantined = List.copyOf(quarantined);
    }
}
