package dev.calsync.store.jdbi.internal;

import dev.calsync.store.jdbi.ForeignDatabaseException;
import dev.calsync.store.jdbi.NewerSchemaException;
import dev.calsync.store.jdbi.OutdatedSchemaException;
import dev.calsync.store.jdbi.StoreOpenException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * calsync's schema: checking a database before touching it, and migrating it with Flyway. The
 * migrations are SQL files under {@code db/calsync/migration/{sqlite,postgresql}} in this jar; the
 * history table is {@value Dialect#HISTORY_TABLE}, so a host application's own Flyway history never
 * collides with calsync's.
 */
public final class Migrations {

    /** The newest schema version this calsync knows. */
    public static final String LATEST = "2";

    private Migrations() {}

    /**
     * The calsync schema version of the database at the other end of {@code connection}, or null if
     * it has no calsync schema yet.
     *
     * @param ownsDatabase whether calsync owns the whole database (a SQLite file): then any other
     *     table makes it foreign; otherwise (a shared PostgreSQL schema) only tables named like
     *     calsync's do
     * @throws ForeignDatabaseException if the database holds another application's tables instead
     * @throws NewerSchemaException if a newer calsync migrated it
     * @throws SQLException if the database cannot be read
     */
    public static String inspect(Connection connection, Dialect dialect, String location, boolean ownsDatabase)
            throws SQLException {
        Set<String> tables = dialect.tables(connection);
        if (!tables.contains(Dialect.HISTORY_TABLE)) {
            List<String> foreign = new ArrayList<>();
            for (String table : tables) {
                if (ownsDatabase || Dialect.TABLES.contains(table)) {
                    foreign.add(table);
                }
            }
            if (!foreign.isEmpty()) {
                throw new ForeignDatabaseException(
                        location,
                        location + " is not a calsync store: it holds " + (ownsDatabase ? "other tables " : "tables ")
                                + foreign + " but no " + Dialect.HISTORY_TABLE
                                + " table. calsync did not change it; give calsync a new "
                                + (ownsDatabase ? "file" : "schema") + ".",
                        foreign);
            }
            return null;
        }
        MigrationVersion newest = null;
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT version FROM " + Dialect.HISTORY_TABLE + " WHERE success = ? AND version IS NOT NULL")) {
            if (dialect == Dialect.SQLITE) {
                st.setInt(1, 1);
            } else {
                st.setBoolean(1, true);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
                    if (newest == null || v.isNewerThan(newest.getVersion())) {
                        newest = v;
                    }
                }
            }
        }
        if (newest == null) {
            return null;
        }
        if (newest.isNewerThan(LATEST)) {
            throw new NewerSchemaException(
                    location,
                    location + " was created by a newer calsync: its schema is at version " + newest.getVersion()
                            + ", and this calsync knows versions up to " + LATEST
                            + ". It was not opened and not changed; upgrade calsync to use it.",
                    newest.getVersion(),
                    LATEST);
        }
        return newest.getVersion();
    }

    /** Refuses a schema older than {@link #LATEST} (or none), for stores opened without migrating. */
    public static void requireCurrent(String version, String location) {
        if (version == null || !version.equals(LATEST)) {
            throw new OutdatedSchemaException(
                    location,
                    location + (version == null ? " has no calsync schema" : " has calsync schema version " + version)
                            + ", and this calsync needs version " + LATEST
                            + "; it was opened without migrating, so nothing was changed."
                            + " Run JdbiMappingStore.migrate(...) first.",
                    version,
                    LATEST);
        }
    }

    /** calsync's Flyway for {@code dataSource}, migrating up to {@code target} (null: all). */
    public static Flyway flyway(DataSource dataSource, Dialect dialect, String target) {
        var config = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(dialect.migrationLocation())
                .table(Dialect.HISTORY_TABLE)
                .cleanDisabled(true)
                // Flyway ignores migrations newer than it knows ("*:future") by default: refuse them.
                .ignoreMigrationPatterns(new String[0])
                .validateMigrationNaming(true)
                .failOnMissingLocations(true)
                // A shared PostgreSQL schema may hold the application's own tables: calsync's history
                // then starts with a baseline at version 0, below calsync's first migration.
                .baselineOnMigrate(dialect == Dialect.POSTGRES)
                .baselineVersion("0")
                .baselineDescription("calsync tables added to a schema with other tables");
        if (target != null) {
            config.target(target);
        }
        return config.load();
    }

    /**
     * Migrates the database up to {@code target} (null: {@link #LATEST}) after checking it.
     *
     * @return the schema version afterwards
     * @throws StoreOpenException if the database is foreign, newer, or the migration failed
     */
    public static String migrate(DataSource dataSource, Dialect dialect, String location, String target) {
        try {
            try (Connection c = dataSource.getConnection()) {
                inspect(c, dialect, location, dialect == Dialect.SQLITE);
            }
            flyway(dataSource, dialect, target).migrate();
            try (Connection c = dataSource.getConnection()) {
                return inspect(c, dialect, location, dialect == Dialect.SQLITE);
            }
        } catch (SQLException e) {
            throw new StoreOpenException(
                    location, "cannot read calsync's schema in " + location + ": " + e.getMessage(), e);
        } catch (FlywayException e) {
            throw new StoreOpenException(
                    location, "cannot migrate calsync's schema in " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the applied migrations are this calsync's, unchanged (for stores opened without
     * migrating).
     *
     * @throws StoreOpenException if they are not
     */
    public static void validate(DataSource dataSource, Dialect dialect, String location) {
        try {
            ValidateResult result = flyway(dataSource, dialect, null).validateWithResult();
            if (!result.validationSuccessful) {
                List<String> errors = new ArrayList<>();
                result.invalidMigrations.forEach(
                        m -> errors.add(m.version + " " + m.description + ": " + m.errorDetails.errorMessage));
                throw new StoreOpenException(
                        location,
                        "calsync's schema in " + location + " does not match this calsync's migrations: " + errors,
                        null);
            }
        } catch (FlywayException e) {
            throw new StoreOpenException(
                    location, "cannot validate calsync's schema in " + location + ": " + e.getMessage(), e);
        }
    }
}
