package dev.calsync.core.sync;

import dev.calsync.core.Side;

/**
 * One side of the pair could not be read or used: its calendar is inaccessible (credentials,
 * permissions, calendar gone) or it kept failing transiently while the engine listed it. Nothing
 * was recorded for the unfinished part; the next sync starts from the same tokens.
 */
public final class SideFailedException extends SyncException {
    private static final long serialVersionUID = 1L;

    /** The failing side. */
    private final Side side;

    /**
     * @param pairId the pair
     * @param side the failing side
     * @param cause the provider's failure, which names the calendar and the request
     */
    public SideFailedException(String pairId, Side side, RuntimeException cause) {
        super(pairId, "side " + side + " failed: " + cause.getMessage(), cause);
        this.side = side;
    }

    /** {@return the failing side} */
    public Side side() {
        return side;
    }
}
