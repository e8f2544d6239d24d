package dev.calsync.caldav.internal;

import java.util.Objects;

/**
 * An entity tag exactly as the server sent it, quotes included ({@code "abc"}, or {@code W/"abc"}
 * for a weak one). Compare ETags with {@link #equals} only, byte for byte; send {@link #value()}
 * verbatim in {@code If-Match}. A weak ETag cannot be used in {@code If-Match} (RFC 4918 §8.6; both
 * Radicale and Xandikos answer 412): after a write that returned none or a weak one, read the
 * resource's {@code getetag} again.
 *
 * @param value the tag as sent, never blank
 */
public record DavETag(String value) {

    /** @throws IllegalArgumentException if the value is blank */
    public DavETag {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("an ETag cannot be blank");
        }
    }

    /** The ETag for a header or property value as sent; null if the value is null or blank. */
    public static DavETag of(String value) {
        return value == null || value.isBlank() ? null : new DavETag(value.strip());
    }

    /** Whether the tag is weak ({@code W/} prefix). */
    public boolean weak() {
        return value.startsWith("W/");
    }

    /** Whether the tag can be sent in {@code If-Match}: strong, and not {@code *}. */
    public boolean usableForIfMatch() {
        return !weak() && !value.equals("*");
    }

    @Override
    public String toString() {
        return value;
    }
}
