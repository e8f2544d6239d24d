package dev.calsync.store.jdbi;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The engine's stateful properties on SQLite: a new database file for every history. */
class SqliteSyncMachineProperties extends SyncMachineOnStore {

    @TempDir
    static Path dir;

    private static final AtomicInteger FILES = new AtomicInteger();

    @BeforeAll
    static void announce() {
        System.out.println("SqliteSyncMachineProperties: seed " + SEED + ", " + HISTORIES
                + " histories per property (rerun with -Dcalsync.seed=" + SEED + ")");
    }

    @Override
    protected JdbiMappingStore freshStore() {
        return JdbiMappingStore.sqlite(dir.resolve("history-" + FILES.incrementAndGet() + ".db"));
    }

    @Override
    protected void done(JdbiMappingStore store) {
        store.close();
    }
}
