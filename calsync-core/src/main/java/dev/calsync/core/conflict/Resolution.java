package dev.calsync.core.conflict;

import dev.calsync.core.Side;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a conflict: which side's state both sides should hold, and why.
 *
 * @param rule the rule that decided
 * @param winner the side whose state wins, or null when {@code rule} is {@link
 *     DecidingRule#CONTENT_EQUAL} (nothing to write)
 */
public record Resolution(DecidingRule rule, Side winner) {

    /**
     * Checks that the winner fits the rule.
     *
     * @param rule the rule that decided
     * @param winner the winning side, or null for {@link DecidingRule#CONTENT_EQUAL}
     * @throws IllegalArgumentException if a winner is given with CONTENT_EQUAL or missing otherwise
     */
    public Resolution {
        Objects.requireNonNull(rule, "rule");
        if ((rule == DecidingRule.CONTENT_EQUAL) != (winner == null)) {
            throw new IllegalArgumentException(rule + " with winner " + winner);
        }
    }

    /** {@return the resolution of a conflict where both sides already agree} */
    public static Resolution contentEqual() {
        return new Resolution(DecidingRule.CONTENT_EQUAL, null);
    }

    /**
     * {@return the resolution by which {@code winner} wins by {@code rule}}
     *
     * @param winner the winning side
     * @param rule the rule that decided
     */
    public static Resolution won(Side winner, DecidingRule rule) {
        return new Resolution(rule, Objects.requireNonNull(winner, "winner"));
    }

    /** {@return the winning side, empty when the contents are equal} */
    public Optional<Side> winningSide() {
        return Optional.ofNullable(winner);
    }

    /** {@return this resolution seen with A and B swapped} */
    public Resolution mirrored() {
        return winner == null ? this : new Resolution(rule, winner.opposite());
    }
}
