package dev.calsync.properties;

import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.Recurrence;
import dev.calsync.testkit.generate.DetailGenerators;
import dev.calsync.testkit.generate.PeopleGenerators;
import dev.calsync.testkit.generate.Source;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites of a component that keep its meaning, each as a provider (or a sync round trip) may
 * produce it. Written from RFC 5545 and the providers' habits, not from calsync's canonical form.
 */
final class Rewrites {
    private Rewrites() {}

    /** A meaning-preserving rewrite. */
    interface Rewrite {
        EventComponent apply(Source source, EventComponent c);
    }

    /** Lists whose order carries no meaning, in another order. */
    static EventComponent permuteLists(Source source, EventComponent c) {
        Recurrence r = c.recurrence();
        return c.toBuilder()
                .attendees(source.shuffle(c.attendees()))
                .reminders(source.shuffle(c.reminders()))
                .categories(source.shuffle(c.categories()))
                .recurrence(new Recurrence(
                        source.shuffle(r.rules()), source.shuffle(r.rdates()), source.shuffle(r.exdates())))
                .build();
    }

    /** Fields calsync carries but does not map: SEQUENCE, LAST-MODIFIED, extras, display names. */
    static EventComponent changeUnmapped(Source source, EventComponent c) {
        List<Attendee> attendees = new ArrayList<>();
        for (Attendee a : c.attendees()) {
            attendees.add(new Attendee(
                    a.email(),
                    source.bool() ? null : "Name " + source.between(0, 9),
                    a.participation(),
                    a.optional(),
                    a.resource()));
        }
        Organizer organizer = c.organizer() == null
                ? null
                : new Organizer(c.organizer().email(), source.bool() ? null : "Organizer " + source.between(0, 9));
        return c.toBuilder()
                .sequence(DetailGenerators.sequences().apply(source))
                .lastModified(DetailGenerators.lastModified().apply(source))
                .extras(DetailGenerators.extras().apply(source))
                .attendees(attendees)
                .organizer(organizer)
                .build();
    }

    /** Addresses with {@code mailto:} prefixes and other letter case. */
    static EventComponent respellEmails(Source source, EventComponent c) {
        List<Attendee> attendees = new ArrayList<>();
        for (Attendee a : c.attendees()) {
            attendees.add(new Attendee(
                    PeopleGenerators.spellings(a.email()).apply(source),
                    a.displayName(),
                    a.participation(),
                    a.optional(),
                    a.resource()));
        }
        Organizer organizer = c.organizer() == null
                ? null
                : new Organizer(
                        PeopleGenerators.spellings(c.organizer().email()).apply(source),
                        c.organizer().displayName());
        return c.toBuilder().attendees(attendees).organizer(organizer).build();
    }

    /**
     * Texts with CRLF line breaks (each line break independently), trailing white space, and an
     * empty text for none.
     */
    static EventComponent respellTexts(Source source, EventComponent c) {
        return c.toBuilder()
                .summary(respellText(source, c.summary()))
                .description(respellText(source, c.description()))
                .location(respellText(source, c.location()))
                .url(respellText(source, c.url()))
                .build();
    }

    static String respellText(Source source, String s) {
        if (s == null) {
            return source.pick(java.util.Arrays.asList(null, "", " ", "\r\n"));
        }
        StringBuilder out = new StringBuilder();
        for (char ch : s.toCharArray()) {
            out.append(ch == '\n' && source.bool() ? "\r\n" : String.valueOf(ch));
        }
        if (source.chance(30)) {
            out.append(source.pick(List.of(" ", "\t", "\r\n", "  \n")));
        }
        return out.toString();
    }

    /**
     * RRULE lines with their parts in another order, BY-lists in another order, other letter case,
     * and the defaults {@code INTERVAL=1} and {@code WKST=MO} written out when absent.
     */
    static EventComponent respellRules(Source source, EventComponent c) {
        List<String> rules = new ArrayList<>();
        for (String rule : c.recurrence().rules()) {
            rules.add(respellRule(source, rule));
        }
        Recurrence r = c.recurrence();
        return c.toBuilder()
                .recurrence(new Recurrence(rules, r.rdates(), r.exdates()))
                .build();
    }

    static String respellRule(Source source, String rule) {
        int colon = rule.indexOf(':');
        String name = rule.substring(0, colon);
        List<String> parts = new ArrayList<>();
        for (String part : rule.substring(colon + 1).split(";")) {
            int eq = part.indexOf('=');
            String key = part.substring(0, eq);
            String value = part.substring(eq + 1);
            if (key.startsWith("BY")) {
                value = String.join(",", source.shuffle(List.of(value.split(","))));
            }
            parts.add(key + "=" + value);
        }
        String upper = rule.toUpperCase(Locale.ROOT);
        if (!upper.contains("INTERVAL=") && source.bool()) {
            parts.add("INTERVAL=1");
        }
        if (!upper.contains("WKST=") && source.bool()) {
            parts.add("WKST=MO");
        }
        String out = name + ":" + String.join(";", source.shuffle(parts));
        return source.bool() ? out.toLowerCase(Locale.ROOT) : out;
    }

    /**
     * EXDATEs and RDATEs of a series in a zone written in UTC, and UTC ones written in the series'
     * zone (when the instant has a local time there that means it).
     */
    static EventComponent moveExdatesBetweenUtcAndSeriesZone(Source source, EventComponent c) {
        if (!(c.start() instanceof EventTime.Zoned z)) {
            return c;
        }
        Recurrence r = c.recurrence();
        return c.toBuilder()
                .recurrence(new Recurrence(
                        r.rules(), otherForm(source, r.rdates(), z.zone()), otherForm(source, r.exdates(), z.zone())))
                .build();
    }

    private static List<EventTime> otherForm(Source source, List<EventTime> times, ZoneId zone) {
        List<EventTime> out = new ArrayList<>();
        for (EventTime t : times) {
            if (!source.chance(70)) {
                out.add(t);
            } else if (t instanceof EventTime.Zoned zoned) {
                out.add(EventTime.utc(Rfc5545.instant(zoned.local(), zoned.zone())));
            } else if (t instanceof EventTime.Utc u) {
                LocalDateTime local = LocalDateTime.ofInstant(u.instant(), zone);
                boolean means = Rfc5545.instant(local, zone).equals(u.instant());
                out.add(means ? EventTime.of(local, zone) : t);
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** Every rewrite above, in one list with its name. */
    static final List<Named> ALL = List.of(
            new Named("permute lists", Rewrites::permuteLists),
            new Named("change unmapped fields", Rewrites::changeUnmapped),
            new Named("respell emails", Rewrites::respellEmails),
            new Named("respell texts", Rewrites::respellTexts),
            new Named("respell rules", Rewrites::respellRules),
            new Named("EXDATE/RDATE in UTC or series zone", Rewrites::moveExdatesBetweenUtcAndSeriesZone));

    /** A rewrite with a name for failure reports. */
    record Named(String name, Rewrite rewrite) {}

    /** One to all of {@link #ALL}, in a random order. */
    static EventComponent some(Source source, EventComponent c, List<String> applied) {
        EventComponent out = c;
        for (Named r : source.shuffle(ALL)) {
            if (source.bool()) {
                out = r.rewrite().apply(source, out);
                applied.add(r.name());
            }
        }
        if (applied.isEmpty()) {
            Named r = source.pick(ALL);
            out = r.rewrite().apply(source, out);
            applied.add(r.name());
        }
        return out;
    }
}
