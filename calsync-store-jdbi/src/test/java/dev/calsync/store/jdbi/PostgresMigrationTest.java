package dev.calsync.store.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.spi.CalendarPair;
import dev.calsync.store.jdbi.internal.Dialect;
import dev.calsync.store.jdbi.internal.Migrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema's migrations on a real PostgreSQL, in a schema of each test's own. */
class PostgresMigrationTest extends MigrationContract {

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

    @Override
    protected void createAtVersion1() {
        assertThat(Migrations.migrate(schema.dataSource(), Dialect.POSTGRES, schema.name(), "1"))
                .isEqualTo("1");
    }

    @Override
    protected Connection connect() throws SQLException {
        return schema.dataSource().getConnection();
    }

    @Override
    protected JdbiMappingStore open(JdbiMappingStore.Migration migration) {
        return JdbiMappingStore.postgres(schema.dataSource(), migration);
    }

    @Override
    protected String migrateExplicitly() {
        return JdbiMappingStore.migrate(schema.dataSource());
    }

    @Override
    protected Set<String> indexes(Connection c) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void calsyncSharesASchemaWithTheApplicationsOwnTables() throws Exception {
        schema.execute("CREATE TABLE orders (id integer PRIMARY KEY, total numeric)");
        schema.execute("INSERT INTO orders VALUES (1, 9.5)");

        try (JdbiMappingStore store = JdbiMappingStore.postgres(schema.dataSource())) {
            store.useTransaction(tx -> tx.putPair(CalendarPair.of("p", "a", "b")));
        }

        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            // A baseline below calsync's first migration, then calsync's migrations.
            assertThat(history(c)).containsExactly("0", "1", "2");
        }
        try (JdbiMappingStore again =
                JdbiMappingStore.postgres(schema.dataSource(), JdbiMappingStore.Migration.REQUIRE_CURRENT)) {
            assertThat(again.inTransaction((dev.calsync.core.spi.MappingTransaction tx) -> tx.pair("p")))
                    .isPresent();
        }
    }

    @Test
    void aSchemaWithTheApplicationsOwnTableNamedLikeCalsyncsIsRefusedAndUnchanged() throws Exception {
        schema.execute("CREATE TABLE event_mappings (id integer PRIMARY KEY)");

        assertThatThrownBy(() -> JdbiMappingStore.postgres(schema.dataSource()))
                .isInstanceOfSatisfying(ForeignDatabaseException.class, e -> {
                    assertThat(e.tables()).containsExactly("event_mappings");
                    assertThat(e.location())
                            .contains(schema.name())
                            .startsWith("jdbc:postgresql://")
                            .doesNotContain("?");
                    assertThat(e).hasMessageContaining(e.location()).hasMessageContaining("event_mappings");
                });
        assertThatThrownBy(() -> JdbiMappingStore.migrate(schema.dataSource()))
                .isInstanceOf(ForeignDatabaseException.class);

        try (Connection c = connect()) {
            assertThat(Dialect.POSTGRES.tables(c)).containsExactly("event_mappings");
        }
    }
}
