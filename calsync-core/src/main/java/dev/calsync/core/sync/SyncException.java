package dev.calsync.core.sync;

/**
 * A sync of a pair did not complete. Nothing that was not applied was recorded: the pair's tokens
 * are unchanged, so the next sync reads the same changes again. Subclasses say why.
 */
public class SyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The pair whose sync failed. */
    private final String pairId;

    /**
     * @param pairId the pair
     * @param message what went wrong and what to do
     * @param cause the underlying failure, or null
     */
    public SyncException(String pairId, String message, Throwable cause) {
        super("pair '" + pairId + "': " + message, cause);
        this.pairId = pairId;
    }

    /** {@return the pair whose sync failed} */
    public String pairId() {
        return pairId;
    }
}
