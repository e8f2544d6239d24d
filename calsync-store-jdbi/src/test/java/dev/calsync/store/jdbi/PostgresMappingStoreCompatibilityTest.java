package dev.calsync.store.jdbi;

import dev.calsync.core.spi.MappingStore;
import dev.calsync.testkit.contract.MappingStoreCompatibilityKit;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@link MappingStore} contract on a real PostgreSQL (see {@link PostgresTestDatabase}): a new
 * schema for each test.
 */
class PostgresMappingStoreCompatibilityTest extends MappingStoreCompatibilityKit {

    private PostgresTestDatabase.Schema schema;

    @Override
    protected MappingStore createStore() {
        schema = PostgresTestDatabase.freshSchema();
        return JdbiMappingStore.postgres(schema.dataSource());
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }
}
