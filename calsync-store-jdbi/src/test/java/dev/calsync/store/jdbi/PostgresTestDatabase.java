package dev.calsync.store.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL for tests: the machine's own server on 127.0.0.1:5432 (database {@code test},
 * trust authentication, user {@code postgres} or {@code root}), or else an embedded one (zonky). Each
 * caller gets its own fresh schema, dropped when it closes.
 *
 * <p>When neither can be reached, tests fail if the environment variable {@code CI} is {@code true}
 * (CI never skips a PostgreSQL test) and are skipped, with the reason, elsewhere.
 *
 * <p>Other modules' tests use it through this module's test-jar.
 *
 * <p>{@code -Dcalsync.test.postgres=embedded} skips the local server (to test with the embedded one
 * where a local server runs); {@code =local} skips the embedded one.
 */
public final class PostgresTestDatabase {

    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final List<String> LOCAL_USERS = List.of("postgres", "root");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the server is: a URL without schema, and the user. */
    private record Server(String url, String user, String how) {}

    private static Server server;
    private static String unavailable;

    private PostgresTestDatabase() {}

    /** How the server was reached, for test reports: "local server ..." or "embedded ...". */
    public static String how() {
        return server().how();
    }

    private static synchronized Server server() {
        if (server != null) {
            return server;
        }
        if (unavailable == null) {
            String choice = System.getProperty("calsync.test.postgres", "auto");
            List<String> tried = new ArrayList<>();
            for (String user : choice.equals("embedded") ? List.<String>of() : LOCAL_USERS) {
                Properties props = new Properties();
                props.setProperty("user", user);
                props.setProperty("connectTimeout", "3");
                try (Connection c = DriverManager.getConnection(LOCAL_URL, props)) {
                    server = new Server(
                            LOCAL_URL,
                            user,
                            "local server " + LOCAL_URL + " as " + user + " (PostgreSQL "
                                    + c.getMetaData().getDatabaseProductVersion() + ")");
                    System.out.println("PostgreSQL for tests: " + server.how());
                    return server;
                } catch (SQLException e) {
                    tried.add(LOCAL_URL + " as " + user + ": " + e.getMessage());
                }
            }
            try {
                if (choice.equals("local")) {
                    throw new IllegalStateException("not tried: -Dcalsync.test.postgres=local");
                }
                EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
                String url = embedded.getJdbcUrl("postgres", "postgres");
                server = new Server(url.replaceAll("\\?.*$", ""), "postgres", "embedded (zonky) at " + url);
                System.out.println("PostgreSQL for tests: " + server.how());
                return server;
            } catch (Exception | LinkageError e) {
                tried.add("embedded PostgreSQL (zonky): " + e);
            }
            unavailable = "no PostgreSQL for the tests: " + String.join("; ", tried);
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(unavailable + ". In CI (CI=true) PostgreSQL tests never skip.");
        }
        Assumptions.abort(unavailable + " (skipped outside CI; with CI=true this fails)");
        throw new AssertionError("unreachable");
    }

    /** A new, empty schema of its own; close it to drop it. */
    public static Schema freshSchema() {
        Server s = server();
        String name = "calsync_t_" + HexFormat.of().formatHex(bytes());
        try (Connection c = admin(s);
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + name + ": " + e.getMessage(), e);
        }
        return new Schema(s, name);
    }

    private static byte[] bytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }

    private static Connection admin(Server s) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", s.user());
        return DriverManager.getConnection(s.url(), props);
    }

    /** A schema of the test database, with a pooled data source whose current schema it is. */
    public static final class Schema implements AutoCloseable {
        private final Server server;
        private final String name;
        private final HikariDataSource dataSource;

        private Schema(Server server, String name) {
            this.server = server;
            this.name = name;
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.url() + "?currentSchema=" + name);
            config.setUsername(server.user());
            config.setMaximumPoolSize(6);
            config.setMinimumIdle(0);
            config.setPoolName(name);
            this.dataSource = new HikariDataSource(config);
        }

        /** The schema's name. */
        public String name() {
            return name;
        }

        /** Connections whose current schema is this one. */
        public DataSource dataSource() {
            return dataSource;
        }

        /** A JDBC URL whose current schema is this one (without credentials: see {@link #user()}). */
        public String jdbcUrl() {
            return server.url() + "?currentSchema=" + name;
        }

        /** The database user (trust authentication: no password). */
        public String user() {
            return server.user();
        }

        /** Runs SQL in this schema. */
        public void execute(String sql) {
            try (Connection c = dataSource.getConnection();
                    Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        /** Closes the pool, and drops the schema and everything in it. */
        @Override
        public void close() {
            dataSource.close();
            try (Connection c = admin(server);
                    Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop schema " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
