package dev.calsync.store.jdbi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The engine's stateful properties on a real PostgreSQL (see {@link PostgresTestDatabase}): one
 * schema for the class, its tables emptied before every history.
 */
class PostgresSyncMachineProperties extends SyncMachineOnStore {

    private static PostgresTestDatabase.Schema schema;
    private static JdbiMappingStore store;

    @BeforeAll
    static void openStore() {
        schema = PostgresTestDatabase.freshSchema();
        store = JdbiMappingStore.postgres(schema.dataSource());
        System.out.println("PostgresSyncMachineProperties: seed " + SEED + ", " + HISTORIES
                + " histories per property (rerun with -Dcalsync.seed=" + SEED + "), on "
                + PostgresTestDatabase.how());
    }

    @AfterAll
    static void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @Override
    protected JdbiMappingStore freshStore() {
        schema.execute("TRUNCATE calendar_mappings, event_mappings, sync_operations, retry_queue");
        return store;
    }

    @Override
    protected void done(JdbiMappingStore used) {
        // The store and its schema serve the next history; its tables are emptied then.
    }
}
