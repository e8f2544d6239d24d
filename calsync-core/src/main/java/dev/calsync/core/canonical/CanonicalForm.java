package dev.calsync.core.canonical;

import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.event.Reminder;
import dev.calsync.core.event.TimeZones;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The canonical text of a component or series: one line per mapped field, in a fixed order, with
 * every value normalised, so that two representations with the same meaning give the same text.
 *
 * <p><b>Mapped fields</b> (a change to any of them changes the text): UID and RECURRENCE-ID, start
 * and end (value type, zone and local time, or instant), summary, description, location, status,
 * transparency, visibility, the organizer's address, each attendee's address, reply, optional and
 * resource flags, explicit reminders, RRULE/EXRULE lines, RDATEs, EXDATEs, categories and URL.
 *
 * <p><b>Not mapped</b> (never in the text): SEQUENCE, LAST-MODIFIED / {@code updated}, DTSTAMP,
 * CREATED, PRODID, ETags, VTIMEZONE definitions, line folding, display names of organizer and
 * attendees (servers fill them in on their own), and the provider-specific {@code extras}.
 * Otherwise the mere act of syncing would look like an edit, and updates would ping-pong forever.
 *
 * <p><b>Normalisation</b>: attendees, reminders, categories, RDATEs and EXDATEs are sorted and
 * de-duplicated; addresses lower-cased without {@code mailto:}; line breaks in text become {@code
 * \n} and trailing white space is dropped; an empty text is the same as none; RRULE parts are
 * upper-cased, BY-lists sorted, defaults ({@code INTERVAL=1}, {@code WKST=MO}) dropped and parts
 * ordered with FREQ first; RDATE/EXDATE values are compared as {@link RecurrenceId}s; zones are
 * written by {@link TimeZones#canonicalId}, so a zone's old and new names compare equal. Each value
 * is written with its length, so no text can fake a field boundary.
 */
public final class CanonicalForm {
    private CanonicalForm() {}

    /**
     * {@return the canonical text of one component, EXDATEs included}
     *
     * @param component the component
     */
    public static String of(EventComponent component) {
        StringBuilder out = BUFFER.get();
        out.setLength(0);
        writeComponent(out, component, true);
        String text = out.toString();
        if (out.capacity() > MAX_KEPT_BUFFER) {
            // an event with a huge description: do not keep its buffer for the thread's lifetime
            BUFFER.set(new StringBuilder(INITIAL_BUFFER));
        }
        return text;
    }

    private static final int INITIAL_BUFFER = 4096;
    private static final int MAX_KEPT_BUFFER = 1 << 16;

    /**
     * One buffer per thread for {@link #of(EventComponent)}, which the content hash calls for every
     * component it hashes: growing a fresh builder to a component's size cost more than writing it.
     */
    private static final ThreadLocal<StringBuilder> BUFFER =
            ThreadLocal.withInitial(() -> new StringBuilder(INITIAL_BUFFER));

    /**
     * The canonical text of a series. The master's EXDATEs and the series' cancelled occurrences are
     * written together as one set of cancellations, so that a Google series (cancelled instance
     * events) and a CalDAV series (EXDATEs on the master) with the same meaning have the same text.
     *
     * @param series the series
     * @return its canonical text
     */
    public static String of(EventSeries series) {
        StringBuilder out = new StringBuilder(512);
        field(out, "SERIES", series.uid());
        if (series.master() == null) {
            out.append("NO-MASTER\n");
        } else {
            writeComponent(out, series.master(), false);
        }
        field(
                out,
                "CANCELLED",
                series.allCancelledOccurrences().stream()
                        .map(RecurrenceId::toString)
                        .collect(Collectors.joining(",")));
        for (EventComponent override : series.overrides()) {
            out.append("OVERRIDE\n");
            writeComponent(out, override, true);
        }
        return out.toString();
    }

    private static void writeComponent(StringBuilder out, EventComponent c, boolean withExdates) {
        field(out, "UID", c.uid());
        field(
                out,
                "RECURRENCE-ID",
                c.recurrenceId() == null ? "" : c.recurrenceId().toString());
        field(out, "DTSTART", time(c.start()));
        field(out, "DTEND", time(c.end()));
        field(out, "SUMMARY", text(c.summary()));
        field(out, "DESCRIPTION", text(c.description()));
        field(out, "LOCATION", text(c.location()));
        field(out, "STATUS", c.status().name());
        field(out, "TRANSP", c.transparency().name());
        field(out, "CLASS", c.visibility().name());
        field(out, "ORGANIZER", c.organizer() == null ? "" : c.organizer().email());
        for (String attendee : attendees(c.attendees())) {
            field(out, "ATTENDEE", attendee);
        }
        for (String reminder : reminders(c.reminders())) {
            field(out, "VALARM", reminder);
        }
        for (String rule : rules(c.recurrence().rules())) {
            field(out, "RULE", rule);
        }
        field(out, "RDATE", occurrences(c.recurrence().rdates()));
        if (withExdates) {
            field(out, "EXDATE", occurrences(c.recurrence().exdates()));
        }
        field(
                out,
                "CATEGORIES",
                new TreeSet<>(c.categories().stream()
                                .map(String::strip)
                                .filter(s -> !s.isEmpty())
                                .toList())
                        .stream().map(CanonicalForm::quote).collect(Collectors.joining(",")));
        field(out, "URL", text(c.url()));
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(name)
                .append(':')
                .append(value.length())
                .append(':')
                .append(value)
                .append('\n');
    }

    private static String quote(String s) {
        return s.length() + "'" + s;
    }

    static String text(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("\r\n", "\n").replace('\r', '\n').stripTrailing();
    }

    static String time(EventTime t) {
        if (t instanceof EventTime.AllDay d) {
            return "DATE:" + d;
        }
        if (t instanceof EventTime.Zoned z) {
            return "ZONED:" + TimeZones.canonicalId(z.zone()) + ":" + z.local().format(EventTime.BASIC_DATE_TIME);
        }
        if (t instanceof EventTime.Utc u) {
            return "UTC:" + u;
        }
        return "FLOATING:" + t;
    }

    private static List<String> attendees(List<Attendee> attendees) {
        return attendees.stream()
                .map(a -> quote(a.email()) + ";" + a.participation().name() + ";" + (a.optional() ? "OPT" : "REQ") + ";"
                        + (a.resource() ? "RESOURCE" : "INDIVIDUAL"))
                .distinct()
                .sorted()
                .toList();
    }

    private static List<String> reminders(List<Reminder> reminders) {
        return reminders.stream()
                .sorted(Comparator.comparing(Reminder::method).thenComparingInt(Reminder::minutesBefore))
                .map(r -> r.method().name() + ";" + r.minutesBefore())
                .distinct()
                .toList();
    }

    private static String occurrences(List<EventTime> times) {
        SortedSet<RecurrenceId> ids = new TreeSet<>();
        for (EventTime t : times) {
            ids.add(RecurrenceId.of(t));
        }
        return ids.stream().map(RecurrenceId::toString).collect(Collectors.joining(","));
    }

    private static List<String> rules(List<String> rules) {
        return rules.stream().map(CanonicalForm::rule).distinct().sorted().toList();
    }

    /** {@code rrule:byday=we,mo;freq=weekly;interval=1} -> {@code RRULE:FREQ=WEEKLY;BYDAY=MO,WE}. */
    static String rule(String line) {
        int colon = line.indexOf(':');
        String name = line.substring(0, colon).strip().toUpperCase(Locale.ROOT);
        List<String> parts = new ArrayList<>();
        String freq = null;
        for (String part : line.substring(colon + 1).split(";")) {
            String p = part.strip().toUpperCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq).strip();
            String value = eq < 0 ? "" : p.substring(eq + 1).strip();
            if (key.startsWith("BY")) {
                value = Arrays.stream(value.split(","))
                        .map(String::strip)
                        .sorted()
                        .distinct()
                        .collect(Collectors.joining(","));
            }
            if (key.equals("FREQ")) {
                freq = value;
            } else if (!(key.equals("INTERVAL") && value.equals("1")) && !(key.equals("WKST") && value.equals("MO"))) {
                parts.add(key + "=" + value);
            }
        }
        parts.sort(null);
        if (freq != null) {
            parts.add(0, "FREQ=" + freq);
        }
        return name + ":" + String.join(";", parts);
    }
}
