package dev.calsync.caldav.internal;

import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.MalformedEventException;
import java.util.Optional;

/**
 * Reads and writes the iCalendar text (RFC 5545) of one CalDAV calendar resource: one {@link
 * EventSeries}, its master (if any) and its overrides, in one VCALENDAR (RFC 4791 §4.1).
 *
 * <h2>Reading</h2>
 *
 * <ul>
 *   <li><b>Envelope</b>: a byte-order mark, CRLF, LF or CR line ends, lines folded with a space or a
 *       tab, blank lines and white space after BEGIN/END names are accepted. Anything that is not
 *       one VCALENDAR of content lines is a {@link MalformedEventException} on field {@code
 *       VCALENDAR}.
 *   <li><b>Components</b>: every VEVENT must have the same non-blank UID ({@code UID}); the one
 *       without RECURRENCE-ID is the master, at most one ({@code RECURRENCE-ID}); the others are
 *       overrides, at most one per occurrence ({@code RECURRENCE-ID}). An override with {@code
 *       STATUS:CANCELLED} becomes a {@linkplain EventSeries#cancelledOccurrences() cancelled
 *       occurrence}; the master's EXDATEs stay in its {@link dev.calsync.core.event.Recurrence}.
 *       A resource without VEVENT (a VTODO, a VJOURNAL) reads as empty.
 *   <li><b>Times</b>: DTSTART (required), DTEND, RECURRENCE-ID, RDATE and EXDATE values are dates
 *       ({@code VALUE=DATE}), UTC times, floating times, or local times with a TZID. A TZID naming
 *       an IANA zone, a vendor-prefixed IANA zone, a Windows zone or an Outlook display name is that
 *       zone (whether or not a VTIMEZONE comes along); a TZID only the resource's own VTIMEZONE
 *       defines gives UTC instants computed with that VTIMEZONE's rules (through ical4j); any other
 *       TZID is malformed. Without DTEND, DURATION gives the end (days in local time, hours exactly);
 *       without either, RFC 5545's default (one day for a date, else the start). An end before the
 *       start is malformed ({@code DTEND}).
 *   <li><b>Everything else the model has</b>: SUMMARY, DESCRIPTION, LOCATION (TEXT unescaped),
 *       STATUS (absent: CONFIRMED; unknown: malformed), TRANSP (absent: OPAQUE), CLASS (absent:
 *       DEFAULT; unknown: PRIVATE, as RFC 5545 says), ORGANIZER and ATTENDEE (address without
 *       {@code mailto:}, CN, PARTSTAT, ROLE OPT-/NON-PARTICIPANT as optional, CUTYPE ROOM/RESOURCE as
 *       resource), RRULE/EXRULE lines (must have a FREQ), CATEGORIES (all lines, comma lists), URL,
 *       SEQUENCE (clamped), LAST-MODIFIED, and VALARMs with ACTION DISPLAY or EMAIL and a trigger of
 *       whole minutes at or before the start as reminders.
 * </ul>
 *
 * <h2>Writing</h2>
 *
 * <p>VERSION 2.0, calsync's PRODID, a VTIMEZONE for every TZID used (ical4j's definition for IANA
 * zones), the master, then the overrides in recurrence-id order. Every VEVENT has DTSTAMP (the
 * last-modified time, else the previous body's, else the epoch: the text depends on nothing but
 * the arguments), DTSTART and always DTEND (iCloud refuses a VEVENT without one), never DURATION.
 * RECURRENCE-IDs, and the EXDATEs of cancelled occurrences, are written in the form of the
 * master's DTSTART (same TZID). Cancelled occurrences are EXDATEs on the master, or {@code
 * STATUS:CANCELLED} overrides in a series without master. Lines are folded at 75 octets and end in
 * CRLF; text is escaped as RFC 5545 §3.3.11 says, parameter values as RFC 6868 says.
 *
 * <p>From the previous body, for each component still in the series (the master, or the override
 * of the same occurrence), everything calsync does not map is kept as it was: X- and unknown
 * properties, CREATED, ATTACH, PRIORITY, GEO..., VALARMs the model cannot say (AUDIO, absolute,
 * relative to the end), the Apple properties of a VALARM that still says the same reminder,
 * attendee and organizer parameters other than CN, PARTSTAT, ROLE and CUTYPE (RSVP, SCHEDULE-*,
 * X-...), the RANGE of a RECURRENCE-ID, the LANGUAGE/ALTREP of an unchanged text, and the
 * VCALENDAR's own properties other than VERSION, PRODID and METHOD. The model's {@code extras}
 * (other providers' properties) are neither read nor written.
 *
 * <p>Both methods are static and thread-safe; ical4j is used with its default (strict) settings and
 * a new {@code CalendarBuilder} per parse, and never leaks its exceptions.
 */
public final class ICalendarCodec {
    private ICalendarCodec() {}

    /**
     * The series held by one CalDAV calendar resource, or empty if it holds no VEVENT (a VTODO, a
     * VJOURNAL).
     *
     * @param body the resource's iCalendar text
     * @return the series, or empty
     * @throws MalformedEventException naming the offending property if the text is not iCalendar or
     *     cannot be represented without losing data
     */
    public static Optional<EventSeries> parse(String body) throws MalformedEventException {
        try {
            return ICalEventReader.read(ICalContent.read(body));
        } catch (MalformedEventException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedEventException("VCALENDAR", "cannot read the resource: " + e, e);
        }
    }

    /**
     * One calendar resource for {@code series}: VCALENDAR, PRODID of calsync, VERSION 2.0, the
     * VTIMEZONEs the series uses, master then overrides.
     *
     * @param series the series to write
     * @param previous the resource's current body on the server, or null; properties calsync does
     *     not map, of components that are still in {@code series}, are kept from it
     * @return the iCalendar text, CRLF line ends, folded at 75 octets
     */
    public static String render(EventSeries series, String previous) {
        return ICalEventWriter.render(series, previous);
    }
}
