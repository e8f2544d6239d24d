package dev.calsync.store.jdbi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.store.jdbi.JdbiMappingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    private static Path classes() throws Exception {
        return Path.of(Migrations.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    private static List<String> scripts(String vendor) throws Exception {
        try (Stream<Path> files = Files.list(classes().resolve("db/calsync/migration/" + vendor))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void bothDatabasesHaveTheSameMigrationsUpToTheLatest() throws Exception {
        List<String> sqlite = scripts("sqlite");
        assertThat(sqlite).containsExactly("V1__tables.sql", "V2__lookup_indexes.sql");
        assertThat(scripts("postgresql")).isEqualTo(sqlite);
        assertThat(sqlite.get(sqlite.size() - 1)).startsWith("V" + Migrations.LATEST + "__");
    }

    @Test
    void noFlywayConfigurationIsShipped() throws Exception {
        try (Stream<Path> all = Files.walk(classes())) {
            assertThat(all.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> (name.startsWith("flyway") && name.endsWith(".conf")) || name.endsWith(".toml"));
        }
    }

    @Test
    void flywayItselfRefusesAMigrationNewerThanItKnows(@TempDir Path dir) throws Exception {
        // Behind the store's own check: calsync's Flyway does not ignore "future" migrations.
        Path file = dir.resolve("calsync.db");
        JdbiMappingStore.migrate(file);
        try (Connection c = SqliteFiles.connect(file);
                Statement st = c.createStatement()) {
            st.execute(
                    "INSERT INTO calsync_schema_history (installed_rank, version, description, type, script,"
                            + " checksum, installed_by, installed_on, execution_time, success)"
                            + " VALUES (99, '99', 'future', 'SQL', 'V99__future.sql', 0, 'calsync', '2031-01-01 00:00:00', 1, 1)");
        }

        var flyway = Migrations.flyway(SqliteFiles.dataSource(file), Dialect.SQLITE, null);
        assertThat(flyway.validateWithResult().validationSuccessful).isFalse();
        assertThatThrownBy(flyway::migrate).isInstanceOf(FlywayException.class);
        assertThatThrownBy(() -> flyway.clean()).isInstanceOf(FlywayException.class);
    }

    @Test
    void theHistoryTableIsCalsyncsOwn() {
        assertThat(Migrations.flyway(SqliteFiles.dataSource(Path.of("unused.db")), Dialect.SQLITE, null)
                        .getConfiguration()
                        .getTable())
                .isEqualTo("calsync_schema_history");
    }
}
