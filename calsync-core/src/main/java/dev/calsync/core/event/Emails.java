package dev.calsync.core.event;

import java.util.Locale;

/** Normalises calendar user addresses: {@code MAILTO:Ann@Example.org} and {@code ann@example.org} are one person. */
final class Emails {
    private Emails() {}

    static String normalize(String address) {
        if (address == null) {
            return null;
        }
        String a = address.trim();
        if (a.regionMatches(true, 0, "mailto:", 0, 7)) {
            a = a.substring(7);
        }
        return a.isEmpty() ? null : a.toLowerCase(Locale.ROOT);
    }
}
