package dev.calsync.bench.vdir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reduces calendar resources to what the correctness check compares: per UID, its VEVENTs (the
 * master and every RECURRENCE-ID override), each as the sorted set of its properties with sorted
 * parameters. Left out, as they may legitimately differ between a copy and its original: DTSTAMP,
 * PRODID, SEQUENCE, CREATED, LAST-MODIFIED, {@code X-} properties, and the VTIMEZONE components
 * (the TZID parameters that refer to them are compared). A default {@code VALUE=DATE-TIME}
 * parameter is dropped, and so are {@code TRANSP:OPAQUE} (the default of RFC 5545) and {@code
 * STATUS:CONFIRMED} (calsync writes both explicitly; an event without STATUS is taken as confirmed
 * by every client).
 */
final class IcsNormalizer {
    private static final Set<String> IGNORED = Set.of("DTSTAMP", "PRODID", "SEQUENCE", "CREATED", "LAST-MODIFIED");
    private static final Set<String> DEFAULTS = Set.of("TRANSP:OPAQUE", "STATUS:CONFIRMED");

    private IcsNormalizer() {}

    /** UID to the normalised VEVENTs of every resource; a UID in two resources is merged (and shows as a difference). */
    static Map<String, String> byUid(Collection<String> resources) {
        Map<String, List<String>> components = new TreeMap<>();
        for (String ics : resources) {
            for (List<String> vevent : vevents(ics)) {
                String uid = vevent.stream()
                        .filter(l -> l.startsWith("UID:"))
                        .findFirst()
                        .map(l -> l.substring(4))
                        .orElse("(no UID)");
                components.computeIfAbsent(uid, k -> new ArrayList<>()).add(String.join("\n", new TreeSet<>(vevent)));
            }
        }
        Map<String, String> out = new TreeMap<>();
        components.forEach((uid, list) -> {
            list.sort(null);
            out.put(uid, String.join("\n--\n", list));
        });
        return out;
    }

    /**
     * The differences between two calendars' normalised contents, at most {@code limit} described.
     *
     * @return empty when they agree
     */
    static List<String> differences(Map<String, String> a, Map<String, String> b, int limit) {
        List<String> out = new ArrayList<>();
        Set<String> uids = new TreeSet<>(a.keySet());
        uids.addAll(b.keySet());
        int count = 0;
        for (String uid : uids) {
            String x = a.get(uid);
            String y = b.get(uid);
            if (x != null && x.equals(y)) {
                continue;
            }
            count++;
            if (out.size() < limit) {
                out.add(
                        x == null
                                ? "only on B: " + uid
                                : y == null ? "only on A: " + uid : uid + " differs:\nA: " + x + "\nB: " + y);
            }
        }
        if (count > out.size()) {
            out.add("... " + (count - out.size()) + " more");
        }
        return out;
    }

    /** The VEVENTs of one resource, each as its normalised property lines. */
    static List<List<String>> vevents(String ics) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = null;
        int depth = 0; // nesting inside the VEVENT (VALARM)
        for (String line : unfold(ics)) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (current == null) {
                if (upper.equals("BEGIN:VEVENT")) {
                    current = new ArrayList<>();
                }
                continue;
            }
            if (upper.equals("END:VEVENT") && depth == 0) {
                out.add(current);
                current = null;
            } else if (upper.startsWith("BEGIN:")) {
                depth++;
                current.add(line);
            } else if (upper.startsWith("END:")) {
                depth--;
                current.add(line);
            } else {
                String normalised = normalise(line);
                if (normalised != null) {
                    current.add(normalised);
                }
            }
        }
        return out;
    }

    /** One content line with sorted parameters, or null if it is left out. */
    static String normalise(String line) {
        int colon = valueColon(line);
        if (colon < 0) {
            return line;
        }
        String[] head = line.substring(0, colon).split(";");
        String name = head[0].toUpperCase(Locale.ROOT);
        if (IGNORED.contains(name) || name.startsWith("X-")) {
            return null;
        }
        List<String> params = new ArrayList<>(Arrays.asList(head).subList(1, head.length));
        params.removeIf(p -> p.equalsIgnoreCase("VALUE=DATE-TIME"));
        params.replaceAll(p -> {
            int eq = p.indexOf('=');
            return eq < 0 ? p : p.substring(0, eq).toUpperCase(Locale.ROOT) + p.substring(eq);
        });
        params.sort(null);
        StringBuilder sb = new StringBuilder(name);
        params.forEach(p -> sb.append(';').append(p));
        String value = line.substring(colon + 1);
        if (name.equals("RRULE") || name.equals("EXRULE")) {
            // The parts of a rule are unordered (RFC 5545 §3.3.10): INTERVAL=2;COUNT=8 is COUNT=8;INTERVAL=2.
            List<String> parts =
                    new ArrayList<>(Arrays.asList(value.toUpperCase(Locale.ROOT).split(";")));
            parts.sort(null);
            value = String.join(";", parts);
        }
        String out = sb.append(':').append(value).toString();
        return DEFAULTS.contains(out) ? null : out;
    }

    /** The colon that ends the name and parameters (not one inside a quoted parameter value). */
    private static int valueColon(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> unfold(String ics) {
        List<String> out = new ArrayList<>();
        for (String raw : ics.split("\r?\n")) {
            if (!raw.isEmpty() && (raw.charAt(0) == ' ' || raw.charAt(0) == '\t') && !out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + raw.substring(1));
            } else if (!raw.isEmpty()) {
                out.add(raw);
            }
        }
        return out;
    }
}
