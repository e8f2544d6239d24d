package dev.calsync.core.spi;

import dev.calsync.core.Side;
import dev.calsync.core.event.EventKey;
import java.time.Instant;
import java.util.Objects;

/**
 * What calsync remembers about one component of a pair (the seed's {@code event_mappings} row):
 * its canonical key, and per side where it lives and what it looked like at the last sync.
 *
 * @param pairId the pair
 * @param key the canonical UID ({@code event_uid}) and RECURRENCE-ID
 * @param a side A's state, or null if the component does not (yet) exist there
 * @param b side B's state, or null
 * @param status the mapping's state
 * @param updatedAt when the row last changed
 */
public record EventMapping(
        String pairId, EventKey key, SideMapping a, SideMapping b, SyncStatus status, Instant updatedAt) {

    /**
     * Checks the required parts.
     *
     * @param pairId the pair
     * @param key the component's key
     * @param a side A's state, or null
     * @param b side B's state, or null
     * @param status the mapping's state
     * @param updatedAt when the row last changed
     * @throws NullPointerException if the pair, key, status or time is null
     */
    public EventMapping {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * {@return the state on {@code side}, or null}
     *
     * @param side the side
     */
    public SideMapping side(Side side) {
        return side == Side.A ? a : b;
    }

    /**
     * {@return this mapping with {@code side}'s state replaced, stamped {@code at}}
     *
     * @param side the side whose state is replaced
     * @param state the new state, or null if the component no longer exists there
     * @param at when the mapping changed
     */
    public EventMapping withSide(Side side, SideMapping state, Instant at) {
        return side == Side.A
                ? new EventMapping(pairId, key, state, b, status, at)
                : new EventMapping(pairId, key, a, state, status, at);
    }

    /**
     * {@return this mapping with another status, stamped {@code at}}
     *
     * @param newStatus the status
     * @param at when the mapping changed
     */
    public EventMapping withStatus(SyncStatus newStatus, Instant at) {
        return new EventMapping(pairId, key, a, b, newStatus, at);
    }
}
