package dev.calsync.core.conflict;

import dev.calsync.core.Side;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import java.util.Objects;

/**
 * Both sides' current states of one component, with what they were at the last sync.
 *
 * @param base the state both sides agreed on at the last sync, or null on a first mirror
 * @param a side A's current state
 * @param b side B's current state
 * @param preferredSide the pair's preferred side, the last tie-breaker
 */
public record Conflict(EventComponent base, EventComponent a, EventComponent b, Side preferredSide) {

    /**
     * Checks that both states are of one component.
     *
     * @param base the state at the last sync, or null
     * @param a side A's current state
     * @param b side B's current state
     * @param preferredSide the pair's preferred side
     * @throws IllegalArgumentException if A and B are not the same component (same key)
     */
    public Conflict {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(preferredSide, "preferredSide");
        if (!a.key().equals(b.key())) {
            throw new IllegalArgumentException("A is " + a.key() + " but B is " + b.key());
        }
    }

    /** {@return the component's key} */
    public EventKey key() {
        return a.key();
    }

    /**
     * {@return the state on {@code side}}
     *
     * @param side the side
     */
    public EventComponent state(Side side) {
        return side == Side.A ? a : b;
    }

    /** {@return the same conflict with A and B swapped and the preferred side swapped too} */
    public Conflict mirrored() {
        return new Conflict(base, b, a, preferredSide.opposite());
    }
}
