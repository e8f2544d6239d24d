package dev.calsync.store.jdbi.internal;

import java.util.Locale;

/** Enumerations as stored: their names in lower case ({@code ACTIVE} is {@code 'active'}). */
public final class Codes {
    private Codes() {}

    /** The column value of {@code value}, or null. */
    public static String encode(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} stored as {@code code}, or null for null.
     *
     * @throws IllegalArgumentException if no constant has that code
     */
    public static <E extends Enum<E>> E decode(Class<E> type, String code) {
        if (code == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(code)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " code in the database: '" + code + "'");
    }
}
