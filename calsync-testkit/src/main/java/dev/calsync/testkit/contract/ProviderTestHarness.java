package dev.calsync.testkit.contract;

import dev.calsync.core.event.EventSeries;
import java.util.function.UnaryOperator;

/**
 * What {@link CalendarProviderCompatibilityKit} needs to act on a calendar server as a user (another
 * client) would, behind the back of the provider under test. An implementation for a real server
 * writes through the server's own API (the Google emulator's REST API, a plain CalDAV PUT); the
 * in-memory provider implements it directly.
 *
 * <p>Every operation changes what the next delta of the calendar shows, exactly as an edit made in
 * a calendar app would.
 */
public interface ProviderTestHarness {

    /**
     * Creates or replaces the series {@code series.uid()} in {@code calendarId} as a user would: at
     * the same place the provider would create it (Google: the id {@code GoogleEventIds.forUid};
     * CalDAV: the href the provider derives from the UID), with new ETags.
     *
     * @param calendarId the calendar
     * @param series the series to store
     */
    void userPut(String calendarId, EventSeries series);

    /**
     * Deletes the series {@code uid} from {@code calendarId} as a user would.
     *
     * @param calendarId the calendar
     * @param uid the series' UID
     * @throws java.util.NoSuchElementException if there is no such series
     */
    void userDelete(String calendarId, String uid);

    /**
     * Changes the series {@code uid} as a user would: {@code edit} gets the series as the server
     * holds it and returns the new content.
     *
     * @param calendarId the calendar
     * @param uid the series' UID
     * @param edit gives the new content
     * @throws java.util.NoSuchElementException if there is no such series
     */
    void userEdit(String calendarId, String uid, UnaryOperator<EventSeries> edit);

    /**
     * Stores an item the provider cannot read (invalid JSON, broken iCalendar) in {@code
     * calendarId}, if the server accepts one.
     *
     * @param calendarId the calendar
     * @param name a name for the item, unique in the calendar, usable in an id or href
     * @return false if this server cannot be made to hold one (the kit then skips the tests that
     *     need it)
     */
    default boolean userPutMalformed(String calendarId, String name) {
        return false;
    }

    /**
     * Makes the server reject every sync token issued so far for {@code calendarId}, if it can.
     *
     * @param calendarId the calendar
     * @return false if this server cannot be made to (the kit then skips the tests that need it)
     */
    default boolean invalidateSyncTokens(String calendarId) {
        return false;
    }

    /**
     * For a server whose issued tokens cannot be invalidated from outside: a token of the form the
     * server issues for {@code calendarId} that it never issued, as a token it has forgotten looks
     * to it. The kit presents it where it would present an invalidated token.
     *
     * @param calendarId the calendar
     * @param issuedToken a token the server issued for {@code calendarId}, as a model of the form
     * @return empty if the harness cannot make one (the kit then skips the tests that need it)
     */
    default java.util.Optional<String> forgottenSyncToken(String calendarId, String issuedToken) {
        return java.util.Optional.empty();
    }
}
