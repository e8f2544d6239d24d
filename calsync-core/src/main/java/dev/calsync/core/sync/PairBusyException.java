package dev.calsync.core.sync;

import java.time.Instant;

/** Another worker holds the pair's lease; try again after it expires or is released. */
public final class PairBusyException extends SyncException {
    private static final long serialVersionUID = 1L;

    /**
     * @param pairId the pair
     * @param owner the worker holding it
     * @param expiresAt when its lease lapses
     */
    public PairBusyException(String pairId, String owner, Instant expiresAt) {
        super(pairId, "being synced by worker '" + owner + "' until " + expiresAt, null);
    }
}
