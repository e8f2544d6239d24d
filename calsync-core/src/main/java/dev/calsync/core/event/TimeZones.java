package dev.calsync.core.event;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Resolves the time-zone names found in calendar data to {@link ZoneId}s: IANA ids ({@code
 * Europe/Berlin}), IANA ids behind a vendor prefix ({@code /mozilla.org/20050126_1/Europe/Berlin},
 * {@code /citadel.org/20190914_1/Europe/Berlin}), and the Windows names that Outlook and Exchange
 * write into TZID ({@code W. Europe Standard Time}), mapped as in CLDR's {@code windowsZones.xml}
 * "001" territory.
 *
 * <p>Abbreviations such as {@code EST} or {@code CET} are refused: they are ambiguous, and a wrong
 * guess would move events by hours. A provider that meets one should fall back to the VTIMEZONE's
 * offsets.
 */
public final class TimeZones {

    // CLDR windowsZones.xml, territory "001" (the default city for each Windows zone).
    private static final Map<String, String> WINDOWS = Map.ofEntries(
            Map.entry("dateline standard time", "Etc/GMT+12"),
            Map.entry("hawaiian standard time", "Pacific/Honolulu"),
            Map.entry("alaskan standard time", "America/Anchorage"),
            Map.entry("pacific standard time", "America/Los_Angeles"),
            Map.entry("pacific standard time (mexico)", "America/Tijuana"),
            Map.entry("us mountain standard time", "America/Phoenix"),
            Map.entry("mountain standard time", "America/Denver"),
            Map.entry("central america standard time", "America/Guatemala"),
            Map.entry("central standard time", "America/Chicago"),
            Map.entry("central standard time (mexico)", "America/Mexico_City"),
            Map.entry("canada central standard time", "America/Regina"),
            Map.entry("sa pacific standard time", "America/Bogota"),
            Map.entry("eastern standard time", "America/New_York"),
            Map.entry("us eastern standard time", "America/Indianapolis"),
            Map.entry("atlantic standard time", "America/Halifax"),
            Map.entry("newfoundland standard time", "America/St_Johns"),
            Map.entry("e. south america standard time", "America/Sao_Paulo"),
            Map.entry("argentina standard time", "America/Buenos_Aires"),
            Map.entry("utc", "Etc/UTC"),
            Map.entry("coordinated universal time", "Etc/UTC"),
            Map.entry("gmt standard time", "Europe/London"),
            Map.entry("greenwich standard time", "Atlantic/Reykjavik"),
            Map.entry("w. europe standard time", "Europe/Berlin"),
            Map.entry("central europe standard time", "Europe/Budapest"),
            Map.entry("romance standard time", "Europe/Paris"),
            Map.entry("central european standard time", "Europe/Warsaw"),
            Map.entry("w. central africa standard time", "Africa/Lagos"),
            Map.entry("gtb standard time", "Europe/Bucharest"),
            Map.entry("e. europe standard time", "Europe/Chisinau"),
            Map.entry("fle standard time", "Europe/Kiev"),
            Map.entry("israel standard time", "Asia/Jerusalem"),
            Map.entry("egypt standard time", "Africa/Cairo"),
            Map.entry("south africa standard time", "Africa/Johannesburg"),
            Map.entry("turkey standard time", "Europe/Istanbul"),
            Map.entry("russian standard time", "Europe/Moscow"),
            Map.entry("arabian standard time", "Asia/Dubai"),
            Map.entry("iran standard time", "Asia/Tehran"),
            Map.entry("pakistan standard time", "Asia/Karachi"),
            Map.entry("india standard time", "Asia/Calcutta"),
            Map.entry("nepal standard time", "Asia/Katmandu"),
            Map.entry("bangladesh standard time", "Asia/Dhaka"),
            Map.entry("se asia standard time", "Asia/Bangkok"),
            Map.entry("china standard time", "Asia/Shanghai"),
            Map.entry("singapore standard time", "Asia/Singapore"),
            Map.entry("taipei standard time", "Asia/Taipei"),
            Map.entry("tokyo standard time", "Asia/Tokyo"),
            Map.entry("korea standard time", "Asia/Seoul"),
            Map.entry("cen. australia standard time", "Australia/Adelaide"),
            Map.entry("aus central standard time", "Australia/Darwin"),
            Map.entry("e. australia standard time", "Australia/Brisbane"),
            Map.entry("aus eastern standard time", "Australia/Sydney"),
            Map.entry("tasmania standard time", "Australia/Hobart"),
            Map.entry("new zealand standard time", "Pacific/Auckland"));

    private TimeZones() {}

    /**
     * Resolves {@code name} to a zone.
     *
     * @param property the property the name came from, for the error message
     * @param name a TZID or Google {@code timeZone}
     * @return the zone; never a guess from an abbreviation
     * @throws MalformedEventException naming {@code property} if the name is not a zone calsync knows
     */
    public static ZoneId resolve(String property, String name) {
        Objects.requireNonNull(property, "property");
        if (name == null || name.isBlank()) {
            throw new MalformedEventException(property, "empty time zone name");
        }
        String trimmed = stripQuotes(name.trim());
        ZoneId zone = tryIana(trimmed);
        if (zone != null) {
            return zone;
        }
        String windows = WINDOWS.get(trimmed.toLowerCase(Locale.ROOT));
        if (windows != null) {
            return ZoneId.of(windows);
        }
        if (trimmed.startsWith("/")) {
            // Vendor prefixes: keep trying shorter suffixes, "/mozilla.org/x/America/Argentina/Salta"
            // -> "America/Argentina/Salta".
            String[] parts = trimmed.substring(1).split("/");
            for (int from = 1; from < parts.length; from++) {
                zone = tryIana(String.join("/", java.util.Arrays.copyOfRange(parts, from, parts.length)));
                if (zone != null) {
                    return zone;
                }
            }
        }
        throw new MalformedEventException(property, "unknown time zone '" + trimmed + "'");
    }

    /**
     * The canonical id of {@code zone}: among all zones the JDK knows whose rules are identical to
     * {@code zone}'s over their whole history, the one with the smallest id. Old and new names of one
     * zone ({@code Asia/Calcutta} and {@code Asia/Kolkata}, {@code Europe/Kiev} and {@code
     * Europe/Kyiv}) therefore compare equal, while zones that ever differed stay apart.
     *
     * @param zone the zone
     * @return the canonical id
     */
    public static String canonicalId(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        // By id first: a zone's rules do not change within a run, and ZoneRules.hashCode hashes
        // every transition on each call (the content hash asks for this once per time).
        return CanonicalIds.BY_ID.computeIfAbsent(
                zone.getId(), id -> CanonicalIds.BY_RULES.getOrDefault(zone.getRules(), id));
    }

    private static final class CanonicalIds {
        // Built once, on first use: about 600 zones.
        static final Map<ZoneRules, String> BY_RULES = build();
        static final Map<String, String> BY_ID = new java.util.concurrent.ConcurrentHashMap<>();

        private static Map<ZoneRules, String> build() {
            Map<ZoneRules, String> byRules = new HashMap<>();
            for (String id : new TreeSet<>(ZoneId.getAvailableZoneIds())) {
                if (id.startsWith("ical4j")) {
                    // ical4j registers a zone rules provider with ~1,500 placeholder ids
                    // (ical4j-local-…), most without rules: never a canonical name.
                    continue;
                }
                try {
                    ZoneRules rules = ZoneId.of(id).getRules();
                    if (rules != null) {
                        byRules.putIfAbsent(rules, id);
                    }
                } catch (RuntimeException e) {
                    // A zone id a rules provider lists but cannot load: leave it out.
                }
            }
            return Map.copyOf(byRules);
        }
    }

    private static String stripQuotes(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static ZoneId tryIana(String id) {
        if (id.equalsIgnoreCase("UTC") || id.equalsIgnoreCase("GMT") || id.equalsIgnoreCase("Z")) {
            return ZoneOffset.UTC;
        }
        // Only region ids with a slash: three-letter ids are ambiguous.
        if (!id.contains("/")) {
            return null;
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
