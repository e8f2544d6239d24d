package dev.calsync.core.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * A start, end, RDATE, EXDATE or RECURRENCE-ID value in one of the four forms iCalendar knows
 * (RFC 5545 §3.3.4, §3.3.5): an all-day {@linkplain AllDay date}, a local date-time in an IANA
 * {@linkplain Zoned zone}, an absolute {@linkplain Utc UTC} instant, or a {@linkplain Floating
 * floating} local time.
 *
 * <p>Values are truncated to whole seconds (neither iCalendar nor Google carries fractions). A zone
 * that is a fixed offset ({@code UTC}, {@code Etc/GMT+5}, {@code +02:00}) is not a {@code Zoned}
 * time: {@link #of(LocalDateTime, ZoneId)} turns it into a {@code Utc} instant, so that the same
 * moment has one representation.
 */
public sealed interface EventTime permits EventTime.AllDay, EventTime.Zoned, EventTime.Utc, EventTime.Floating {

    /**
     * The instant this time denotes. Floating times and dates are placed in {@code zone}, which
     * stands for "the zone of whoever looks at it" (RFC 5545); a {@code Zoned} or {@code Utc} time
     * ignores it.
     *
     * @param zone the zone a floating time or date is placed in
     * @return the instant
     */
    Instant toInstant(ZoneId zone);

    /** {@return whether this is an all-day date} */
    default boolean isAllDay() {
        return this instanceof AllDay;
    }

    /** An all-day value ({@code VALUE=DATE}, Google {@code "date"}). */
    record AllDay(LocalDate date) implements EventTime {
        /**
         * Checks the date.
         *
         * @param date the date
         * @throws NullPointerException if {@code date} is null
         */
        public AllDay {
            Objects.requireNonNull(date, "date");
        }

        @Override
        public Instant toInstant(ZoneId zone) {
            return date.atStartOfDay(zone).toInstant();
        }

        @Override
        public String toString() {
            return date.format(DateTimeFormatter.BASIC_ISO_DATE);
        }
    }

    /**
     * A local date-time in a region-based time zone ({@code TZID=Europe/Berlin}, Google's {@code
     * timeZone}). Local times that fall in a DST gap or overlap resolve as RFC 5545 §3.3.5 says: a
     * time in a gap is shifted forward by the length of the gap, a time in an overlap takes the
     * earlier offset.
     */
    record Zoned(LocalDateTime local, ZoneId zone) implements EventTime {
        /**
         * Checks the zone and truncates the time to whole seconds.
         *
         * @param local the wall-clock time in {@code zone}
         * @param zone the zone
         * @throws IllegalArgumentException if {@code zone} is a fixed offset; use {@link EventTime#of}
         */
        public Zoned {
            Objects.requireNonNull(local, "local");
            Objects.requireNonNull(zone, "zone");
            if (zone.normalized() instanceof ZoneOffset) {
                throw new IllegalArgumentException("a fixed-offset zone is a UTC instant, not a zoned time: " + zone);
            }
            local = local.truncatedTo(ChronoUnit.SECONDS);
        }

        @Override
        public Instant toInstant(ZoneId ignored) {
            return local.atZone(zone).toInstant();
        }

        @Override
        public String toString() {
            return "TZID=" + zone.getId() + ":" + local.format(BASIC_DATE_TIME);
        }
    }

    /** An absolute instant ({@code 20250101T090000Z}, or a Google dateTime without timeZone). */
    record Utc(Instant instant) implements EventTime {
        /**
         * Truncates the instant to whole seconds.
         *
         * @param instant the instant
         * @throws NullPointerException if {@code instant} is null
         */
        public Utc {
            Objects.requireNonNull(instant, "instant");
            instant = instant.truncatedTo(ChronoUnit.SECONDS);
        }

        @Override
        public Instant toInstant(ZoneId ignored) {
            return instant;
        }

        @Override
        public String toString() {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(BASIC_DATE_TIME) + "Z";
        }
    }

    /** A floating local time: the same wall-clock time in every zone (RFC 5545 §3.3.5 form 1). */
    record Floating(LocalDateTime local) implements EventTime {
        /**
         * Truncates the time to whole seconds.
         *
         * @param local the wall-clock time
         * @throws NullPointerException if {@code local} is null
         */
        public Floating {
            Objects.requireNonNull(local, "local");
            local = local.truncatedTo(ChronoUnit.SECONDS);
        }

        @Override
        public Instant toInstant(ZoneId zone) {
            return local.atZone(zone).toInstant();
        }

        @Override
        public String toString() {
            return local.format(BASIC_DATE_TIME);
        }
    }

    /** {@code yyyyMMdd'T'HHmmss}, iCalendar's basic date-time form. */
    DateTimeFormatter BASIC_DATE_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    /**
     * An all-day date.
     *
     * @param date the date
     * @return an {@link AllDay} value
     */
    static EventTime date(LocalDate date) {
        return new AllDay(date);
    }

    /**
     * An instant in UTC.
     *
     * @param instant the instant
     * @return a {@link Utc} value
     */
    static EventTime utc(Instant instant) {
        return new Utc(instant);
    }

    /**
     * A floating local time.
     *
     * @param local the wall-clock time
     * @return a {@link Floating} value
     */
    static EventTime floating(LocalDateTime local) {
        return new Floating(local);
    }

    /**
     * A local time in {@code zone}; a fixed-offset zone (including {@code UTC}) gives a {@link Utc}
     * instant instead of a {@link Zoned} time.
     *
     * @param local the wall-clock time
     * @param zone the zone
     * @return a {@link Zoned} time, or a {@link Utc} instant for a fixed-offset zone
     */
    static EventTime of(LocalDateTime local, ZoneId zone) {
        Objects.requireNonNull(local, "local");
        ZoneId normalized = Objects.requireNonNull(zone, "zone").normalized();
        if (normalized instanceof ZoneOffset offset) {
            return new Utc(local.toInstant(offset));
        }
        return new Zoned(local, zone);
    }

    /**
     * Parses an iCalendar value: {@code yyyyMMdd} (a DATE), {@code yyyyMMdd'T'HHmmss'Z'} (UTC),
     * {@code yyyyMMdd'T'HHmmss} with a {@code tzid} (zoned) or without one (floating).
     *
     * @param property the property's name, for the error message ({@code DTSTART}, {@code
     *     RECURRENCE-ID}, ...)
     * @param value the property value
     * @param tzid the TZID parameter, or null; resolved with {@link TimeZones#resolve}
     * @return the time
     * @throws MalformedEventException naming {@code property} if the value or zone is not valid
     */
    static EventTime parseICalendar(String property, String value, String tzid) {
        Objects.requireNonNull(property, "property");
        if (value == null || value.isBlank()) {
            throw new MalformedEventException(property, "missing value");
        }
        String v = value.trim();
        try {
            if (v.length() == 8) {
                return new AllDay(LocalDate.parse(v, DateTimeFormatter.BASIC_ISO_DATE));
            }
            if (v.endsWith("Z") || v.endsWith("z")) {
                LocalDateTime local = LocalDateTime.parse(v.substring(0, v.length() - 1), BASIC_DATE_TIME);
                return new Utc(local.toInstant(ZoneOffset.UTC));
            }
            LocalDateTime local = LocalDateTime.parse(v, BASIC_DATE_TIME);
            if (tzid == null || tzid.isBlank()) {
                return new Floating(local);
            }
            return of(local, TimeZones.resolve(property, tzid));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(property, "not an iCalendar date or date-time: '" + v + "'", e);
        }
    }

    /**
     * Parses Google's {@code EventDateTime} ({@code start}, {@code end}, {@code originalStartTime}):
     * either {@code date} ({@code yyyy-MM-dd}) or {@code dateTime} (RFC 3339), with an optional IANA
     * {@code timeZone}. With a time zone the result is the local time in that zone (unless the instant
     * falls in the second half of a DST overlap, which a local time cannot name: then the instant);
     * without one it is the instant the offset denotes.
     *
     * @param field the field's name for error messages ({@code start}, {@code originalStartTime})
     * @param date the {@code date} field, or null
     * @param dateTime the {@code dateTime} field, or null
     * @param timeZone the {@code timeZone} field, or null
     * @return the time
     * @throws MalformedEventException if neither or both of date and dateTime are set, or a value or
     *     zone is invalid
     */
    static EventTime parseRfc3339(String field, String date, String dateTime, String timeZone) {
        Objects.requireNonNull(field, "field");
        boolean hasDate = date != null && !date.isBlank();
        boolean hasDateTime = dateTime != null && !dateTime.isBlank();
        if (hasDate == hasDateTime) {
            throw new MalformedEventException(field, "exactly one of date and dateTime must be set");
        }
        try {
            if (hasDate) {
                return new AllDay(LocalDate.parse(date.trim()));
            }
            Instant instant = OffsetDateTime.parse(dateTime.trim()).toInstant();
            if (timeZone == null || timeZone.isBlank()) {
                return new Utc(instant);
            }
            ZoneId zone = TimeZones.resolve(field, timeZone);
            LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
            EventTime zoned = of(local, zone);
            // In the second half of a DST overlap the local time names an earlier instant (RFC 5545
            // takes the earlier offset), so the zoned form cannot say it: keep the exact instant.
            return zoned.toInstant(zone).equals(instant.truncatedTo(ChronoUnit.SECONDS)) ? zoned : new Utc(instant);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(field, "not an RFC 3339 value: '" + (hasDate ? date : dateTime) + "'", e);
        } catch (DateTimeException e) {
            throw new MalformedEventException(field, e.getMessage(), e);
        }
    }
}
