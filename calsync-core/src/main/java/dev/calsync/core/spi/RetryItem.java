package dev.calsync.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A series whose write kept failing transiently; tried again at the start of the next sync of its
 * pair instead of blocking the pair now.
 *
 * @param pairId the pair
 * @param uid the series' UID
 * @param attempts how many syncs have tried it
 * @param lastError the last failure's message (no credentials, no event body)
 * @param queuedAt when it was (last) queued
 */
public record RetryItem(String pairId, String uid, int attempts, String lastError, Instant queuedAt) {
    /**
     * Checks the required parts.
     *
     * @param pairId the pair
     * @param uid the series' UID
     * @param attempts how many syncs have tried it
     * @param lastError the last failure's message, or null
     * @param queuedAt when it was queued
     * @throws NullPointerException if a required part is null
     */
    public RetryItem {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(queuedAt, "queuedAt");
    }
}
