package dev.calsync.caldav.internal;

import dev.calsync.core.spi.ProviderException;

/**
 * A CalDAV server (or something posing as one) answered in a way the protocol does not allow: a body
 * that is not XML, a DOCTYPE (refused outright: no DTDs, no entities), the wrong root element, a
 * redirect or href to a host credentials may not go to, too many redirects, a body over the size cap.
 * Not retried. Messages name the request and what was wrong, never a credential.
 */
public class DavProtocolException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, with the request it was wrong in */
    public DavProtocolException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong, with the request it was wrong in
     * @param cause the underlying failure
     */
    public DavProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
