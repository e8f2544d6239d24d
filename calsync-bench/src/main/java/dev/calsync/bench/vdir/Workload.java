package dev.calsync.bench.vdir;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The events of the calsync-vs-vdirsyncer benchmark, as iCalendar resources another client could
 * have written: deterministic from a seed, the same text for both tools.
 *
 * <p>The mix, exact in every block of ten consecutive indices (their order shuffled per block with
 * the seed): seven single events, two recurring series with an RRULE, one recurring series with one
 * to three overrides (RECURRENCE-ID VEVENTs in the same resource). About 15% are all-day; the timed
 * ones are in Europe/Berlin (about 40%, with a VTIMEZONE), America/New_York (about 30%, with a
 * VTIMEZONE) or UTC. Event {@code i} depends only on {@code i} and the seed, not on how many events
 * there are, so events created later ({@link #event} with an index at or past the count) follow the
 * same mix. Every line is shorter than 75 octets (no folding).
 */
public final class Workload {
    /** What kind of series an event is. */
    public enum Kind {
        /** One VEVENT without recurrence. */
        SINGLE,
        /** One VEVENT with an RRULE. */
        RECURRING,
        /** A VEVENT with an RRULE and one to three RECURRENCE-ID VEVENTs. */
        RECURRING_WITH_OVERRIDES
    }

    /**
     * One generated event.
     *
     * @param index its index in the workload
     * @param uid its UID; only characters vdirsyncer uses as they are in hrefs
     * @param resourceName the file name it is seeded under (another client's naming)
     * @param kind single, recurring, or recurring with overrides
     * @param allDay whether it is an all-day event (DATE values, no time zone)
     * @param tzid {@code Europe/Berlin}, {@code America/New_York}, or null for UTC (and all-day)
     * @param overrides how many RECURRENCE-ID VEVENTs it has (0 unless {@link Kind#RECURRING_WITH_OVERRIDES})
     */
    public record Event(
            int index, String uid, String resourceName, Kind kind, boolean allDay, String tzid, int overrides) {}

    private static final String[] TIME_ZONES = {"Europe/Berlin", "America/New_York"};
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String CRLF = "\r\n";

    private Workload() {}

    /** Events {@code 0..n-1} of the seed's workload. */
    public static List<Event> events(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(event(i, seed));
        }
        return out;
    }

    /** Event {@code index} of the seed's workload. */
    public static Event event(int index, long seed) {
        Kind kind = kindOf(index, seed);
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        int allDayDraw = r.nextInt(100);
        int zoneDraw = r.nextInt(100);
        boolean allDay = kind != Kind.RECURRING_WITH_OVERRIDES && allDayDraw < 17;
        String tzid = allDay ? null : zoneDraw < 40 ? TIME_ZONES[0] : zoneDraw < 70 ? TIME_ZONES[1] : null;
        int overrides = kind == Kind.RECURRING_WITH_OVERRIDES ? 1 + r.nextInt(3) : 0;
        String id = "wl" + Long.toUnsignedString(seed, 36) + "-" + String.format("%06d", index);
        return new Event(index, id + ".bench.calsync.dev", id + ".ics", kind, allDay, tzid, overrides);
    }

    /** The kind of event {@code index}: a seeded permutation of 7 single, 2 recurring, 1 with overrides per ten. */
    static Kind kindOf(int index, long seed) {
        int block = Math.floorDiv(index, 10);
        int[] slots = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (block + 1)));
        for (int i = slots.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = slots[i];
            slots[i] = slots[j];
            slots[j] = t;
        }
        int slot = slots[Math.floorMod(index, 10)];
        return slot < 7 ? Kind.SINGLE : slot < 9 ? Kind.RECURRING : Kind.RECURRING_WITH_OVERRIDES;
    }

    /** Resource name to iCalendar text for the events, in their order. */
    public static Map<String, String> resources(List<Event> events, long seed) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Event e : events) {
            out.put(e.resourceName(), render(e, seed, ""));
        }
        return out;
    }

    /**
     * The event's iCalendar text.
     *
     * @param e the event
     * @param seed the workload's seed (the event's times and texts derive from it)
     * @param summarySuffix appended to every SUMMARY (empty for the original; an edit adds text)
     */
    public static String render(Event e, long seed, String summarySuffix) {
        SplittableRandom r = new SplittableRandom(seed * 7_919L + e.index() * 31L + 17);
        LocalDateTime start =
                LocalDateTime.of(2030, 1, 7, 7, 0).plusDays(r.nextInt(365)).plusMinutes(15L * r.nextInt(48));
        int minutes = 30 + 15 * r.nextInt(8);
        int rule = r.nextInt(4);
        StringBuilder sb = new StringBuilder(1024);
        line(sb, "BEGIN:VCALENDAR");
        line(sb, "VERSION:2.0");
        line(sb, "PRODID:-//calsync//bench workload//EN");
        if (e.tzid() != null) {
            sb.append(vtimezone(e.tzid()));
        }
        line(sb, "BEGIN:VEVENT");
        line(sb, "UID:" + e.uid());
        line(sb, "DTSTAMP:20290101T000000Z");
        time(sb, "DTSTART", e, start);
        if (e.allDay()) {
            line(sb, "DTEND;VALUE=DATE:" + DATE.format(start.toLocalDate().plusDays(1 + r.nextInt(2))));
        } else {
            time(sb, "DTEND", e, start.plusMinutes(minutes));
        }
        line(sb, "SUMMARY:Workload event " + e.index() + summarySuffix);
        if (r.nextInt(2) == 0) {
            line(sb, "LOCATION:Room " + r.nextInt(40));
        }
        line(sb, "DESCRIPTION:Benchmark event " + e.index() + " (" + e.kind() + ")");
        boolean weekly = true;
        switch (e.kind()) {
            case SINGLE -> {}
            case RECURRING -> {
                String[] rules = {
                    "RRULE:FREQ=WEEKLY;COUNT=20",
                    "RRULE:FREQ=DAILY;COUNT=10",
                    "RRULE:FREQ=MONTHLY;COUNT=12",
                    "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=8"
                };
                line(sb, rules[rule]);
            }
            case RECURRING_WITH_OVERRIDES -> {
                weekly = rule % 2 == 0;
                line(sb, weekly ? "RRULE:FREQ=WEEKLY;COUNT=20" : "RRULE:FREQ=DAILY;COUNT=15");
            }
        }
        line(sb, "END:VEVENT");
        for (int k = 1; k <= e.overrides(); k++) {
            LocalDateTime occurrence = weekly ? start.plusWeeks(2L * k) : start.plusDays(3L * k);
            LocalDateTime moved = occurrence.plusHours(1 + r.nextInt(3));
            line(sb, "BEGIN:VEVENT");
            line(sb, "UID:" + e.uid());
            line(sb, "DTSTAMP:20290101T000000Z");
            time(sb, "RECURRENCE-ID", e, occurrence);
            time(sb, "DTSTART", e, moved);
            time(sb, "DTEND", e, moved.plusMinutes(minutes));
            line(sb, "SUMMARY:Workload event " + e.index() + " moved " + k + summarySuffix);
            line(sb, "END:VEVENT");
        }
        line(sb, "END:VCALENDAR");
        return sb.toString();
    }

    private static void time(StringBuilder sb, String name, Event e, LocalDateTime t) {
        if (e.allDay()) {
            LocalDate d = t.toLocalDate();
            line(sb, name + ";VALUE=DATE:" + DATE.format(d));
        } else if (e.tzid() != null) {
            line(sb, name + ";TZID=" + e.tzid() + ":" + DATE_TIME.format(t));
        } else {
            line(sb, name + ":" + DATE_TIME.format(t) + "Z");
        }
    }

    private static void line(StringBuilder sb, String line) {
        sb.append(line).append(CRLF);
    }

    /** The VTIMEZONE of {@code Europe/Berlin} or {@code America/New_York} (current rules since 2007). */
    static String vtimezone(String tzid) {
        String[] lines = switch (tzid) {
            case "Europe/Berlin" ->
                new String[] {
                    "BEGIN:VTIMEZONE",
                    "TZID:Europe/Berlin",
                    "BEGIN:DAYLIGHT",
                    "TZOFFSETFROM:+0100",
                    "TZOFFSETTO:+0200",
                    "TZNAME:CEST",
                    "DTSTART:19700329T020000",
                    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                    "END:DAYLIGHT",
                    "BEGIN:STANDARD",
                    "TZOFFSETFROM:+0200",
                    "TZOFFSETTO:+0100",
                    "TZNAME:CET",
                    "DTSTART:19701025T030000",
                    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                    "END:STANDARD",
                    "END:VTIMEZONE"
                };
            case "America/New_York" ->
                new String[] {
                    "BEGIN:VTIMEZONE",
                    "TZID:America/New_York",
                    "BEGIN:DAYLIGHT",
                    "TZOFFSETFROM:-0500",
                    "TZOFFSETTO:-0400",
                    "TZNAME:EDT",
                    "DTSTART:20070311T020000",
                    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
                    "END:DAYLIGHT",
                    "BEGIN:STANDARD",
                    "TZOFFSETFROM:-0400",
                    "TZOFFSETTO:-0500",
                    "TZNAME:EST",
                    "DTSTART:20071104T020000",
                    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
                    "END:STANDARD",
                    "END:VTIMEZONE"
                };
            default -> throw new IllegalArgumentException("no VTIMEZONE for " + tzid);
        };
        StringBuilder sb = new StringBuilder(512);
        for (String l : lines) {
            line(sb, l);
        }
        return sb.toString();
    }

    /**
     * The 1% churn on side A: which events are modified, deleted and created. About 1% of {@code n}
     * (at least one of each): 40% modified, 30% deleted, 30% created (new indices from {@code n});
     * modified and deleted are distinct existing events, chosen with the seed.
     *
     * @param modified existing events to edit (their SUMMARY gets a suffix)
     * @param deleted existing events to delete
     * @param created new events
     */
    public record Churn(List<Event> modified, List<Event> deleted, List<Event> created) {
        /** How many events change in all. */
        public int size() {
            return modified.size() + deleted.size() + created.size();
        }
    }

    /** The churn for a workload of {@code n} events (see {@link Churn}). */
    public static Churn churn(int n, long seed) {
        int total = Math.max(3, n / 100);
        int modify = Math.max(1, total * 4 / 10);
        int delete = Math.max(1, total * 3 / 10);
        int create = Math.max(1, total - modify - delete);
        if (modify + delete > n) {
            throw new IllegalArgumentException("too few events for a churn: " + n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < modify + delete; i++) {
            int j = i + r.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<Event> modified = new ArrayList<>();
        List<Event> deleted = new ArrayList<>();
        List<Event> created = new ArrayList<>();
        for (int i = 0; i < modify; i++) {
            modified.add(event(order[i], seed));
        }
        for (int i = modify; i < modify + delete; i++) {
            deleted.add(event(order[i], seed));
        }
        for (int i = 0; i < create; i++) {
            created.add(event(n + i, seed));
        }
        return new Churn(List.copyOf(modified), List.copyOf(deleted), List.copyOf(created));
    }
}
