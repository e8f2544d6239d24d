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
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.event.Reminder;
import dev.calsync.core.event.Transparency;
import dev.calsync.core.event.Visibility;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** Renders an {@link EventSeries} as one calendar resource; see {@link ICalendarCodec#render}. */
final class ICalEventWriter {

    /** The PRODID calsync writes. */
    static final String PRODID = "-//calsync//calsync-caldav//EN";

    /** VEVENT properties calsync maps: the previous body's values of these are replaced, never kept. */
    static final Set<String> MAPPED = Set.of(
            "UID",
            "DTSTAMP",
            "RECURRENCE-ID",
            "DTSTART",
            "DTEND",
            "DURATION",
            "SEQUENCE",
            "LAST-MODIFIED",
            "STATUS",
            "SUMMARY",
            "DESCRIPTION",
            "LOCATION",
            "URL",
            "CLASS",
            "TRANSP",
            "CATEGORIES",
            "ORGANIZER",
            "ATTENDEE",
            "RRULE",
            "EXRULE",
            "RDATE",
            "EXDATE");

    /** VCALENDAR properties calsync writes itself or must not write (METHOD: RFC 4791 §4.1). */
    private static final Set<String> CALENDAR_OWN = Set.of("VERSION", "PRODID", "METHOD");

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String EPOCH_STAMP = "19700101T000000Z";

    private final EventSeries series;
    private final ICalContent.Component previous;
    private final Map<EventKey, ICalContent.Component> previousEvents = new HashMap<>();
    /** The VTIMEZONEs to write, by TZID. */
    private final TreeMap<String, List<String>> zones = new TreeMap<>();

    private final Map<String, ICalContent.Component> previousZones = new HashMap<>();

    private ICalEventWriter(EventSeries series, ICalContent.Component previous) {
        this.series = series;
        this.previous = previous;
        if (previous != null) {
            ICalZones.Resolver resolver = new ICalZones.Resolver(previous);
            for (ICalContent.Component vtz : previous.children("VTIMEZONE")) {
                ICalContent.Property id = vtz.first("TZID");
                if (id != null) {
                    previousZones.putIfAbsent(id.value(), vtz);
                }
            }
            for (ICalContent.Component e : previous.children("VEVENT")) {
                ICalContent.Property uid = e.first("UID");
                if (uid == null || !ICalContent.unescapeText(uid.value()).equals(series.uid())) {
                    continue;
                }
                try {
                    ICalEventReader.key(series.uid(), e, resolver).ifPresent(k -> previousEvents.putIfAbsent(k, e));
                } catch (RuntimeException ignored) {
                    // A previous component we cannot place has nothing to give.
                }
            }
        }
    }

    /** See {@link ICalendarCodec#render}. */
    static String render(EventSeries series, String previousBody) {
        Objects.requireNonNull(series, "series");
        ICalContent.Component previous = null;
        if (previousBody != null && !previousBody.isBlank()) {
            try {
                previous = ICalContent.read(previousBody);
            } catch (MalformedEventException e) {
                // Nothing can be kept from a body that is not iCalendar.
            }
        }
        return new ICalEventWriter(series, previous).render();
    }

    private String render() {
        List<String> events = new ArrayList<>();
        EventComponent master = series.master();
        if (master != null) {
            events.addAll(vevent(master, masterExdates(master)));
        }
        // Overrides and (without a master) cancelled occurrences, in recurrence-id order.
        TreeMap<RecurrenceId, List<String>> occurrences = new TreeMap<>();
        for (EventComponent o : series.overrides()) {
            occurrences.put(o.recurrenceId(), vevent(o, List.of()));
        }
        if (master == null) {
            for (RecurrenceId rid : series.cancelledOccurrences()) {
                occurrences.put(rid, cancelledVevent(rid));
            }
        }
        occurrences.values().forEach(events::addAll);

        ICalWriter w = new ICalWriter();
        w.line("BEGIN:VCALENDAR");
        w.line("VERSION:2.0");
        w.line("PRODID:" + PRODID);
        if (previous != null) {
            for (ICalContent.Property p : previous.properties()) {
                if (!CALENDAR_OWN.contains(p.name())) {
                    w.line(p.line());
                }
            }
        }
        zones.values().forEach(lines -> lines.forEach(w::line));
        events.forEach(w::line);
        w.line("END:VCALENDAR");
        return w.text();
    }

    /** The master's EXDATEs followed by the series' cancelled occurrences not already among them. */
    private List<EventTime> masterExdates(EventComponent master) {
        List<EventTime> out = new ArrayList<>(master.recurrence().exdates());
        java.util.Set<RecurrenceId> have = new java.util.HashSet<>();
        out.forEach(t -> have.add(RecurrenceId.of(t)));
        for (RecurrenceId rid : series.cancelledOccurrences()) {
            if (have.add(rid)) {
                out.add(timeOf(rid, master.start()));
            }
        }
        return out;
    }

    /**
     * The occurrence {@code rid} in the form of {@code like}: a zoned local time when {@code like}
     * is zoned and the local time names the instant, else its own form (date, UTC, floating).
     */
    private static EventTime timeOf(RecurrenceId rid, EventTime like) {
        if (rid instanceof RecurrenceId.OnDate d) {
            return EventTime.date(d.date());
        }
        if (rid instanceof RecurrenceId.AtFloating f) {
            return EventTime.floating(f.local());
        }
        Instant instant = ((RecurrenceId.AtInstant) rid).instant();
        if (like instanceof EventTime.Zoned z) {
            EventTime zoned = EventTime.of(LocalDateTime.ofInstant(instant, z.zone()), z.zone());
            if (zoned.toInstant(ZoneOffset.UTC).equals(instant)) {
                return zoned;
            }
        }
        return EventTime.utc(instant);
    }

    /** The start the RECURRENCE-IDs of this series are written like: the master's, else the first zoned override's. */
    private EventTime recurrenceForm(EventComponent self) {
        if (series.master() != null) {
            return series.master().start();
        }
        for (EventComponent o : series.overrides()) {
            if (o.start() instanceof EventTime.Zoned) {
                return o.start();
            }
        }
        return self == null ? null : self.start();
    }

    private List<String> cancelledVevent(RecurrenceId rid) {
        EventKey key = EventKey.occurrence(series.uid(), rid);
        ICalContent.Component prev = previousEvents.get(key);
        if (prev != null && "CANCELLED".equals(ICalEventReader.upper(valueOf(prev, "STATUS")))) {
            // Still cancelled: the previous component as it was, details and all.
            keepZones(prev);
            return prev.lines();
        }
        EventTime start = timeOf(rid, recurrenceForm(null));
        EventComponent c = EventComponent.builder(series.uid(), start)
                .recurrenceId(rid)
                .status(EventStatus.CANCELLED)
                .build();
        return vevent(c, List.of());
    }

    private static String valueOf(ICalContent.Component c, String name) {
        ICalContent.Property p = c.first(name);
        return p == null ? null : p.value();
    }

    /**
     * Registers the zones named by TZID parameters of a component kept from the previous body:
     * the previous VTIMEZONE of that TZID if there was one, else the registry's for a known zone.
     */
    private void keepZones(ICalContent.Component c) {
        for (ICalContent.Property p : c.properties()) {
            keepZone(p);
        }
        c.components().forEach(this::keepZones);
    }

    private void keepZone(ICalContent.Property p) {
        String tzid = p.param("TZID");
        if (tzid == null || zones.containsKey(tzid)) {
            return;
        }
        if (previousZones.containsKey(tzid)) {
            zones.put(tzid, previousZones.get(tzid).lines());
            return;
        }
        ICalZones.known(tzid).ifPresent(z -> {
            if (!(z.normalized() instanceof ZoneOffset) && z.getId().equals(tzid)) {
                zones.put(tzid, ICalZones.vtimezone(z));
            }
        });
    }

    private List<String> vevent(EventComponent c, List<EventTime> exdates) {
        ICalContent.Component prev = previousEvents.get(c.key());
        List<String> out = new ArrayList<>();
        out.add("BEGIN:VEVENT");
        out.add("UID:" + ICalWriter.escapeText(c.uid()));
        out.add("DTSTAMP:" + dtstamp(c, prev));
        if (c.recurrenceId() != null) {
            String range = prev == null || prev.first("RECURRENCE-ID") == null
                    ? null
                    : prev.first("RECURRENCE-ID").param("RANGE");
            String extra = range == null ? "" : ";RANGE=" + ICalWriter.paramValue(range);
            out.add(time("RECURRENCE-ID" + extra, timeOf(c.recurrenceId(), recurrenceForm(c))));
        }
        out.add(time("DTSTART", c.start()));
        out.add(time("DTEND", c.end()));
        out.add("SEQUENCE:" + c.sequence());
        if (c.lastModified() != null) {
            out.add("LAST-MODIFIED:" + UTC.format(c.lastModified()));
        }
        out.add("STATUS:" + c.status().name());
        text(out, prev, "SUMMARY", c.summary());
        text(out, prev, "DESCRIPTION", c.description());
        text(out, prev, "LOCATION", c.location());
        if (c.url() != null && !c.url().isBlank()) {
            out.add("URL:" + c.url().replaceAll("[\\r\\n]", ""));
        }
        if (c.visibility() != Visibility.DEFAULT) {
            out.add("CLASS:" + c.visibility().name());
        }
        out.add("TRANSP:" + (c.transparency() == Transparency.TRANSPARENT ? "TRANSPARENT" : "OPAQUE"));
        List<String> categories = c.categories().stream()
                .filter(s -> !s.isBlank())
                .map(ICalWriter::escapeText)
                .toList();
        if (!categories.isEmpty()) {
            out.add("CATEGORIES:" + String.join(",", categories));
        }
        if (c.organizer() != null) {
            out.add(organizer(c.organizer(), prev));
        }
        for (Attendee a : c.attendees()) {
            out.add(attendee(a, prev));
        }
        for (String rule : c.recurrence().rules()) {
            int colon = rule.indexOf(':');
            out.add(rule.substring(0, colon).strip().toUpperCase(Locale.ROOT) + ":"
                    + rule.substring(colon + 1).strip());
        }
        out.addAll(dateLists("RDATE", c.recurrence().rdates()));
        List<EventTime> allExdates = new ArrayList<>(c.recurrence().exdates());
        if (!exdates.isEmpty()) {
            allExdates = exdates;
        }
        out.addAll(dateLists("EXDATE", allExdates));
        if (prev != null) {
            for (ICalContent.Property p : prev.properties()) {
                if (!MAPPED.contains(p.name())) {
                    keepZone(p);
                    out.add(p.line());
                }
            }
        }
        out.addAll(alarms(c, prev));
        out.add("END:VEVENT");
        return out;
    }

    private static String dtstamp(EventComponent c, ICalContent.Component prev) {
        if (c.lastModified() != null) {
            return UTC.format(c.lastModified());
        }
        if (prev != null && prev.first("DTSTAMP") != null) {
            String v = prev.first("DTSTAMP").value().strip();
            if (v.matches("\\d{8}T\\d{6}Z")) {
                return v;
            }
        }
        return EPOCH_STAMP;
    }

    /** A TEXT property; keeps the previous line's parameters (LANGUAGE, ALTREP) while the text is unchanged. */
    private static void text(List<String> out, ICalContent.Component prev, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        String params = "";
        ICalContent.Property p = prev == null ? null : prev.first(name);
        if (p != null && ICalContent.unescapeText(p.value()).equals(value)) {
            params = params(p.params(), Set.of());
        }
        out.add(name + params + ":" + ICalWriter.escapeText(value));
    }

    private String time(String name, EventTime t) {
        if (t instanceof EventTime.AllDay d) {
            return name + ";VALUE=DATE:" + d;
        }
        if (t instanceof EventTime.Zoned z) {
            zones.put(z.zone().getId(), ICalZones.vtimezone(z.zone()));
            return name + ";TZID=" + ICalWriter.paramValue(z.zone().getId()) + ":"
                    + z.local().format(EventTime.BASIC_DATE_TIME);
        }
        return name + ":" + t;
    }

    /** One line per run of values of one kind and zone, runs in order of first appearance. */
    private List<String> dateLists(String name, List<EventTime> times) {
        LinkedHashMap<String, List<String>> runs = new LinkedHashMap<>();
        for (EventTime t : times) {
            String head;
            String value;
            if (t instanceof EventTime.AllDay d) {
                head = name + ";VALUE=DATE";
                value = d.toString();
            } else if (t instanceof EventTime.Zoned z) {
                zones.put(z.zone().getId(), ICalZones.vtimezone(z.zone()));
                head = name + ";TZID=" + ICalWriter.paramValue(z.zone().getId());
                value = z.local().format(EventTime.BASIC_DATE_TIME);
            } else {
                head = name;
                value = t.toString();
            }
            runs.computeIfAbsent(head, k -> new ArrayList<>()).add(value);
        }
        List<String> out = new ArrayList<>();
        runs.forEach((head, values) -> out.add(head + ":" + String.join(",", values)));
        return out;
    }

    private static String address(String email) {
        // A non-mailto address (urn:uuid:..., a principal URL) is written as it came.
        return email.indexOf(':') >= 0 ? email : "mailto:" + email;
    }

    private static ICalContent.Property previousPerson(ICalContent.Component prev, String name, String email) {
        if (prev == null) {
            return null;
        }
        for (ICalContent.Property p : prev.all(name)) {
            String normalized = p.value().strip();
            if (normalized.regionMatches(true, 0, "mailto:", 0, 7)) {
                normalized = normalized.substring(7);
            }
            if (normalized.toLowerCase(Locale.ROOT).equals(email)) {
                return p;
            }
        }
        return null;
    }

    private static String organizer(Organizer o, ICalContent.Component prev) {
        StringBuilder b = new StringBuilder("ORGANIZER");
        if (o.displayName() != null) {
            b.append(";CN=").append(ICalWriter.paramValue(o.displayName()));
        }
        ICalContent.Property p = previousPerson(prev, "ORGANIZER", o.email());
        if (p != null) {
            b.append(params(p.params(), Set.of("CN")));
        }
        return b.append(':').append(address(o.email())).toString();
    }

    private static String attendee(Attendee a, ICalContent.Component prev) {
        ICalContent.Property p = previousPerson(prev, "ATTENDEE", a.email());
        StringBuilder b = new StringBuilder("ATTENDEE");
        if (a.displayName() != null) {
            b.append(";CN=").append(ICalWriter.paramValue(a.displayName()));
        }
        String prevCutype = p == null ? "" : ICalEventReader.upper(p.param("CUTYPE"));
        boolean prevResource = prevCutype.equals("ROOM") || prevCutype.equals("RESOURCE");
        if (a.resource()) {
            b.append(";CUTYPE=").append(prevResource ? prevCutype : "RESOURCE");
        } else if (!prevCutype.isEmpty() && !prevResource) {
            b.append(";CUTYPE=").append(ICalWriter.paramValue(p.param("CUTYPE")));
        }
        String prevRole = p == null ? "" : ICalEventReader.upper(p.param("ROLE"));
        boolean prevOptional = prevRole.equals("OPT-PARTICIPANT") || prevRole.equals("NON-PARTICIPANT");
        String role;
        if (a.optional()) {
            role = prevOptional ? prevRole : "OPT-PARTICIPANT";
        } else {
            role = !prevRole.isEmpty() && !prevOptional ? prevRole : "REQ-PARTICIPANT";
        }
        b.append(";ROLE=").append(ICalWriter.paramValue(role));
        b.append(";PARTSTAT=").append(partstat(a.participation()));
        if (p != null) {
            b.append(params(p.params(), Set.of("CN", "CUTYPE", "ROLE", "PARTSTAT")));
        }
        return b.append(':').append(address(a.email())).toString();
    }

    private static String partstat(ParticipationStatus s) {
        return s == ParticipationStatus.NEEDS_ACTION ? "NEEDS-ACTION" : s.name();
    }

    /** {@code ;NAME=value,...} for each parameter not in {@code except}. */
    private static String params(List<ICalContent.Param> params, Set<String> except) {
        StringBuilder b = new StringBuilder();
        for (ICalContent.Param p : params) {
            if (except.contains(p.name())) {
                continue;
            }
            b.append(';').append(p.name());
            if (!p.values().isEmpty()) {
                b.append('=');
                for (int i = 0; i < p.values().size(); i++) {
                    b.append(i == 0 ? "" : ",")
                            .append(ICalWriter.paramValue(p.values().get(i)));
                }
            }
        }
        return b.toString();
    }

    /**
     * The model's reminders (reusing a previous VALARM that says the same, with its UID and Apple
     * properties), then the previous VALARMs and other sub-components the model cannot say.
     */
    private List<String> alarms(EventComponent c, ICalContent.Component prev) {
        List<ICalContent.Component> mappedBefore = new ArrayList<>();
        List<ICalContent.Component> unmapped = new ArrayList<>();
        if (prev != null) {
            for (ICalContent.Component sub : prev.components()) {
                if (sub.name().equals("VALARM") && ICalEventReader.reminder(sub).isPresent()) {
                    mappedBefore.add(sub);
                } else {
                    unmapped.add(sub);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (Reminder r : c.reminders()) {
            ICalContent.Component same = null;
            for (ICalContent.Component old : mappedBefore) {
                if (ICalEventReader.reminder(old).orElseThrow().equals(r)) {
                    same = old;
                    break;
                }
            }
            if (same != null) {
                mappedBefore.remove(same);
                keepZones(same);
                out.addAll(same.lines());
                continue;
            }
            out.add("BEGIN:VALARM");
            out.add("ACTION:" + r.method().name());
            out.add("TRIGGER:" + (r.minutesBefore() == 0 ? "PT0S" : "-PT" + r.minutesBefore() + "M"));
            out.add("DESCRIPTION:Reminder");
            if (r.method() == Reminder.Method.EMAIL) {
                out.add("SUMMARY:Reminder");
                if (c.organizer() != null) {
                    out.add("ATTENDEE:" + address(c.organizer().email()));
                }
            }
            out.add("END:VALARM");
        }
        for (ICalContent.Component sub : unmapped) {
            keepZones(sub);
            out.addAll(sub.lines());
        }
        return out;
    }
}
