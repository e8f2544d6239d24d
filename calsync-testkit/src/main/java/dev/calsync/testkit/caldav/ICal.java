package dev.calsync.testkit.caldav;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.model.property.DateProperty;

/**
 * iCalendar handling with ical4j: the checks of a PUT body and CalDAV time-range matching (RFC 4791
 * §9.9) with recurrence expansion. Recurrence sets are computed here (ical4j only produces the dates
 * of one RRULE) and overrides are merged by RECURRENCE-ID, since ical4j drops moved overrides
 * (DEPENDENCIES.md). One {@link CalendarBuilder} per parse; the parsed objects are dropped at once.
 * DATE and floating values are taken in UTC (the default calendar time zone of RFC 4791 §9.9).
 */
final class ICal {
    private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final DateTimeFormatter BASIC_LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
    private static final int MAX_INSTANCES = 20_000;
    private static final Set<String> OBJECT_TYPES = Set.of("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY");

    private ICal() {}

    /** What a PUT needs to know of a body. */
    record Info(String uid, String componentType, boolean overrideOnly, boolean eventWithoutEnd) {}

    /** Why a body is not a calendar object resource. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    static Calendar parse(byte[] body) throws Invalid {
        try {
            return new CalendarBuilder().build(new StringReader(new String(body, StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new Invalid("not iCalendar: " + e.getMessage());
        }
    }

    /** Checks a body: parses, one component type, exactly one UID. */
    static Info inspect(byte[] body) throws Invalid {
        Calendar cal = parse(body);
        List<Component> objects = objects(cal);
        if (objects.isEmpty()) {
            throw new Invalid("no calendar component");
        }
        Set<String> types = new LinkedHashSet<>();
        Set<String> uids = new LinkedHashSet<>();
        boolean overrideOnly = true;
        boolean withoutEnd = false;
        for (Component c : objects) {
            types.add(c.getName());
            Optional<Property> uid = c.getProperty(Property.UID);
            if (uid.isEmpty() || uid.get().getValue().isBlank()) {
                throw new Invalid("component without UID");
            }
            uids.add(uid.get().getValue());
            if (c.getProperty(Property.RECURRENCE_ID).isEmpty()) {
                overrideOnly = false;
            }
            if (c.getName().equals("VEVENT")
                    && c.getProperty(Property.DTEND).isEmpty()
                    && c.getProperty(Property.DURATION).isEmpty()) {
                withoutEnd = true;
            }
        }
        if (types.size() != 1) {
            throw new Invalid("more than one component type");
        }
        if (uids.size() != 1) {
            throw new Invalid("more than one UID");
        }
        return new Info(uids.iterator().next(), types.iterator().next(), overrideOnly, withoutEnd);
    }

    private static List<Component> objects(Calendar cal) {
        List<Component> out = new ArrayList<>();
        for (Component c : cal.getComponents()) {
            if (OBJECT_TYPES.contains(c.getName().toUpperCase(Locale.ROOT))) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Whether the resource has a component {@code type} and, if a range is given (either end may be
     * null), an instance of it overlapping [start, end).
     */
    static boolean matches(byte[] body, String type, Instant start, Instant end) {
        Calendar cal;
        try {
            cal = parse(body);
        } catch (Invalid e) {
            return false;
        }
        List<Component> comps = new ArrayList<>();
        for (Component c : objects(cal)) {
            if (c.getName().equalsIgnoreCase(type)) {
                comps.add(c);
            }
        }
        if (comps.isEmpty()) {
            return false;
        }
        if (start == null && end == null) {
            return true;
        }
        Instant from = start == null ? Instant.MIN : start;
        Instant to = end == null ? Instant.MAX : end;
        Set<Long> overridden = new HashSet<>();
        for (Component c : comps) {
            Optional<Property> rid = c.getProperty(Property.RECURRENCE_ID);
            if (rid.isPresent()) {
                ZonedDateTime r = time(rid.get());
                if (r != null) {
                    overridden.add(r.toEpochSecond());
                }
                if (overlaps(c, time(c.getProperty(Property.DTSTART).orElse(null)), from, to)) {
                    return true;
                }
            }
        }
        for (Component c : comps) {
            if (c.getProperty(Property.RECURRENCE_ID).isPresent()) {
                continue;
            }
            Optional<Property> dtstartProp = c.getProperty(Property.DTSTART);
            ZonedDateTime dtstart = time(dtstartProp.orElse(null));
            if (dtstart == null) {
                return true; // nothing to compare (e.g. a VTODO without dates): matches
            }
            Instant horizon =
                    end != null ? end : max(start, dtstart.toInstant()).plusSeconds(3650L * 86400);
            for (ZonedDateTime s : instances(c, dtstart, isDate(dtstartProp.get()), horizon)) {
                if (overridden.contains(s.toEpochSecond())) {
                    continue;
                }
                if (overlaps(c, s, from, to)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    /** RFC 4791 §9.9 for one instance starting at {@code s}, with the component's length. */
    private static boolean overlaps(Component c, ZonedDateTime s, Instant from, Instant to) {
        if (s == null) {
            return true;
        }
        Instant st = s.toInstant();
        Optional<Property> dtstart = c.getProperty(Property.DTSTART);
        Optional<Property> dtend = c.getProperty(c.getName().equals("VTODO") ? Property.DUE : Property.DTEND);
        Optional<Property> duration = c.getProperty(Property.DURATION);
        Instant en;
        if (dtend.isPresent() && dtstart.isPresent()) {
            ZonedDateTime a = time(dtstart.get());
            ZonedDateTime b = time(dtend.get());
            en = a == null || b == null
                    ? st
                    : s.plusSeconds(b.toEpochSecond() - a.toEpochSecond()).toInstant();
        } else if (duration.isPresent()) {
            en = s.plus(amount(duration.get())).toInstant();
        } else if (dtstart.isPresent() && isDate(dtstart.get())) {
            en = s.plusDays(1).toInstant();
        } else {
            en = st;
        }
        if (en.equals(st)) {
            return !from.isAfter(st) && to.isAfter(st);
        }
        return from.isBefore(en) && to.isAfter(st);
    }

    private static TemporalAmount amount(Property duration) {
        return ((net.fortuna.ical4j.model.property.Duration) duration).getDuration();
    }

    private static boolean isDate(Property p) {
        Optional<Parameter> value = p.getParameter(Parameter.VALUE);
        return (value.isPresent() && value.get().getValue().equalsIgnoreCase("DATE"))
                || p.getValue().trim().length() == 8;
    }

    /** A date property as a zoned date-time: TZID by its IANA id where possible, DATE and floating in UTC. */
    static ZonedDateTime time(Property p) {
        if (!(p instanceof DateProperty<?> dp)) {
            return null;
        }
        Temporal t;
        try {
            t = dp.getDate();
        } catch (RuntimeException e) {
            return null;
        }
        ZoneId iana = zoneOf(p);
        if (t instanceof LocalDate d) {
            return d.atStartOfDay(ZoneOffset.UTC);
        } else if (t instanceof LocalDateTime l) {
            return l.atZone(iana != null ? iana : ZoneOffset.UTC);
        } else if (t instanceof ZonedDateTime z) {
            return iana != null ? z.toLocalDateTime().atZone(iana) : z;
        } else if (t instanceof OffsetDateTime o) {
            return o.atZoneSameInstant(ZoneOffset.UTC);
        } else if (t instanceof Instant i) {
            return i.atZone(ZoneOffset.UTC);
        }
        return null;
    }

    private static ZoneId zoneOf(Property p) {
        Optional<Parameter> tzid = p.getParameter(Parameter.TZID);
        if (tzid.isEmpty()) {
            return null;
        }
        try {
            return ZoneId.of(tzid.get().getValue());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The instance starts of a master up to (excluding) {@code horizon}: DTSTART, RRULE, RDATE less EXDATE. */
    private static List<ZonedDateTime> instances(Component c, ZonedDateTime dtstart, boolean allDay, Instant horizon) {
        ZoneId zone = dtstart.getZone();
        TreeSet<Long> keys = new TreeSet<>();
        keys.add(dtstart.toEpochSecond());
        for (Property rrule : c.getProperties(Property.RRULE)) {
            keys.addAll(rule(rrule.getValue(), dtstart, allDay, horizon));
        }
        Set<Long> excluded = new HashSet<>();
        Set<LocalDate> excludedDates = new HashSet<>();
        for (Property rdate : c.getProperties(Property.RDATE)) {
            for (ZonedDateTime z : values(rdate, zone, dtstart, null)) {
                keys.add(z.toEpochSecond());
            }
        }
        for (Property exdate : c.getProperties(Property.EXDATE)) {
            for (ZonedDateTime z : values(exdate, zone, allDay ? null : dtstart, excludedDates)) {
                excluded.add(z.toEpochSecond());
            }
        }
        List<ZonedDateTime> out = new ArrayList<>();
        for (long k : keys) {
            if (out.size() >= MAX_INSTANCES) {
                break;
            }
            ZonedDateTime z = Instant.ofEpochSecond(k).atZone(zone);
            if (!z.toInstant().isBefore(horizon)) {
                break;
            }
            if (excluded.contains(k) || excludedDates.contains(z.toLocalDate())) {
                continue;
            }
            out.add(z);
        }
        return out;
    }

    /**
     * The values of an RDATE/EXDATE line. DATE values become midnight UTC for all-day series; for
     * timed series an RDATE date takes DTSTART's time, and an EXDATE date (when {@code dates} is
     * given) excludes every instance on that local date.
     */
    private static List<ZonedDateTime> values(Property p, ZoneId zone, ZonedDateTime dtstart, Set<LocalDate> dates) {
        ZoneId valueZone = zoneOf(p);
        if (valueZone == null) {
            valueZone = zone;
        }
        List<ZonedDateTime> out = new ArrayList<>();
        for (String raw : p.getValue().split(",")) {
            String v = raw.trim();
            int slash = v.indexOf('/');
            if (slash >= 0) {
                v = v.substring(0, slash); // PERIOD: its start
            }
            if (v.isEmpty()) {
                continue;
            }
            try {
                if (v.length() == 8) {
                    LocalDate d = LocalDate.parse(v, BASIC_DATE);
                    if (dtstart == null) {
                        out.add(d.atStartOfDay(ZoneOffset.UTC));
                    } else if (dates != null) {
                        dates.add(d);
                    } else {
                        out.add(ZonedDateTime.of(d, dtstart.toLocalTime(), zone));
                    }
                } else if (v.endsWith("Z") || v.endsWith("z")) {
                    out.add(LocalDateTime.parse(v.substring(0, v.length() - 1), BASIC_LOCAL)
                            .atZone(ZoneOffset.UTC));
                } else {
                    out.add(LocalDateTime.parse(v, BASIC_LOCAL).atZone(valueZone));
                }
            } catch (DateTimeException e) {
                // an unreadable value is ignored
            }
        }
        return out;
    }

    /** The keys (epoch seconds) of one RRULE from DTSTART; COUNT and UNTIL are applied here. */
    private static List<Long> rule(String value, ZonedDateTime dtstart, boolean allDay, Instant horizon) {
        int count = -1;
        String until = null;
        StringBuilder rest = new StringBuilder();
        for (String part : value.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String upper = part.toUpperCase(Locale.ROOT);
            if (upper.startsWith("COUNT=")) {
                count = Integer.parseInt(part.substring(6).trim());
            } else if (upper.startsWith("UNTIL=")) {
                until = part.substring(6).trim();
            } else {
                if (rest.length() > 0) {
                    rest.append(';');
                }
                rest.append(part);
            }
        }
        ZoneId zone = dtstart.getZone();
        long untilKey = Long.MAX_VALUE;
        if (until != null) {
            if (until.length() == 8) {
                untilKey = LocalDate.parse(until, BASIC_DATE)
                                .plusDays(1)
                                .atStartOfDay(allDay ? ZoneOffset.UTC : zone)
                                .toEpochSecond()
                        - 1;
            } else if (until.endsWith("Z") || until.endsWith("z")) {
                untilKey = LocalDateTime.parse(until.substring(0, until.length() - 1), BASIC_LOCAL)
                        .toEpochSecond(ZoneOffset.UTC);
            } else {
                untilKey = LocalDateTime.parse(until, BASIC_LOCAL).atZone(zone).toEpochSecond();
            }
        }
        Instant end = horizon;
        if (untilKey != Long.MAX_VALUE && Instant.ofEpochSecond(untilKey).isBefore(end)) {
            end = Instant.ofEpochSecond(untilKey).plusSeconds(1);
        }
        int max = count > 0 ? count + 1 : MAX_INSTANCES;
        TreeSet<Long> sorted = new TreeSet<>();
        long first = dtstart.toEpochSecond();
        sorted.add(first);
        if (allDay) {
            Recur<LocalDate> recur = new Recur<>(rest.toString());
            LocalDate seed = dtstart.toLocalDate();
            LocalDate endDate = LocalDate.ofInstant(end, ZoneOffset.UTC).plusDays(1);
            for (LocalDate d : recur.getDates(seed, seed, endDate, max)) {
                sorted.add(d.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
            }
        } else {
            Recur<ZonedDateTime> recur = new Recur<>(rest.toString());
            for (ZonedDateTime z : recur.getDates(dtstart, dtstart, end.atZone(zone), max)) {
                sorted.add(z.toEpochSecond());
            }
        }
        List<Long> keys = new ArrayList<>();
        for (long k : sorted) {
            if (k < first) {
                continue;
            }
            if ((count > 0 && keys.size() >= count) || k > untilKey) {
                break;
            }
            keys.add(k);
        }
        return keys;
    }
}
