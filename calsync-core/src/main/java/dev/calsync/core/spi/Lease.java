package dev.calsync.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The right of one worker to sync one pair until {@code expiresAt}. A worker that dies simply lets
 * its lease expire; another worker may then claim the pair.
 *
 * @param pairId the pair
 * @param owner the worker's id
 * @param expiresAt when the lease lapses
 */
public record Lease(String pairId, String owner, Instant expiresAt) {
    /**
     * Checks the parts.
     *
     * @param pairId the pair
     * @param owner the worker's id
     * @param expiresAt when the lease lapses
     * @throws NullPointerException if a part is null
     */
    public Lease {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
