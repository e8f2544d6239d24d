package dev.calsync.core.canonical;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.RecurrenceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

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

    /**
     * Checks the digits.
     *
     * @param value 64 lower-case hex digits
     * @throws IllegalArgumentException if {@code value} is not 64 lower-case hex digits
     */
    public ContentHash {
        Objects.requireNonNull(value, "value");
        if (!isHexDigest(value)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + value);
        }
    }

    private static boolean isHexDigest(String value) {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return the hash of one component}
     *
     * @param component the component
     */
    public static ContentHash of(EventComponent component) {
        return ofCanonical(CanonicalForm.of(component));
    }

    /**
     * {@return the hash of a whole series}
     *
     * @param series the series
     */
    public static ContentHash of(EventSeries series) {
        return ofCanonical(CanonicalForm.of(series));
    }

    /**
     * The hash standing for "this occurrence is cancelled", whichever way the side said so (an
     * EXDATE, a cancelled override, a cancelled Google instance).
     *
     * @param key the occurrence's key
     * @return the hash
     * @throws IllegalArgumentException if {@code key} is not an occurrence
     */
    public static ContentHash ofCancelledOccurrence(EventKey key) {
        if (!key.isOccurrence()) {
            throw new IllegalArgumentException("not an occurrence: " + key);
        }
        return ofCanonical("CANCELLED-OCCURRENCE:" + key.uid().length() + ":" + key.uid() + ":" + key.recurrenceId());
    }

    /**
     * The hash of every part of a series, by key, after {@linkplain EventSeries#normalized()
     * normalising} it: the master (without EXDATEs), each override, and each cancelled occurrence
     * ({@link #ofCancelledOccurrence}). Two sides hold the same series exactly when these maps are
     * equal; a side changed since the last sync exactly when its map differs from the one recorded.
     *
     * @param series the series
     * @return the hashes by key
     */
    public static SortedMap<EventKey, ContentHash> perComponent(EventSeries series) {
        // The engine asks for the same series' hashes several times while deciding one step (its
        // state, its version, the written result): the few last series seen on this thread are
        // answered from memory. Series are immutable, so the same instance has the same hashes.
        Object[] recent = RECENT.get();
        for (int i = 0; i < recent.length; i += 2) {
            if (recent[i] == series) {
                @SuppressWarnings("unchecked")
                SortedMap<EventKey, ContentHash> known = (SortedMap<EventKey, ContentHash>) recent[i + 1];
                return known;
            }
        }
        SortedMap<EventKey, ContentHash> hashes = computePerComponent(series);
        System.arraycopy(recent, 0, recent, 2, recent.length - 2);
        recent[0] = series;
        recent[1] = hashes;
        return hashes;
    }

    /** The last few series {@link #perComponent} hashed on this thread, and their hashes. */
    private static final ThreadLocal<Object[]> RECENT = ThreadLocal.withInitial(() -> new Object[8]);

    private static SortedMap<EventKey, ContentHash> computePerComponent(EventSeries series) {
        EventSeries normalized = series.normalized();
        SortedMap<EventKey, ContentHash> hashes = new TreeMap<>();
        for (EventComponent c : normalized.components()) {
            hashes.put(c.key(), of(c));
        }
        for (RecurrenceId cancelled : normalized.cancelledOccurrences()) {
            EventKey key = EventKey.occurrence(normalized.uid(), cancelled);
            hashes.putIfAbsent(key, ofCancelledOccurrence(key));
        }
        return Collections.unmodifiableSortedMap(hashes);
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
