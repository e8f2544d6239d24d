package dev.calsync.core.sync;

import dev.calsync.core.Side;

/**
 * The plan would delete too much of one side, or a side suddenly listed nothing. Nothing was
 * written. If the deletions are intended, run again with {@link SyncOptions#allowMassDeletion()}.
 */
public final class MassDeletionException extends SyncException {
    private static final long serialVersionUID = 1L;

    /** The side the deletions would hit. */
    private final Side side;
    /** Series the plan would delete on that side. */
    private final int deletions;
    /** Series mapped on that side. */
    private final int mapped;

    /**
     * @param pairId the pair
     * @param side the side the deletions would hit (or that listed nothing)
     * @param deletions series the plan would delete there (0 when the side listed nothing)
     * @param mapped series mapped on that side
     * @param why which guard refused
     */
    public MassDeletionException(String pairId, Side side, int deletions, int mapped, String why) {
        super(
                pairId,
                why + " (side " + side + ": " + deletions + " deletions planned, " + mapped
                        + " series mapped); nothing was written; use allowMassDeletion if this is intended",
                null);
        this.side = side;
        this.deletions = deletions;
        this.mapped = mapped;
    }

    /** {@return the side the deletions would hit} */
    public Side side() {
        return side;
    }

    /** {@return the number of series the plan would delete on that side} */
    public int deletions() {
        return deletions;
    }

    /** {@return the number of series mapped on that side} */
    public int mapped() {
        return mapped;
    }
}
