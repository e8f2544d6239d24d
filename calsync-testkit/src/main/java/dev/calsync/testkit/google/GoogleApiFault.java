package dev.calsync.testkit.google;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the {@link GoogleCalendarEmulator} answers instead of serving a request, armed through
 * {@link GoogleFaults}. The body is Google's error shape (GOOGLE-API.md §1.4) with one entry of
 * {@code domain}, {@code reason} and {@code message}; a {@code Retry-After} header (whole seconds,
 * rounded up) is sent when {@code retryAfter} is not null.
 *
 * @param status the HTTP status, 400..599
 * @param domain the error domain, e.g. {@code usageLimits}
 * @param reason the error reason, e.g. {@code rateLimitExceeded}
 * @param message the error message, also the top-level {@code error.message}
 * @param retryAfter the {@code Retry-After} to send, or null for none
 */
public record GoogleApiFault(int status, String domain, String reason, String message, Duration retryAfter) {

    /**
     * Checks the fields.
     *
     * @param status the HTTP status, 400..599
     * @param domain the error domain
     * @param reason the error reason
     * @param message the error message
     * @param retryAfter the {@code Retry-After}, or null
     */
    public GoogleApiFault {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx: " + status);
        }
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("negative retryAfter");
        }
    }

    /**
     * E21 as a 403: {@code usageLimits / rateLimitExceeded / "Rate Limit Exceeded"}.
     *
     * @return the fault
     */
    public static GoogleApiFault rateLimitExceeded403() {
        return new GoogleApiFault(403, "usageLimits", "rateLimitExceeded", "Rate Limit Exceeded", null);
    }

    /**
     * E20: 403 {@code usageLimits / userRateLimitExceeded / "User Rate Limit Exceeded"}.
     *
     * @return the fault
     */
    public static GoogleApiFault userRateLimitExceeded403() {
        return new GoogleApiFault(403, "usageLimits", "userRateLimitExceeded", "User Rate Limit Exceeded", null);
    }

    /**
     * E21 as a 429: {@code usageLimits / rateLimitExceeded / "Rate Limit Exceeded"}.
     *
     * @param retryAfterOrNull the {@code Retry-After} to send, or null for none
     * @return the fault
     */
    public static GoogleApiFault rateLimitExceeded429(Duration retryAfterOrNull) {
        return new GoogleApiFault(429, "usageLimits", "rateLimitExceeded", "Rate Limit Exceeded", retryAfterOrNull);
    }

    /**
     * E22: 403 {@code usageLimits / quotaExceeded / "Calendar usage limits exceeded."}.
     *
     * @return the fault
     */
    public static GoogleApiFault quotaExceeded403() {
        return new GoogleApiFault(403, "usageLimits", "quotaExceeded", "Calendar usage limits exceeded.", null);
    }

    /**
     * E24: 500 {@code global / backendError / "Backend Error"}.
     *
     * @return the fault
     */
    public static GoogleApiFault backendError500() {
        return new GoogleApiFault(500, "global", "backendError", "Backend Error", null);
    }

    /**
     * 503 {@code global / backendError / "Service Unavailable"} (the reason is not attested).
     *
     * @return the fault
     */
    public static GoogleApiFault serviceUnavailable503() {
        return new GoogleApiFault(503, "global", "backendError", "Service Unavailable", null);
    }

    /**
     * E23: 401 {@code global / authError / "Invalid Credentials"}, with {@code locationType header}
     * and {@code location Authorization}.
     *
     * @return the fault
     */
    public static GoogleApiFault authError401() {
        return new GoogleApiFault(401, "global", "authError", "Invalid Credentials", null);
    }
}
