package dev.calsync.core.spi;

import dev.calsync.core.canonical.ContentHash;
import java.util.Objects;

/**
 * What calsync last saw of one component on one side.
 *
 * @param remoteId the side's id or href (the seed's {@code google_event_id} / {@code icloud_event_id})
 * @param uid the UID the side reported (the seed's {@code google_ical_uid} / {@code icloud_uid})
 * @param resourceUrl the resource URL or self link, or null
 * @param etag the ETag at the last sync, or null
 * @param sequence the SEQUENCE at the last sync
 * @param contentHash the canonical hash at the last sync: the base against which "did this side
 *     change" is decided
 */
public record SideMapping(
        String remoteId, String uid, String resourceUrl, String etag, int sequence, ContentHash contentHash) {
    /**
     * Checks the required parts.
     *
     * @param remoteId the side's id or href
     * @param uid the UID the side reported
     * @param resourceUrl the resource URL or self link, or null
     * @param etag the ETag, or null
     * @param sequence the SEQUENCE
     * @param contentHash the canonical hash
     * @throws NullPointerException if the id, UID or hash is null
     */
    public SideMapping {
        Objects.requireNonNull(remoteId, "remoteId");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(contentHash, "contentHash");
    }
}
