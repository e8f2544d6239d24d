package dev.calsync.e2e;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.SeriesWrite;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.core.spi.WriteResult;
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
import java.util.List;
import java.util.Optional;

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
 *       rightly refuses; the provider is therefore asked for the same calendar at the proxy's
 *       address ({@link Routed}).
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
        try (CalDavCalendarProvider dav = world.caldavProvider(
                        caldav.route(world.radicale().baseUri()),
                        b -> b.retryPolicy(caldavRetries)
                                .connectTimeout(timeout)
                                .responseTimeout(timeout));
                JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            SyncEngine engine = SyncEngine.builder()
                    .sideA(googleProvider())
                    .sideB(new Routed(
                            dav,
                            world.caldavCalendar().toString(),
                            caldav.route(world.caldavCalendar()).toString()))
                    .store(store)
                    .conflictResolver(ConflictResolvers.standard())
                    .build();
            return engine.sync(World.PAIR, options);
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

    /** A provider asked for calendar {@code stored} under the id {@code routed}: the same calendar through the proxy. */
    private record Routed(CalendarProvider provider, String stored, String routed) implements CalendarProvider {
        private String id(String calendarId) {
            return calendarId.equals(stored) ? routed : calendarId;
        }

        @Override
        public String kind() {
            return provider.kind();
        }

        @Override
        public boolean deltaListsWholeSeries() {
            return provider.deltaListsWholeSeries();
        }

        @Override
        public ChangeListing listChanges(String calendarId, String syncToken) {
            return provider.listChanges(id(calendarId), syncToken);
        }

        @Override
        public Optional<RemoteSeries> fetchSeries(String calendarId, String uid, List<RemoteRef> known) {
            return provider.fetchSeries(id(calendarId), uid, known);
        }

        @Override
        public WriteOutcome createSeries(String calendarId, EventSeries series) {
            return provider.createSeries(id(calendarId), series);
        }

        @Override
        public WriteOutcome updateSeries(String calendarId, SeriesVersion current, EventSeries desired) {
            return provider.updateSeries(id(calendarId), current, desired);
        }

        @Override
        public WriteOutcome deleteSeries(String calendarId, SeriesVersion current) {
            return provider.deleteSeries(id(calendarId), current);
        }

        @Override
        public int writeBatchSize() {
            return provider.writeBatchSize();
        }

        @Override
        public List<WriteResult> writeSeries(String calendarId, List<SeriesWrite> writes) {
            return provider.writeSeries(id(calendarId), writes);
        }
    }
}
