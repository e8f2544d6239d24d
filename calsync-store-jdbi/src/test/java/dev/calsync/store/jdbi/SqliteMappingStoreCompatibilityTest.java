package dev.calsync.store.jdbi;

import dev.calsync.core.spi.MappingStore;
import dev.calsync.testkit.contract.MappingStoreCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The {@link MappingStore} contract on SQLite: a new database file for each test. */
class SqliteMappingStoreCompatibilityTest extends MappingStoreCompatibilityKit {

    @TempDir
    Path dir;

    private JdbiMappingStore opened;

    @Override
    protected MappingStore createStore() {
        opened = JdbiMappingStore.sqlite(dir.resolve("calsync.db"));
        return opened;
    }

    @AfterEach
    void closeStore() {
        if (opened != null) {
            opened.close();
        }
    }
}
