package dev.calsync.google.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * What Google answered to one request: a status and a value, or an error's status, reason and
 * message, or a failure to get any answer at all.
 *
 * @param status the HTTP status, or 0 when no answer came ({@code ioFailure} is set)
 * @param value the parsed body of a 2xx answer (null for 204 or {@code Void})
 * @param reason {@code errors[0].reason} of an error body, or null
 * @param message {@code error.message} of an error body, or null
 * @param retryAfter the {@code Retry-After} the answer carried, or null
 * @param ioFailure why no answer came, or null
 */
public record Answer<T>(
        int status, T value, String reason, String message, Duration retryAfter, IOException ioFailure) {

    private static final Set<String> RATE_LIMITS = Set.of("rateLimitExceeded", "userRateLimitExceeded");

    /** A 2xx answer. */
    public static <T> Answer<T> ok(int status, T value) {
        return new Answer<>(status, value, null, null, null, null);
    }

    /** An error answer. */
    public static <T> Answer<T> error(int status, String reason, String message, Duration retryAfter) {
        return new Answer<>(status, null, reason, message, retryAfter, null);
    }

    /** No answer: the connection failed. */
    public static <T> Answer<T> noAnswer(IOException failure) {
        return new Answer<>(0, null, null, failure.getMessage(), null, failure);
    }

    /** A 2xx answer. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /**
     * An answer that may pass with a retry: no answer at all (but a body over the size cap, which a
     * retry would only read again), 429, 5xx, or 403 with a rate-limit
     * reason (Google's own guidance: back off on {@code rateLimitExceeded} and {@code
     * userRateLimitExceeded}, give up on {@code quotaExceeded}).
     */
    public boolean isTransient() {
        return (ioFailure != null && !(ioFailure instanceof ResponseCap.ResponseTooLargeException))
                || status == 429
                || status >= 500
                || (status == 403 && reason != null && RATE_LIMITS.contains(reason));
    }

    /** Status, reason and message, for an exception's message; never a body or a credential. */
    public String describe() {
        if (ioFailure != null) {
            return "no answer (" + ioFailure.getClass().getSimpleName() + ": " + ioFailure.getMessage() + ")";
        }
        StringBuilder out = new StringBuilder().append(status);
        if (reason != null) {
            out.append(' ').append(reason);
        }
        if (message != null) {
            out.append(": ").append(message);
        }
        return out.toString();
    }
}
