package dev.calsync.caldav.internal;

import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.MalformedEventException;
import dev.calsync.core.event.TimeZones;
import java.io.IOException;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VTimeZone;

/**
 * Time zones in iCalendar data: which zone a TZID names, how a time in a zone only the resource
 * defines becomes an instant, and which VTIMEZONE to write for a zone.
 *
 * <p>A TZID is resolved, in order: by core {@link TimeZones} (IANA ids, vendor-prefixed IANA ids,
 * Windows names such as {@code W. Europe Standard Time}); by the display names Outlook writes
 * ({@code (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna}, mapped to their Windows
 * zone); otherwise by the resource's own VTIMEZONE, through ical4j, which gives UTC instants. A TZID
 * that is none of these is a {@link MalformedEventException}.
 */
final class ICalZones {
    private ICalZones() {}

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT);

    /** Outlook's display names (without the "(UTC+hh:mm) " prefix), lower case, to Windows zone names. */
    private static final Map<String, String> OUTLOOK_DISPLAY = Map.ofEntries(
            Map.entry("international date line west", "Dateline Standard Time"),
            Map.entry("hawaii", "Hawaiian Standard Time"),
            Map.entry("alaska", "Alaskan Standard Time"),
            Map.entry("pacific time (us & canada)", "Pacific Standard Time"),
            Map.entry("pacific time (us and canada)", "Pacific Standard Time"),
            Map.entry("baja california", "Pacific Standard Time (Mexico)"),
            Map.entry("arizona", "US Mountain Standard Time"),
            Map.entry("mountain time (us & canada)", "Mountain Standard Time"),
            Map.entry("mountain time (us and canada)", "Mountain Standard Time"),
            Map.entry("central america", "Central America Standard Time"),
            Map.entry("central time (us & canada)", "Central Standard Time"),
            Map.entry("central time (us and canada)", "Central Standard Time"),
            Map.entry("guadalajara, mexico city, monterrey", "Central Standard Time (Mexico)"),
            Map.entry("saskatchewan", "Canada Central Standard Time"),
            Map.entry("bogota, lima, quito, rio branco", "SA Pacific Standard Time"),
            Map.entry("bogota, lima, quito", "SA Pacific Standard Time"),
            Map.entry("eastern time (us & canada)", "Eastern Standard Time"),
            Map.entry("eastern time (us and canada)", "Eastern Standard Time"),
            Map.entry("indiana (east)", "US Eastern Standard Time"),
            Map.entry("atlantic time (canada)", "Atlantic Standard Time"),
            Map.entry("newfoundland", "Newfoundland Standard Time"),
            Map.entry("brasilia", "E. South America Standard Time"),
            Map.entry("city of buenos aires", "Argentina Standard Time"),
            Map.entry("buenos aires", "Argentina Standard Time"),
            Map.entry("coordinated universal time", "UTC"),
            Map.entry("dublin, edinburgh, lisbon, london", "GMT Standard Time"),
            Map.entry("monrovia, reykjavik", "Greenwich Standard Time"),
            Map.entry("amsterdam, berlin, bern, rome, stockholm, vienna", "W. Europe Standard Time"),
            Map.entry("belgrade, bratislava, budapest, ljubljana, prague", "Central Europe Standard Time"),
            Map.entry("brussels, copenhagen, madrid, paris", "Romance Standard Time"),
            Map.entry("sarajevo, skopje, warsaw, zagreb", "Central European Standard Time"),
            Map.entry("west central africa", "W. Central Africa Standard Time"),
            Map.entry("athens, bucharest", "GTB Standard Time"),
            Map.entry("chisinau", "E. Europe Standard Time"),
            Map.entry("helsinki, kyiv, riga, sofia, tallinn, vilnius", "FLE Standard Time"),
            Map.entry("helsinki, kiev, riga, sofia, tallinn, vilnius", "FLE Standard Time"),
            Map.entry("jerusalem", "Israel Standard Time"),
            Map.entry("cairo", "Egypt Standard Time"),
            Map.entry("harare, pretoria", "South Africa Standard Time"),
            Map.entry("istanbul", "Turkey Standard Time"),
            Map.entry("moscow, st. petersburg", "Russian Standard Time"),
            Map.entry("moscow, st. petersburg, volgograd", "Russian Standard Time"),
            Map.entry("abu dhabi, muscat", "Arabian Standard Time"),
            Map.entry("tehran", "Iran Standard Time"),
            Map.entry("islamabad, karachi", "Pakistan Standard Time"),
            Map.entry("chennai, kolkata, mumbai, new delhi", "India Standard Time"),
            Map.entry("kathmandu", "Nepal Standard Time"),
            Map.entry("dhaka", "Bangladesh Standard Time"),
            Map.entry("bangkok, hanoi, jakarta", "SE Asia Standard Time"),
            Map.entry("beijing, chongqing, hong kong, urumqi", "China Standard Time"),
            Map.entry("kuala lumpur, singapore", "Singapore Standard Time"),
            Map.entry("taipei", "Taipei Standard Time"),
            Map.entry("osaka, sapporo, tokyo", "Tokyo Standard Time"),
            Map.entry("seoul", "Korea Standard Time"),
            Map.entry("adelaide", "Cen. Australia Standard Time"),
            Map.entry("darwin", "AUS Central Standard Time"),
            Map.entry("brisbane", "E. Australia Standard Time"),
            Map.entry("canberra, melbourne, sydney", "AUS Eastern Standard Time"),
            Map.entry("hobart", "Tasmania Standard Time"),
            Map.entry("auckland, wellington", "New Zealand Standard Time"));

    /**
     * The zone {@code tzid} names without looking at any VTIMEZONE: an IANA id, a Windows name or an
     * Outlook display name.
     */
    static Optional<ZoneId> known(String tzid) {
        if (tzid == null || tzid.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TimeZones.resolve("TZID", tzid));
        } catch (MalformedEventException | DateTimeException e) {
            // Not a name core knows; try Outlook's display names.
        }
        String s = tzid.strip();
        if (s.startsWith("(")) {
            int close = s.indexOf(')');
            String prefix = close < 0 ? "" : s.substring(1, close).toUpperCase(Locale.ROOT);
            if (close > 0 && (prefix.startsWith("UTC") || prefix.startsWith("GMT"))) {
                String windows =
                        OUTLOOK_DISPLAY.get(s.substring(close + 1).strip().toLowerCase(Locale.ROOT));
                if (windows != null) {
                    try {
                        return Optional.of(TimeZones.resolve("TZID", windows));
                    } catch (MalformedEventException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Turns DATE / DATE-TIME values with an optional TZID into {@link EventTime}s for one resource.
     * Zones the resource defines itself are read with one {@link CalendarBuilder}, built when the
     * first such zone is needed; the ical4j objects are dropped with the resolver.
     */
    static final class Resolver {
        private final Map<String, ICalContent.Component> vtimezones = new HashMap<>();
        private Map<String, ZoneRules> custom;

        Resolver(ICalContent.Component vcalendar) {
            for (ICalContent.Component vtz : vcalendar.children("VTIMEZONE")) {
                ICalContent.Property id = vtz.first("TZID");
                if (id != null && !id.value().isBlank()) {
                    vtimezones.putIfAbsent(id.value().strip(), vtz);
                }
            }
        }

        /**
         * One value of {@code property} ({@code DTSTART}, {@code EXDATE}, ...).
         *
         * @param value the value, e.g. {@code 20260105T090000}
         * @param tzid the TZID parameter, or null
         * @param valueType the VALUE parameter, or null
         * @throws MalformedEventException naming {@code property} if the value or zone is invalid
         */
        EventTime time(String property, String value, String tzid, String valueType) {
            String v = value == null ? "" : value.strip();
            if ("PERIOD".equalsIgnoreCase(valueType) || v.contains("/")) {
                // A PERIOD (RDATE only): its start is the occurrence.
                v = v.substring(0, v.indexOf('/') < 0 ? v.length() : v.indexOf('/'));
            }
            if ("DATE".equalsIgnoreCase(valueType) && v.length() > 8 && v.charAt(8) == 'T') {
                throw new MalformedEventException(property, "VALUE=DATE but a date-time: '" + v + "'");
            }
            if (tzid == null || tzid.isBlank() || v.length() == 8 || v.endsWith("Z") || v.endsWith("z")) {
                return EventTime.parseICalendar(property, v, null);
            }
            Optional<ZoneId> zone = known(tzid);
            EventTime local = EventTime.parseICalendar(property, v, null);
            LocalDateTime ldt = ((EventTime.Floating) local).local();
            if (zone.isPresent()) {
                return EventTime.of(ldt, zone.get());
            }
            ZoneRules defined = custom(property, tzid.strip());
            try {
                return EventTime.utc(instant(ldt, defined));
            } catch (DateTimeException e) {
                throw new MalformedEventException(property, "time zone '" + tzid + "': " + e.getMessage(), e);
            }
        }

        /**
         * The instant of a local time under {@code rules}, as {@link java.time.ZonedDateTime#of} places
         * it: a time in a gap is shifted forward by the gap, a time in an overlap takes the earlier offset.
         */
        private static java.time.Instant instant(LocalDateTime local, ZoneRules rules) {
            List<java.time.ZoneOffset> valid = rules.getValidOffsets(local);
            if (!valid.isEmpty()) {
                return local.toInstant(valid.get(0));
            }
            java.time.zone.ZoneOffsetTransition gap = rules.getTransition(local);
            return local.plus(gap.getDuration()).toInstant(gap.getOffsetAfter());
        }

        private ZoneRules custom(String property, String tzid) {
            if (!vtimezones.containsKey(tzid)) {
                throw new MalformedEventException(
                        property, "unknown time zone '" + tzid + "' and no VTIMEZONE defines it");
            }
            if (custom == null) {
                custom = readCustomZones();
            }
            ZoneRules zone = custom.get(tzid);
            if (zone == null) {
                throw new MalformedEventException(property, "the VTIMEZONE of '" + tzid + "' cannot be read");
            }
            return zone;
        }

        /** Reads every VTIMEZONE no known zone stands for with one ical4j CalendarBuilder. */
        private Map<String, ZoneRules> readCustomZones() {
            StringBuilder text =
                    new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//zones//EN\r\n");
            List<String> ids = new ArrayList<>();
            for (Map.Entry<String, ICalContent.Component> e : vtimezones.entrySet()) {
                if (known(e.getKey()).isEmpty()) {
                    ids.add(e.getKey());
                    for (String line : e.getValue().lines()) {
                        text.append(line).append("\r\n");
                    }
                }
            }
            text.append("END:VCALENDAR\r\n");
            Map<String, ZoneRules> out = new HashMap<>();
            try {
                CalendarBuilder builder = new CalendarBuilder();
                net.fortuna.ical4j.model.Calendar parsed = builder.build(new StringReader(text.toString()));
                TimeZoneRegistry registry = builder.getRegistry();
                for (String id : ids) {
                    try {
                        // ical4j's zone ids name slots of a JVM-wide pool that are freed (and reused by
                        // other threads' parses) once the parsed calendar is garbage: keep the rules, not the id.
                        ZoneRules rules = registry.getZoneId(id).getRules();
                        if (rules != null) {
                            out.put(id, rules);
                        }
                    } catch (RuntimeException e) {
                        // Left out: the caller reports the zone as unreadable.
                    }
                }
                java.lang.ref.Reference.reachabilityFence(parsed);
            } catch (IOException | ParserException e) {
                throw new MalformedEventException("VTIMEZONE", "cannot read VTIMEZONE: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new MalformedEventException("VTIMEZONE", "cannot read VTIMEZONE: " + e, e);
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ writing

    private static final Map<String, List<String>> VTIMEZONES = new ConcurrentHashMap<>();

    /** A thread-safe registry; ical4j's default one caches zones in a concurrent map. */
    private static final class Registry {
        static final TimeZoneRegistry INSTANCE = create();

        private static TimeZoneRegistry create() {
            return TimeZoneRegistryFactory.getInstance().createRegistry();
        }
    }

    /**
     * The VTIMEZONE for {@code zone} as content lines, with TZID {@code zone.getId()}: ical4j's
     * definition (from its bundled tz database) where it has one, else one built from the JDK's
     * rules.
     */
    static List<String> vtimezone(ZoneId zone) {
        return VTIMEZONES.computeIfAbsent(zone.getId(), id -> build(zone));
    }

    private static List<String> build(ZoneId zone) {
        String id = zone.getId();
        List<String> lines = null;
        try {
            net.fortuna.ical4j.model.TimeZone tz = Registry.INSTANCE.getTimeZone(id);
            if (tz != null) {
                VTimeZone vtz = tz.getVTimeZone();
                lines = new ArrayList<>(ICalContent.unfold(vtz.toString()));
                lines.removeIf(String::isEmpty);
            }
        } catch (RuntimeException e) {
            lines = null;
        }
        if (lines == null) {
            lines = fromRules(zone);
        }
        // Aliases (Asia/Calcutta) come back under their current name (Asia/Kolkata): the TZID must be
        // the one the properties use.
        List<String> out = new ArrayList<>(lines.size());
        int depth = 0;
        for (String line : lines) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("BEGIN:")) {
                depth++;
            } else if (upper.startsWith("END:")) {
                depth--;
            }
            if (depth == 1 && upper.startsWith("TZID:")) {
                out.add("TZID:" + id);
            } else if (depth == 1 && (upper.startsWith("TZURL") || upper.startsWith("X-LIC-LOCATION"))) {
                // They name the alias's target; the TZID is enough.
                continue;
            } else {
                out.add(line);
            }
        }
        return List.copyOf(out);
    }

    /** A VTIMEZONE from the JDK's rules: the current yearly rules, or a fixed offset. */
    static List<String> fromRules(ZoneId zone) {
        ZoneRules rules = zone.getRules();
        List<String> out = new ArrayList<>();
        out.add("BEGIN:VTIMEZONE");
        out.add("TZID:" + zone.getId());
        List<ZoneOffsetTransitionRule> yearly = rules.getTransitionRules();
        if (yearly.isEmpty()) {
            ZoneOffset offset = rules.getOffset(java.time.Instant.EPOCH);
            ZoneOffsetTransition last = rules.previousTransition(java.time.Instant.parse("2100-01-01T00:00:00Z"));
            if (last != null) {
                offset = last.getOffsetAfter();
            }
            out.add("BEGIN:STANDARD");
            out.add("DTSTART:19700101T000000");
            out.add("TZOFFSETFROM:" + offset(offset));
            out.add("TZOFFSETTO:" + offset(offset));
            out.add("END:STANDARD");
        } else {
            for (ZoneOffsetTransitionRule r : yearly) {
                ZoneOffsetTransition t = r.createTransition(1970);
                boolean daylight = r.getOffsetAfter().getTotalSeconds()
                        > r.getStandardOffset().getTotalSeconds();
                String kind = daylight ? "DAYLIGHT" : "STANDARD";
                out.add("BEGIN:" + kind);
                out.add("DTSTART:" + t.getDateTimeBefore().format(LOCAL));
                out.add("RRULE:" + byDay(r));
                out.add("TZOFFSETFROM:" + offset(r.getOffsetBefore()));
                out.add("TZOFFSETTO:" + offset(r.getOffsetAfter()));
                out.add("END:" + kind);
            }
        }
        out.add("END:VTIMEZONE");
        return out;
    }

    private static String byDay(ZoneOffsetTransitionRule r) {
        String rule = "FREQ=YEARLY;BYMONTH=" + r.getMonth().getValue();
        int dom = r.getDayOfMonthIndicator();
        if (r.getDayOfWeek() == null) {
            return rule + ";BYMONTHDAY=" + dom;
        }
        String day = r.getDayOfWeek().name().substring(0, 2);
        if (dom < 0) {
            return rule + ";BYDAY=-1" + day;
        }
        StringBuilder days = new StringBuilder();
        for (int d = dom; d < dom + 7; d++) {
            days.append(days.length() == 0 ? "" : ",").append(d);
        }
        return rule + ";BYDAY=" + day + ";BYMONTHDAY=" + days;
    }

    private static String offset(ZoneOffset o) {
        int total = o.getTotalSeconds();
        String sign = total < 0 ? "-" : "+";
        total = Math.abs(total);
        String hhmm = String.format(Locale.ROOT, "%s%02d%02d", sign, total / 3600, (total / 60) % 60);
        return total % 60 == 0 ? hhmm : hhmm + String.format(Locale.ROOT, "%02d", total % 60);
    }
}
