package dev.calsync.e2e;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.examples.demo.SeriesCheck;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A sync of the world's pair whose providers are wrapped in this process, so that a test can act
 * between calsync's own calls (a user editing a series just before calsync writes it, a listing that
 * leaves series out), and a reading of what each side holds, by UID. Everything else is as in
 * {@link World#sync()}: real servers, the store file, the standard conflict resolver.
 */
final class ConcurrentSync {
    private ConcurrentSync() {}

    /** What each side holds: the title of every series, by UID. */
    record Titles(SortedMap<String, String> google, SortedMap<String, String> caldav) {}

    /**
     * One sync with default options, straight to the servers, through the wrapped providers.
     *
     * @param google wraps the Google provider (side A)
     * @param caldav wraps the CalDAV provider (side B)
     */
    static SyncReport run(World world, UnaryOperator<CalendarProvider> google, UnaryOperator<CalendarProvider> caldav) {
        GoogleCalendarProvider g = world.googleProvider(world.google().rootUrl());
        try (CalDavCalendarProvider c = world.caldavProvider(world.radicale().baseUri(), b -> b);
                JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            SyncEngine engine = SyncEngine.builder()
                    .sideA(google.apply(g))
                    .sideB(caldav.apply(c))
                    .store(store)
                    .conflictResolver(ConflictResolvers.standard())
                    .build();
            return engine.sync(World.PAIR, SyncOptions.defaults());
        }
    }

    /** The title (the master's SUMMARY, or the first override's) of every series on each side. */
    static Titles titles(World world) {
        GoogleCalendarProvider g = world.googleProvider(world.google().rootUrl());
        try (CalDavCalendarProvider c = world.caldavProvider(world.radicale().baseUri(), b -> b)) {
            return new Titles(
                    titles(SeriesCheck.read(g, World.GOOGLE_CALENDAR)),
                    titles(SeriesCheck.read(c, world.caldavCalendar().toString())));
        }
    }

    private static SortedMap<String, String> titles(Map<String, EventSeries> series) {
        SortedMap<String, String> out = new TreeMap<>();
        series.forEach((uid, s) -> s.masterComponent()
                .or(() -> s.components().stream().findFirst())
                .map(EventComponent::summary)
                .ifPresent(title -> out.put(uid, title)));
        return out;
    }
}
