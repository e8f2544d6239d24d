package dev.calsync.store.jdbi;

/**
 * The store was opened without migrating ({@link JdbiMappingStore.Migration#REQUIRE_CURRENT}) and
 * the database's schema is older than this calsync's, or absent. Nothing was changed; run {@link
 * JdbiMappingStore#migrate(javax.sql.DataSource)} (or open with {@link
 * JdbiMappingStore.Migration#APPLY}) first.
 */
public class OutdatedSchemaException extends StoreOpenException {

    private static final long serialVersionUID = 1L;

    /** The database's schema version, or null if it has no calsync schema. */
    private final String foundVersion;
    /** The schema version this calsync needs. */
    private final String knownVersion;

    /**
     * @param location the database
     * @param message the versions, naming the database
     * @param foundVersion the database's schema version, or null if it has no calsync schema
     * @param knownVersion the schema version this calsync needs
     */
    public OutdatedSchemaException(String location, String message, String foundVersion, String knownVersion) {
        super(location, message, null);
        this.foundVersion = foundVersion;
        this.knownVersion = knownVersion;
    }

    /** {@return the database's schema version, or null if it has no calsync schema at all} */
    public String foundVersion() {
        return foundVersion;
    }

    /** {@return the schema version this calsync needs} */
    public String knownVersion() {
        return knownVersion;
    }
}
