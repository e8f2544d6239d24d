package dev.calsync.store.jdbi;

import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.store.jdbi.internal.Dialect;
import dev.calsync.store.jdbi.internal.JdbiTransaction;
import dev.calsync.store.jdbi.internal.Locations;
import dev.calsync.store.jdbi.internal.Migrations;
import dev.calsync.store.jdbi.internal.SqliteFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MappingStore} in a relational database, on jdbi3: SQLite as the zero-setup default
 * ({@link #sqlite(Path)}), PostgreSQL for production and for many workers sharing one database
 * ({@link #postgres(DataSource)}).
 *
 * <p><b>Schema.</b> calsync's tables ({@code calendar_mappings}, {@code event_mappings}, {@code
 * sync_operations}, {@code retry_queue}) are created and upgraded by Flyway migrations shipped in
 * this jar, recorded in the history table {@code calsync_schema_history} (never a host
 * application's own Flyway table). By default a store migrates its database when opened; operators
 * who migrate explicitly call {@link #migrate(DataSource)} and open with {@link
 * Migration#REQUIRE_CURRENT}. A database migrated by a newer calsync is refused ({@link
 * NewerSchemaException}) and never altered; a SQLite file that is not a database ({@link
 * UnreadableDatabaseException}) or holds another application's tables ({@link
 * ForeignDatabaseException}) is refused and left as it was.
 *
 * <p><b>Transactions.</b> Each {@link #inTransaction} is one database transaction: everything the
 * work wrote, a mapping and its journal entry alike, commits together when it returns, and rolls
 * back when it throws (the throwable is rethrown unchanged). Database errors surface as {@link
 * StoreAccessException}; writing a mapping, journal entry or retry of a pair that does not exist
 * throws {@link IllegalArgumentException}. Transactions do not nest: opening one inside another on
 * the same thread and store throws {@link IllegalStateException}, as does using a {@link
 * MappingTransaction} after its transaction ended.
 *
 * <p><b>SQLite</b> assumes a single process: the store holds one connection and runs one
 * transaction at a time (threads of the process wait their turn, in order), each a {@code BEGIN
 * IMMEDIATE} transaction in WAL mode with foreign keys on and a busy timeout. Another process
 * opening the same file waits for the write lock and is not otherwise coordinated with; leases work
 * within one process.
 *
 * <p><b>PostgreSQL</b> serves many worker processes sharing one table of pairs: {@link
 * MappingTransaction#claimAvailable} selects due pairs with {@code SELECT ... FOR UPDATE SKIP
 * LOCKED} and records a lease that expires, so no pair is handed to two workers, and a crashed
 * worker's pairs are claimed by others once its leases expire. Transactions run at {@code READ
 * COMMITTED} with row locks. The store uses the {@link DataSource} it is given (pool it, e.g. with
 * HikariCP) and its connections' current schema ({@code currentSchema} in the JDBC URL); it never
 * closes the data source. The schema may hold the application's own tables, but none named like
 * calsync's.
 *
 * <p><b>Values.</b> Times are kept to the microsecond (finer parts are truncated) and must lie in the
 * years 1 to 9999. UIDs, ids, tokens and URLs may be of any length; on PostgreSQL they may not
 * contain the character U+0000. Lists come back in the order the SPI promises, computed in Java;
 * {@link MappingTransaction#claimAvailable} takes pairs in the database's order of ids, which is
 * Java's except for some characters outside the Basic Multilingual Plane.
 *
 * <p>Thread-safe. {@link #close()} releases the SQLite connection.
 */
public final class JdbiMappingStore implements MappingStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbiMappingStore.class);

    /** Whether opening a store may change its database's schema. */
    public enum Migration {
        /** Apply calsync's pending migrations when the store opens (the default). */
        APPLY,
        /**
         * Change nothing: refuse to open ({@link OutdatedSchemaException}) unless the schema is
         * exactly this calsync's, for operators who run {@link #migrate(DataSource)} themselves.
         */
        REQUIRE_CURRENT
    }

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final String location;
    /** SQLite: the one connection, and the lock that gives it to one transaction at a time. */
    private final Connection sqliteConnection;

    private final ReentrantLock sqliteLock;
    private final ThreadLocal<Boolean> inTransaction = new ThreadLocal<>();
    private volatile boolean closed;

    private JdbiMappingStore(Jdbi jdbi, Dialect dialect, String location, Connection sqliteConnection) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.location = location;
        this.sqliteConnection = sqliteConnection;
        this.sqliteLock = sqliteConnection == null ? null : new ReentrantLock(true);
        // Failed statements are reported with a shortened statement, never with their arguments.
        jdbi.getConfig(StatementExceptions.class)
                .setMessageRendering(StatementExceptions.MessageRendering.SHORT_STATEMENT);
    }

    // --- opening

    /**
     * The store in the SQLite file {@code file}, created (with missing parent directories) if it does
     * not exist, and migrated to this calsync's schema.
     *
     * @param file the SQLite file
     * @return the open store; close it when done
     * @throws UnreadableDatabaseException if the file is not a readable SQLite database
     * @throws ForeignDatabaseException if it holds another application's tables
     * @throws NewerSchemaException if a newer calsync migrated it
     * @throws StoreOpenException if it cannot be created, opened or migrated
     */
    public static JdbiMappingStore sqlite(Path file) {
        return sqlite(file, Migration.APPLY);
    }

    /**
     * The store in the SQLite file {@code file}. With {@link Migration#APPLY} it is created if
     * missing and migrated; with {@link Migration#REQUIRE_CURRENT} it must exist with this calsync's
     * schema and is not changed.
     *
     * @param file the SQLite file
     * @param migration whether to migrate or only check the schema
     * @return the open store; close it when done
     * @throws UnreadableDatabaseException if the file is not a readable SQLite database
     * @throws ForeignDatabaseException if it holds another application's tables
     * @throws NewerSchemaException if a newer calsync migrated it
     * @throws OutdatedSchemaException if {@link Migration#REQUIRE_CURRENT} and the schema is older or absent
     * @throws StoreOpenException if it cannot be created, opened or migrated
     */
    public static JdbiMappingStore sqlite(Path file, Migration migration) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(migration, "migration");
        Path path = file.toAbsolutePath().normalize();
        String location = path.toString();
        String version = SqliteFiles.inspect(path);
        if (migration == Migration.REQUIRE_CURRENT) {
            if (!Files.exists(path)) {
                throw new OutdatedSchemaException(
                        location,
                        location + " does not exist, so it has no calsync schema; it was opened without migrating,"
                                + " so it was not created. Run JdbiMappingStore.migrate(...) first.",
                        null,
                        Migrations.LATEST);
            }
            Migrations.requireCurrent(version, location);
            Migrations.validate(SqliteFiles.dataSource(path), Dialect.SQLITE, location);
        } else {
            createParent(path, location);
            String after = Migrations.migrate(SqliteFiles.dataSource(path), Dialect.SQLITE, location, null);
            logOpened(location, version, after);
        }
        Connection connection;
        try {
            connection = SqliteFiles.connect(path);
        } catch (SQLException e) {
            throw new StoreOpenException(location, "cannot open " + location + ": " + e.getMessage(), e);
        }
        Jdbi jdbi = Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() {
                return connection;
            }

            @Override
            public void closeConnection(Connection toClose) {
                // The store keeps its one connection until close().
            }
        });
        return new JdbiMappingStore(jdbi, Dialect.SQLITE, location, connection);
    }

    /**
     * The store in the PostgreSQL database of {@code dataSource}, in its connections' current
     * schema, migrated to this calsync's schema.
     *
     * @param dataSource the PostgreSQL connections
     * @return the open store; close it when done
     * @throws ForeignDatabaseException if the schema holds tables named like calsync's but no calsync history
     * @throws NewerSchemaException if a newer calsync migrated it
     * @throws StoreOpenException if the database cannot be reached, is not PostgreSQL, or cannot be migrated
     */
    public static JdbiMappingStore postgres(DataSource dataSource) {
        return postgres(dataSource, Migration.APPLY);
    }

    /**
     * The store in the PostgreSQL database of {@code dataSource}, in its connections' current schema.
     * With {@link Migration#APPLY} the schema is migrated; with {@link Migration#REQUIRE_CURRENT} it
     * must already be this calsync's and is not changed.
     *
     * @param dataSource the PostgreSQL connections
     * @param migration whether to migrate or only check the schema
     * @return the open store; close it when done
     * @throws ForeignDatabaseException if the schema holds tables named like calsync's but no calsync history
     * @throws NewerSchemaException if a newer calsync migrated it
     * @throws OutdatedSchemaException if {@link Migration#REQUIRE_CURRENT} and the schema is older or absent
     * @throws StoreOpenException if the database cannot be reached, is not PostgreSQL, or cannot be migrated
     */
    public static JdbiMappingStore postgres(DataSource dataSource, Migration migration) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(migration, "migration");
        Target target = target(dataSource);
        if (target.dialect() != Dialect.POSTGRES) {
            throw new StoreOpenException(
                    target.location(),
                    target.location() + " is " + target.product() + ", not PostgreSQL: use JdbiMappingStore.sqlite"
                            + " for SQLite",
                    null);
        }
        String location = target.location();
        if (migration == Migration.REQUIRE_CURRENT) {
            String version;
            try (Connection c = dataSource.getConnection()) {
                version = Migrations.inspect(c, Dialect.POSTGRES, location, false);
            } catch (SQLException e) {
                throw new StoreOpenException(location, "cannot read " + location + ": " + e.getMessage(), e);
            }
            Migrations.requireCurrent(version, location);
            Migrations.validate(dataSource, Dialect.POSTGRES, location);
        } else {
            String before = target.version();
            String after = Migrations.migrate(dataSource, Dialect.POSTGRES, location, null);
            logOpened(location, before, after);
        }
        return new JdbiMappingStore(Jdbi.create(dataSource), Dialect.POSTGRES, location, null);
    }

    /**
     * Migrates the database of {@code dataSource} (PostgreSQL, in its connections' current schema, or
     * SQLite) to this calsync's schema, for operators who migrate as a separate step. Safe to run
     * while workers use the database and from several processes at once (Flyway locks its history
     * table); a database already current is left as it is.
     *
     * @param dataSource the connections to migrate through
     * @return the schema version afterwards
     * @throws ForeignDatabaseException if the database holds another application's tables where calsync's would go
     * @throws NewerSchemaException if a newer calsync migrated it
     * @throws StoreOpenException if the database cannot be reached or migrated
     */
    public static String migrate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        Target target = target(dataSource);
        if (target.dialect() == null) {
            throw new StoreOpenException(
                    target.location(),
                    target.location() + " is " + target.product() + "; calsync stores need PostgreSQL or SQLite",
                    null);
        }
        return Migrations.migrate(dataSource, target.dialect(), target.location(), null);
    }

    /**
     * Migrates the SQLite file {@code file} (created if missing) to this calsync's schema.
     *
     * @param file the SQLite file
     * @return the schema version afterwards
     * @throws UnreadableDatabaseException if the file is not a readable SQLite database
     * @throws ForeignDatabaseException if it holds another application's tables
     * @throws NewerSchemaException if a newer calsync migrated it
     * @throws StoreOpenException if it cannot be created or migrated
     */
    public static String migrate(Path file) {
        Objects.requireNonNull(file, "file");
        Path path = file.toAbsolutePath().normalize();
        String location = path.toString();
        SqliteFiles.inspect(path);
        createParent(path, location);
        return Migrations.migrate(SqliteFiles.dataSource(path), Dialect.SQLITE, location, null);
    }

    /** {@return the newest schema version this calsync knows, the one its stores migrate to} */
    public static String schemaVersion() {
        return Migrations.LATEST;
    }

    private record Target(Dialect dialect, String product, String location, String version) {}

    private static Target target(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            String lower = product == null ? "" : product.toLowerCase(Locale.ROOT);
            Dialect dialect =
                    lower.contains("postgres") ? Dialect.POSTGRES : lower.contains("sqlite") ? Dialect.SQLITE : null;
            String location = Locations.describe(c, dialect == null ? Dialect.SQLITE : dialect);
            if (dialect == Dialect.POSTGRES && Dialect.POSTGRES.currentSchema(c) == null) {
                throw new StoreOpenException(
                        location,
                        location + " has no current schema: the schemas its search_path names do not exist."
                                + " Create calsync's schema and name it in the JDBC URL (currentSchema=...)",
                        null);
            }
            String version =
                    dialect == null ? null : Migrations.inspect(c, dialect, location, dialect == Dialect.SQLITE);
            return new Target(dialect, product, location, version);
        } catch (SQLException e) {
            String location = "the DataSource " + dataSource.getClass().getName();
            throw new StoreOpenException(location, "cannot connect to " + location + ": " + e.getMessage(), e);
        }
    }

    private static void createParent(Path path, String location) {
        try {
            Path parent = path.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreOpenException(location, "cannot create the directory of " + location + ": " + e, e);
        }
    }

    private static void logOpened(String location, String before, String after) {
        if (Objects.equals(before, after)) {
            LOG.info("calsync store {}: schema version {}", location, after);
        } else {
            LOG.info(
                    "calsync store {}: schema migrated from version {} to {}",
                    location,
                    before == null ? "none" : before,
                    after);
        }
    }

    // --- use

    /**
     * The database: the SQLite file's path, or the JDBC URL and schema (without credentials). For
     * logs and messages.
     *
     * @return the database's location
     */
    public String location() {
        return location;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if called inside another transaction of this store on the same
     *     thread, or after {@link #close()}
     * @throws StoreAccessException if the database fails (the transaction is rolled back)
     */
    @Override
    public <T> T inTransaction(Function<MappingTransaction, T> work) {
        Objects.requireNonNull(work, "work");
        if (Boolean.TRUE.equals(inTransaction.get())) {
            throw new IllegalStateException(
                    "a transaction of this store is already open on this thread;" + " nesting is not supported");
        }
        inTransaction.set(Boolean.TRUE);
        try {
            if (sqliteLock == null) {
                return run(work);
            }
            sqliteLock.lock();
            try {
                return run(work);
            } finally {
                sqliteLock.unlock();
            }
        } finally {
            inTransaction.remove();
        }
    }

    private <T> T run(Function<MappingTransaction, T> work) {
        if (closed) {
            throw new IllegalStateException("the store " + location + " is closed");
        }
        Handle handle;
        try {
            handle = jdbi.open();
        } catch (JdbiException e) {
            throw new StoreAccessException(location, "connect", e);
        }
        try {
            JdbiTransaction tx = new JdbiTransaction(handle, dialect, location);
            try {
                handle.begin();
                if (dialect.beginStatement() != null) {
                    handle.execute(dialect.beginStatement());
                }
            } catch (JdbiException e) {
                rollback(handle, e);
                throw new StoreAccessException(location, "begin transaction", e);
            }
            T result;
            try {
                result = work.apply(tx);
            } catch (Throwable t) {
                tx.end();
                rollback(handle, t);
                throw t;
            }
            tx.end();
            try {
                handle.commit();
            } catch (JdbiException e) {
                rollback(handle, e);
                throw new StoreAccessException(location, "commit", e);
            }
            return result;
        } finally {
            try {
                handle.close();
            } catch (JdbiException e) {
                LOG.warn("calsync store {}: closing a connection failed: {}", location, e.toString());
            }
        }
    }

    private void rollback(Handle handle, Throwable cause) {
        try {
            if (handle.isInTransaction()) {
                handle.rollback();
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Closes the store: releases the SQLite connection (waiting for a running transaction). A
     * PostgreSQL store's data source belongs to the caller and stays open. Later transactions throw
     * {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        if (sqliteLock == null) {
            closed = true;
            return;
        }
        sqliteLock.lock();
        try {
            if (!closed) {
                closed = true;
                sqliteConnection.close();
            }
        } catch (SQLException e) {
            throw new StoreAccessException(location, "close", e);
        } finally {
            sqliteLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "JdbiMappingStore[" + dialect.productName() + " " + location + "]";
    }
}
