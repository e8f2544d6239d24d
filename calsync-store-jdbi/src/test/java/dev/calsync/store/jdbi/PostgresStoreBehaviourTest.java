package dev.calsync.store.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.MappingTransaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link StoreBehaviourContract} on a real PostgreSQL, in a schema of each test's own. */
class PostgresStoreBehaviourTest extends StoreBehaviourContract {

    private PostgresTestDatabase.Schema schema;

    @Override
    protected JdbiMappingStore newStore() {
        schema = PostgresTestDatabase.freshSchema();
        return JdbiMappingStore.postgres(schema.dataSource());
    }

    @Override
    protected void dropTable(String table) {
        schema.execute("DROP TABLE " + table);
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void textWithTheNulCharacterIsRefusedBeforeTheDatabaseIsTouched() {
        store.useTransaction(tx -> {
            assertThatThrownBy(() -> tx.putPair(CalendarPair.of("p\0", "a", "b")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("U+0000");
            tx.putPair(CalendarPair.of("p", "a", "b"));
        });
        assertThat(store.inTransaction((MappingTransaction tx) -> tx.pair("p"))).isPresent();
    }
}
