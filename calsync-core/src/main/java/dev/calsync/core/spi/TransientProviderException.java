package dev.calsync.core.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may pass: a rate limit (Google 403 {@code rateLimitExceeded}, 429), a 5xx, a
 * timeout, a dropped connection. The engine retries it with jittered exponential backoff, waiting at
 * least {@link #retryAfter()} when the side said how long.
 */
public class TransientProviderException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** The side's {@code Retry-After}, or null. */
    private final Duration retryAfter;

    /**
     * @param message what failed
     * @param retryAfter the side's {@code Retry-After}, or null
     */
    public TransientProviderException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /**
     * @param message what failed
     * @param retryAfter the side's {@code Retry-After}, or null
     * @param cause the underlying failure
     */
    public TransientProviderException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** {@return how long the side asked to wait, if it said} */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
