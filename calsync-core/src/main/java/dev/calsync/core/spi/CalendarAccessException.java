package dev.calsync.core.spi;

import java.util.Objects;

/**
 * The calendar itself cannot be used: wrong credentials (401), access forbidden (403 other than a
 * rate limit), the calendar does not exist (404), or the calendar id is not one the provider can
 * use. Not retried; the pair's sync stops and stores nothing, and the message names the calendar and
 * the request. {@link #reason()} says which, for a host that reacts differently (asks for new
 * credentials, tells the user to fix a calendar id).
 */
public class CalendarAccessException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** Why the calendar cannot be used. */
    public enum Reason {
        /** The server refused the credentials (401). */
        CREDENTIALS_REFUSED,
        /** The account may not use this calendar (403). */
        FORBIDDEN,
        /** The calendar does not exist, or is not shared with the account (404, 410). */
        NOT_FOUND,
        /** The calendar id is not one the provider can use (e.g. not a URL on the account's server). */
        INVALID_CALENDAR_ID,
        /** Something else about the calendar; the message says what. */
        OTHER
    }

    /** Why the calendar cannot be used. */
    private final Reason reason;

    /**
     * @param reason why the calendar cannot be used
     * @param message the calendar, the request and the status; never a credential
     */
    public CalendarAccessException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param reason why the calendar cannot be used
     * @param message the calendar, the request and the status; never a credential
     * @param cause the underlying failure
     */
    public CalendarAccessException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @param message the calendar, the request and the status; never a credential */
    public CalendarAccessException(String message) {
        this(Reason.OTHER, message);
    }

    /**
     * @param message the calendar, the request and the status
     * @param cause the underlying failure
     */
    public CalendarAccessException(String message, Throwable cause) {
        this(Reason.OTHER, message, cause);
    }

    /** {@return why the calendar cannot be used} */
    public Reason reason() {
        return reason;
    }
}
