package dev.calsync.core.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Objects;

/**
 * The normalised identity of one occurrence of a recurring series.
 *
 * <p>Every representation of the same occurrence gives the same value: CalDAV's {@code
 * RECURRENCE-ID;TZID=Europe/Berlin:20250330T090000}, its UTC form {@code 20250330T070000Z}, and
 * Google's {@code originalStartTime} {@code {"dateTime":"2025-03-30T09:00:00+02:00"}} (with or
 * without {@code timeZone}) are all {@link AtInstant} {@code 2025-03-30T07:00:00Z}; {@code
 * VALUE=DATE:20250330} and Google's {@code {"date":"2025-03-30"}} are both {@link OnDate}. Floating
 * occurrences (a series without a zone) keep their wall-clock time.
 *
 * <p>Recurrence ids are ordered: dates, then instants, then floating times, each chronologically.
 */
public sealed interface RecurrenceId extends Comparable<RecurrenceId>
        permits RecurrenceId.OnDate, RecurrenceId.AtInstant, RecurrenceId.AtFloating {

    /** The occurrence of an all-day series on {@code date}. */
    record OnDate(LocalDate date) implements RecurrenceId {
        /**
         * Checks the date.
         *
         * @param date the occurrence's date
         * @throws NullPointerException if {@code date} is null
         */
        public OnDate {
            Objects.requireNonNull(date, "date");
        }

        @Override
        public String toString() {
            return date.format(DateTimeFormatter.BASIC_ISO_DATE);
        }
    }

    /** The occurrence of a timed series starting at {@code instant} (whole seconds). */
    record AtInstant(Instant instant) implements RecurrenceId {
        /**
         * Truncates the instant to whole seconds.
         *
         * @param instant the occurrence's original start
         * @throws NullPointerException if {@code instant} is null
         */
        public AtInstant {
            Objects.requireNonNull(instant, "instant");
            instant = instant.truncatedTo(ChronoUnit.SECONDS);
        }

        @Override
        public String toString() {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(EventTime.BASIC_DATE_TIME) + "Z";
        }
    }

    /** The occurrence of a floating series at wall-clock time {@code local}. */
    record AtFloating(LocalDateTime local) implements RecurrenceId {
        /**
         * Truncates the time to whole seconds.
         *
         * @param local the occurrence's original wall-clock start
         * @throws NullPointerException if {@code local} is null
         */
        public AtFloating {
            Objects.requireNonNull(local, "local");
            local = local.truncatedTo(ChronoUnit.SECONDS);
        }

        @Override
        public String toString() {
            return local.format(EventTime.BASIC_DATE_TIME);
        }
    }

    /**
     * Normalises an occurrence's original start time.
     *
     * @param originalStart the occurrence's start before any override moved it
     * @return the normalised recurrence id
     */
    static RecurrenceId of(EventTime originalStart) {
        Objects.requireNonNull(originalStart, "originalStart");
        if (originalStart instanceof EventTime.AllDay d) {
            return new OnDate(d.date());
        }
        if (originalStart instanceof EventTime.Floating f) {
            return new AtFloating(f.local());
        }
        return new AtInstant(originalStart.toInstant(ZoneOffset.UTC));
    }

    /**
     * Normalises a CalDAV {@code RECURRENCE-ID} value with its optional {@code TZID} parameter.
     *
     * @param value the property value
     * @param tzid the TZID parameter, or null
     * @return the normalised recurrence id
     * @throws MalformedEventException if the value or zone is invalid
     */
    static RecurrenceId fromICalendar(String value, String tzid) {
        return of(EventTime.parseICalendar("RECURRENCE-ID", value, tzid));
    }

    /**
     * Normalises Google's {@code originalStartTime} ({@code date}, or {@code dateTime} with an
     * optional {@code timeZone}).
     *
     * @param date the {@code date} field, or null
     * @param dateTime the {@code dateTime} field, or null
     * @param timeZone the {@code timeZone} field, or null
     * @return the normalised recurrence id
     * @throws MalformedEventException if the value is invalid
     */
    static RecurrenceId fromGoogle(String date, String dateTime, String timeZone) {
        return of(EventTime.parseRfc3339("originalStartTime", date, dateTime, timeZone));
    }

    @Override
    default int compareTo(RecurrenceId other) {
        return ORDER.compare(this, other);
    }

    /** The order of {@link #compareTo}. */
    Comparator<RecurrenceId> ORDER = (x, y) -> {
        int byKind = Integer.compare(rank(x), rank(y));
        if (byKind != 0) {
            return byKind;
        }
        if (x instanceof OnDate a && y instanceof OnDate b) {
            return a.date().compareTo(b.date());
        }
        if (x instanceof AtInstant a && y instanceof AtInstant b) {
            return a.instant().compareTo(b.instant());
        }
        return ((AtFloating) x).local().compareTo(((AtFloating) y).local());
    };

    private static int rank(RecurrenceId id) {
        if (id instanceof OnDate) {
            return 0;
        }
        return id instanceof AtInstant ? 1 : 2;
    }
}
