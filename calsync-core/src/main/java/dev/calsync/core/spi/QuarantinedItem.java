package dev.calsync.core.spi;

import java.util.Objects;

/**
 * An item a provider could not read: unparsable iCalendar, invalid JSON, an event without a start.
 * It is reported and left alone: calsync neither copies it nor deletes anything because of it.
 *
 * @param remoteId the item's id or href on its side
 * @param location where the raw payload can be found (a URL, or a request and position), for a
 *     person to look at; never the payload itself
 * @param reason the parser's message, naming what was wrong
 */
public record QuarantinedItem(String remoteId, String location, String reason) {
    /**
     * Checks the parts.
     *
     * @param remoteId the item's id or href
     * @param location where the raw payload can be found
     * @param reason the parser's message
     * @throws NullPointerException if a part is null
     */
    public QuarantinedItem {
        Objects.requireNonNull(remoteId, "remoteId");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(reason, "reason");
    }
}
