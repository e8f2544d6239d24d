package dev.calsync.core.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How transient failures are retried: up to {@code maxAttempts} calls in all, waiting a random time
 * between zero and {@code initialDelay * 2^(attempt-1)} (capped at {@code maxDelay}; "full jitter")
 * before each new attempt, but never less than the side's {@code Retry-After}.
 *
 * @param maxAttempts calls in all, at least 1
 * @param initialDelay the cap of the first wait
 * @param maxDelay the cap of any computed wait (a longer Retry-After is still honoured)
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    /** 5 attempts, waits capped at 0.5 s, 1 s, 2 s, 4 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

    /**
     * Checks the attempts and delays.
     *
     * @param maxAttempts calls in all, at least 1
     * @param initialDelay the cap of the first wait
     * @param maxDelay the cap of any computed wait
     * @throws IllegalArgumentException if {@code maxAttempts < 1} or a delay is negative
     */
    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
    }

    /**
     * The wait before attempt {@code attempt + 1}, after {@code attempt} failed.
     *
     * @param attempt the attempt that failed, from 1
     * @param retryAfter the side's Retry-After, or null
     * @param random the source of jitter
     * @return the wait, at least {@code retryAfter} when it is given
     */
    public Duration delayAfter(int attempt, Duration retryAfter, RandomGenerator random) {
        long capMillis = initialDelay.toMillis() << Math.min(attempt - 1, 30);
        capMillis = Math.min(Math.max(capMillis, 0), maxDelay.toMillis());
        Duration jittered = Duration.ofMillis(capMillis == 0 ? 0 : random.nextLong(capMillis + 1));
        return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }
}
