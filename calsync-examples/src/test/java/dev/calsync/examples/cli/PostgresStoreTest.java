package dev.calsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL store: a real database at 127.0.0.1:5432 (database test, user postgres, trust auth). */
class PostgresStoreTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    @TempDir
    Path dir;

    CliFixture cli;

    @BeforeEach
    void setUp() {
        cli = new CliFixture(dir);
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    private void usePostgres(String url) {
        cli.writeConfig(cli.defaultConfig()
                .replaceFirst(
                        "\"store\": \\{[^}]*\\}",
                        "\"store\": {\"type\": \"postgres\", \"url\": \"" + url
                                + "\", \"user\": \"postgres\", \"passwordEnv\": \"TEST_PG_PASSWORD\"}"));
        cli.env.put("TEST_PG_PASSWORD", "unused-with-trust-auth");
    }

    @Test
    void pairsSyncAndHealthOnPostgres() throws Exception {
        requirePostgres();
        String schema =
                "calsync_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try {
            usePostgres(SERVER + "?currentSchema=" + schema);
            String googleCal = cli.googleCalendar("work@group.calendar.google.com");
            String davCal = cli.caldav.createCalendar("work").toString();
            CliFixture.Result add =
                    cli.run("pairs", "add", "work", "--a", "google:" + googleCal, "--b", "dav:" + davCal);
            assertThat(add.exitCode()).as(add.toString()).isZero();
            cli.googleEvent(googleCal, "pg@example.com", "On Postgres");
            CliFixture.Result sync = cli.run("sync");
            assertThat(sync.exitCode()).as(sync.toString()).isZero();
            assertThat(sync.out()).contains("pair work: 1 writes");
            CliFixture.Result health = cli.run("health", "--json");
            assertThat(health.exitCode()).as(health.toString()).isZero();
            assertThat(CliFixture.JSON
                            .readTree(health.out())
                            .at("/mappingCompleteness/active")
                            .asLong())
                    .isEqualTo(1);
            assertThat(health.out()).contains("PostgreSQL store jdbc:postgresql://127.0.0.1:5432/test");
            assertThat(cli.run("pairs", "validate").exitCode()).isZero();
            assertThat(cli.run("pairs", "remove", "work").exitCode()).isZero();
        } finally {
            try (Connection c = DriverManager.getConnection(SERVER, "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    void unreachableDatabaseIsExitFive() {
        usePostgres("jdbc:postgresql://127.0.0.1:" + CliFixture.FREE_PORT + "/test");
        CliFixture.Result r = cli.run("pairs", "list");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err())
                .contains("PostgreSQL store jdbc:postgresql://127.0.0.1:" + CliFixture.FREE_PORT)
                .contains("cannot be reached")
                .doesNotContain("unused-with-trust-auth");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void missingPasswordVariableIsExitFour() {
        usePostgres("jdbc:postgresql://127.0.0.1:" + CliFixture.FREE_PORT + "/test");
        cli.env.remove("TEST_PG_PASSWORD");
        CliFixture.Result r = cli.run("health");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err()).contains("TEST_PG_PASSWORD");
    }

    private static void requirePostgres() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
        } catch (Exception e) {
            String why = "PostgreSQL is not reachable at 127.0.0.1:5432 (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + "; CI=true requires it");
            }
            Assumptions.assumeTrue(false, why + "; skipped outside CI");
        }
    }
}
