package dev.calsync.store.jdbi.seedimport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.sqlite.SQLiteDataSource;

/**
 * A database in the seed's schema for tests: {@code seed-schema.sql} (the seed's tables) and {@code
 * seed-fixture.sql} (a pair with the rows the migration page describes). Other modules' tests use it
 * through this module's test-jar.
 */
public final class SeedDatabase {

    /** The Google calendar of the fixture's pair. */
    public static final String GOOGLE_CALENDAR = "family@group.calendar.google.com";

    private SeedDatabase() {}

    /** A writable DataSource on a (new) SQLite file. */
    public static DataSource sqliteFile(Path file) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return ds;
    }

    /**
     * Creates the seed's tables in {@code db} and fills in the fixture.
     *
     * @param icloudCalendarUrl the iCloud calendar's collection URL, ending with {@code /}
     */
    public static void createWithFixture(DataSource db, String icloudCalendarUrl, boolean postgres) {
        createSchema(db, postgres);
        run(db, "seed-fixture.sql", Map.of("{icloud}", icloudCalendarUrl));
    }

    /** Creates the seed's tables in {@code db}. */
    public static void createSchema(DataSource db, boolean postgres) {
        run(db, "seed-schema.sql", postgres ? Map.of("DATETIME", "TIMESTAMP") : Map.of());
    }

    /** Runs SQL statements on {@code db}. */
    public static void execute(DataSource db, String... statements) {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(DataSource db, String resource, Map<String, String> replacements) {
        String text;
        try (InputStream in = SeedDatabase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            text = text.replace(r.getKey(), r.getValue());
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.strip().equals(";")) {
                statements.add(current.toString());
                current.setLength(0);
            } else if (!line.strip().startsWith("--")) {
                current.append(line).append('\n');
            }
        }
        execute(db, statements.stream().filter(s -> !s.isBlank()).toArray(String[]::new));
    }
}
