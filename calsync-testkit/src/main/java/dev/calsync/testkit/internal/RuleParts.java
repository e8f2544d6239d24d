package dev.calsync.testkit.internal;

import java.util.Locale;

/**
 * An RRULE value split into the bounds the emulators apply themselves ({@code COUNT}, {@code
 * UNTIL}) and the rest, which they hand to ical4j's {@code Recur}.
 *
 * @param count the COUNT, or -1 when there is none
 * @param until the UNTIL value as written, or null
 * @param rest every other part, in order, joined with {@code ;}
 */
public record RuleParts(int count, String until, String rest) {

    /**
     * Splits an RRULE value ({@code FREQ=DAILY;COUNT=3}); blank parts are dropped.
     *
     * @throws NumberFormatException if COUNT is not a number
     */
    public static RuleParts of(String value) {
        int count = -1;
        String until = null;
        StringBuilder rest = new StringBuilder();
        for (String part : value.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String upper = part.toUpperCase(Locale.ROOT);
            if (upper.startsWith("COUNT=")) {
                count = Integer.parseInt(part.substring(6).trim());
            } else if (upper.startsWith("UNTIL=")) {
                until = part.substring(6).trim();
            } else {
                if (rest.length() > 0) {
                    rest.append(';');
                }
                rest.append(part);
            }
        }
        return new RuleParts(count, until, rest.toString());
    }
}
