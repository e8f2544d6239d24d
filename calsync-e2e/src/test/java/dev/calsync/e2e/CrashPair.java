package dev.calsync.e2e;

import dev.calsync.core.spi.Lease;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.time.Duration;
import java.util.Optional;

/**
 * What the crash scenario reads and does to the pair's lease in the store file: the lease a killed
 * child left, and its lapse. (A child syncing through the proxies also has the pair name the CalDAV
 * calendar at the proxy, {@link World#routeCalDav}.)
 */
final class CrashPair {
    private CrashPair() {}

    /** The lease recorded on the pair, expired or not. */
    static Optional<Lease> lease(World world) {
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            return store.inTransaction(tx -> tx.lease(World.PAIR));
        }
    }

    /**
     * Lets the dead worker's lease lapse, as time does: claims the pair at the instant {@code held}
     * expires (the store's own rule for an expired lease) and releases it.
     *
     * @throws AssertionError if the store does not let the pair be claimed then
     */
    static void letLapse(World world, Lease held) {
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            store.useTransaction(tx -> {
                Lease mine = tx.claim(World.PAIR, "crash-test-scheduler", held.expiresAt(), Duration.ofSeconds(1))
                        .orElseThrow(() -> new AssertionError("the pair cannot be claimed when " + held + " lapsed"));
                tx.release(mine);
            });
        }
    }
}
