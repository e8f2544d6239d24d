package dev.calsync.caldav.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * What a CalDAV server answered to one request of {@link DavClient}, after redirects. Any status can
 * be here, 4xx and 5xx included: the caller decides what a status means for its request.
 *
 * @param method the request method, e.g. {@code REPORT}
 * @param status the HTTP status
 * @param uri the URI that gave this answer (the request URI after redirects), which hrefs in the body
 *     must be resolved against
 * @param etag the {@code ETag} header as sent, or null (often absent on PUT: RFC 4791 §5.3.4)
 * @param location the {@code Location} header as sent, or null
 * @param retryAfter the {@code Retry-After} header (seconds or HTTP date) as a wait, or null
 * @param contentType the {@code Content-Type} header, or null
 * @param body the body decoded as text (UTF-8 unless the Content-Type names another charset); "" if
 *     none
 */
public record DavResponse(
        String method,
        int status,
        URI uri,
        DavETag etag,
        String location,
        Duration retryAfter,
        String contentType,
        String body) {

    /** Checks the required fields; a null body becomes "". */
    public DavResponse {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        body = body == null ? "" : body;
    }

    /** Whether the status is 2xx. A 207 to a PUT or DELETE still needs {@link #multiStatus()}. */
    public boolean isSuccess() {
        return status / 100 == 2;
    }

    /**
     * The body as a multistatus, hrefs resolved against {@link #uri()}.
     *
     * @throws DavProtocolException if the body is not a (well-formed, DOCTYPE-free) {@code
     *     DAV:multistatus}
     */
    public DavMultiStatus multiStatus() {
        return DavMultiStatus.parse(body, uri);
    }

    /** The body as a {@code DAV:error}; {@link DavError#NONE} if it is none. Never throws. */
    public DavError error() {
        return DavError.parse(body);
    }

    /** The {@code Location} header resolved against {@link #uri()}, if present and readable. */
    public Optional<URI> locationUri() {
        if (location == null || location.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(uri.resolve(location.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a {@code Retry-After} value: delta seconds or an HTTP date (RFC 9110 §10.2.3).
     *
     * @param value the header value, or null
     * @param now the current time, for HTTP dates
     * @return the wait (zero for a date in the past), or null if absent or unreadable
     */
    public static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(
                        now,
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** Method, URI, status and body length; never the body itself. */
    @Override
    public String toString() {
        return "DavResponse[" + method + " " + Hrefs.redacted(uri) + " -> " + status
                + (etag != null ? ", ETag " + etag : "") + ", " + body.length() + " chars]";
    }
}
