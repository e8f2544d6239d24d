package dev.calsync.caldav.internal;

import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.MalformedEventException;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.ParticipationStatus;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.event.Reminder;
import dev.calsync.core.event.Sequences;
import dev.calsync.core.event.Transparency;
import dev.calsync.core.event.Visibility;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps the VEVENTs of one calendar resource to an {@link EventSeries}. Stateless. */
final class ICalEventReader {
    private ICalEventReader() {}

    private static final Pattern DURATION =
            Pattern.compile("([+-])?P(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?");
    private static final Pattern FREQ =
            Pattern.compile("(?i)(?:^|;)FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(?:;|$)");

    /** See {@link ICalendarCodec#parse}. */
    static Optional<EventSeries> read(ICalContent.Component vcalendar) {
        List<ICalContent.Component> vevents = vcalendar.children("VEVENT");
        if (vevents.isEmpty()) {
            return Optional.empty();
        }
        String uid = null;
        for (ICalContent.Component e : vevents) {
            ICalContent.Property p = e.first("UID");
            String u = p == null ? null : ICalContent.unescapeText(p.value());
            if (u == null || u.isBlank()) {
                throw new MalformedEventException("UID", "a VEVENT has no UID");
            }
            if (uid == null) {
                uid = u;
            } else if (!uid.equals(u)) {
                throw new MalformedEventException(
                        "UID",
                        "two different UIDs in one resource: '" + ICalContent.abbreviate(uid) + "' and '"
                                + ICalContent.abbreviate(u) + "'");
            }
        }
        ICalZones.Resolver zones = new ICalZones.Resolver(vcalendar);
        EventComponent master = null;
        Map<RecurrenceId, EventComponent> overrides = new HashMap<>();
        TreeSet<RecurrenceId> cancelled = new TreeSet<>();
        for (ICalContent.Component e : vevents) {
            EventComponent c = component(uid, e, zones);
            if (c.recurrenceId() == null) {
                if (master != null) {
                    throw new MalformedEventException(
                            "RECURRENCE-ID",
                            "two masters (VEVENTs without RECURRENCE-ID) for UID '" + ICalContent.abbreviate(uid)
                                    + "'");
                }
                master = c;
            } else if (overrides.containsKey(c.recurrenceId()) || cancelled.contains(c.recurrenceId())) {
                throw new MalformedEventException(
                        "RECURRENCE-ID",
                        "two overrides of occurrence " + c.recurrenceId() + " of UID '" + ICalContent.abbreviate(uid)
                                + "'");
            } else if (c.status() == EventStatus.CANCELLED) {
                cancelled.add(c.recurrenceId());
            } else {
                overrides.put(c.recurrenceId(), c);
            }
        }
        try {
            return Optional.of(new EventSeries(uid, master, new ArrayList<>(overrides.values()), cancelled));
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("VEVENT", e.getMessage(), e);
        }
    }

    /** One VEVENT. */
    static EventComponent component(String uid, ICalContent.Component e, ICalZones.Resolver zones) {
        ICalContent.Property dtstart = e.first("DTSTART");
        if (dtstart == null || dtstart.value().isBlank()) {
            throw new MalformedEventException(
                    "DTSTART", "missing in a VEVENT of UID '" + ICalContent.abbreviate(uid) + "'");
        }
        EventTime start = time(zones, "DTSTART", dtstart);
        EventComponent.Builder b = EventComponent.builder(uid, start);
        ICalContent.Property rid = e.first("RECURRENCE-ID");
        if (rid != null) {
            b.recurrenceId(RecurrenceId.of(time(zones, "RECURRENCE-ID", rid)));
        }
        ICalContent.Property dtend = e.first("DTEND");
        ICalContent.Property duration = e.first("DURATION");
        if (dtend != null && !dtend.value().isBlank()) {
            b.end(time(zones, "DTEND", dtend));
        } else if (duration != null && !duration.value().isBlank()) {
            b.end(plus(start, duration.value().strip()));
        }
        b.summary(text(e, "SUMMARY"));
        b.description(text(e, "DESCRIPTION"));
        b.location(text(e, "LOCATION"));
        b.status(status(e.first("STATUS")));
        b.transparency(transparency(e.first("TRANSP")));
        b.visibility(visibility(e.first("CLASS")));
        ICalContent.Property organizer = e.first("ORGANIZER");
        if (organizer != null && !organizer.value().isBlank()) {
            b.organizer(new Organizer(organizer.value().strip(), organizer.param("CN")));
        }
        for (ICalContent.Property a : e.all("ATTENDEE")) {
            b.attendee(attendee(a));
        }
        List<Reminder> reminders = new ArrayList<>();
        for (ICalContent.Component alarm : e.children("VALARM")) {
            reminder(alarm).ifPresent(reminders::add);
        }
        b.reminders(reminders);
        b.recurrence(recurrence(e, zones));
        List<String> categories = new ArrayList<>();
        for (ICalContent.Property p : e.all("CATEGORIES")) {
            for (String c : ICalContent.splitTextList(p.value())) {
                if (!c.isBlank()) {
                    categories.add(c);
                }
            }
        }
        b.categories(categories);
        ICalContent.Property url = e.first("URL");
        b.url(url == null || url.value().isBlank() ? null : url.value().strip());
        ICalContent.Property sequence = e.first("SEQUENCE");
        b.sequence(sequence == null ? 0 : Sequences.parse(sequence.value()));
        b.lastModified(instantOrNull(e.first("LAST-MODIFIED")));
        return b.build();
    }

    static EventTime time(ICalZones.Resolver zones, String name, ICalContent.Property p) {
        return zones.time(name, p.value(), p.param("TZID"), p.param("VALUE"));
    }

    /** The key of a VEVENT for matching with a rendered component, or empty if it cannot be read. */
    static Optional<EventKey> key(String uid, ICalContent.Component e, ICalZones.Resolver zones) {
        ICalContent.Property rid = e.first("RECURRENCE-ID");
        if (rid == null) {
            return Optional.of(EventKey.master(uid));
        }
        try {
            return Optional.of(EventKey.occurrence(uid, RecurrenceId.of(time(zones, "RECURRENCE-ID", rid))));
        } catch (MalformedEventException e2) {
            return Optional.empty();
        }
    }

    private static String text(ICalContent.Component e, String name) {
        ICalContent.Property p = e.first(name);
        if (p == null) {
            return null;
        }
        String v = ICalContent.unescapeText(p.value());
        return v.isEmpty() ? null : v;
    }

    private static EventStatus status(ICalContent.Property p) {
        if (p == null || p.value().isBlank()) {
            return EventStatus.CONFIRMED;
        }
        switch (p.value().strip().toUpperCase(Locale.ROOT)) {
            case "CONFIRMED":
                return EventStatus.CONFIRMED;
            case "TENTATIVE":
                return EventStatus.TENTATIVE;
            case "CANCELLED":
                return EventStatus.CANCELLED;
            default:
                throw new MalformedEventException(
                        "STATUS", "not a VEVENT status: '" + ICalContent.abbreviate(p.value()) + "'");
        }
    }

    private static Transparency transparency(ICalContent.Property p) {
        if (p == null || p.value().isBlank()) {
            return Transparency.OPAQUE;
        }
        switch (p.value().strip().toUpperCase(Locale.ROOT)) {
            case "OPAQUE":
                return Transparency.OPAQUE;
            case "TRANSPARENT":
                return Transparency.TRANSPARENT;
            default:
                throw new MalformedEventException(
                        "TRANSP", "neither OPAQUE nor TRANSPARENT: '" + ICalContent.abbreviate(p.value()) + "'");
        }
    }

    /** RFC 5545 §3.8.1.3: a CLASS value the reader does not know is treated as PRIVATE. */
    private static Visibility visibility(ICalContent.Property p) {
        if (p == null || p.value().isBlank()) {
            return Visibility.DEFAULT;
        }
        switch (p.value().strip().toUpperCase(Locale.ROOT)) {
            case "PUBLIC":
                return Visibility.PUBLIC;
            case "CONFIDENTIAL":
                return Visibility.CONFIDENTIAL;
            default:
                return Visibility.PRIVATE;
        }
    }

    private static Attendee attendee(ICalContent.Property a) {
        if (a.value().isBlank()) {
            throw new MalformedEventException("ATTENDEE", "an attendee without an address");
        }
        String role = upper(a.param("ROLE"));
        String cutype = upper(a.param("CUTYPE"));
        return new Attendee(
                a.value().strip(),
                a.param("CN"),
                participation(upper(a.param("PARTSTAT"))),
                role.equals("OPT-PARTICIPANT") || role.equals("NON-PARTICIPANT"),
                cutype.equals("ROOM") || cutype.equals("RESOURCE"));
    }

    static ParticipationStatus participation(String partstat) {
        switch (partstat) {
            case "ACCEPTED":
                return ParticipationStatus.ACCEPTED;
            case "DECLINED":
                return ParticipationStatus.DECLINED;
            case "TENTATIVE":
                return ParticipationStatus.TENTATIVE;
            case "DELEGATED":
                return ParticipationStatus.DELEGATED;
            default:
                // NEEDS-ACTION, absent, and values a VEVENT cannot have (COMPLETED, IN-PROCESS, x-names).
                return ParticipationStatus.NEEDS_ACTION;
        }
    }

    static String upper(String s) {
        return s == null ? "" : s.strip().toUpperCase(Locale.ROOT);
    }

    /**
     * A VALARM that calsync's model can say: ACTION DISPLAY or EMAIL with a trigger of whole minutes
     * at or before the start. Others (AUDIO, absolute triggers, triggers relative to the end or after
     * the start) are not mapped; {@link ICalendarCodec#render} keeps them from the previous body.
     */
    static Optional<Reminder> reminder(ICalContent.Component alarm) {
        ICalContent.Property action = alarm.first("ACTION");
        ICalContent.Property trigger = alarm.first("TRIGGER");
        if (action == null || trigger == null) {
            return Optional.empty();
        }
        Reminder.Method method;
        switch (upper(action.value())) {
            case "DISPLAY":
                method = Reminder.Method.DISPLAY;
                break;
            case "EMAIL":
                method = Reminder.Method.EMAIL;
                break;
            default:
                return Optional.empty();
        }
        if ("DATE-TIME".equals(upper(trigger.param("VALUE"))) || "END".equals(upper(trigger.param("RELATED")))) {
            return Optional.empty();
        }
        Long seconds = seconds(trigger.value().strip());
        if (seconds == null || seconds > 0 || seconds % 60 != 0 || -seconds / 60 > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new Reminder(method, (int) (-seconds / 60)));
    }

    /** The signed length in seconds of an RFC 5545 duration, days counted as 24 hours; null if invalid. */
    static Long seconds(String duration) {
        Matcher m = DURATION.matcher(duration.toUpperCase(Locale.ROOT));
        if (!m.matches() || duration.strip().matches("[+-]?PT?")) {
            return null;
        }
        long s = number(m.group(2)) * 7 * 86400
                + number(m.group(3)) * 86400
                + number(m.group(4)) * 3600
                + number(m.group(5)) * 60
                + number(m.group(6));
        return "-".equals(m.group(1)) ? -s : s;
    }

    private static long number(String s) {
        return s == null ? 0 : Long.parseLong(s);
    }

    /**
     * {@code start} plus an RFC 5545 DURATION: weeks and days are calendar days (the same local time
     * in a zone), hours, minutes and seconds exact time.
     */
    static EventTime plus(EventTime start, String duration) {
        Matcher m = DURATION.matcher(duration.toUpperCase(Locale.ROOT));
        if (!m.matches() || duration.matches("[+-]?PT?")) {
            throw new MalformedEventException("DURATION", "not a duration: '" + ICalContent.abbreviate(duration) + "'");
        }
        try {
            int sign = "-".equals(m.group(1)) ? -1 : 1;
            long days = sign * (number(m.group(2)) * 7 + number(m.group(3)));
            long secs = sign * (number(m.group(4)) * 3600 + number(m.group(5)) * 60 + number(m.group(6)));
            if (start instanceof EventTime.AllDay d) {
                if (secs != 0) {
                    throw new MalformedEventException(
                            "DURATION", "an all-day event's duration must be whole days: " + duration);
                }
                return EventTime.date(d.date().plusDays(days));
            }
            if (start instanceof EventTime.Floating f) {
                return EventTime.floating(f.local().plusDays(days).plusSeconds(secs));
            }
            if (start instanceof EventTime.Utc u) {
                return EventTime.utc(u.instant().plusSeconds(days * 86400 + secs));
            }
            EventTime.Zoned z = (EventTime.Zoned) start;
            ZonedDateTime end = z.local().atZone(z.zone()).plusDays(days).plusSeconds(secs);
            EventTime zoned = EventTime.of(end.toLocalDateTime(), z.zone());
            return zoned.toInstant(ZoneOffset.UTC).equals(end.toInstant()) ? zoned : EventTime.utc(end.toInstant());
        } catch (ArithmeticException | DateTimeException e) {
            throw new MalformedEventException(
                    "DURATION", "out of range: '" + ICalContent.abbreviate(duration) + "'", e);
        }
    }

    private static Recurrence recurrence(ICalContent.Component e, ICalZones.Resolver zones) {
        List<String> rules = new ArrayList<>();
        List<EventTime> rdates = new ArrayList<>();
        List<EventTime> exdates = new ArrayList<>();
        for (ICalContent.Property p : e.properties()) {
            switch (p.name()) {
                case "RRULE":
                case "EXRULE":
                    String rule = p.value().strip();
                    if (!FREQ.matcher(rule).find()) {
                        throw new MalformedEventException(
                                p.name(), "no valid FREQ in '" + ICalContent.abbreviate(rule) + "'");
                    }
                    rules.add(p.name() + ":" + rule);
                    break;
                case "RDATE":
                case "EXDATE":
                    List<EventTime> into = p.name().equals("RDATE") ? rdates : exdates;
                    for (String v : p.value().split(",")) {
                        if (!v.isBlank()) {
                            into.add(
                                    time(zones, p.name(), new ICalContent.Property(p.name(), p.params(), v, p.line())));
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        return new Recurrence(rules, rdates, exdates);
    }

    private static Instant instantOrNull(ICalContent.Property p) {
        if (p == null) {
            return null;
        }
        try {
            EventTime t = EventTime.parseICalendar("LAST-MODIFIED", p.value(), null);
            return t instanceof EventTime.Utc u ? u.instant() : null;
        } catch (MalformedEventException e) {
            // Only metadata: a server's odd LAST-MODIFIED must not make the event unreadable.
            return null;
        }
    }
}
