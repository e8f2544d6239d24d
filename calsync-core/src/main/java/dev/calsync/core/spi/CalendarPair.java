package dev.calsync.core.spi;

import dev.calsync.core.Side;
import java.time.Instant;
import java.util.Objects;

/**
 * Two calendars kept in sync, and what calsync remembers about the pair as a whole (the seed's
 * {@code calendar_mappings} row).
 *
 * @param pairId the host application's name for the pair
 * @param calendarA the calendar on side A (its provider's calendar id)
 * @param calendarB the calendar on side B
 * @param syncTokenA side A's sync token after the last sync, or null (next sync lists A fully)
 * @param syncTokenB side B's sync token, or null
 * @param lastUpdatedA when side A's token was last stored, or null
 * @param lastUpdatedB when side B's token was last stored, or null
 * @param enabled whether the pair is synced at all
 */
public record CalendarPair(
        String pairId,
        String calendarA,
        String calendarB,
        String syncTokenA,
        String syncTokenB,
        Instant lastUpdatedA,
        Instant lastUpdatedB,
        boolean enabled) {

    /**
     * Checks the ids and calendars.
     *
     * @param pairId the pair's name
     * @param calendarA side A's calendar id
     * @param calendarB side B's calendar id
     * @param syncTokenA side A's sync token, or null
     * @param syncTokenB side B's sync token, or null
     * @param lastUpdatedA when side A's token was stored, or null
     * @param lastUpdatedB when side B's token was stored, or null
     * @param enabled whether the pair is synced
     * @throws NullPointerException if an id or calendar is null
     */
    public CalendarPair {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(calendarA, "calendarA");
        Objects.requireNonNull(calendarB, "calendarB");
    }

    /**
     * {@return a new, enabled pair without tokens}
     *
     * @param pairId the pair's name
     * @param calendarA side A's calendar id
     * @param calendarB side B's calendar id
     */
    public static CalendarPair of(String pairId, String calendarA, String calendarB) {
        return new CalendarPair(pairId, calendarA, calendarB, null, null, null, null, true);
    }

    /**
     * {@return the calendar on {@code side}}
     *
     * @param side the side
     */
    public String calendar(Side side) {
        return side == Side.A ? calendarA : calendarB;
    }

    /**
     * {@return the sync token of {@code side}, or null}
     *
     * @param side the side
     */
    public String syncToken(Side side) {
        return side == Side.A ? syncTokenA : syncTokenB;
    }

    /**
     * {@return this pair with {@code side}'s token replaced, stamped {@code at}}
     *
     * @param side the side whose token is replaced
     * @param token the new token, or null to list that side fully next time
     * @param at when the token was stored
     */
    public CalendarPair withSyncToken(Side side, String token, Instant at) {
        return side == Side.A
                ? new CalendarPair(pairId, calendarA, calendarB, token, syncTokenB, at, lastUpdatedB, enabled)
                : new CalendarPair(pairId, calendarA, calendarB, syncTokenA, token, lastUpdatedA, at, enabled);
    }
}
