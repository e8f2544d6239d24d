package dev.calsync.store.jdbi;

/**
 * The file is not a readable SQLite database: random bytes, a truncated or damaged file, a directory,
 * or a file the process may not read. It was not changed.
 */
public class UnreadableDatabaseException extends StoreOpenException {

    private static final long serialVersionUID = 1L;

    /**
     * @param location the file
     * @param message what is wrong with it, naming it
     * @param cause the driver's error, or null
     */
    public UnreadableDatabaseException(String location, String message, Throwable cause) {
        super(location, message, cause);
    }
}
