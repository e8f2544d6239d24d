package dev.calsync.testkit.caldav;

import java.util.Objects;

/**
 * A calendar object resource as the {@link CalDavEmulator} stores it: the exact bytes last PUT, and
 * the strong ETag GET and PROPFIND report for it.
 *
 * @param href the percent-encoded absolute path, e.g. {@code /alice/work/ev1.ics}
 * @param etag the ETag with its quotes, e.g. {@code "3fa9…"}
 * @param body the stored bytes decoded as UTF-8
 */
public record StoredResource(String href, String etag, String body) {

    /**
     * Checks the values.
     *
     * @param href the absolute path
     * @param etag the ETag with its quotes
     * @param body the stored bytes as UTF-8
     */
    public StoredResource {
        Objects.requireNonNull(href, "href");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(body, "body");
    }
}
