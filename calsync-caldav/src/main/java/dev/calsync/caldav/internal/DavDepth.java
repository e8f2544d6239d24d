package dev.calsync.caldav.internal;

/** The WebDAV {@code Depth} header (RFC 4918 §10.2). */
public enum DavDepth {
    /** The resource itself. */
    ZERO("0"),
    /** The resource and its members. */
    ONE("1"),
    /** Everything below; servers may refuse it on PROPFIND. */
    INFINITY("infinity");

    private final String header;

    DavDepth(String header) {
        this.header = header;
    }

    /** The header value: {@code 0}, {@code 1} or {@code infinity}. */
    public String header() {
        return header;
    }
}
