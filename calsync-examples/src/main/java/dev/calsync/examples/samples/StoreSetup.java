package dev.calsync.examples.samples;

import dev.calsync.core.spi.HealthReport;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/** The code of {@code docs/store.md}: opening the store on SQLite or PostgreSQL, and its health. */
public final class StoreSetup {
    private StoreSetup() {}

    /**
     * Opens a SQLite store in {@code dir} and a PostgreSQL one on {@code dataSource}.
     *
     * @param dir where {@code calsync.db} is created
     * @param dataSource a PostgreSQL database
     * @return both stores, open
     */
    public static JdbiMappingStore[] open(Path dir, DataSource dataSource) {
        // store-open:begin
        // Embedded, zero setup: one file, one process.
        JdbiMappingStore embedded = JdbiMappingStore.sqlite(dir.resolve("calsync.db"));

        // Production and many workers: the application brings the driver and the DataSource.
        JdbiMappingStore shared = JdbiMappingStore.postgres(dataSource);
        // store-open:end
        return new JdbiMappingStore[] {embedded, shared};
    }

    /**
     * The seed's four figures of the last 24 hours.
     *
     * @param store an open store
     * @return its health report
     */
    public static HealthReport health(JdbiMappingStore store) {
        // store-health:begin
        HealthReport health = store.inTransaction(tx -> tx.health(Instant.now().minus(Duration.ofHours(24))));
        // store-health:end
        return health;
    }
}
