package dev.calsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.store.jdbi.PostgresTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL store: a real database, the machine's at 127.0.0.1:5432 or else an embedded one
 * ({@link PostgresTestDatabase}), in a schema of its own.
 */
class PostgresStoreTest {
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
        usePostgres(url, "postgres");
    }

    private void usePostgres(String url, String user) {
        cli.writeConfig(cli.defaultConfig()
                .replaceFirst(
                        "\"store\": \\{[^}]*\\}",
                        "\"store\": {\"type\": \"postgres\", \"url\": \"" + url + "\", \"user\": \"" + user
                                + "\", \"passwordEnv\": \"TEST_PG_PASSWORD\"}"));
        cli.env.put("TEST_PG_PASSWORD", "unused-with-trust-auth");
    }

    @Test
    void pairsSyncAndHealthOnPostgres() throws Exception {
        try (PostgresTestDatabase.Schema schema = PostgresTestDatabase.freshSchema()) {
            usePostgres(schema.jdbcUrl(), schema.user());
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
            assertThat(health.out())
                    .contains("PostgreSQL store " + schema.jdbcUrl().replaceAll("\\?.*$", ""));
            assertThat(cli.run("pairs", "validate").exitCode()).isZero();
            assertThat(cli.run("pairs", "remove", "work").exitCode()).isZero();
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
}
