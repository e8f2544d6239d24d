package dev.calsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Edits by the users of both calendars with the fields the conflict rule reads under the test's
 * control: on CalDAV, the title with SEQUENCE raised or kept and LAST-MODIFIED set (as a phone that
 * edited offline uploads it later); on Google, the title and, if asked, the time (Google raises
 * {@code sequence} for a new time on its own).
 */
final class ConcurrentUsers {
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ConcurrentUsers() {}

    /**
     * Sets the title of the master of series {@code uid} on CalDAV, raises its SEQUENCE by {@code
     * sequenceRaise}, stamps LAST-MODIFIED {@code lastModified} and DTSTAMP now; PUT with If-Match.
     */
    static void editOnCalDav(World world, String uid, String title, int sequenceRaise, Instant lastModified) {
        DavUser user = world.davUser();
        String name = user.resourceOf(uid);
        DavUser.Resource stored = user.get(name).orElseThrow(() -> new IllegalStateException("no " + uid));
        List<String> lines =
                new ArrayList<>(Arrays.asList(DavUser.unfold(stored.body()).split("\r?\n")));
        int[] master = masterBlock(lines);
        int sequence = Integer.parseInt(property(lines, master, "SEQUENCE", "0"));
        setProperty(lines, master, "SUMMARY", escapeText(title));
        setProperty(lines, master, "SEQUENCE", Integer.toString(sequence + sequenceRaise));
        setProperty(lines, master, "LAST-MODIFIED", UTC.format(lastModified.truncatedTo(ChronoUnit.SECONDS)));
        setProperty(lines, master, "DTSTAMP", UTC.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        int status = user.put(name, String.join("\r\n", lines) + "\r\n", stored.etag());
        if (status != 204 && status != 200 && status != 201) {
            throw new IllegalStateException("PUT " + name + " answered " + status);
        }
    }

    /**
     * Sets the title of series {@code uid} on Google and moves it by {@code shift} (zero: not moved),
     * as a user in Google's UI does.
     */
    static void editOnGoogle(World world, String uid, String title, Duration shift) {
        String id = world.googleUser().eventIdOf(uid);
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.put("summary", title);
        if (!shift.isZero()) {
            ObjectNode current = world.google().event(World.GOOGLE_CALENDAR, id).orElseThrow();
            patch.set("start", shifted(current.path("start"), shift));
            patch.set("end", shifted(current.path("end"), shift));
        }
        world.google().userPatch(World.GOOGLE_CALENDAR, id, patch);
    }

    private static ObjectNode shifted(JsonNode time, Duration shift) {
        if (!time.hasNonNull("dateTime")) {
            throw new IllegalArgumentException("only timed events are moved: " + time);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        OffsetDateTime at = OffsetDateTime.parse(time.path("dateTime").asText()).plus(shift);
        out.put("dateTime", at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        if (time.hasNonNull("timeZone")) {
            out.put("timeZone", time.path("timeZone").asText());
        }
        return out;
    }

    /** The first and last line of the VEVENT without RECURRENCE-ID. */
    private static int[] masterBlock(List<String> lines) {
        int begin = -1;
        boolean override = false;
        int depth = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.equals("BEGIN:VEVENT")) {
                begin = i;
                override = false;
                depth = 1;
            } else if (begin >= 0 && l.startsWith("BEGIN:")) {
                depth++;
            } else if (begin >= 0 && l.equals("END:VEVENT") && depth == 1) {
                if (!override) {
                    return new int[] {begin, i};
                }
                begin = -1;
            } else if (begin >= 0 && l.startsWith("END:")) {
                depth--;
            } else if (begin >= 0 && depth == 1 && nameOf(l).equals("RECURRENCE-ID")) {
                override = true;
            }
        }
        throw new IllegalStateException("no master VEVENT");
    }

    private static String property(List<String> lines, int[] block, String name, String absent) {
        int depth = 0;
        for (int i = block[0] + 1; i < block[1]; i++) {
            String l = lines.get(i);
            depth += l.startsWith("BEGIN:") ? 1 : l.startsWith("END:") ? -1 : 0;
            if (depth == 0 && nameOf(l).equals(name)) {
                return l.substring(l.indexOf(':') + 1).trim();
            }
        }
        return absent;
    }

    /** Replaces property {@code name} of the block (not of its alarms), or adds it before the block's end. */
    private static void setProperty(List<String> lines, int[] block, String name, String value) {
        int depth = 0;
        for (int i = block[0] + 1; i < block[1]; i++) {
            String l = lines.get(i);
            depth += l.startsWith("BEGIN:") ? 1 : l.startsWith("END:") ? -1 : 0;
            if (depth == 0 && nameOf(l).equals(name)) {
                lines.set(i, name + ":" + value);
                return;
            }
        }
        lines.add(block[1], name + ":" + value);
        block[1]++;
    }

    /** RFC 5545 TEXT: backslash, semicolon, comma and newline escaped. */
    private static String escapeText(String text) {
        return text.replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\n", "\\n");
    }

    private static String nameOf(String line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != ':' && line.charAt(end) != ';') {
            end++;
        }
        return line.substring(0, end).toUpperCase(Locale.ROOT);
    }
}
