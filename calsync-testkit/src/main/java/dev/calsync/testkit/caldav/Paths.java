package dev.calsync.testkit.caldav;

import dev.calsync.testkit.internal.PercentDecoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The URL layout. Radicale (CALDAV.md §6.5): principal and calendar home both {@code /<user>/},
 * calendars {@code /<user>/<name>/}. iCloud (§4 #3): principal {@code /<dsid>/principal/} on the
 * discovery host, home {@code /<dsid>/calendars/} on the partition host. Hrefs are percent-encoded
 * per segment as Radicale does (everything but unreserved characters, so {@code @} is {@code %40}).
 */
final class Paths {
    static final String DSID = "1234567890";

    final String principal;
    final String home;

    Paths(CalDavEmulatorOptions options) {
        if (options.crossHostHomeSet()) {
            principal = "/" + DSID + "/principal/";
            home = "/" + DSID + "/calendars/";
        } else {
            principal = "/" + encode(options.username()) + "/";
            home = principal;
        }
    }

    String calendarHref(String name) {
        return home + encode(name) + "/";
    }

    String itemHref(String calendar, String item) {
        return calendarHref(calendar) + encode(item);
    }

    /** Percent-encodes one path segment (UTF-8), keeping only {@code A-Za-z0-9-._~}. */
    static String encode(String segment) {
        StringBuilder b = new StringBuilder();
        for (byte x : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                b.append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** The decoded non-empty segments of a raw path. */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(PercentDecoding.decode(s));
            }
        }
        return out;
    }
}
