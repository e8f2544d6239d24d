package dev.calsync.caldav.internal;

import dev.calsync.core.spi.TransientProviderException;
import java.time.Duration;
import java.util.Optional;

/**
 * A CalDAV request still failed in a way that may pass after {@link DavClient} spent its attempts:
 * no answer (I/O error, timeout) or a retried status (429, 503, and 5xx on idempotent methods). When
 * the last attempt got an answer, {@link #lastResponse()} holds it, so that a caller can tell, for
 * example, Xandikos's 500 on an unknown sync token from a passing failure.
 */
public class DavTransientException extends TransientProviderException {
    private static final long serialVersionUID = 1L;

    private final transient DavResponse lastResponse;

    /**
     * @param message the request and what failed; never a credential
     * @param retryAfter the server's Retry-After, or null
     * @param lastResponse the last answer, or null if there was none
     * @param cause the underlying I/O failure, or null
     */
    public DavTransientException(String message, Duration retryAfter, DavResponse lastResponse, Throwable cause) {
        super(message, retryAfter, cause);
        this.lastResponse = lastResponse;
    }

    /** The last answer the server gave, if the last attempt got one. */
    public Optional<DavResponse> lastResponse() {
        return Optional.ofNullable(lastResponse);
    }

    /** The status of the last answer, or 0 if the last attempt got none. */
    public int status() {
        return lastResponse == null ? 0 : lastResponse.status();
    }
}
