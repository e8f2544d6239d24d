package dev.calsync.e2e;

import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.Lease;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What the crash scenario does to the pair's row in the store file, besides syncing.
 *
 * <p>The CalDAV provider only sends requests (and credentials) to its server's origin, and the pair
 * names the CalDAV calendar by URL: a child syncing through a proxy needs the pair to name the
 * calendar at the proxy's origin, and the normal syncs after it need it back at Radicale's. Only the
 * origin changes (same path, tokens and mappings kept): the engine reads the calendar id from the
 * pair on every sync, and the mappings name CalDAV resources by path.
 */
final class CrashPair {
    private CrashPair() {}

    /** Makes the pair name the CalDAV calendar at {@code server}'s origin (its path unchanged). */
    static void routeCalDav(World world, URI server) {
        String calendar = server.resolve(world.caldavCalendar().getRawPath()).toString();
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            store.useTransaction(tx -> {
                CalendarPair p = tx.pair(World.PAIR).orElseThrow();
                tx.putPair(new CalendarPair(
                        p.pairId(),
                        p.calendarA(),
                        calendar,
                        p.syncTokenA(),
                        p.syncTokenB(),
                        p.lastUpdatedA(),
                        p.lastUpdatedB(),
                        p.enabled()));
            });
        }
    }

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
