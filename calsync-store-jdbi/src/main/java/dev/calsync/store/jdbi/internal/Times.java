package dev.calsync.store.jdbi.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How the store keeps times: to the microsecond (PostgreSQL's {@code timestamptz} precision; finer
 * parts are truncated), between the years 1 and 9999. On SQLite a time is ISO-8601 UTC text of
 * fixed width, {@code 2030-01-31T07:00:00.000000Z}, which sorts as the times do.
 */
public final class Times {

    /** The earliest time the store keeps. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

    /** The latest time the store keeps. */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static final DateTimeFormatter TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {}

    /**
     * {@code t} as stored: truncated to microseconds.
     *
     * @throws IllegalArgumentException if {@code t} is outside the years 1 to 9999
     */
    public static Instant stored(String field, Instant t) {
        if (t == null) {
            return null;
        }
        if (t.isBefore(MIN) || t.isAfter(MAX)) {
            throw new IllegalArgumentException(
                    field + " " + t + " is outside the times the store keeps (" + MIN + " to " + MAX + ")");
        }
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    /** A query bound: truncated to microseconds and clamped to the stored range. */
    public static Instant bound(Instant t) {
        if (t.isBefore(MIN)) {
            return MIN;
        }
        if (t.isAfter(MAX)) {
            return MAX;
        }
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    /** The SQLite text of a stored time. */
    public static String toText(Instant stored) {
        return TEXT.format(stored);
    }

    /**
     * The time of SQLite text.
     *
     * @throws java.time.format.DateTimeParseException if it is not such text
     */
    public static Instant fromText(String text) {
        return Instant.parse(text);
    }
}
