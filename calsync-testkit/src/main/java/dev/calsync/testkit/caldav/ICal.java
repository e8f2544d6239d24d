package dev.calsync.testkit.caldav;

import dev.calsync.testkit.internal.RuleParts;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.model.Recur;

/**
 * iCalendar handling: the checks of a PUT body and CalDAV time-range matching (RFC 4791 §9.9) with
 * recurrence expansion. Bodies are read by a small content-line parser of its own (unfolding,
 * parameters, nested components), and only ical4j's {@link Recur} is used, for the dates of an RRULE:
 * ical4j's {@code CalendarBuilder} loads a JVM-wide {@code ZoneRulesProvider} that adds 1500 {@code
 * ical4j-local-…} ids to {@code ZoneId.getAvailableZoneIds()}, which breaks code in the same JVM that
 * walks those ids (calsync-core's TimeZones among them), and a test server must not do that to the
 * client under test. Overrides are merged by RECURRENCE-ID here. TZIDs are taken as IANA ids (others
 * as UTC); DATE and floating values are taken in UTC (the default calendar time zone of §9.9).
 */
final class ICal {
    private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final DateTimeFormatter BASIC_LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
    private static final Pattern DURATION =
            Pattern.compile("([+-])?P(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?");
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

    /** A content line: upper-case name, parameters (upper-case keys, unquoted values), raw value. */
    record Prop(String name, Map<String, String> params, String value) {
        String param(String key) {
            return params.get(key);
        }
    }

    /** A component with its properties and sub-components. */
    static final class Comp {
        final String name;
        final List<Prop> props = new ArrayList<>();
        final List<Comp> children = new ArrayList<>();

        Comp(String name) {
            this.name = name;
        }

        Optional<Prop> prop(String n) {
            return props.stream().filter(p -> p.name().equals(n)).findFirst();
        }

        List<Prop> all(String n) {
            return props.stream().filter(p -> p.name().equals(n)).toList();
        }
    }

    /** Parses a body: one VCALENDAR, balanced BEGIN/END, every line {@code name[;params]:value}. */
    static Comp parse(byte[] body) throws Invalid {
        String text = new String(body, StandardCharsets.UTF_8)
                .replace("\r\n ", "")
                .replace("\r\n\t", "")
                .replace("\n ", "")
                .replace("\n\t", "");
        Deque<Comp> stack = new ArrayDeque<>();
        Comp root = null;
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (root != null && stack.isEmpty()) {
                throw new Invalid("content after END:VCALENDAR");
            }
            Prop p = line(line);
            if (p.name().equals("BEGIN")) {
                Comp c = new Comp(p.value().trim().toUpperCase(Locale.ROOT));
                if (stack.isEmpty()) {
                    if (root != null || !c.name.equals("VCALENDAR")) {
                        throw new Invalid("not a VCALENDAR");
                    }
                    root = c;
                } else {
                    stack.peek().children.add(c);
                }
                stack.push(c);
            } else if (p.name().equals("END")) {
                if (stack.isEmpty() || !stack.pop().name.equals(p.value().trim().toUpperCase(Locale.ROOT))) {
                    throw new Invalid("unbalanced END:" + p.value());
                }
            } else if (stack.isEmpty()) {
                throw new Invalid("content line outside VCALENDAR");
            } else {
                stack.peek().props.add(p);
            }
        }
        if (root == null || !stack.isEmpty()) {
            throw new Invalid("no complete VCALENDAR");
        }
        return root;
    }

    private static Prop line(String line) throws Invalid {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) != ';' && line.charAt(i) != ':') {
            i++;
        }
        String name = line.substring(0, i).trim().toUpperCase(Locale.ROOT);
        if (name.isEmpty() || i == n || !name.matches("[A-Z0-9-]+")) {
            throw new Invalid("bad content line: " + line);
        }
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n && line.charAt(i) == ';') {
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                throw new Invalid("bad parameter: " + line);
            }
            String key = line.substring(i + 1, eq).trim().toUpperCase(Locale.ROOT);
            int j = eq + 1;
            StringBuilder v = new StringBuilder();
            boolean quoted = false;
            while (j < n && (quoted || (line.charAt(j) != ';' && line.charAt(j) != ':'))) {
                char c = line.charAt(j);
                if (c == '"') {
                    quoted = !quoted;
                } else {
                    v.append(c);
                }
                j++;
            }
            if (j == n) {
                throw new Invalid("bad content line: " + line);
            }
            params.put(key, v.toString());
            i = j;
        }
        return new Prop(name, params, line.substring(i + 1));
    }

    /** Checks a body: parses, one component type, exactly one UID. */
    static Info inspect(byte[] body) throws Invalid {
        List<Comp> objects = objects(parse(body));
        if (objects.isEmpty()) {
            throw new Invalid("no calendar component");
        }
        Set<String> types = new LinkedHashSet<>();
        Set<String> uids = new LinkedHashSet<>();
        boolean overrideOnly = true;
        boolean withoutEnd = false;
        for (Comp c : objects) {
            types.add(c.name);
            Optional<Prop> uid = c.prop("UID");
            if (uid.isEmpty() || uid.get().value().isBlank()) {
                throw new Invalid("component without UID");
            }
            uids.add(uid.get().value());
            if (c.prop("RECURRENCE-ID").isEmpty()) {
                overrideOnly = false;
            }
            if (c.name.equals("VEVENT")
                    && c.prop("DTEND").isEmpty()
                    && c.prop("DURATION").isEmpty()) {
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

    private static List<Comp> objects(Comp cal) {
        return cal.children.stream().filter(c -> OBJECT_TYPES.contains(c.name)).toList();
    }

    /**
     * Whether the resource has a component {@code type} and, if a range is given (either end may be
     * null), an instance of it overlapping [start, end).
     */
    static boolean matches(byte[] body, String type, Instant start, Instant end) {
        Comp cal;
        try {
            cal = parse(body);
        } catch (Invalid e) {
            return false;
        }
        List<Comp> comps = new ArrayList<>();
        for (Comp c : objects(cal)) {
            if (c.name.equalsIgnoreCase(type)) {
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
        for (Comp c : comps) {
            Optional<Prop> rid = c.prop("RECURRENCE-ID");
            if (rid.isPresent()) {
                ZonedDateTime r = time(rid.get());
                if (r != null) {
                    overridden.add(r.toEpochSecond());
                }
                if (overlaps(c, time(c.prop("DTSTART").orElse(null)), from, to)) {
                    return true;
                }
            }
        }
        for (Comp c : comps) {
            if (c.prop("RECURRENCE-ID").isPresent()) {
                continue;
            }
            Optional<Prop> dtstartProp = c.prop("DTSTART");
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
    private static boolean overlaps(Comp c, ZonedDateTime s, Instant from, Instant to) {
        if (s == null) {
            return true;
        }
        Instant st = s.toInstant();
        Optional<Prop> dtstart = c.prop("DTSTART");
        Optional<Prop> dtend = c.prop(c.name.equals("VTODO") ? "DUE" : "DTEND");
        Optional<Prop> duration = c.prop("DURATION");
        Instant en;
        if (dtend.isPresent() && dtstart.isPresent()) {
            ZonedDateTime a = time(dtstart.get());
            ZonedDateTime b = time(dtend.get());
            en = a == null || b == null
                    ? st
                    : s.plusSeconds(b.toEpochSecond() - a.toEpochSecond()).toInstant();
        } else if (duration.isPresent()) {
            en = st.plus(duration(duration.get().value()));
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

    /** An iCalendar DURATION (weeks and days as 7×24 h and 24 h); zero if unreadable. */
    static java.time.Duration duration(String v) {
        Matcher m = DURATION.matcher(v.trim());
        if (!m.matches()) {
            return java.time.Duration.ZERO;
        }
        long seconds = num(m.group(2)) * 7 * 86400
                + num(m.group(3)) * 86400
                + num(m.group(4)) * 3600
                + num(m.group(5)) * 60
                + num(m.group(6));
        return java.time.Duration.ofSeconds("-".equals(m.group(1)) ? -seconds : seconds);
    }

    private static long num(String s) {
        return s == null ? 0 : Long.parseLong(s);
    }

    private static boolean isDate(Prop p) {
        return "DATE".equalsIgnoreCase(p.param("VALUE")) || p.value().trim().length() == 8;
    }

    /** A date property as a zoned date-time: TZID by its IANA id (else UTC), DATE and floating in UTC. */
    static ZonedDateTime time(Prop p) {
        if (p == null) {
            return null;
        }
        String v = p.value().trim();
        try {
            if (isDate(p)) {
                return LocalDate.parse(v, BASIC_DATE).atStartOfDay(ZoneOffset.UTC);
            }
            if (v.endsWith("Z") || v.endsWith("z")) {
                return LocalDateTime.parse(v.substring(0, v.length() - 1), BASIC_LOCAL)
                        .atZone(ZoneOffset.UTC);
            }
            ZoneId zone = zoneOf(p);
            return LocalDateTime.parse(v, BASIC_LOCAL).atZone(zone == null ? ZoneOffset.UTC : zone);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static ZoneId zoneOf(Prop p) {
        String tzid = p.param("TZID");
        if (tzid == null) {
            return null;
        }
        try {
            return ZoneId.of(tzid);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The instance starts of a master up to (excluding) {@code horizon}: DTSTART, RRULE, RDATE less EXDATE. */
    private static List<ZonedDateTime> instances(Comp c, ZonedDateTime dtstart, boolean allDay, Instant horizon) {
        ZoneId zone = dtstart.getZone();
        TreeSet<Long> keys = new TreeSet<>();
        keys.add(dtstart.toEpochSecond());
        for (Prop rrule : c.all("RRULE")) {
            keys.addAll(rule(rrule.value(), dtstart, allDay, horizon));
        }
        Set<Long> excluded = new HashSet<>();
        Set<LocalDate> excludedDates = new HashSet<>();
        for (Prop rdate : c.all("RDATE")) {
            for (ZonedDateTime z : values(rdate, zone, dtstart, null)) {
                keys.add(z.toEpochSecond());
            }
        }
        for (Prop exdate : c.all("EXDATE")) {
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
    private static List<ZonedDateTime> values(Prop p, ZoneId zone, ZonedDateTime dtstart, Set<LocalDate> dates) {
        ZoneId valueZone = zoneOf(p);
        if (valueZone == null) {
            valueZone = zone;
        }
        List<ZonedDateTime> out = new ArrayList<>();
        for (String raw : p.value().split(",")) {
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
        RuleParts parts = RuleParts.of(value);
        int count = parts.count();
        String until = parts.until();
        String rest = parts.rest();
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
            Recur<LocalDate> recur = new Recur<>(rest);
            LocalDate seed = dtstart.toLocalDate();
            LocalDate endDate = LocalDate.ofInstant(end, ZoneOffset.UTC).plusDays(1);
            for (LocalDate d : recur.getDates(seed, seed, endDate, max)) {
                sorted.add(d.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
            }
        } else {
            Recur<ZonedDateTime> recur = new Recur<>(rest);
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
