package dev.calsync.store.jdbi.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;

/**
 * What differs between the databases the store runs on: how times and flags are kept, locking
 * clauses, a few statements, and where the migrations are.
 */
public abstract sealed class Dialect permits Dialect.Sqlite, Dialect.Postgres {

    /** The tables calsync's migrations create (the schema history aside). */
    public static final List<String> TABLES =
            List.of("calendar_mappings", "event_mappings", "sync_operations", "retry_queue");

    /** The name of calsync's Flyway schema history table. */
    public static final String HISTORY_TABLE = "calsync_schema_history";

    /** Every code point {@link String#isBlank} treats as white space, for {@code trim(x, ?)}. */
    public static final String WHITESPACE = whitespace();

    private static String whitespace() {
        StringBuilder out = new StringBuilder();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.isWhitespace(cp)) {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** SQLite. */
    public static final Dialect SQLITE = new Sqlite();

    /** PostgreSQL. */
    public static final Dialect POSTGRES = new Postgres();

    private Dialect() {}

    /** The product name, as people call it. */
    public abstract String productName();

    /** Flyway's location of this database's migrations. */
    public abstract String migrationLocation();

    /** A text argument; null binds SQL NULL. */
    public Argument text(String field, String value) {
        return (position, statement, ctx) -> statement.setString(position, value);
    }

    /** An integer argument; null binds SQL NULL. */
    public Argument integer(Integer value) {
        return (position, statement, ctx) -> {
            if (value == null) {
                statement.setNull(position, Types.INTEGER);
            } else {
                statement.setInt(position, value);
            }
        };
    }

    /** A bytes argument. */
    public Argument bytes(byte[] value) {
        return (position, statement, ctx) -> statement.setBytes(position, value);
    }

    /** A boolean argument. */
    public abstract Argument bool(boolean value);

    /** A time argument of a time already {@link Times#stored stored} or {@link Times#bound bounded}; null binds NULL. */
    public abstract Argument time(Instant value);

    /** The time in {@code column}, or null. */
    public abstract Instant readTime(ResultSet rs, String column) throws SQLException;

    /** Appended to a SELECT of one pair that is about to be changed. */
    public abstract String lockOne();

    /** Appended to the SELECT of pairs to claim. */
    public abstract String lockSkippingLocked();

    /** A statement run first in every transaction, or null. */
    public abstract String beginStatement();

    /** {@code column} holds a non-blank string: {@code ?} is bound to {@link #WHITESPACE}. */
    public abstract String notBlank(String column);

    /**
     * Queues a series, replacing its queued entry if any; the entry goes after every other entry
     * queued at the same time.
     */
    public abstract void putRetry(
            Handle handle, String pairId, String uid, byte[] uidHash, int attempts, String error, Instant queuedAt);

    /** The names of the tables in the connection's current schema (lower case). */
    public abstract Set<String> tables(Connection connection) throws SQLException;

    /** Whether {@code e} is a foreign-key violation. */
    public abstract boolean isForeignKeyViolation(Throwable e);

    /** The current schema, for messages; null if the database has none. */
    public abstract String currentSchema(Connection connection) throws SQLException;

    /** SQLite: one writer at a time, times as fixed-width text, flags as 0/1. */
    static final class Sqlite extends Dialect {

        @Override
        public String productName() {
            return "SQLite";
        }

        @Override
        public String migrationLocation() {
            return "classpath:db/calsync/migration/sqlite";
        }

        @Override
        public Argument bool(boolean value) {
            return (position, statement, ctx) -> statement.setInt(position, value ? 1 : 0);
        }

        @Override
        public Argument time(Instant value) {
            return text("time", value == null ? null : Times.toText(value));
        }

        @Override
        public Instant readTime(ResultSet rs, String column) throws SQLException {
            String text = rs.getString(column);
            return text == null ? null : Times.fromText(text);
        }

        @Override
        public String lockOne() {
            return ""; // BEGIN IMMEDIATE holds the database's write lock already
        }

        @Override
        public String lockSkippingLocked() {
            return "";
        }

        @Override
        public String beginStatement() {
            return null;
        }

        @Override
        public String notBlank(String column) {
            return "trim(" + column + ", ?) <> ''";
        }

        @Override
        public void putRetry(
                Handle handle,
                String pairId,
                String uid,
                byte[] uidHash,
                int attempts,
                String error,
                Instant queuedAt) {
            // One writer at a time: delete and insert, so the entry takes a new, higher seq.
            handle.createUpdate("DELETE FROM retry_queue WHERE pair_id = ? AND event_uid_sha256 = ?")
                    .bind(0, text("pairId", pairId))
                    .bind(1, bytes(uidHash))
                    .execute();
            handle.createUpdate("INSERT INTO retry_queue"
                            + " (pair_id, event_uid, event_uid_sha256, attempts, last_error, queued_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(0, text("pairId", pairId))
                    .bind(1, text("uid", uid))
                    .bind(2, bytes(uidHash))
                    .bind(3, integer(attempts))
                    .bind(4, text("lastError", error))
                    .bind(5, time(queuedAt))
                    .execute();
        }

        @Override
        public Set<String> tables(Connection connection) throws SQLException {
            Set<String> names = new TreeSet<>();
            try (var st = connection.createStatement();
                    ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (!name.startsWith("sqlite_")) {
                        names.add(name.toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
            return names;
        }

        @Override
        public boolean isForeignKeyViolation(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof org.sqlite.SQLiteException s
                        && s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String currentSchema(Connection connection) {
            return "main";
        }
    }

    /** PostgreSQL: row locks, {@code timestamptz}, {@code boolean}. */
    static final class Postgres extends Dialect {

        @Override
        public String productName() {
            return "PostgreSQL";
        }

        @Override
        public String migrationLocation() {
            return "classpath:db/calsync/migration/postgresql";
        }

        @Override
        public Argument text(String field, String value) {
            if (value != null && value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(
                        "PostgreSQL text cannot hold the character U+0000, found in " + field);
            }
            return super.text(field, value);
        }

        @Override
        public Argument bool(boolean value) {
            return (position, statement, ctx) -> statement.setBoolean(position, value);
        }

        @Override
        public Argument time(Instant value) {
            return (position, statement, ctx) -> {
                if (value == null) {
                    statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    statement.setObject(position, value.atOffset(java.time.ZoneOffset.UTC));
                }
            };
        }

        @Override
        public Instant readTime(ResultSet rs, String column) throws SQLException {
            java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }

        @Override
        public String lockOne() {
            return " FOR UPDATE";
        }

        @Override
        public String lockSkippingLocked() {
            return " FOR UPDATE SKIP LOCKED";
        }

        @Override
        public String beginStatement() {
            return "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
        }

        @Override
        public String notBlank(String column) {
            return "btrim(" + column + ", ?) <> ''";
        }

        @Override
        public void putRetry(
                Handle handle,
                String pairId,
                String uid,
                byte[] uidHash,
                int attempts,
                String error,
                Instant queuedAt) {
            // An upsert, so that two writers of one entry wait for each other instead of failing;
            // a replaced entry takes a new seq.
            handle.createUpdate("INSERT INTO retry_queue"
                            + " (pair_id, event_uid, event_uid_sha256, attempts, last_error, queued_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (pair_id, event_uid_sha256) DO UPDATE SET event_uid = excluded.event_uid,"
                            + " attempts = excluded.attempts, last_error = excluded.last_error,"
                            + " queued_at = excluded.queued_at,"
                            + " seq = nextval(pg_get_serial_sequence('retry_queue', 'seq'))")
                    .bind(0, text("pairId", pairId))
                    .bind(1, text("uid", uid))
                    .bind(2, bytes(uidHash))
                    .bind(3, integer(attempts))
                    .bind(4, text("lastError", error))
                    .bind(5, time(queuedAt))
                    .execute();
        }

        @Override
        public Set<String> tables(Connection connection) throws SQLException {
            Set<String> names = new TreeSet<>();
            try (var st = connection.createStatement();
                    ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
                            + " WHERE table_schema = current_schema()")) {
                while (rs.next()) {
                    names.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
            return names;
        }

        @Override
        public boolean isForeignKeyViolation(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException s && "23503".equals(s.getSQLState())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String currentSchema(Connection connection) throws SQLException {
            try (var st = connection.createStatement();
                    ResultSet rs = st.executeQuery("SELECT current_schema()")) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
