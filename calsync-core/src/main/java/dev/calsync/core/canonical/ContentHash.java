package dev.calsync.core.canonical;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of a {@link CanonicalForm}, as 64 lower-case hex digits. Equal meaning gives an equal
 * hash; a change to any mapped field gives a different one. Stored in mappings to tell whether a
 * side changed since the last sync; an ETag change alone is not a change.
 *
 * <p>The hash of a component and the hash of a series are different things (see {@link
 * CanonicalForm#of(EventSeries)}) and are never compared with each other.
 *
 * @param value 64 lower-case hex digits
 */
public record ContentHash(String value) {

    /** @throws IllegalArgumentException if {@code value} is not 64 lower-case hex digits */
    public ContentHash {
        Objects.requireNonNull(value, "value");
        if (!value.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + value);
        }
    }

    /** The hash of one component. */
    public static ContentHash of(EventComponent component) {
        return ofCanonical(CanonicalForm.of(component));
    }

    /** The hash of a whole series. */
    public static ContentHash of(EventSeries series) {
        return ofCanonical(CanonicalForm.of(series));
    }

    private static ContentHash ofCanonical(String canonical) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return new ContentHash(HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
