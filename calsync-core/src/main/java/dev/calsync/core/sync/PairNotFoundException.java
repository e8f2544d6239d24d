package dev.calsync.core.sync;

/** The store has no pair with that id. Create it first with the store's {@code putPair}. */
public final class PairNotFoundException extends SyncException {
    private static final long serialVersionUID = 1L;

    /** @param pairId the unknown pair */
    public PairNotFoundException(String pairId) {
        super(pairId, "no such pair in the mapping store", null);
    }
}
