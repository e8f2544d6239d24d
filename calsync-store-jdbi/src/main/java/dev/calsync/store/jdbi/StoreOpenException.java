package dev.calsync.store.jdbi;

import java.util.Objects;

/**
 * A calsync store could not be opened. The message names the database: the SQLite file's path, or
 * the JDBC URL and schema (never a password). Nothing was changed in the database when a subclass
 * says it is not calsync's or is too new; other causes (a database that cannot be reached, a failed
 * migration) carry the underlying error as their cause.
 */
public class StoreOpenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The database that could not be opened, without credentials. */
    private final String location;

    /**
     * @param location the database: a file path or a JDBC URL without credentials
     * @param message what went wrong, naming {@code location}
     * @param cause the underlying error, or null
     */
    public StoreOpenException(String location, String message, Throwable cause) {
        super(message, cause);
        this.location = Objects.requireNonNull(location, "location");
    }

    /** {@return the database that could not be opened: a file path, or a JDBC URL (and schema) without credentials} */
    public String location() {
        return location;
    }
}
