package dev.calsync.store.jdbi.internal;

import dev.calsync.store.jdbi.UnreadableDatabaseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** SQLite database files: checking one without changing it, and the connections the store uses. */
public final class SqliteFiles {

    private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** How long a transaction waits for another process's write lock before failing. */
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private SqliteFiles() {}

    /** The JDBC URL of {@code file}. */
    public static String url(Path file) {
        return "jdbc:sqlite:" + file;
    }

    /**
     * The calsync schema version of an existing file, or null if the file does not exist, is empty,
     * or has no calsync schema yet. Reads the file without changing it.
     *
     * @throws UnreadableDatabaseException if it is not a readable SQLite database
     * @throws dev.calsync.store.jdbi.ForeignDatabaseException if it holds another application's tables
     * @throws dev.calsync.store.jdbi.NewerSchemaException if a newer calsync migrated it
     */
    public static String inspect(Path file) {
        String location = file.toString();
        if (!Files.exists(file)) {
            return null;
        }
        if (Files.isDirectory(file)) {
            throw new UnreadableDatabaseException(
                    location, location + " is a directory, not a SQLite database file", null);
        }
        byte[] start;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            start = in.readNBytes(HEADER.length);
        } catch (IOException e) {
            throw new UnreadableDatabaseException(location, "cannot read " + location + ": " + e, e);
        }
        if (size == 0) {
            return null; // SQLite treats an empty file as an empty database
        }
        if (size < 100 || !Arrays.equals(start, HEADER)) {
            throw new UnreadableDatabaseException(
                    location,
                    location + " is not a SQLite database (it does not start with the SQLite header);"
                            + " calsync did not change it",
                    null);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection(url(file))) {
            return Migrations.inspect(c, Dialect.SQLITE, location, true);
        } catch (SQLException e) {
            throw new UnreadableDatabaseException(
                    location,
                    location + " is damaged or not a SQLite database: " + e.getMessage()
                            + "; calsync did not change it",
                    e);
        }
    }

    /** The configuration of the store's connections: WAL, foreign keys, immediate transactions. */
    public static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config;
    }

    /** A data source of {@link #config()} connections to {@code file} (for Flyway). */
    public static SQLiteDataSource dataSource(Path file) {
        SQLiteDataSource ds = new SQLiteDataSource(config());
        ds.setUrl(url(file));
        return ds;
    }

    /** A new {@link #config()} connection to {@code file}. */
    public static Connection connect(Path file) throws SQLException {
        return config().createConnection(url(file));
    }
}
