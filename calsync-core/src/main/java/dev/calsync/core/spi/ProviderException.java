package dev.calsync.core.spi;

/**
 * A calendar service failed on one request. {@link TransientProviderException}s are retried; a
 * {@link CalendarAccessException} stops the pair's sync; any other failure of a write parks that
 * series in the retry queue. Messages name the calendar and the request, never a credential.
 */
public class ProviderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed: the calendar, the request (method and path, no credentials or
     *     tokens) and the status
     */
    public ProviderException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying failure
     */
    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
