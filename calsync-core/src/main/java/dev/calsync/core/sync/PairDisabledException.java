package dev.calsync.core.sync;

/** The pair is disabled in the store ({@code CalendarPair.enabled()} is false); enable it to sync it. */
public final class PairDisabledException extends SyncException {
    private static final long serialVersionUID = 1L;

    /** @param pairId the disabled pair */
    public PairDisabledException(String pairId) {
        super(pairId, "the pair is disabled; nothing was read or written", null);
    }
}
