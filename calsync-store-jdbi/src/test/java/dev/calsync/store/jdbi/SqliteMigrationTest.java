package dev.calsync.store.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.store.jdbi.internal.Dialect;
import dev.calsync.store.jdbi.internal.Migrations;
import dev.calsync.store.jdbi.internal.SqliteFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema's migrations on a SQLite file. */
class SqliteMigrationTest extends MigrationContract {

    @TempDir
    Path dir;

    Path file() {
        return dir.resolve("calsync.db");
    }

    @Override
    protected void createAtVersion1() {
        assertThat(Migrations.migrate(SqliteFiles.dataSource(file()), Dialect.SQLITE, file().toString(), "1"))
                .isEqualTo("1");
    }

    @Override
    protected Connection connect() throws SQLException {
        return SqliteFiles.connect(file());
    }

    @Override
    protected JdbiMappingStore open(JdbiMappingStore.Migration migration) {
        return JdbiMappingStore.sqlite(file(), migration);
    }

    @Override
    protected String migrateExplicitly() {
        return JdbiMappingStore.migrate(file());
    }

    @Override
    protected Set<String> indexes(Connection c) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void migrateCreatesAMissingFileAndItsDirectories() {
        Path nested = dir.resolve("a/b/calsync.db");
        assertThat(JdbiMappingStore.migrate(nested)).isEqualTo(JdbiMappingStore.schemaVersion());
        assertThat(nested).isRegularFile();
    }

    @Test
    void aStoreThatMayNotMigrateDoesNotCreateAMissingFile() {
        Path missing = dir.resolve("missing.db");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> JdbiMappingStore.sqlite(missing, JdbiMappingStore.Migration.REQUIRE_CURRENT))
                .isInstanceOf(OutdatedSchemaException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void theMigrationDataSourceCanBeSqliteToo() throws Exception {
        assertThat(JdbiMappingStore.migrate(SqliteFiles.dataSource(file()))).isEqualTo("2");
        try (Connection c = connect()) {
            assertThat(history(c)).containsExactly("1", "2");
        }
    }
}
