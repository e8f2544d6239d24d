package dev.calsync.testkit.google;

import dev.calsync.testkit.internal.RuleParts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import net.fortuna.ical4j.model.Recur;

/**
 * Expands a master's {@code recurrence} lines (RRULE, EXRULE, RDATE, EXDATE) from its start, in the
 * master's {@code start.timeZone} (so wall-clock times survive DST changes). DTSTART always counts as
 * the first occurrence. COUNT and UNTIL are applied here rather than by ical4j; ical4j only produces
 * the candidate dates of a rule.
 */
final class Recurrences {
    private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final DateTimeFormatter BASIC_LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");

    private Recurrences() {}

    /** Checks the lines; throws a 400 for a line that is not RRULE/EXRULE/RDATE/EXDATE or does not parse. */
    static void validate(List<String> lines, EventTime start, ZoneId zone) {
        try {
            expand(lines, start, zone, start.begin(zone).plusSeconds(1), 1);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ApiException.invalid("Invalid recurrence rule.");
        }
    }

    /**
     * The original starts of the series, in order, up to (excluding) {@code horizonEnd}, at most
     * {@code limit} of them.
     */
    static List<EventTime> expand(List<String> lines, EventTime start, ZoneId zone, Instant horizonEnd, int limit) {
        boolean allDay = start.allDay();
        String tz = start.timeZone();
        TreeSet<Long> keys = new TreeSet<>(); // epoch seconds (timed) or epoch days (all-day)
        TreeSet<Long> excluded = new TreeSet<>();
        List<LocalDate> excludedDates = new ArrayList<>();
        long first = allDay ? start.date().toEpochDay() : start.instant().getEpochSecond();
        for (String raw : lines) {
            String line = raw.trim();
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw ApiException.invalid("Invalid recurrence rule.");
            }
            String head = line.substring(0, colon);
            String value = line.substring(colon + 1);
            String[] params = head.split(";");
            String name = params[0].toUpperCase(Locale.ROOT);
            switch (name) {
                case "RRULE", "EXRULE" -> {
                    List<Long> dates = rule(value, start, zone, horizonEnd);
                    if (name.equals("RRULE")) {
                        keys.addAll(dates);
                    } else {
                        excluded.addAll(dates);
                    }
                }
                case "RDATE", "EXDATE" -> {
                    String tzid = null;
                    boolean dateValue = false;
                    for (int i = 1; i < params.length; i++) {
                        String p = params[i];
                        if (p.toUpperCase(Locale.ROOT).startsWith("TZID=")) {
                            tzid = p.substring(5).replace("\"", "");
                        } else if (p.equalsIgnoreCase("VALUE=DATE")) {
                            dateValue = true;
                        } else if (p.equalsIgnoreCase("VALUE=PERIOD")) {
                            throw ApiException.invalid("Invalid recurrence rule.");
                        }
                    }
                    ZoneId valueZone = tzid == null ? zone : ZoneId.of(tzid);
                    for (String v : value.split(",")) {
                        v = v.trim();
                        if (v.isEmpty()) {
                            continue;
                        }
                        if (dateValue || v.length() == 8) {
                            LocalDate d = LocalDate.parse(v, BASIC_DATE);
                            if (name.equals("RDATE")) {
                                keys.add(allDay ? d.toEpochDay() : atTimeOfStart(d, start, zone));
                            } else if (allDay) {
                                excluded.add(d.toEpochDay());
                            } else {
                                excludedDates.add(d);
                            }
                        } else {
                            long key = instantOf(v, valueZone).getEpochSecond();
                            if (allDay) {
                                key = LocalDate.ofInstant(Instant.ofEpochSecond(key), zone)
                                        .toEpochDay();
                            }
                            (name.equals("RDATE") ? keys : excluded).add(key);
                        }
                    }
                }
                default -> throw ApiException.invalid("Invalid recurrence rule.");
            }
        }
        keys.add(first); // DTSTART is always the first occurrence
        List<EventTime> out = new ArrayList<>();
        for (long k : keys) {
            if (out.size() >= limit) {
                break;
            }
            if (excluded.contains(k)) {
                continue;
            }
            EventTime t = allDay
                    ? EventTime.ofDate(LocalDate.ofEpochDay(k))
                    : EventTime.ofInstant(Instant.ofEpochSecond(k), tz);
            if (!t.begin(zone).isBefore(horizonEnd)) {
                break;
            }
            if (!allDay && excludedDates.contains(LocalDate.ofInstant(t.instant(), zone))) {
                continue;
            }
            out.add(t);
        }
        return out;
    }

    private static long atTimeOfStart(LocalDate d, EventTime start, ZoneId zone) {
        return ZonedDateTime.of(d, start.instant().atZone(zone).toLocalTime(), zone)
                .toInstant()
                .getEpochSecond();
    }

    private static Instant instantOf(String v, ZoneId zone) {
        try {
            if (v.endsWith("Z") || v.endsWith("z")) {
                return LocalDateTime.parse(v.substring(0, v.length() - 1), BASIC_LOCAL)
                        .toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(v, BASIC_LOCAL).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("Invalid recurrence rule.");
        }
    }

    /** The keys of one RRULE/EXRULE, DTSTART included as the first when the rule has COUNT. */
    private static List<Long> rule(String value, EventTime start, ZoneId zone, Instant horizonEnd) {
        RuleParts parts = RuleParts.of(value);
        int count = parts.count();
        String until = parts.until();
        String rest = parts.rest();
        if (rest.indexOf("FREQ=") < 0 && rest.indexOf("freq=") < 0) {
            throw ApiException.invalid("Invalid recurrence rule.");
        }
        boolean allDay = start.allDay();
        Instant end = horizonEnd;
        long untilKey = Long.MAX_VALUE;
        if (until != null) {
            if (until.length() == 8) {
                LocalDate d = LocalDate.parse(until, BASIC_DATE);
                untilKey = allDay
                        ? d.toEpochDay()
                        : d.plusDays(1).atStartOfDay(zone).toEpochSecond() - 1;
            } else {
                Instant u = instantOf(until, zone);
                untilKey = allDay ? LocalDate.ofInstant(u, zone).toEpochDay() : u.getEpochSecond();
            }
        }
        List<Long> keys = new ArrayList<>();
        int max = count > 0 ? count + 1 : Integer.MAX_VALUE;
        long firstKey;
        List<? extends Temporal> dates;
        if (allDay) {
            Recur<LocalDate> recur = new Recur<>(rest);
            LocalDate seed = start.date();
            firstKey = seed.toEpochDay();
            LocalDate endDate = LocalDate.ofInstant(end, zone).plusDays(1);
            dates = count > 0 ? recur.getDates(seed, seed, endDate, max) : recur.getDates(seed, seed, endDate);
        } else {
            Recur<ZonedDateTime> recur = new Recur<>(rest);
            ZonedDateTime seed = start.instant().atZone(zone);
            firstKey = seed.toEpochSecond();
            ZonedDateTime endZ = end.atZone(zone);
            dates = count > 0 ? recur.getDates(seed, seed, endZ, max) : recur.getDates(seed, seed, endZ);
        }
        TreeSet<Long> sorted = new TreeSet<>();
        sorted.add(firstKey);
        for (Temporal t : dates) {
            long k = allDay ? ((LocalDate) t).toEpochDay() : ((ZonedDateTime) t).toEpochSecond();
            if (k >= firstKey) {
                sorted.add(k);
            }
        }
        for (long k : sorted) {
            if (count > 0 && keys.size() >= count) {
                break;
            }
            if (k > untilKey) {
                break;
            }
            keys.add(k);
        }
        return keys;
    }
}
