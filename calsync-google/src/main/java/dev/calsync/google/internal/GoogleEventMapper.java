package dev.calsync.google.internal;

import com.google.api.client.util.Data;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventAttendee;
import com.google.api.services.calendar.model.EventDateTime;
import com.google.api.services.calendar.model.EventReminder;
import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.MalformedEventException;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.ParticipationStatus;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.event.Reminder;
import dev.calsync.core.event.TimeZones;
import dev.calsync.core.event.Transparency;
import dev.calsync.core.event.Visibility;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Google Calendar API v3 event resources to calsync's {@link EventComponent}s and back.
 *
 * <h2>What is mapped, and how</h2>
 *
 * <ul>
 *   <li><b>start / end</b>: {@code {date}} is an {@link EventTime.AllDay} (Google's {@code
 *       end.date} is exclusive, as calsync's end is). {@code {dateTime, timeZone}} is an {@link
 *       EventTime.Zoned} local time in that zone: the instant of {@code dateTime}, whatever offset
 *       Google rendered it with (the calendar's), converted to the zone's local time; zone names are
 *       resolved with {@link TimeZones}, a fixed-offset zone such as {@code UTC} gives an {@link
 *       EventTime.Utc}, and an instant in the second half of a DST overlap (which no local time
 *       names) stays a {@code Utc} instant ({@link EventTime#parseRfc3339}). {@code {dateTime}}
 *       without {@code timeZone} is an {@link EventTime.Utc} instant. Written back: an all-day date
 *       as {@code date}; a zoned time as {@code dateTime} with the zone's offset at that instant plus
 *       {@code timeZone}; a UTC instant as {@code dateTime} in {@code Z}, with {@code timeZone: "UTC"}
 *       only on a recurring master (Google requires a zone there). A missing {@code end} is
 *       RFC 5545's default (one day after an all-day start, else the start).
 *   <li><b>recurrence</b> (masters only): {@code RRULE:}/{@code EXRULE:} lines are kept as the
 *       rule lines of {@link Recurrence} (prefix included, spelling untouched; the canonical form
 *       normalises them), after a syntax check (FREQ present and valid, COUNT/INTERVAL positive
 *       integers, UNTIL a date or date-time, no COUNT with UNTIL, no unknown or repeated part).
 *       {@code RDATE}/{@code EXDATE} lines ({@code ;VALUE=DATE}, {@code ;TZID=…}, UTC {@code Z},
 *       comma lists) become RDATEs/EXDATEs through {@link EventTime#parseICalendar}; a value with
 *       neither TZID nor {@code Z} means "in the event's zone" on Google, so it is read as a local
 *       time in the start's zone (the calendar's zone when the start has none). Written back, in
 *       order, one line per run of values of one kind and zone: {@code EXDATE;VALUE=DATE:20250610,20250617}, {@code
 *       EXDATE;TZID=Europe/Berlin:20250610T090000}, {@code EXDATE:20250610T070000Z}. The master's
 *       EXDATEs stay in its recurrence lines; Google's cancelled instances are separate events.
 *   <li><b>instances</b> (an event with {@code recurringEventId}): the RECURRENCE-ID comes from
 *       {@code originalStartTime} through {@link RecurrenceId#fromGoogle}, made to agree with the
 *       master's kind when the master's start is known: a timed {@code originalStartTime} of an
 *       all-day series gives its date (in its own zone, else the calendar's); a date of a timed
 *       series gives the master's time of day on that date in the master's zone; a timed value of a
 *       floating master gives the floating local time in the calendar's zone (where calsync writes
 *       floating times). A cancelled instance that carries only {@code {id, status,
 *       recurringEventId, originalStartTime}} starts at its original start (zoned in the master's
 *       zone when that names the same instant, else UTC) with the default end. Instance bodies never
 *       carry {@code recurrence}.
 *   <li><b>status</b> {@code confirmed|tentative|cancelled} (absent: confirmed), <b>transparency</b>
 *       {@code opaque|transparent} (absent: opaque), <b>visibility</b> {@code
 *       default|public|private|confidential} (absent: default), each to its enum; an unknown value is
 *       a {@link MalformedEventException}, not a guess.
 *   <li><b>organizer</b> {@code {email, displayName}} (an organizer without email reads as none);
 *       <b>attendees</b> {@code {email, displayName, responseStatus, optional, resource}} to {@link
 *       Attendee} ({@code needsAction|accepted|declined|tentative}; absent: needsAction). An attendee
 *       without email is malformed: dropping it would delete it from Google on the next write.
 *   <li><b>reminders</b>: {@code useDefault: true} or absent is the empty list (the calendar's
 *       defaults); {@code overrides[{method: popup|email, minutes}]} are {@link Reminder}s
 *       ({@code popup} is {@link Reminder.Method#DISPLAY}), written with {@code useDefault: false}.
 *   <li><b>summary, description, location</b> as they are; <b>sequence</b> both ways (absent: 0);
 *       <b>updated</b> is read into {@code lastModified} and never written.
 *   <li>Google has no <b>categories</b>, <b>URL</b> or {@code DELEGATED} reply: they travel in
 *       private extended properties ({@link #CATEGORIES_PROPERTY}, {@link #URL_PROPERTY}, {@link
 *       #DELEGATED_PROPERTY}), lists as JSON arrays of strings. The series UID is {@link
 *       #UID_PROPERTY}.
 * </ul>
 *
 * <p>Read-only and volatile fields ({@code id}, {@code iCalUID}, {@code etag}, {@code kind}, {@code
 * htmlLink}, {@code created}, {@code updated}, {@code creator}) never influence the mapped content,
 * and the writers never set them. Everything else Google has ({@code colorId}, {@code
 * attachments}, {@code conferenceData}, shared and foreign private extended properties, attendees'
 * comments…) is not mapped: it is not read into the component (whose {@code extras} stay empty) and
 * {@link #toPatch} leaves it untouched on Google.
 *
 * <h2>Lossy cases</h2>
 *
 * <ul>
 *   <li><b>Floating times</b> (Google has none) are written as local times in the calendar's zone
 *       with that {@code timeZone}, RDATE/EXDATE values included, and a floating {@code UNTIL}
 *       of a floating master becomes the UTC instant of that local time in the calendar's zone (RFC
 *       5545 wants UNTIL in UTC once DTSTART has a zone). They read back as zoned times, and the
 *       series' RECURRENCE-IDs as instants.
 *   <li><b>A zoned local time in a DST gap</b> (02:30 on a spring-forward night) names no instant;
 *       RFC 5545 shifts it forward, and Google's {@code dateTime} can only carry the instant, so it
 *       reads back as the shifted local time (03:30). The content hash changes once and is stable
 *       from then on.
 *   <li><b>{@code DELEGATED}</b> replies are written as {@code needsAction} with the address in
 *       {@link #DELEGATED_PROPERTY}; they read back as {@code DELEGATED} only while Google still says
 *       {@code needsAction} (a reply given on Google wins).
 *   <li><b>{@code useDefault: false} without overrides</b> ("no reminders at all") has no calsync
 *       form and reads as the calendar's defaults; {@link #toPatch} leaves such reminders as they are
 *       when the component has no explicit reminders either, so a sync never turns them on.
 *   <li><b>The organizer</b> is writable on Google only by import; a component without organizer
 *       leaves Google's organizer alone in a patch (there is no way to remove it).
 *   <li><b>Impossible dates</b> such as {@code 2030-02-30} never reach this class: the Google
 *       client's {@link DateTime} parser is lenient and reads it as {@code 2030-03-02} when it
 *       parses the JSON. Detecting them would need the raw response text.
 *   <li>Google's limits are not checked here: at most 5 reminder overrides of 0 to 40320 minutes,
 *       1024 characters per extended property value.
 * </ul>
 */
public final class GoogleEventMapper {

    /** extendedProperties.private key holding the series UID. */
    public static final String UID_PROPERTY = "calsyncUid";

    /** extendedProperties.private key holding the categories, as a JSON array of strings. */
    public static final String CATEGORIES_PROPERTY = "calsyncCategories";

    /** extendedProperties.private key holding the URL property. */
    public static final String URL_PROPERTY = "calsyncUrl";

    /**
     * extendedProperties.private key holding the addresses of attendees whose reply is {@code
     * DELEGATED} (Google has no such reply), as a JSON array of strings.
     */
    public static final String DELEGATED_PROPERTY = "calsyncDelegated";

    private static final Set<String> FREQS =
            Set.of("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY");
    private static final Set<String> RULE_PARTS = Set.of(
            "FREQ",
            "UNTIL",
            "COUNT",
            "INTERVAL",
            "BYSECOND",
            "BYMINUTE",
            "BYHOUR",
            "BYDAY",
            "BYMONTHDAY",
            "BYYEARDAY",
            "BYWEEKNO",
            "BYMONTH",
            "BYSETPOS",
            "WKST",
            "RSCALE",
            "SKIP");
    private static final Pattern RULE_LIST = Pattern.compile("[A-Z0-9+\\-,]+");
    private static final Pattern FLOATING_UNTIL = Pattern.compile("(?i)(?<=^|[:;])UNTIL=(\\d{8}T\\d{6})(?=;|$)");

    private GoogleEventMapper() {}

    // ------------------------------------------------------------------ reading

    /**
     * The series UID an event belongs to: {@code extendedProperties.private[UID_PROPERTY]} if
     * present, else {@code iCalUID}, else null (cancelled instances and tombstones carry neither).
     *
     * @param event a Google event
     * @return the UID, or null when the event does not say
     */
    public static String uidOf(Event event) {
        Objects.requireNonNull(event, "event");
        String own = privateProperty(event, UID_PROPERTY);
        if (own != null && !own.isEmpty()) {
            return own;
        }
        String ical = text(event.getICalUID());
        return ical == null || ical.isEmpty() ? null : ical;
    }

    /**
     * Maps one Google event (a single event, a recurring master, a modified instance or a cancelled
     * instance) to a component of series {@code uid}. See the class documentation for the rules.
     *
     * @param event the Google event
     * @param uid the UID of the series it belongs to (usually {@link #uidOf} of it or of its master)
     * @param calendarZone the calendar's time zone (the response envelope's {@code timeZone}), used
     *     where Google leaves the zone implicit: floating recurrence values of a master without a
     *     zoned start, and the instances of a floating master
     * @param masterStart the master's start, when known, so that an instance's RECURRENCE-ID is of
     *     the same kind as its master's occurrences; null when unknown
     * @return the component; its {@code extras} are empty
     * @throws MalformedEventException naming the field, for an event calsync cannot read: no start
     *     (a tombstone), a bad date or dateTime, an unknown time zone, start and end of different
     *     kinds or end before start, an unknown status/transparency/visibility/responseStatus/reminder
     *     method, an attendee without email, a reminder without minutes, an instance without
     *     originalStartTime, a recurrence line that does not parse, a private property that does not
     *     decode
     */
    public static EventComponent toComponent(Event event, String uid, ZoneId calendarZone, EventTime masterStart) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(calendarZone, "calendarZone");
        EventStatus status = status(text(event.getStatus()));
        boolean instance = text(event.getRecurringEventId()) != null;

        RecurrenceId recurrenceId = null;
        EventTime originalStart = null;
        if (instance) {
            EventDateTime original = present(event.getOriginalStartTime());
            if (original == null) {
                throw new MalformedEventException("originalStartTime", "missing on an instance of a recurring event");
            }
            originalStart = time("originalStartTime", original);
            recurrenceId = recurrenceId(originalStart, original, calendarZone, masterStart);
        }

        EventDateTime startField = present(event.getStart());
        EventTime start;
        if (startField != null) {
            start = time("start", startField);
        } else if (instance && status == EventStatus.CANCELLED) {
            start = cancelledStart(recurrenceId, originalStart, masterStart);
        } else {
            throw new MalformedEventException("start", "missing");
        }
        EventDateTime endField = present(event.getEnd());
        EventTime end = endField == null ? null : time("end", endField);
        if (end != null) {
            if (start.isAllDay() != end.isAllDay()) {
                throw new MalformedEventException(
                        "end", "start " + start + " and end " + end + " are not both dates or both dateTimes");
            }
            if (end.toInstant(ZoneOffset.UTC).isBefore(start.toInstant(ZoneOffset.UTC))) {
                throw new MalformedEventException("end", "end " + end + " is before start " + start);
            }
        }

        Map<String, String> props = privateProperties(event);
        Set<String> delegated = new LinkedHashSet<>(stringList(props, DELEGATED_PROPERTY));

        EventComponent.Builder b = EventComponent.builder(uid, start)
                .recurrenceId(recurrenceId)
                .end(end)
                .summary(text(event.getSummary()))
                .description(text(event.getDescription()))
                .location(text(event.getLocation()))
                .status(status)
                .transparency(transparency(text(event.getTransparency())))
                .visibility(visibility(text(event.getVisibility())))
                .organizer(organizer(present(event.getOrganizer())))
                .attendees(attendees(present(event.getAttendees()), delegated))
                .reminders(reminders(present(event.getReminders())))
                .categories(stringList(props, CATEGORIES_PROPERTY))
                .url(emptyToNull(props.get(URL_PROPERTY)))
                .sequence(present(event.getSequence()) == null ? 0 : event.getSequence())
                .lastModified(
                        present(event.getUpdated()) == null
                                ? null
                                : Instant.ofEpochMilli(event.getUpdated().getValue()));
        if (!instance) {
            b.recurrence(recurrence(present(event.getRecurrence()), start, calendarZone));
        }
        return b.build();
    }

    private static EventTime time(String field, EventDateTime t) {
        DateTime date = present(t.getDate());
        DateTime dateTime = present(t.getDateTime());
        return EventTime.parseRfc3339(
                field,
                date == null ? null : date.toStringRfc3339(),
                dateTime == null ? null : dateTime.toStringRfc3339(),
                text(t.getTimeZone()));
    }

    private static RecurrenceId recurrenceId(
            EventTime original, EventDateTime field, ZoneId calendarZone, EventTime masterStart) {
        if (masterStart instanceof EventTime.AllDay && !original.isAllDay()) {
            String tz = text(field.getTimeZone());
            ZoneId zone = tz == null ? calendarZone : TimeZones.resolve("originalStartTime", tz);
            return new RecurrenceId.OnDate(LocalDate.ofInstant(original.toInstant(zone), zone));
        }
        if (masterStart instanceof EventTime.Floating && !original.isAllDay()) {
            return new RecurrenceId.AtFloating(
                    LocalDateTime.ofInstant(original.toInstant(ZoneOffset.UTC), calendarZone));
        }
        if (original instanceof EventTime.AllDay d && masterStart != null && !masterStart.isAllDay()) {
            if (masterStart instanceof EventTime.Zoned z) {
                return RecurrenceId.of(EventTime.of(d.date().atTime(z.local().toLocalTime()), z.zone()));
            }
            if (masterStart instanceof EventTime.Floating f) {
                return new RecurrenceId.AtFloating(d.date().atTime(f.local().toLocalTime()));
            }
            LocalTime utcTime = LocalDateTime.ofInstant(masterStart.toInstant(ZoneOffset.UTC), ZoneOffset.UTC)
                    .toLocalTime();
            return RecurrenceId.of(EventTime.of(d.date().atTime(utcTime), ZoneOffset.UTC));
        }
        return RecurrenceId.of(original);
    }

    /** The start of a cancelled instance that carries none: its original start, as the master would say it. */
    private static EventTime cancelledStart(RecurrenceId rid, EventTime original, EventTime masterStart) {
        if (rid instanceof RecurrenceId.OnDate d) {
            return EventTime.date(d.date());
        }
        if (rid instanceof RecurrenceId.AtFloating f) {
            return EventTime.floating(f.local());
        }
        Instant instant = ((RecurrenceId.AtInstant) rid).instant();
        if (original instanceof EventTime.Zoned z && z.toInstant(ZoneOffset.UTC).equals(instant)) {
            return original;
        }
        if (masterStart instanceof EventTime.Zoned z) {
            EventTime zoned = EventTime.of(LocalDateTime.ofInstant(instant, z.zone()), z.zone());
            if (zoned.toInstant(ZoneOffset.UTC).equals(instant)) {
                return zoned;
            }
        }
        return EventTime.utc(instant);
    }

    private static EventStatus status(String s) {
        if (s == null || s.isEmpty()) {
            return EventStatus.CONFIRMED;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "confirmed" -> EventStatus.CONFIRMED;
            case "tentative" -> EventStatus.TENTATIVE;
            case "cancelled" -> EventStatus.CANCELLED;
            default -> throw new MalformedEventException("status", "unknown value '" + s + "'");
        };
    }

    private static Transparency transparency(String s) {
        if (s == null || s.isEmpty()) {
            return Transparency.OPAQUE;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "opaque" -> Transparency.OPAQUE;
            case "transparent" -> Transparency.TRANSPARENT;
            default -> throw new MalformedEventException("transparency", "unknown value '" + s + "'");
        };
    }

    private static Visibility visibility(String s) {
        if (s == null || s.isEmpty()) {
            return Visibility.DEFAULT;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "default" -> Visibility.DEFAULT;
            case "public" -> Visibility.PUBLIC;
            case "private" -> Visibility.PRIVATE;
            case "confidential" -> Visibility.CONFIDENTIAL;
            default -> throw new MalformedEventException("visibility", "unknown value '" + s + "'");
        };
    }

    private static Organizer organizer(Event.Organizer o) {
        if (o == null) {
            return null;
        }
        String email = text(o.getEmail());
        if (email == null || email.isBlank()) {
            return null;
        }
        return new Organizer(email, text(o.getDisplayName()));
    }

    private static List<Attendee> attendees(List<EventAttendee> list, Set<String> delegated) {
        List<Attendee> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        Set<String> delegatedLower = new LinkedHashSet<>();
        delegated.forEach(d -> delegatedLower.add(d.toLowerCase(Locale.ROOT)));
        for (int i = 0; i < list.size(); i++) {
            EventAttendee a = list.get(i);
            String field = "attendees[" + i + "]";
            if (a == null || Data.isNull(a)) {
                throw new MalformedEventException(field, "null attendee");
            }
            String email = text(a.getEmail());
            if (email == null || email.isBlank()) {
                throw new MalformedEventException(field + ".email", "missing");
            }
            ParticipationStatus reply = responseStatus(field, text(a.getResponseStatus()));
            Attendee attendee = new Attendee(
                    email,
                    text(a.getDisplayName()),
                    reply,
                    Boolean.TRUE.equals(present(a.getOptional())),
                    Boolean.TRUE.equals(present(a.getResource())));
            if (reply == ParticipationStatus.NEEDS_ACTION && delegatedLower.contains(attendee.email())) {
                attendee = new Attendee(
                        attendee.email(),
                        attendee.displayName(),
                        ParticipationStatus.DELEGATED,
                        attendee.optional(),
                        attendee.resource());
            }
            out.add(attendee);
        }
        return out;
    }

    private static ParticipationStatus responseStatus(String field, String s) {
        if (s == null || s.isEmpty()) {
            return ParticipationStatus.NEEDS_ACTION;
        }
        return switch (s) {
            case "needsAction" -> ParticipationStatus.NEEDS_ACTION;
            case "accepted" -> ParticipationStatus.ACCEPTED;
            case "declined" -> ParticipationStatus.DECLINED;
            case "tentative" -> ParticipationStatus.TENTATIVE;
            default -> throw new MalformedEventException(field + ".responseStatus", "unknown value '" + s + "'");
        };
    }

    private static List<Reminder> reminders(Event.Reminders r) {
        List<Reminder> out = new ArrayList<>();
        if (r == null || Boolean.TRUE.equals(present(r.getUseDefault()))) {
            return out;
        }
        List<EventReminder> overrides = present(r.getOverrides());
        if (overrides == null) {
            return out;
        }
        for (int i = 0; i < overrides.size(); i++) {
            EventReminder o = overrides.get(i);
            String field = "reminders.overrides[" + i + "]";
            String method = o == null ? null : text(o.getMethod());
            Reminder.Method m;
            if ("popup".equals(method)) {
                m = Reminder.Method.DISPLAY;
            } else if ("email".equals(method)) {
                m = Reminder.Method.EMAIL;
            } else {
                throw new MalformedEventException(field + ".method", "unknown value '" + method + "'");
            }
            Integer minutes = present(o.getMinutes());
            if (minutes == null || minutes < 0) {
                throw new MalformedEventException(field + ".minutes", "missing or negative: " + minutes);
            }
            out.add(new Reminder(m, minutes));
        }
        return out;
    }

    private static Recurrence recurrence(List<String> lines, EventTime start, ZoneId calendarZone) {
        if (lines == null || lines.isEmpty()) {
            return Recurrence.NONE;
        }
        ZoneId seriesZone = start instanceof EventTime.Zoned z
                ? z.zone()
                : start instanceof EventTime.Utc ? ZoneOffset.UTC : calendarZone;
        List<String> rules = new ArrayList<>();
        List<EventTime> rdates = new ArrayList<>();
        List<EventTime> exdates = new ArrayList<>();
        for (String raw : lines) {
            String line = text(raw);
            if (line == null || line.isBlank()) {
                continue;
            }
            try {
                readLine(line.strip(), seriesZone, rules, rdates, exdates);
            } catch (MalformedEventException e) {
                throw new MalformedEventException("recurrence", "'" + line + "': " + e.getMessage(), e);
            }
        }
        return new Recurrence(rules, rdates, exdates);
    }

    private static void readLine(
            String line, ZoneId seriesZone, List<String> rules, List<EventTime> rdates, List<EventTime> exdates) {
        int colon = indexOutsideQuotes(line, ':');
        if (colon < 0) {
            throw new MalformedEventException("recurrence", "no ':'");
        }
        List<String> head = splitOutsideQuotes(line.substring(0, colon), ';');
        String name = head.get(0).strip().toUpperCase(Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        switch (name) {
            case "RRULE", "EXRULE" -> {
                if (head.size() > 1) {
                    throw new MalformedEventException(name, "parameters are not allowed");
                }
                checkRule(name, value);
                rules.add(name + ":" + value);
            }
            case "RDATE", "EXDATE" -> {
                String tzid = null;
                String valueType = null;
                for (String param : head.subList(1, head.size())) {
                    int eq = param.indexOf('=');
                    if (eq <= 0) {
                        throw new MalformedEventException(name, "bad parameter '" + param + "'");
                    }
                    String key = param.substring(0, eq).strip().toUpperCase(Locale.ROOT);
                    String v = param.substring(eq + 1).strip();
                    if (key.equals("TZID")) {
                        tzid = v;
                    } else if (key.equals("VALUE")) {
                        valueType = v.toUpperCase(Locale.ROOT);
                        if (!valueType.equals("DATE") && !valueType.equals("DATE-TIME")) {
                            throw new MalformedEventException(name, "unsupported VALUE=" + v);
                        }
                    }
                    // Other parameters (X-…) carry nothing calsync maps.
                }
                if (value.isEmpty()) {
                    throw new MalformedEventException(name, "no value");
                }
                List<EventTime> target = name.equals("RDATE") ? rdates : exdates;
                for (String v : value.split(",", -1)) {
                    EventTime t = EventTime.parseICalendar(name, v, tzid);
                    // Without VALUE the type is DATE-TIME, but a bare date is tolerated.
                    boolean typeMismatch = valueType != null && valueType.equals("DATE") != t.isAllDay();
                    if (typeMismatch) {
                        throw new MalformedEventException(name, "'" + v + "' is not of VALUE=" + valueType);
                    }
                    if (t instanceof EventTime.Floating f) {
                        // Google has no floating times: a value without zone is in the event's zone.
                        t = EventTime.of(f.local(), seriesZone);
                    }
                    target.add(t);
                }
            }
            default -> throw new MalformedEventException("recurrence", "unknown line '" + name + "'");
        }
    }

    private static void checkRule(String name, String value) {
        if (value.isEmpty()) {
            throw new MalformedEventException(name, "empty rule");
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : value.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new MalformedEventException(name, "'" + p + "' is not NAME=VALUE");
            }
            String key = p.substring(0, eq).strip().toUpperCase(Locale.ROOT);
            String v = p.substring(eq + 1).strip().toUpperCase(Locale.ROOT);
            if (!RULE_PARTS.contains(key) && !key.startsWith("X-")) {
                throw new MalformedEventException(name, "unknown part " + key);
            }
            if (parts.put(key, v) != null) {
                throw new MalformedEventException(name, "part " + key + " given twice");
            }
            switch (key) {
                case "FREQ" -> {
                    if (!FREQS.contains(v)) {
                        throw new MalformedEventException(name, "unknown FREQ=" + v);
                    }
                }
                case "COUNT", "INTERVAL" -> {
                    try {
                        if (Integer.parseInt(v) < 1) {
                            throw new MalformedEventException(name, key + " must be positive: " + v);
                        }
                    } catch (NumberFormatException e) {
                        throw new MalformedEventException(name, key + " is not a number: " + v, e);
                    }
                }
                case "UNTIL" -> EventTime.parseICalendar(name + " UNTIL", v, null);
                default -> {
                    if (key.startsWith("BY") && !RULE_LIST.matcher(v).matches()) {
                        throw new MalformedEventException(name, "bad " + key + "=" + v);
                    }
                }
            }
        }
        if (!parts.containsKey("FREQ")) {
            throw new MalformedEventException(name, "no FREQ");
        }
        if (parts.containsKey("COUNT") && parts.containsKey("UNTIL")) {
            throw new MalformedEventException(name, "both COUNT and UNTIL");
        }
    }

    private static Map<String, String> privateProperties(Event event) {
        Event.ExtendedProperties ext = present(event.getExtendedProperties());
        Map<String, String> map = ext == null ? null : present(ext.getPrivate());
        Map<String, String> out = new HashMap<>();
        if (map != null) {
            map.forEach((k, v) -> {
                String value = text(v);
                if (k != null && value != null) {
                    out.put(k, value);
                }
            });
        }
        return out;
    }

    private static String privateProperty(Event event, String key) {
        return privateProperties(event).get(key);
    }

    private static List<String> stringList(Map<String, String> props, String key) {
        String json = props.get(key);
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JsonStrings.decode(json);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(
                    "extendedProperties.private." + key, "not a JSON array of strings: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * The body that creates or fully describes {@code component} on Google: every mapped field set,
     * including {@code extendedProperties.private[UID_PROPERTY]} (plus the categories, URL and
     * delegated properties when the component has them). It never sets {@code id} nor {@code
     * iCalUID} (the caller chooses one: Google rejects both), nor any read-only field. For an
     * override or cancelled occurrence it is the instance body: start, end, status and details, but
     * no {@code recurrence}, {@code recurringEventId} or {@code originalStartTime}. Floating times
     * are written in {@code calendarZone} with that {@code timeZone}; a recurring master with a timed
     * start always gets {@code start.timeZone}/{@code end.timeZone} ({@code "UTC"} for UTC times).
     *
     * @param component the component to write
     * @param calendarZone the calendar's time zone
     * @return a new event body
     */
    public static Event toEvent(EventComponent component, ZoneId calendarZone) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(calendarZone, "calendarZone");
        Map<String, String> props = new LinkedHashMap<>();
        ownProperties(component).forEach((k, v) -> {
            if (v != null) {
                props.put(k, v);
            }
        });
        Event e = new Event()
                .setStart(dateTime(component.start(), component, calendarZone, false))
                .setEnd(dateTime(component.end(), component, calendarZone, false))
                .setStatus(status(component.status()))
                .setTransparency(component.transparency().name().toLowerCase(Locale.ROOT))
                .setVisibility(component.visibility().name().toLowerCase(Locale.ROOT))
                .setSequence(component.sequence())
                .setReminders(reminders(component.reminders()))
                .setExtendedProperties(new Event.ExtendedProperties().setPrivate(props));
        if (component.summary() != null) {
            e.setSummary(component.summary());
        }
        if (component.description() != null) {
            e.setDescription(component.description());
        }
        if (component.location() != null) {
            e.setLocation(component.location());
        }
        if (component.organizer() != null) {
            e.setOrganizer(organizer(component.organizer()));
        }
        if (!component.attendees().isEmpty()) {
            e.setAttendees(attendees(component.attendees(), List.of()));
        }
        if (!component.key().isOccurrence() && !component.recurrence().isEmpty()) {
            e.setRecurrence(recurrenceLines(component, calendarZone));
        }
        return e;
    }

    /**
     * A PATCH body that makes an existing Google event hold {@code component}'s mapped content: like
     * {@link #toEvent}, but every mapped field the component lacks is sent as an explicit JSON null
     * ({@link Data#nullOf}) or an empty array, so that it is cleared, and {@code start}/{@code end}
     * null the members they do not use (PATCH merges nested objects). Fields calsync does not map
     * ({@code colorId}, {@code attachments}, {@code conferenceData}, shared extended properties…)
     * are absent from the body and so preserved; so are the private extended properties other than
     * calsync's ({@code current}'s map with ours laid over it, ours that the component lacks set to
     * null), the unmapped fields of attendees {@code current} already has (matched by address:
     * {@code comment}, {@code additionalGuests}…), a {@code current} organizer when the component
     * has none (Google's organizer cannot be removed; a different one clears the stored one's name,
     * id and {@code self}), and {@code current}'s reminders when neither
     * side has explicit ones (so "no reminders" on Google is not turned into the defaults). For an
     * occurrence the body never touches {@code recurrence}.
     *
     * @param component the content the event must hold
     * @param calendarZone the calendar's time zone
     * @param current the event as Google holds it now, or null when unknown
     * @return a new patch body
     */
    public static Event toPatch(EventComponent component, ZoneId calendarZone, Event current) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(calendarZone, "calendarZone");
        Map<String, String> props = new LinkedHashMap<>();
        if (current != null) {
            Event.ExtendedProperties ext = present(current.getExtendedProperties());
            Map<String, String> old = ext == null ? null : present(ext.getPrivate());
            if (old != null) {
                old.forEach((k, v) -> {
                    if (k != null && v != null && !Data.isNull(v)) {
                        props.put(k, v);
                    }
                });
            }
        }
        ownProperties(component).forEach((k, v) -> props.put(k, v == null ? Data.NULL_STRING : v));

        Event e = new Event()
                .setStart(dateTime(component.start(), component, calendarZone, true))
                .setEnd(dateTime(component.end(), component, calendarZone, true))
                .setStatus(status(component.status()))
                .setTransparency(component.transparency().name().toLowerCase(Locale.ROOT))
                .setVisibility(component.visibility().name().toLowerCase(Locale.ROOT))
                .setSequence(component.sequence())
                .setSummary(orNull(component.summary()))
                .setDescription(orNull(component.description()))
                .setLocation(orNull(component.location()))
                .setExtendedProperties(new Event.ExtendedProperties().setPrivate(props));
        boolean keepReminders = component.reminders().isEmpty()
                && current != null
                && remindersMeanDefaults(present(current.getReminders()));
        if (!keepReminders) {
            Event.Reminders r = reminders(component.reminders());
            if (r.getOverrides() == null) {
                r.setOverrides(new ArrayList<>());
            }
            e.setReminders(r);
        }
        if (component.organizer() != null) {
            e.setOrganizer(
                    patchOrganizer(component.organizer(), current == null ? null : present(current.getOrganizer())));
        }
        List<EventAttendee> currentAttendees = current == null ? null : present(current.getAttendees());
        e.setAttendees(attendees(component.attendees(), currentAttendees == null ? List.of() : currentAttendees));
        if (!component.key().isOccurrence()) {
            e.setRecurrence(recurrence(component, calendarZone));
        }
        return e;
    }

    private static List<String> recurrence(EventComponent component, ZoneId calendarZone) {
        return component.recurrence().isEmpty() ? new ArrayList<>() : recurrenceLines(component, calendarZone);
    }

    /** Whether Google's reminders read as calsync's "no explicit reminders". */
    private static boolean remindersMeanDefaults(Event.Reminders r) {
        if (r == null || Boolean.TRUE.equals(present(r.getUseDefault()))) {
            return true;
        }
        List<EventReminder> overrides = present(r.getOverrides());
        return overrides == null || overrides.isEmpty();
    }

    /** calsync's private properties for {@code component}; a null value means "not set". */
    private static Map<String, String> ownProperties(EventComponent c) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(UID_PROPERTY, c.uid());
        out.put(CATEGORIES_PROPERTY, c.categories().isEmpty() ? null : JsonStrings.encode(c.categories()));
        out.put(URL_PROPERTY, c.url() == null || c.url().isEmpty() ? null : c.url());
        List<String> delegated = c.attendees().stream()
                .filter(a -> a.participation() == ParticipationStatus.DELEGATED)
                .map(Attendee::email)
                .distinct()
                .toList();
        out.put(DELEGATED_PROPERTY, delegated.isEmpty() ? null : JsonStrings.encode(delegated));
        return out;
    }

    private static String status(EventStatus s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static String orNull(String s) {
        return s == null ? Data.NULL_STRING : s;
    }

    /**
     * {@code t} as Google's EventDateTime. For a patch, the members not used are explicit nulls, as
     * PATCH merges this object with the stored one.
     */
    private static EventDateTime dateTime(EventTime t, EventComponent c, ZoneId calendarZone, boolean patch) {
        boolean master = !c.key().isOccurrence() && c.recurrence().recurs();
        EventDateTime out = new EventDateTime();
        if (t instanceof EventTime.AllDay d) {
            out.setDate(new DateTime(
                    true, d.date().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(), 0));
            if (patch) {
                out.setDateTime(Data.nullOf(DateTime.class)).setTimeZone(Data.NULL_STRING);
            }
            return out;
        }
        String zoneName;
        EventTime timed = t;
        if (t instanceof EventTime.Floating f) {
            timed = EventTime.of(f.local(), calendarZone);
            zoneName = zoneName(calendarZone);
        } else if (t instanceof EventTime.Zoned z) {
            zoneName = z.zone().getId();
        } else {
            zoneName = master ? "UTC" : null;
        }
        Instant instant = timed.toInstant(ZoneOffset.UTC);
        int offsetSeconds = timed instanceof EventTime.Zoned z
                ? z.zone().getRules().getOffset(instant).getTotalSeconds()
                : 0;
        out.setDateTime(new DateTime(false, instant.toEpochMilli(), offsetSeconds / 60));
        if (zoneName != null) {
            out.setTimeZone(zoneName);
        } else if (patch) {
            out.setTimeZone(Data.NULL_STRING);
        }
        if (patch) {
            out.setDate(Data.nullOf(DateTime.class));
        }
        return out;
    }

    private static String zoneName(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    private static Event.Organizer organizer(Organizer o) {
        Event.Organizer out = new Event.Organizer().setEmail(o.email());
        if (o.displayName() != null) {
            out.setDisplayName(o.displayName());
        }
        return out;
    }

    /**
     * The organizer for a patch, which merges with the stored one: when it is another person, the
     * stored person's name, id and self flag are cleared; when it is the same, a missing name keeps
     * the stored one (names are not mapped, and Google fills them in).
     */
    private static Event.Organizer patchOrganizer(Organizer o, Event.Organizer current) {
        Event.Organizer out = organizer(o);
        String currentEmail = current == null ? null : text(current.getEmail());
        boolean samePerson = currentEmail != null && currentEmail.strip().equalsIgnoreCase(o.email());
        if (!samePerson) {
            if (o.displayName() == null) {
                out.setDisplayName(Data.NULL_STRING);
            }
            out.setId(Data.NULL_STRING).setSelf(Data.NULL_BOOLEAN);
        }
        return out;
    }

    private static List<EventAttendee> attendees(List<Attendee> attendees, List<EventAttendee> current) {
        List<EventAttendee> out = new ArrayList<>(attendees.size());
        for (Attendee a : attendees) {
            EventAttendee g = null;
            for (EventAttendee old : current) {
                String email = old == null || Data.isNull(old) ? null : text(old.getEmail());
                if (email != null && email.strip().equalsIgnoreCase(a.email())) {
                    g = old.clone();
                    break;
                }
            }
            if (g == null) {
                g = new EventAttendee();
            }
            g.setEmail(a.email());
            if (a.displayName() != null) {
                g.setDisplayName(a.displayName());
            }
            g.setResponseStatus(responseStatus(a.participation()));
            g.setOptional(a.optional());
            g.setResource(a.resource());
            out.add(g);
        }
        return out;
    }

    private static String responseStatus(ParticipationStatus p) {
        return switch (p) {
            case ACCEPTED -> "accepted";
            case DECLINED -> "declined";
            case TENTATIVE -> "tentative";
            case NEEDS_ACTION, DELEGATED -> "needsAction";
        };
    }

    private static Event.Reminders reminders(List<Reminder> reminders) {
        if (reminders.isEmpty()) {
            return new Event.Reminders().setUseDefault(true);
        }
        List<EventReminder> overrides = new ArrayList<>(reminders.size());
        for (Reminder r : reminders) {
            overrides.add(new EventReminder()
                    .setMethod(r.method() == Reminder.Method.EMAIL ? "email" : "popup")
                    .setMinutes(r.minutesBefore()));
        }
        return new Event.Reminders().setUseDefault(false).setOverrides(overrides);
    }

    private static List<String> recurrenceLines(EventComponent c, ZoneId calendarZone) {
        List<String> out = new ArrayList<>();
        boolean floating = c.start() instanceof EventTime.Floating;
        for (String rule : c.recurrence().rules()) {
            out.add(floating ? untilInUtc(rule, calendarZone) : rule);
        }
        out.addAll(dateLines("RDATE", c.recurrence().rdates(), calendarZone));
        out.addAll(dateLines("EXDATE", c.recurrence().exdates(), calendarZone));
        return out;
    }

    /** A floating UNTIL of a floating master, as the UTC instant of that local time in {@code zone}. */
    private static String untilInUtc(String rule, ZoneId zone) {
        Matcher m = FLOATING_UNTIL.matcher(rule);
        if (!m.find()) {
            return rule;
        }
        LocalDateTime local = LocalDateTime.parse(m.group(1), EventTime.BASIC_DATE_TIME);
        String utc = EventTime.utc(local.atZone(zone).toInstant()).toString();
        return rule.substring(0, m.start(1)) + utc + rule.substring(m.end(1));
    }

    /** One line per run of values of the same kind and zone, in the given order. */
    private static List<String> dateLines(String name, List<EventTime> times, ZoneId calendarZone) {
        List<String> out = new ArrayList<>();
        String runParams = null;
        List<String> run = new ArrayList<>();
        for (EventTime t : times) {
            EventTime w = t instanceof EventTime.Floating f ? EventTime.of(f.local(), calendarZone) : t;
            String params;
            String value;
            if (w instanceof EventTime.AllDay d) {
                params = ";VALUE=DATE";
                value = d.toString();
            } else if (w instanceof EventTime.Zoned z) {
                params = ";TZID=" + z.zone().getId();
                value = z.local().format(EventTime.BASIC_DATE_TIME);
            } else {
                params = "";
                value = w.toString();
            }
            if (!params.equals(runParams) && !run.isEmpty()) {
                out.add(name + runParams + ":" + String.join(",", run));
                run.clear();
            }
            runParams = params;
            run.add(value);
        }
        if (!run.isEmpty()) {
            out.add(name + runParams + ":" + String.join(",", run));
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /** {@code value}, or null when it is null or one of the client's explicit-null markers. */
    private static <T> T present(T value) {
        return value == null || Data.isNull(value) ? null : value;
    }

    private static String text(String s) {
        return present(s);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static int indexOutsideQuotes(String s, char c) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char x = s.charAt(i);
            if (x == '"') {
                quoted = !quoted;
            } else if (x == c && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitOutsideQuotes(String s, char sep) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char x = s.charAt(i);
            if (x == '"') {
                quoted = !quoted;
            } else if (x == sep && !quoted) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        out.add(s.substring(from));
        return out;
    }
}
