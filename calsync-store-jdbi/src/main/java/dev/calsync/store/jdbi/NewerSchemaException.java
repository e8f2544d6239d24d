package dev.calsync.store.jdbi;

/**
 * The database was migrated by a newer calsync than this one: its schema history names a version
 * this calsync does not know. calsync refuses to open it rather than use or alter a schema it does
 * not understand, and changed nothing. Upgrade calsync.
 */
public class NewerSchemaException extends StoreOpenException {

    private static final long serialVersionUID = 1L;

    /** The database's schema version. */
    private final String foundVersion;
    /** The newest schema version this calsync knows. */
    private final String knownVersion;

    /**
     * @param location the database
     * @param message the versions, naming the database
     * @param foundVersion the database's schema version
     * @param knownVersion the newest schema version this calsync knows
     */
    public NewerSchemaException(String location, String message, String foundVersion, String knownVersion) {
        super(location, message, null);
        this.foundVersion = foundVersion;
        this.knownVersion = knownVersion;
    }

    /** {@return the database's schema version} */
    public String foundVersion() {
        return foundVersion;
    }

    /** {@return the newest schema version this calsync knows} */
    public String knownVersion() {
        return knownVersion;
    }
}
