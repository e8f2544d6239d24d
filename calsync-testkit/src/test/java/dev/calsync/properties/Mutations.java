package dev.calsync.properties;

import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.ParticipationStatus;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.event.Reminder;
import dev.calsync.core.event.Transparency;
import dev.calsync.core.event.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Changes of exactly one mapped field, each of which changes what the event means. A change is
 * only listed when it is a real change by construction: texts gain a visible character, list
 * elements are replaced by ones not present, times move. Generated components have attendees with
 * distinct addresses and distinct reminders, categories and rules, so that replacing one element
 * always changes the set.
 */
final class Mutations {
    private Mutations() {}

    private static final ZoneId UTC = ZoneOffset.UTC;

    /** Every single-field change that applies to {@code c}, by name; invalid results left out. */
    static Map<String, EventComponent> of(EventComponent c) {
        Map<String, UnaryOperator<EventComponent.Builder>> changes = new LinkedHashMap<>();
        changes.put("uid", b -> b.uid(c.uid() + "x"));
        if (c.recurrenceId() != null) {
            changes.put("recurrence id", b -> b.recurrenceId(shift(c.recurrenceId())));
        }
        changes.put("summary", b -> b.summary(visiblyChanged(c.summary())));
        changes.put("description", b -> b.description(visiblyChanged(c.description())));
        changes.put("location", b -> b.location(visiblyChanged(c.location())));
        changes.put("url", b -> b.url(visiblyChanged(c.url())));
        changes.put("start earlier", b -> b.start(earlier(c.start())));
        if (c.start() instanceof EventTime.Zoned z) {
            ZoneId other =
                    z.zone().getId().equals("Europe/Berlin") ? ZoneId.of("Asia/Kolkata") : ZoneId.of("Europe/Berlin");
            changes.put("start in another zone", b -> b.start(EventTime.of(z.local(), other)));
            changes.put("start as UTC instant", b -> b.start(EventTime.utc(Rfc5545.instant(z.local(), z.zone()))));
        }
        changes.put("end later", b -> b.end(later(c.end())));
        changes.put("status", b -> b.status(next(c.status(), EventStatus.values())));
        changes.put("transparency", b -> b.transparency(next(c.transparency(), Transparency.values())));
        changes.put("visibility", b -> b.visibility(next(c.visibility(), Visibility.values())));
        changes.put(
                "organizer email",
                b -> b.organizer(
                        c.organizer() == null
                                ? new Organizer("new-organizer@example.com", null)
                                : new Organizer(
                                        "x" + c.organizer().email(),
                                        c.organizer().displayName())));
        for (int i = 0; i < c.attendees().size(); i++) {
            int at = i;
            Attendee a = c.attendees().get(i);
            changes.put(
                    "attendee " + i + " email",
                    b -> b.attendees(replace(
                            c.attendees(),
                            at,
                            new Attendee(
                                    "new-" + a.email(),
                                    a.displayName(),
                                    a.participation(),
                                    a.optional(),
                                    a.resource()))));
            changes.put(
                    "attendee " + i + " reply",
                    b -> b.attendees(replace(
                            c.attendees(),
                            at,
                            new Attendee(
                                    a.email(),
                                    a.displayName(),
                                    next(a.participation(), ParticipationStatus.values()),
                                    a.optional(),
                                    a.resource()))));
            changes.put(
                    "attendee " + i + " optional",
                    b -> b.attendees(replace(
                            c.attendees(),
                            at,
                            new Attendee(a.email(), a.displayName(), a.participation(), !a.optional(), a.resource()))));
            changes.put(
                    "attendee " + i + " resource",
                    b -> b.attendees(replace(
                            c.attendees(),
                            at,
                            new Attendee(a.email(), a.displayName(), a.participation(), a.optional(), !a.resource()))));
            changes.put("attendee " + i + " removed", b -> b.attendees(remove(c.attendees(), at)));
        }
        changes.put("attendee added", b -> b.attendees(add(c.attendees(), Attendee.of("added@example.com"))));
        for (int i = 0; i < c.reminders().size(); i++) {
            int at = i;
            Reminder r = c.reminders().get(i);
            changes.put(
                    "reminder " + i + " minutes",
                    b -> b.reminders(
                            replace(c.reminders(), at, freshReminder(c.reminders(), r.method(), r.minutesBefore()))));
            changes.put("reminder " + i + " removed", b -> b.reminders(remove(c.reminders(), at)));
        }
        changes.put(
                "reminder added",
                b -> b.reminders(add(c.reminders(), freshReminder(c.reminders(), Reminder.Method.EMAIL, 7))));
        for (int i = 0; i < c.categories().size(); i++) {
            int at = i;
            changes.put(
                    "category " + i + " changed",
                    b -> b.categories(replace(c.categories(), at, c.categories().get(at) + "x")));
            changes.put("category " + i + " removed", b -> b.categories(remove(c.categories(), at)));
        }
        changes.put("category added", b -> b.categories(add(c.categories(), "added-category")));
        Recurrence r = c.recurrence();
        for (int i = 0; i < r.rules().size(); i++) {
            int at = i;
            changes.put(
                    "rule " + i + " frequency",
                    b -> b.recurrence(new Recurrence(
                            replace(r.rules(), at, otherFrequency(r.rules().get(at))), r.rdates(), r.exdates())));
            changes.put(
                    "rule " + i + " removed",
                    b -> b.recurrence(new Recurrence(remove(r.rules(), at), r.rdates(), r.exdates())));
        }
        changes.put(
                "rule added",
                b -> b.recurrence(new Recurrence(
                        add(r.rules(), "EXRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"), r.rdates(), r.exdates())));
        for (int i = 0; i < r.exdates().size(); i++) {
            int at = i;
            changes.put(
                    "exdate " + i + " removed", b -> b.recurrence(r.withExdates(removeOccurrence(r.exdates(), at))));
        }
        changes.put(
                "exdate added",
                b -> b.recurrence(r.withExdates(add(r.exdates(), freshOccurrence(c.start(), r.exdates())))));
        for (int i = 0; i < r.rdates().size(); i++) {
            int at = i;
            changes.put(
                    "rdate " + i + " removed",
                    b -> b.recurrence(new Recurrence(r.rules(), removeOccurrence(r.rdates(), at), r.exdates())));
        }
        changes.put(
                "rdate added",
                b -> b.recurrence(new Recurrence(
                        r.rules(), add(r.rdates(), freshOccurrence(c.start(), r.rdates())), r.exdates())));

        Map<String, EventComponent> out = new LinkedHashMap<>();
        changes.forEach((name, change) -> {
            EventComponent changed = tryBuild(change.apply(c.toBuilder()));
            if (changed != null) {
                out.put(name, changed);
            }
        });
        return out;
    }

    private static EventComponent tryBuild(EventComponent.Builder b) {
        try {
            return b.build();
        } catch (dev.calsync.core.event.MalformedEventException e) {
            return null; // e.g. an earlier start in a zone that makes it end before it starts
        }
    }

    /** A text with one more visible character at its end (after any trailing white space). */
    static String visiblyChanged(String s) {
        return s == null ? "x" : s + "x";
    }

    static RecurrenceId shift(RecurrenceId id) {
        if (id instanceof RecurrenceId.OnDate d) {
            return new RecurrenceId.OnDate(d.date().plusDays(1));
        }
        if (id instanceof RecurrenceId.AtInstant i) {
            return new RecurrenceId.AtInstant(i.instant().plus(Duration.ofDays(1)));
        }
        return new RecurrenceId.AtFloating(
                ((RecurrenceId.AtFloating) id).local().plusDays(1));
    }

    static EventTime earlier(EventTime t) {
        if (t instanceof EventTime.AllDay d) {
            return EventTime.date(d.date().minusDays(1));
        }
        if (t instanceof EventTime.Zoned z) {
            return EventTime.of(z.local().minusHours(1), z.zone());
        }
        if (t instanceof EventTime.Utc u) {
            return EventTime.utc(u.instant().minusSeconds(3600));
        }
        return EventTime.floating(((EventTime.Floating) t).local().minusHours(1));
    }

    static EventTime later(EventTime t) {
        if (t instanceof EventTime.AllDay d) {
            return EventTime.date(d.date().plusDays(1));
        }
        if (t instanceof EventTime.Zoned z) {
            return EventTime.of(z.local().plusHours(1), z.zone());
        }
        if (t instanceof EventTime.Utc u) {
            return EventTime.utc(u.instant().plusSeconds(3600));
        }
        return EventTime.floating(((EventTime.Floating) t).local().plusHours(1));
    }

    static <E> E next(E value, E[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return values[(i + 1) % values.length];
            }
        }
        throw new IllegalArgumentException(String.valueOf(value));
    }

    static String otherFrequency(String rule) {
        String upper = rule.toUpperCase(java.util.Locale.ROOT);
        for (String f : List.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY")) {
            if (upper.contains("FREQ=" + f)) {
                String other = f.equals("DAILY") ? "WEEKLY" : "DAILY";
                return upper.replace("FREQ=" + f, "FREQ=" + other);
            }
        }
        return rule + ";FREQ=DAILY";
    }

    private static Reminder freshReminder(List<Reminder> present, Reminder.Method method, int minutes) {
        Set<Reminder> taken = new HashSet<>(present);
        int m = minutes + 1;
        while (taken.contains(new Reminder(method, m))) {
            m++;
        }
        return new Reminder(method, m);
    }

    /** An occurrence of the kind of {@code start} whose instant (or date) is not among {@code present}. */
    private static EventTime freshOccurrence(EventTime start, List<EventTime> present) {
        Set<Object> taken = new HashSet<>();
        for (EventTime t : present) {
            taken.add(identity(t));
        }
        EventTime candidate = later(start);
        while (taken.contains(identity(candidate))) {
            candidate = later(later(candidate));
        }
        return candidate;
    }

    /** What an RDATE/EXDATE value means: its date, its wall-clock time, or its instant. */
    private static Object identity(EventTime t) {
        if (t instanceof EventTime.AllDay d) {
            return d.date();
        }
        if (t instanceof EventTime.Floating f) {
            return f.local();
        }
        Instant instant = Rfc5545.instant(t, UTC);
        return instant;
    }

    /** {@code times} without the one at {@code index} and any other with the same meaning. */
    private static List<EventTime> removeOccurrence(List<EventTime> times, int index) {
        Object gone = identity(times.get(index));
        List<EventTime> out = new ArrayList<>();
        for (EventTime t : times) {
            if (!identity(t).equals(gone)) {
                out.add(t);
            }
        }
        return out;
    }

    static <T> List<T> replace(List<T> list, int index, T value) {
        List<T> out = new ArrayList<>(list);
        out.set(index, value);
        return out;
    }

    static <T> List<T> remove(List<T> list, int index) {
        List<T> out = new ArrayList<>(list);
        out.remove(index);
        return out;
    }

    static <T> List<T> add(List<T> list, T value) {
        List<T> out = new ArrayList<>(list);
        out.add(value);
        return out;
    }
}
