package dev.calsync.store.jdbi;

import java.util.Objects;

/**
 * A database error inside a store transaction: the connection failed, a statement failed, or the
 * commit did not go through. The transaction was rolled back (or never committed). The message
 * names the store and what it was doing; the cause is the driver's error.
 */
public class StoreAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The database, without credentials. */
    private final String location;

    /**
     * @param location the database: a file path or a JDBC URL without credentials
     * @param what what the store was doing, e.g. {@code "store mapping"}
     * @param cause the driver's (or jdbi's) error
     */
    public StoreAccessException(String location, String what, Throwable cause) {
        super("calsync store " + location + ": " + what + " failed: " + cause.getMessage(), cause);
        this.location = Objects.requireNonNull(location, "location");
    }

    /** {@return the database: a file path, or a JDBC URL (and schema) without credentials} */
    public String location() {
        return location;
    }
}
