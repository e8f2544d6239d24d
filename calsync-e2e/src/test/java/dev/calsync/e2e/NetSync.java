package dev.calsync.e2e;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.core.sync.SideFailedException;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncException;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.net.URI;
import java.time.Duration;

/**
 * Syncs a {@link World}'s pair through a {@link NetFaultProxy} in front of each server, as {@link
 * World#sync} does (providers and store opened per sync), but with short client timeouts on both
 * sides so that a stalled connection costs seconds, not minutes:
 *
 * <ul>
 *   <li>Google: the builder's {@code connectTimeout} and {@code readTimeout} (its own default is the
 *       Google HTTP client's, 20 s each).
 *   <li>CalDAV: {@code connectTimeout} and {@code responseTimeout} of the builder. The pair's
 *       calendar id names Radicale's origin, which a provider pointed at the proxy (another port)
 *       rightly refuses; the pair names the calendar at the proxy's address for the sync ({@link
 *       World#routeCalDav}) and at Radicale's again after it.
 * </ul>
 */
final class NetSync {
    private final World world;
    private final NetFaultProxy google;
    private final NetFaultProxy caldav;
    private final Duration timeout;
    private final RetryPolicy caldavRetries;

    /**
     * @param timeout the connect and read/response timeout of both providers
     * @param caldavRetries the CalDAV provider's retry policy
     */
    NetSync(World world, NetFaultProxy google, NetFaultProxy caldav, Duration timeout, RetryPolicy caldavRetries) {
        this.world = world;
        this.google = google;
        this.caldav = caldav;
        this.timeout = timeout;
        this.caldavRetries = caldavRetries;
    }

    /** One sync through the proxies; whatever it throws reaches the caller. */
    SyncReport sync(SyncOptions options) {
        world.routeCalDav(caldav.route(world.radicale().baseUri()));
        try (CalDavCalendarProvider dav = world.caldavProvider(
                        caldav.route(world.radicale().baseUri()),
                        b -> b.retryPolicy(caldavRetries)
                                .connectTimeout(timeout)
                                .responseTimeout(timeout));
                JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            SyncEngine engine = SyncEngine.builder()
                    .sideA(googleProvider())
                    .sideB(dav)
                    .store(store)
                    .conflictResolver(ConflictResolvers.standard())
                    .build();
            return engine.sync(World.PAIR, options);
        } finally {
            world.routeCalDav(world.radicale().baseUri());
        }
    }

    /**
     * What one sync that may fail did: its report, or what it threw.
     *
     * @param report the report, or null if it threw
     * @param failure what it threw, or null
     */
    record Attempt(SyncReport report, RuntimeException failure) {
        /** Whether it completed, or failed with one of calsync's typed {@link SyncException}s. */
        boolean typedOrNone() {
            return failure == null || failure instanceof SyncException;
        }

        /**
         * "ok writes=N parked=M retries=R", or the exception's type chain, e.g. "SideFailedException(B)
         * <- TransientProviderException".
         */
        String describe() {
            if (failure == null) {
                return "ok writes=" + report.writes() + " parked="
                        + report.parked().size() + " retries=" + report.transientRetries();
            }
            StringBuilder sb = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                sb.append(sb.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName());
                if (t instanceof SideFailedException s) {
                    sb.append('(').append(s.side()).append(')');
                }
            }
            return sb.toString();
        }
    }

    /** One sync through the proxies that may fail. */
    Attempt attempt(SyncOptions options) {
        try {
            return new Attempt(sync(options), null);
        } catch (RuntimeException e) {
            return new Attempt(null, e);
        }
    }

    private GoogleCalendarProvider googleProvider() {
        return world.googleProvider(
                google.route(URI.create(world.google().rootUrl())).toString(),
                b -> b.connectTimeout(timeout).readTimeout(timeout));
    }
}
