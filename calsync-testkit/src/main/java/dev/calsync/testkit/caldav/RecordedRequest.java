package dev.calsync.testkit.caldav;

import java.util.Objects;

/**
 * One HTTP request a {@link CalDavEmulator} received, on either of its servers, as logged by {@link
 * CalDavEmulator#requests()}.
 *
 * @param method the HTTP method, upper case ({@code PROPFIND}, {@code REPORT}, {@code PUT}, ...)
 * @param path the percent-decoded request path, e.g. {@code /alice/work/a@b c.ics}
 * @param depth the {@code Depth} header as sent, or null without one
 * @param status the status answered: 0 while a fault predicate is being asked, and for a request
 *     whose connection was dropped by a fault
 * @param bytesSent the number of response-body bytes the emulator sent (0 for a dropped connection
 *     or an empty body)
 */
public record RecordedRequest(String method, String path, String depth, int status, long bytesSent) {

    /**
     * Checks the values.
     *
     * @param method the HTTP method
     * @param path the decoded request path
     * @param depth the {@code Depth} header, or null
     * @param status the status answered
     * @param bytesSent the response-body bytes sent
     */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }
}
