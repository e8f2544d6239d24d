package dev.calsync.store.jdbi.internal;

import dev.calsync.core.event.RecurrenceId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * The {@code recurrence_id} column: a canonical string for each {@link RecurrenceId}, and {@code
 * ""} for none (a master or single event; the column is part of the primary key, so never NULL).
 *
 * <ul>
 *   <li>{@link RecurrenceId.OnDate}: {@code D:2030-01-31}
 *   <li>{@link RecurrenceId.AtInstant}: {@code I:2030-01-31T07:00:00Z} (UTC, whole seconds)
 *   <li>{@link RecurrenceId.AtFloating}: {@code L:2030-01-31T09:00:00} (wall-clock time)
 * </ul>
 *
 * <p>Each value has exactly one encoding, and decoding refuses anything else, so equal keys are equal
 * strings. For years 0000 to 9999 the strings sort as {@link RecurrenceId} does: "" first, then
 * dates, instants and floating times ({@code D < I < L}), each chronologically.
 */
public final class RecurrenceIdCodec {

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);

    private RecurrenceIdCodec() {}

    /** The column value of {@code id}; {@code ""} for null. */
    public static String encode(RecurrenceId id) {
        if (id == null) {
            return "";
        }
        if (id instanceof RecurrenceId.OnDate d) {
            return "D:" + d.date().format(DateTimeFormatter.ISO_LOCAL_DATE);
        }
        if (id instanceof RecurrenceId.AtInstant i) {
            // Instant.toString prints whole seconds without a fraction, over Instant's whole range.
            return "I:" + i.instant();
        }
        return "L:" + ((RecurrenceId.AtFloating) id).local().format(LOCAL);
    }

    /**
     * The recurrence id of a column value; null for {@code ""}.
     *
     * @throws IllegalArgumentException if {@code value} is not an encoding {@link #encode} gives
     */
    public static RecurrenceId decode(String value) {
        if (value == null) {
            throw new IllegalArgumentException("recurrence_id is NULL; a master is stored as ''");
        }
        if (value.isEmpty()) {
            return null;
        }
        RecurrenceId id;
        try {
            String body = value.substring(2);
            if (value.startsWith("D:")) {
                id = new RecurrenceId.OnDate(LocalDate.parse(body, DateTimeFormatter.ISO_LOCAL_DATE));
            } else if (value.startsWith("I:")) {
                id = new RecurrenceId.AtInstant(Instant.parse(body));
            } else if (value.startsWith("L:")) {
                id = new RecurrenceId.AtFloating(LocalDateTime.parse(body, LOCAL));
            } else {
                throw new IllegalArgumentException("not a calsync recurrence_id: '" + value + "'");
            }
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a calsync recurrence_id: '" + value + "'", e);
        }
        if (!encode(id).equals(value)) {
            throw new IllegalArgumentException("not the canonical form of a calsync recurrence_id: '" + value
                    + "' (expected '" + encode(id) + "')");
        }
        return id;
    }
}
