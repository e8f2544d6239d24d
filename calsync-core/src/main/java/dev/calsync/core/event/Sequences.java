package dev.calsync.core.event;

import java.math.BigInteger;

/**
 * iCalendar {@code SEQUENCE} / Google {@code sequence} values as calsync reads them: a missing or
 * unparsable value is 0, negative values are 0, values above {@link Integer#MAX_VALUE} are clamped
 * to it (Google stores an int32; some CalDAV clients write timestamps).
 */
public final class Sequences {
    private Sequences() {}

    /**
     * Clamps {@code value} into {@code [0, Integer.MAX_VALUE]}.
     *
     * @param value any SEQUENCE value
     * @return the clamped value
     */
    public static int clamp(long value) {
        if (value < 0) {
            return 0;
        }
        return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }

    /**
     * Parses a SEQUENCE value of any length; null, blank or non-numeric gives 0.
     *
     * @param raw the property value, or null
     * @return the clamped value, 0 if there is none
     */
    public static int parse(String raw) {
        if (raw == null) {
            return 0;
        }
        String s = raw.trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            BigInteger value = new BigInteger(s);
            if (value.signum() < 0) {
                return 0;
            }
            return value.bitLength() >= 32 ? Integer.MAX_VALUE : value.intValue();
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
