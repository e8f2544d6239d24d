package dev.calsync.core.spi;

/**
 * The calendar itself cannot be used: wrong credentials (401), access forbidden (403 other than a
 * rate limit), the calendar does not exist (404). Not retried; the pair's sync stops and stores
 * nothing, and the message names the calendar and the request.
 */
public class CalendarAccessException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** @param message the calendar, the request and the status; never a credential */
    public CalendarAccessException(String message) {
        super(message);
    }

    /**
     * @param message the calendar, the request and the status
     * @param cause the underlying failure
     */
    public CalendarAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
