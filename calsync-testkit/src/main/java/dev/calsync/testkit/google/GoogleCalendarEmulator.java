package dev.calsync.testkit.google;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A local emulator of the Google Calendar API v3 events resource, served over real HTTP on
 * 127.0.0.1 (an ephemeral port), for testing clients built on Google's Java client without reaching
 * Google. It follows GOOGLE-API.md: the routes under {@code calendar/v3/} and {@code
 * batch/calendar/v3}, the wire quirks of the Java client, full and incremental sync with page and
 * sync tokens, recurring events with instances and exceptions, conditional requests, Google's error
 * bodies, and fault injection. Where the real behaviour is uncertain, {@link GoogleEmulatorOptions}
 * has a switch for each variant.
 *
 * <pre>{@code
 * try (GoogleCalendarEmulator google = GoogleCalendarEmulator.start()) {
 *     String cal = google.createCalendar("team@group.calendar.google.com");
 *     Calendar client = new Calendar.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
 *                     request -> request.getHeaders().setAuthorization("Bearer test"))
 *             .setRootUrl(google.rootUrl())
 *             .setApplicationName("tests")
 *             .build();
 *     client.events().list(cal).setShowDeleted(true).execute();
 * }
 * }</pre>
 *
 * <p>The calendar id {@code primary} names the first calendar created. The emulator does not check
 * credentials (arm {@link GoogleApiFault#authError401()} to see a 401). Not emulated: {@code quickAdd},
 * {@code watch} and {@code move} (501), field masks ({@code fields} is ignored), the calendar-list and
 * ACL resources (only {@code GET calendars/{id}} answers), and attendee copies (every calendar is its
 * owner's).
 *
 * <p>Thread-safe: requests may arrive concurrently and the test hooks may be called at any time.
 */
public final class GoogleCalendarEmulator implements AutoCloseable {
    private final Engine engine;
    private final GoogleFaults faults = new GoogleFaults();
    private final HttpFront front;

    private GoogleCalendarEmulator(GoogleEmulatorOptions options) {
        this.engine = new Engine(Objects.requireNonNull(options, "options"));
        try {
            this.front = new HttpFront(engine, faults);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Google Calendar emulator", e);
        }
    }

    /**
     * Starts an emulator with {@link GoogleEmulatorOptions#defaults()}.
     *
     * @return the running emulator; close it when done
     */
    public static GoogleCalendarEmulator start() {
        return start(GoogleEmulatorOptions.defaults());
    }

    /**
     * Starts an emulator with {@code options}.
     *
     * @param options the switches and limits
     * @return the running emulator; close it when done
     */
    public static GoogleCalendarEmulator start(GoogleEmulatorOptions options) {
        return new GoogleCalendarEmulator(options);
    }

    /** {@return the options this emulator runs with} */
    public GoogleEmulatorOptions options() {
        return engine.options;
    }

    /** {@return the root URL, {@code http://127.0.0.1:<port>/}, for {@code Calendar.Builder.setRootUrl}} */
    public String rootUrl() {
        return "http://127.0.0.1:" + front.port() + "/";
    }

    /**
     * Creates a calendar in UTC whose access role is {@code owner}; the first one created is also
     * {@code primary}.
     *
     * @param calendarId the calendar's id
     * @return {@code calendarId}
     * @throws IllegalArgumentException if it exists already or is {@code primary}
     */
    public String createCalendar(String calendarId) {
        return createCalendar(calendarId, ZoneOffset.UTC);
    }

    /**
     * Creates a calendar in time zone {@code zone} (the zone of its dateTimes on output and of its
     * all-day comparisons).
     *
     * @param calendarId the calendar's id
     * @param zone the calendar's time zone
     * @return {@code calendarId}
     */
    public String createCalendar(String calendarId, ZoneId zone) {
        return engine.createCalendar(calendarId, zone);
    }

    /**
     * Sets the caller's access role on a calendar ({@code owner}, {@code writer}, {@code reader},
     * {@code freeBusyReader}); writes to a calendar without owner/writer access get 403 {@code
     * requiredAccessLevel} (E18).
     *
     * @param calendarId the calendar's id
     * @param accessRole the access role
     */
    public void setAccessRole(String calendarId, String accessRole) {
        engine.setAccessRole(calendarId, accessRole);
    }

    /**
     * Inserts an event as another client would (a user in Google's UI, another app): the same
     * defaults, etag, change-log entry as {@code events.insert}, but {@code id} and {@code iCalUID}
     * may both be given and neither is checked against the client-id rules. With an iCalUID and no id
     * the id is derived from the iCalUID as for imported events.
     *
     * @param calendarId the calendar's id
     * @param event the event resource
     * @return the stored event as {@code events.get} returns it
     * @throws IllegalStateException with the Google error (e.g. {@code 409 duplicate}) on failure
     */
    public ObjectNode userInsert(String calendarId, ObjectNode event) {
        return engine.userInsert(calendarId, event);
    }

    /**
     * Imports an event as another client would, the way an invitation reaches a calendar: as {@code
     * events.import} does, the organizer given is kept and the id is derived from the {@code
     * iCalUID} (which the event must have); an instance ({@code originalStartTime} given) becomes
     * an exception of its series. No access-role check.
     *
     * @param calendarId the calendar's id
     * @param event the event resource, with an {@code iCalUID}
     * @return the stored event as {@code events.get} returns it
     * @throws IllegalStateException with the Google error on failure
     */
    public ObjectNode userImport(String calendarId, ObjectNode event) {
        return engine.userImport(calendarId, event);
    }

    /**
     * Patches an event as another client would (new etag, updated, change-log entry, sequence bumps
     * per {@link GoogleEmulatorOptions#sequenceBump()}), without If-Match or sequence checks. An
     * instance id creates or changes an exception; {@code "status":"cancelled"} cancels it.
     *
     * @param calendarId the calendar's id
     * @param eventId the event's or instance's id
     * @param patch the fields to change
     * @return the stored event as {@code events.get} returns it
     * @throws java.util.NoSuchElementException if there is no such event
     */
    public ObjectNode userPatch(String calendarId, String eventId, ObjectNode patch) {
        return engine.userWrite(calendarId, eventId, patch, true);
    }

    /**
     * Replaces an event as another client would; see {@link #userPatch}.
     *
     * @param calendarId the calendar's id
     * @param eventId the event's or instance's id
     * @param event the new event resource
     * @return the stored event as {@code events.get} returns it
     */
    public ObjectNode userUpdate(String calendarId, String eventId, ObjectNode event) {
        return engine.userWrite(calendarId, eventId, event, false);
    }

    /**
     * Deletes an event as another client would: a master together with its exceptions; an instance
     * id becomes a cancelled exception.
     *
     * @param calendarId the calendar's id
     * @param eventId the event's or instance's id
     * @throws java.util.NoSuchElementException if there is no such event
     * @throws IllegalStateException with {@code 410 deleted} if it is deleted already
     */
    public void userDelete(String calendarId, String eventId) {
        engine.userDelete(calendarId, eventId);
    }

    /**
     * Stores an item verbatim (for example without {@code start}, or with a malformed dateTime) so
     * that a client can be fed a malformed event. Only {@code kind}, {@code id}, {@code etag} and
     * {@code updated} are added. It is listed (full and incremental, never filtered) and returned by
     * get as stored; writes to it are answered 400.
     *
     * @param calendarId the calendar's id
     * @param eventId the id to store it at
     * @param rawJsonObject the item, a JSON object as text
     */
    public void putRaw(String calendarId, String eventId, String rawJsonObject) {
        engine.putRaw(calendarId, eventId, rawJsonObject);
    }

    /**
     * The representation {@code events.get} would return (dateTimes in the calendar's zone): deleted
     * events and cancelled exceptions included, and instance ids of virtual instances too.
     *
     * @param calendarId the calendar's id
     * @param eventId the event's or instance's id
     * @return the event, or empty if there is none
     */
    public Optional<ObjectNode> event(String calendarId, String eventId) {
        return engine.event(calendarId, eventId);
    }

    /**
     * {@return every stored item: singles, masters, exceptions and tombstones; never virtual instances}
     *
     * @param calendarId the calendar's id
     */
    public List<ObjectNode> storedEvents(String calendarId) {
        return engine.storedEvents(calendarId);
    }

    /**
     * Invalidates every sync token issued so far for the calendar: they now get 410 {@code fullSyncRequired}.
     *
     * @param calendarId the calendar's id
     */
    public void invalidateSyncTokens(String calendarId) {
        engine.invalidateSyncTokens(calendarId);
    }

    /** {@return the fault switches of this emulator} */
    public GoogleFaults faults() {
        return faults;
    }

    /**
     * The logical requests served since the start or the last {@link #clearRequests()}, oldest first:
     * each plain request, each batch part, and each outer batch POST.
     *
     * @return the requests, oldest first
     */
    public List<RecordedRequest> requests() {
        return front.requests();
    }

    /** {@return the number of HTTP exchanges (a batch is one) since the start or the last {@link #clearRequests()}} */
    public int httpExchanges() {
        return front.exchanges();
    }

    /** Forgets the recorded requests and the exchange count. */
    public void clearRequests() {
        front.clearRequests();
    }

    /** Stops the server. */
    @Override
    public void close() {
        front.stop();
    }
}
