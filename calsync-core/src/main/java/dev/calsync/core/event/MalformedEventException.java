package dev.calsync.core.event;

import java.util.Objects;

/**
 * Thrown when event data cannot be represented in calsync's model: an unknown time zone, an
 * unparsable date, an end before its start, a missing UID. The message names the offending field
 * and value, so that a provider can quarantine the item and report why; it never contains the
 * whole event body.
 */
public final class MalformedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The property that was wrong. */
    private final String field;

    /**
     * @param field the property that was wrong, in iCalendar or Google terms (e.g. {@code DTSTART},
     *     {@code RECURRENCE-ID}, {@code originalStartTime})
     * @param message what was wrong with it
     */
    public MalformedEventException(String field, String message) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(message, "message"));
        this.field = field;
    }

    /**
     * @param field the property that was wrong
     * @param message what was wrong with it
     * @param cause the parser's exception
     */
    public MalformedEventException(String field, String message, Throwable cause) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(message, "message"), cause);
        this.field = field;
    }

    /** {@return the property that was wrong, e.g. {@code DTSTART}} */
    public String field() {
        return field;
    }
}
