package dev.calsync.core.spi;

import java.util.Objects;

/**
 * Where one component lives on one side, as that side reported it.
 *
 * @param remoteId the side's id: a Google event id, or a CalDAV href (path). Opaque: calsync stores
 *     it and never parses it.
 * @param etag the version tag the side gave, exactly as received (quotes included), or null if the
 *     side gave none
 * @param resourceUrl the absolute URL of the resource (CalDAV) or the event's self link (Google), or
 *     null
 */
public record RemoteRef(String remoteId, String etag, String resourceUrl) {
    /**
     * Checks the id.
     *
     * @param remoteId the id or href
     * @param etag the ETag, or null
     * @param resourceUrl the resource URL or self link, or null
     * @throws IllegalArgumentException if {@code remoteId} is blank
     */
    public RemoteRef {
        Objects.requireNonNull(remoteId, "remoteId");
        if (remoteId.isBlank()) {
            throw new IllegalArgumentException("blank remote id");
        }
    }

    /**
     * {@return this reference with another ETag}
     *
     * @param newEtag the ETag, or null
     */
    public RemoteRef withEtag(String newEtag) {
        return new RemoteRef(remoteId, newEtag, resourceUrl);
    }
}
