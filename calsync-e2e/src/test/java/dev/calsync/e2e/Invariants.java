package dev.calsync.e2e;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.recurrence.RecurrenceGrouper;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.examples.demo.SeriesCheck;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The suite's invariants, read from both servers and the store after a scenario: no series lost
 * (every series the ledger holds live is on both sides), no series resurrected, no component twice on
 * a side, both sides hold the same content ({@link SeriesCheck}), the store's active mappings name
 * exactly what each side lists, and no series no user made. Each calendar is listed once.
 */
final class Invariants {
    private Invariants() {}

    /** The invariants of {@code world}'s pair, read from its servers and its store file. */
    static Outcome check(World world) {
        GoogleCalendarProvider google = world.googleProvider(world.google().rootUrl());
        try (CalDavCalendarProvider caldav =
                        world.caldavProvider(world.radicale().baseUri(), b -> b);
                JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            return check(
                    World.PAIR,
                    "",
                    world.ledger(),
                    google,
                    World.GOOGLE_CALENDAR,
                    caldav,
                    world.caldavCalendar().toString(),
                    store);
        }
    }

    /**
     * The invariants of one pair.
     *
     * @param pairId the pair in {@code store}
     * @param label what every finding starts with (the pair's name when there are many, else empty)
     * @param ledger what the pair's users created and deleted
     * @param google the Google side's provider
     * @param googleCalendar the Google calendar
     * @param caldav the CalDAV side's provider
     * @param caldavCalendar the CalDAV calendar
     * @param store the mapping store
     * @return the findings
     */
    static Outcome check(
            String pairId,
            String label,
            Ledger ledger,
            CalendarProvider google,
            String googleCalendar,
            CalendarProvider caldav,
            String caldavCalendar,
            MappingStore store) {
        Listing la = Listing.of(google, googleCalendar);
        Listing lb = Listing.of(caldav, caldavCalendar);

        List<String> lost = new ArrayList<>();
        Set<String> falseDeletes = new TreeSet<>();
        Set<String> live = ledger.live();
        for (String uid : live) {
            boolean missingA = !la.series.containsKey(uid);
            boolean missingB = !lb.series.containsKey(uid);
            if (missingA) {
                lost.add(label + "google:" + uid);
            }
            if (missingB) {
                lost.add(label + "caldav:" + uid);
            }
            // lost after having been synced: deleted by calsync, or never re-created
            if ((missingA || missingB)
                    && !store.inTransaction(tx -> tx.mappingsOfUid(pairId, uid)).isEmpty()) {
                falseDeletes.add(label + uid);
            }
        }
        List<String> resurrected = new ArrayList<>();
        for (String uid : ledger.deleted()) {
            if (la.series.containsKey(uid)) {
                resurrected.add(label + "google:" + uid);
            }
            if (lb.series.containsKey(uid)) {
                resurrected.add(label + "caldav:" + uid);
            }
        }
        List<String> strays = new ArrayList<>();
        la.series.keySet().stream().filter(u -> !ledger.knows(u)).forEach(u -> strays.add(label + "google:" + u));
        lb.series.keySet().stream().filter(u -> !ledger.knows(u)).forEach(u -> strays.add(label + "caldav:" + u));
        List<String> duplicates = new ArrayList<>();
        la.twice.forEach(k -> duplicates.add(label + "google:" + k));
        lb.twice.forEach(k -> duplicates.add(label + "caldav:" + k));

        List<String> differences = SeriesCheck.compare(la.series, lb.series, "Google", "CalDAV", uid -> label + uid)
                .differences();
        List<EventMapping> active = store.inTransaction(tx -> tx.mappings(pairId, SyncStatus.ACTIVE));
        List<String> mismatches = mismatches(label, active, la, lb);
        return new Outcome(live.size(), lost, falseDeletes, resurrected, duplicates, differences, mismatches, strays);
    }

    private static List<String> mismatches(String label, List<EventMapping> active, Listing la, Listing lb) {
        List<String> mismatches = new ArrayList<>();
        Map<String, List<EventMapping>> byUid = new HashMap<>();
        for (EventMapping m : active) {
            byUid.computeIfAbsent(m.key().uid(), u -> new ArrayList<>()).add(m);
            if (m.a() == null || !la.ids.contains(m.a().remoteId())) {
                mismatches.add(label + m.key() + ": active, but its Google id "
                        + (m.a() == null ? "is missing" : m.a().remoteId() + " is not listed"));
            }
            if (m.b() == null || !lb.ids.contains(m.b().remoteId())) {
                mismatches.add(label + m.key() + ": active, but its CalDAV id "
                        + (m.b() == null ? "is missing" : m.b().remoteId() + " is not listed"));
            }
        }
        Set<String> onBoth = new HashSet<>(la.series.keySet());
        onBoth.retainAll(lb.series.keySet());
        for (String uid : onBoth) {
            if (!byUid.containsKey(uid)) {
                mismatches.add(label + uid + ": on both sides, but no active mapping");
            }
        }
        return mismatches;
    }

    /**
     * One full listing of a calendar: the remote ids, the keys listed more than once (cancelled
     * components left out), and the live series grouped as {@link SeriesCheck#read} groups them.
     */
    private record Listing(Set<String> ids, List<EventKey> twice, SortedMap<String, EventSeries> series) {
        static Listing of(CalendarProvider provider, String calendarId) {
            Set<String> ids = new HashSet<>();
            Set<EventKey> seen = new HashSet<>();
            List<EventKey> twice = new ArrayList<>();
            RecurrenceGrouper grouper = new RecurrenceGrouper();
            try (ChangeListing listing = provider.listChanges(calendarId, null)) {
                Optional<ChangePage> page;
                while ((page = listing.nextPage()).isPresent()) {
                    for (RemoteComponent c : page.get().components()) {
                        ids.add(c.ref().remoteId());
                        grouper.add(c.component());
                        if (c.component().status() != EventStatus.CANCELLED
                                && !seen.add(c.component().key())) {
                            twice.add(c.component().key());
                        }
                    }
                }
            }
            SortedMap<String, EventSeries> series = new TreeMap<>();
            for (EventSeries s : grouper.finish().series()) {
                if (!s.isCancelled()) {
                    series.put(s.uid(), s);
                }
            }
            return new Listing(ids, twice, series);
        }
    }
}
