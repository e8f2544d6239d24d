package dev.calsync.core.spi;

import java.util.Optional;

/**
 * The changes of one calendar since a sync token, page by page. A listing holds at most one page in
 * memory; the engine pulls pages until {@link #nextPage()} is empty, applies them, and only then
 * stores {@link #nextSyncToken()}.
 *
 * <p>Not thread-safe: one listing is read by one thread.
 */
public interface ChangeListing extends AutoCloseable {

    /**
     * Whether this is a delta (changes since the token) or a full listing (every item; there was no
     * token, or the side rejected it). Known from the start.
     *
     * @return true for a full listing, false for a delta
     */
    boolean isFull();

    /** {@return whether the side rejected the token the listing was asked for (so it fell back to a full listing)} */
    boolean tokenRejected();

    /**
     * The next page, or empty once the listing is complete. After a {@link
     * TransientProviderException} the same call may be made again and must return the page that
     * failed, so the engine can retry it; after any other exception the listing is unusable.
     *
     * @return the next page, or empty once the listing is complete
     * @throws ProviderException if the side fails; transient failures are retried by the engine
     * @throws IllegalStateException after {@link #close()}
     */
    Optional<ChangePage> nextPage();

    /**
     * The token to read the next delta from. Only valid after {@link #nextPage()} returned empty.
     *
     * @return the sync token to store for the next delta
     * @throws IllegalStateException before the listing is complete
     */
    String nextSyncToken();

    /** Releases whatever the listing holds; never throws. */
    @Override
    void close();
}
