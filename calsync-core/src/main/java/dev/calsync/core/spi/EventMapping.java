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

    /** @throws NullPointerException if the pair, key, status or time is null */
    public EventMapping {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The state on {@code side}, or null. */
    public SideMapping side(Side side) {
        return side == Side.A ? a : b;
    }

    /** This mapping with {@code side}'s state replaced. */
    public EventMapping withSide(Side side, SideMapping state, Instant at) {
        return side == Side.A
                ? new EventMapping(pairId, key, state, b, status, at)
                : new EventMapping(pairId, key, a, state, status, at);
    }

    /** This mapping with another status. */
    public EventMapping withStatus(SyncStatus newStatus, Instant at) {
        return new EventMapping(pairId, key, a, b, newStatus, at);
    }
}
