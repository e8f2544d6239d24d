package dev.calsync.examples.demo;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.caldav.StoredResource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;

/**
 * An Apple Calendar user on iCloud, acting on the CalDAV emulator as Apple's apps do: each series is
 * one iCalendar resource named after its upper-case UUID, PUT whole, with a VTIMEZONE for its zone,
 * the master's cancelled occurrences as EXDATEs and each changed occurrence as a VEVENT with a
 * RECURRENCE-ID in the same resource. Edits rewrite the stored resource the way a client that keeps
 * what it does not know would: the properties it changes, SEQUENCE bumped for a new time, new
 * DTSTAMP and LAST-MODIFIED. None of this goes through calsync.
 */
public final class ICloudUser {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);
    private static final String PRODID = "-//Apple Inc.//macOS 15.1//EN";

    private final CalDavEmulator caldav;
    private final String calendar;
    private final long seed;
    private final Clock clock;
    private final Map<String, String> uidsByKey = new HashMap<>();

    /**
     * @param caldav the emulator
     * @param calendar the calendar's name there
     * @param seed the workload's seed, from which the UIDs are derived (so a run is reproducible)
     * @param clock the device's clock, for DTSTAMP and LAST-MODIFIED
     */
    public ICloudUser(CalDavEmulator caldav, String calendar, long seed, Clock clock) {
        this.caldav = Objects.requireNonNull(caldav, "caldav");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.seed = seed;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates {@code event} as one resource.
     *
     * @return its UID
     */
    public String create(DemoEvent event) {
        String uid = UUID.nameUUIDFromBytes(
                        ("calsync-demo/" + seed + "/" + event.key()).getBytes(StandardCharsets.UTF_8))
                .toString()
                .toUpperCase(Locale.ROOT);
        uidsByKey.put(event.key(), uid);
        caldav.userPut(calendar, uid + ".ics", render(uid, event, clock.instant()));
        return uid;
    }

    /** The UID of the series this user created for {@code key}. */
    public String uid(String key) {
        return Objects.requireNonNull(uidsByKey.get(key), key);
    }

    /** The iCalendar text of {@code event}, as Apple Calendar writes it. */
    public static String render(String uid, DemoEvent event, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("BEGIN:VCALENDAR");
        lines.add("VERSION:2.0");
        lines.add("PRODID:" + PRODID);
        lines.add("CALSCALE:GREGORIAN");
        if (!event.allDay() && !isUtc(event.zone())) {
            lines.addAll(vtimezone(event.zone()));
        }
        String stamp = UTC.format(now.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
        lines.add("BEGIN:VEVENT");
        lines.add("CREATED:" + stamp);
        lines.add("DTSTAMP:" + stamp);
        lines.add("LAST-MODIFIED:" + stamp);
        lines.add("UID:" + uid);
        lines.add("SEQUENCE:0");
        lines.add(time("DTSTART", event, event.start()));
        lines.add(time("DTEND", event, event.end()));
        if (event.recurring()) {
            lines.add("RRULE:" + event.rrule());
            for (int index : event.cancelled()) {
                lines.add(time("EXDATE", event, event.occurrence(index)));
            }
        }
        lines.add("SUMMARY:" + text(event.summary()));
        if (event.location() != null) {
            lines.add("LOCATION:" + text(event.location()));
        }
        if (event.description() != null) {
            lines.add("DESCRIPTION:" + text(event.description()));
        }
        lines.add(event.allDay() ? "TRANSP:TRANSPARENT" : "TRANSP:OPAQUE");
        lines.add("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC");
        if (event.reminderMinutes() != null) {
            lines.add("BEGIN:VALARM");
            lines.add("X-WR-ALARMUID:"
                    + UUID.nameUUIDFromBytes((uid + "/alarm").getBytes(StandardCharsets.UTF_8))
                            .toString()
                            .toUpperCase(Locale.ROOT));
            lines.add("ACTION:DISPLAY");
            lines.add("DESCRIPTION:Reminder");
            lines.add("TRIGGER:-PT" + event.reminderMinutes() + "M");
            lines.add("END:VALARM");
        }
        lines.add("END:VEVENT");
        event.overrides().forEach((index, change) -> {
            LocalDateTime original = event.occurrence(index);
            LocalDateTime start = original.plus(change.shift());
            lines.add("BEGIN:VEVENT");
            lines.add("CREATED:" + stamp);
            lines.add("DTSTAMP:" + stamp);
            lines.add("LAST-MODIFIED:" + stamp);
            lines.add("UID:" + uid);
            lines.add(time("RECURRENCE-ID", event, original));
            lines.add("SEQUENCE:0");
            lines.add(time("DTSTART", event, start));
            lines.add(time("DTEND", event, start.plus(event.length())));
            lines.add("SUMMARY:" + text(change.summary() == null ? event.summary() : change.summary()));
            if (event.location() != null) {
                lines.add("LOCATION:" + text(event.location()));
            }
            if (event.description() != null) {
                lines.add("DESCRIPTION:" + text(event.description()));
            }
            lines.add(event.allDay() ? "TRANSP:TRANSPARENT" : "TRANSP:OPAQUE");
            lines.add("END:VEVENT");
        });
        lines.add("END:VCALENDAR");
        return fold(lines);
    }

    // ------------------------------------------------------------------------------------------
    // edits of stored resources

    /** The name of the resource holding {@code uid}: the user's own, or the one calsync created. */
    public String resourceOf(String uid) {
        String own = uid + ".ics";
        if (caldav.resource(calendar, own).isPresent()) {
            return own;
        }
        String calsyncs = CalDavCalendarProvider.resourceNameFor(uid);
        if (caldav.resource(calendar, calsyncs).isPresent()) {
            return calsyncs;
        }
        throw new NoSuchElementException("no resource for " + uid + " in " + calendar);
    }

    /** Sets property {@code name} of the master of series {@code uid} to the text {@code value}. */
    public void setText(String uid, String name, String value) {
        edit(uid, false, lines -> setProperty(lines, name, name + ":" + text(value)));
    }

    /** Moves single event {@code event} (series {@code uid}) by {@code shift}, bumping SEQUENCE. */
    public void move(String uid, DemoEvent event, Duration shift) {
        edit(uid, true, lines -> {
            setProperty(lines, "DTSTART", time("DTSTART", event, event.start().plus(shift)));
            setProperty(lines, "DTEND", time("DTEND", event, event.end().plus(shift)));
        });
    }

    /** Cancels occurrence {@code index} of series {@code uid} (shape {@code event}) with an EXDATE. */
    public void cancelOccurrence(String uid, DemoEvent event, int index) {
        edit(uid, false, lines -> insertBeforeEnd(lines, List.of(time("EXDATE", event, event.occurrence(index)))));
    }

    /**
     * Moves occurrence {@code index} of series {@code uid} (shape {@code event}) by {@code shift}: a new
     * VEVENT with its RECURRENCE-ID, added to the resource.
     */
    public void moveOccurrence(String uid, DemoEvent event, int index, Duration shift) {
        String resource = resourceOf(uid);
        StoredResource stored = caldav.resource(calendar, resource).orElseThrow();
        List<String> lines = unfold(stored.body());
        String stamp = stamp();
        LocalDateTime original = event.occurrence(index);
        List<String> master = masterBlock(lines);
        List<String> override = new ArrayList<>();
        override.add("BEGIN:VEVENT");
        override.add("CREATED:" + stamp);
        override.add("DTSTAMP:" + stamp);
        override.add("LAST-MODIFIED:" + stamp);
        override.add("UID:" + uid);
        override.add(time("RECURRENCE-ID", event, original));
        override.add("SEQUENCE:1");
        override.add(time("DTSTART", event, original.plus(shift)));
        override.add(time("DTEND", event, original.plus(shift).plus(event.length())));
        for (String line : master) {
            String name = nameOf(line);
            if (name.equals("SUMMARY")
                    || name.equals("LOCATION")
                    || name.equals("DESCRIPTION")
                    || name.equals("TRANSP")) {
                override.add(line);
            }
        }
        override.add("END:VEVENT");
        int end = lines.lastIndexOf("END:VCALENDAR");
        lines.addAll(end, override);
        caldav.userPut(calendar, resource, fold(lines));
    }

    /** Deletes series {@code uid}. */
    public void delete(String uid) {
        caldav.userDelete(calendar, resourceOf(uid));
    }

    /** The SEQUENCE of the master of series {@code uid} as stored. */
    public int sequence(String uid) {
        for (String line : masterBlock(
                unfold(caldav.resource(calendar, resourceOf(uid)).orElseThrow().body()))) {
            if (nameOf(line).equals("SEQUENCE")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }

    /** A line-level edit of the master VEVENT of a stored resource. */
    private interface MasterEdit {
        void apply(List<String> masterLines);
    }

    private void edit(String uid, boolean bumpSequence, MasterEdit change) {
        String resource = resourceOf(uid);
        StoredResource stored = caldav.resource(calendar, resource).orElseThrow();
        List<String> lines = unfold(stored.body());
        int[] range = masterRange(lines);
        List<String> master = new ArrayList<>(lines.subList(range[0], range[1] + 1));
        change.apply(master);
        String stamp = stamp();
        setProperty(master, "DTSTAMP", "DTSTAMP:" + stamp);
        setProperty(master, "LAST-MODIFIED", "LAST-MODIFIED:" + stamp);
        if (bumpSequence) {
            int sequence = 0;
            for (String line : master) {
                if (nameOf(line).equals("SEQUENCE")) {
                    sequence = Integer.parseInt(
                            line.substring(line.indexOf(':') + 1).trim());
                }
            }
            setProperty(master, "SEQUENCE", "SEQUENCE:" + (sequence + 1));
        }
        List<String> out = new ArrayList<>(lines.subList(0, range[0]));
        out.addAll(master);
        out.addAll(lines.subList(range[1] + 1, lines.size()));
        caldav.userPut(calendar, resource, fold(out));
    }

    private String stamp() {
        return UTC.format(clock.instant().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    /** Replaces every line of property {@code name} in a VEVENT block (its own lines, not its alarms) with {@code line}. */
    private static void setProperty(List<String> block, String name, String line) {
        int depth = 0;
        int at = -1;
        for (int i = 0; i < block.size(); i++) {
            String l = block.get(i);
            if (l.startsWith("BEGIN:")) {
                depth++;
            } else if (l.startsWith("END:")) {
                depth--;
            } else if (depth == 1 && nameOf(l).equals(name)) {
                block.remove(i);
                at = at < 0 ? i : at;
                i--;
            }
        }
        if (at >= 0) {
            block.add(at, line);
        } else {
            insertBeforeEnd(block, List.of(line));
        }
    }

    /** Adds lines to a VEVENT block before its first sub-component (or its END). */
    private static void insertBeforeEnd(List<String> block, List<String> lines) {
        int at = block.size() - 1;
        for (int i = 1; i < block.size() - 1; i++) {
            if (block.get(i).startsWith("BEGIN:")) {
                at = i;
                break;
            }
        }
        block.addAll(at, lines);
    }

    /** The first and last line index of the VEVENT without RECURRENCE-ID. */
    private static int[] masterRange(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("BEGIN:VEVENT")) {
                int depth = 0;
                boolean override = false;
                for (int j = i; j < lines.size(); j++) {
                    String l = lines.get(j);
                    if (l.startsWith("BEGIN:")) {
                        depth++;
                    } else if (l.startsWith("END:")) {
                        depth--;
                        if (depth == 0) {
                            if (!override) {
                                return new int[] {i, j};
                            }
                            i = j;
                            break;
                        }
                    } else if (depth == 1 && nameOf(l).equals("RECURRENCE-ID")) {
                        override = true;
                    }
                }
            }
        }
        throw new IllegalStateException("no master VEVENT");
    }

    private static List<String> masterBlock(List<String> lines) {
        int[] range = masterRange(lines);
        return lines.subList(range[0], range[1] + 1);
    }

    /** The property name of a content line. */
    private static String nameOf(String line) {
        int end = line.length();
        int colon = line.indexOf(':');
        int semicolon = line.indexOf(';');
        if (colon >= 0) {
            end = colon;
        }
        if (semicolon >= 0 && semicolon < end) {
            end = semicolon;
        }
        return line.substring(0, end).toUpperCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------------------------
    // iCalendar text

    /** {@code name} with a time: {@code ;VALUE=DATE}, {@code ;TZID=...} or UTC {@code Z}. */
    static String time(String name, DemoEvent event, LocalDateTime local) {
        if (event.allDay()) {
            return name + ";VALUE=DATE:" + local.toLocalDate().format(DATE);
        }
        if (isUtc(event.zone())) {
            return name + ":" + local.format(LOCAL) + "Z";
        }
        return name + ";TZID=" + event.zone().getId() + ":" + local.format(LOCAL);
    }

    private static boolean isUtc(ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC);
    }

    /** A TEXT value with {@code \ ; ,} and line breaks escaped. */
    static String text(String value) {
        return value.replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\r\n", "\\n")
                .replace("\n", "\\n");
    }

    /**
     * A VTIMEZONE for {@code zone} from the JDK's rules, as Apple writes them: one STANDARD and one
     * DAYLIGHT with a yearly RRULE for a zone with daylight-saving time, one STANDARD otherwise.
     */
    static List<String> vtimezone(ZoneId zone) {
        List<String> out = new ArrayList<>();
        out.add("BEGIN:VTIMEZONE");
        out.add("TZID:" + zone.getId());
        List<ZoneOffsetTransitionRule> rules = zone.getRules().getTransitionRules();
        if (rules.isEmpty()) {
            ZoneOffset offset = zone.getRules().getOffset(Instant.parse("2027-01-01T00:00:00Z"));
            out.add("BEGIN:STANDARD");
            out.add("DTSTART:19700101T000000");
            out.add("TZOFFSETFROM:" + offset(offset));
            out.add("TZOFFSETTO:" + offset(offset));
            out.add("END:STANDARD");
        } else {
            for (ZoneOffsetTransitionRule rule : rules) {
                ZoneOffsetTransition t = rule.createTransition(2007);
                boolean daylight = t.getOffsetAfter().getTotalSeconds()
                        > t.getOffsetBefore().getTotalSeconds();
                String kind = daylight ? "DAYLIGHT" : "STANDARD";
                int indicator = rule.getDayOfMonthIndicator();
                int nth = indicator < 0 || indicator + 6 >= rule.getMonth().maxLength() ? -1 : (indicator - 1) / 7 + 1;
                out.add("BEGIN:" + kind);
                out.add("TZOFFSETFROM:" + offset(t.getOffsetBefore()));
                out.add("RRULE:FREQ=YEARLY;BYMONTH=" + rule.getMonth().getValue() + ";BYDAY=" + nth
                        + rule.getDayOfWeek().name().substring(0, 2));
                out.add("DTSTART:" + t.getDateTimeBefore().format(LOCAL));
                out.add("TZOFFSETTO:" + offset(t.getOffsetAfter()));
                out.add("END:" + kind);
            }
        }
        out.add("END:VTIMEZONE");
        return out;
    }

    private static String offset(ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        int abs = Math.abs(seconds);
        return String.format("%s%02d%02d", seconds < 0 ? "-" : "+", abs / 3600, abs / 60 % 60);
    }

    /** Content lines folded at 75 octets (never inside a UTF-8 sequence), CRLF after each. */
    static String fold(List<String> lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            int octets = 0;
            int limit = 75;
            for (int i = 0; i < line.length(); ) {
                int cp = line.codePointAt(i);
                int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                if (octets + size > limit) {
                    out.append("\r\n ");
                    octets = 1;
                    limit = 75;
                }
                out.appendCodePoint(cp);
                octets += size;
                i += Character.charCount(cp);
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** The content lines of a body, unfolded. */
    static List<String> unfold(String body) {
        List<String> lines = new ArrayList<>();
        for (String raw : body.split("\r\n|\n")) {
            if ((raw.startsWith(" ") || raw.startsWith("\t")) && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + raw.substring(1));
            } else if (!raw.isEmpty()) {
                lines.add(raw);
            }
        }
        return lines;
    }
}
