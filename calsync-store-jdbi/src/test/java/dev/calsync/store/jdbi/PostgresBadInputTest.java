package dev.calsync.store.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.calsync.store.jdbi.internal.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** PostgreSQL databases calsync must not use: refused with a typed exception naming them, unchanged. */
class PostgresBadInputTest {

    private PostgresTestDatabase.Schema schema;

    @BeforeEach
    void createSchema() {
        schema = PostgresTestDatabase.freshSchema();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    private String historySnapshot() throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = schema.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT installed_rank, version, checksum, success"
                        + " FROM calsync_schema_history ORDER BY installed_rank")) {
            while (rs.next()) {
                out.append(rs.getInt(1))
                        .append(' ')
                        .append(rs.getString(2))
                        .append(' ')
                        .append(rs.getObject(3))
                        .append(' ')
                        .append(rs.getBoolean(4))
                        .append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void aSchemaFromANewerCalsyncIsRefusedAndUnchanged() throws Exception {
        JdbiMappingStore.postgres(schema.dataSource()).close();
        schema.execute("INSERT INTO calsync_schema_history (installed_rank, version, description, type, script,"
                + " checksum, installed_by, execution_time, success)"
                + " VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'calsync', 1, true)");
        String before = historySnapshot();

        for (JdbiMappingStore.Migration migration : JdbiMappingStore.Migration.values()) {
            assertThatThrownBy(() -> JdbiMappingStore.postgres(schema.dataSource(), migration))
                    .isInstanceOfSatisfying(NewerSchemaException.class, e -> {
                        assertThat(e.foundVersion()).isEqualTo("99");
                        assertThat(e.location()).contains(schema.name());
                        assertThat(e).hasMessageContaining(e.location()).hasMessageContaining("newer calsync");
                    });
        }
        assertThatThrownBy(() -> JdbiMappingStore.migrate(schema.dataSource()))
                .isInstanceOf(NewerSchemaException.class);

        assertThat(historySnapshot()).isEqualTo(before);
    }

    @Test
    void messagesAndLocationsNeverShowThePassword() {
        HikariConfig config = new HikariConfig();
        String url = ((HikariDataSource) schema.dataSource()).getJdbcUrl() + "&password=s3cr3t-pw";
        config.setJdbcUrl(url);
        config.setUsername(((HikariDataSource) schema.dataSource()).getUsername());
        config.setMaximumPoolSize(2);
        try (HikariDataSource withPassword = new HikariDataSource(config)) {
            try (JdbiMappingStore store = JdbiMappingStore.postgres(withPassword)) {
                assertThat(store.location()).doesNotContain("s3cr3t").contains(schema.name());
            }
            schema.execute("INSERT INTO calsync_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success)"
                    + " VALUES (99, '99', 'future', 'SQL', 'V99__future.sql', 0, 'calsync', 1, true)");
            assertThatThrownBy(() -> JdbiMappingStore.postgres(withPassword))
                    .isInstanceOf(NewerSchemaException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
        }
    }

    @Test
    void aSchemaThatDoesNotExistIsNamedInTheError() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        HikariDataSource pooled = (HikariDataSource) schema.dataSource();
        ds.setURL(pooled.getJdbcUrl().replace(schema.name(), schema.name() + "_missing"));
        ds.setUser(pooled.getUsername());

        assertThatThrownBy(() -> JdbiMappingStore.postgres(ds))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining("no current schema");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsAStoreOpenException() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL("jdbc:postgresql://127.0.0.1:1/none");
        ds.setConnectTimeout(2);

        assertThatThrownBy(() -> JdbiMappingStore.postgres(ds))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining("cannot connect")
                .hasCauseInstanceOf(java.sql.SQLException.class);
    }

    @Test
    void aSqliteDataSourceIsNotPostgres(@TempDir Path dir) {
        assertThatThrownBy(() -> JdbiMappingStore.postgres(SqliteFiles.dataSource(dir.resolve("x.db"))))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining("not PostgreSQL");
    }
}
