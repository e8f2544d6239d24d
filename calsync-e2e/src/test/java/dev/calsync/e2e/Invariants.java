package dev.calsync.e2e;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.EventMapping;
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
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The suite's invariants, read from the servers and the store file after a scenario: no series lost
 * (every series the ledger holds live is on both sides), no series resurrected, no component twice on
 * a side, both sides hold the same content, and the store's mappings name exactly what is on each
 * side.
 */
final class Invariants {
    private Invariants() {}

    static Outcome check(World world) {
        GoogleCalendarProvider google = world.googleProvider(world.google().rootUrl());
        try (CalDavCalendarProvider caldav =
                world.caldavProvider(world.radicale().baseUri(), b -> b)) {
            return check(
                    world,
                    google,
                    World.GOOGLE_CALENDAR,
                    caldav,
                    world.caldavCalendar().toString());
        }
    }

    private static Outcome check(
            World world, CalendarProvider a, String calendarA, CalendarProvider b, String calendarB) {
        Listing la = Listing.of(a, calendarA);
        Listing lb = Listing.of(b, calendarB);
        SortedMap<String, EventSeries> sa = SeriesCheck.read(a, calendarA);
        SortedMap<String, EventSeries> sb = SeriesCheck.read(b, calendarB);
        Ledger ledger = world.ledger();

        List<String> lost = new ArrayList<>();
        Set<String> falseDeletes = new TreeSet<>();
        Set<String> live = ledger.live();
        List<EventMapping> active;
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            active = store.inTransaction(tx -> tx.mappings(World.PAIR, SyncStatus.ACTIVE));
            for (String uid : live) {
                boolean everSynced = !store.inTransaction(tx -> tx.mappingsOfUid(World.PAIR, uid))
                        .isEmpty();
                if (!sa.containsKey(uid)) {
                    lost.add("google:" + uid);
                    if (everSynced) {
                        falseDeletes.add(uid);
                    }
                }
                if (!sb.containsKey(uid)) {
                    lost.add("caldav:" + uid);
                    if (everSynced) {
                        falseDeletes.add(uid);
                    }
                }
            }
        }
        List<String> resurrected = new ArrayList<>();
        for (String uid : ledger.deleted()) {
            if (sa.containsKey(uid)) {
                resurrected.add("google:" + uid);
            }
            if (sb.containsKey(uid)) {
                resurrected.add("caldav:" + uid);
            }
        }
        List<String> strays = new ArrayList<>();
        for (String uid : sa.keySet()) {
            if (!ledger.knows(uid)) {
                strays.add("google:" + uid);
            }
        }
        for (String uid : sb.keySet()) {
            if (!ledger.knows(uid)) {
                strays.add("caldav:" + uid);
            }
        }
        List<String> duplicates = new ArrayList<>();
        la.twice.forEach(k -> duplicates.add("google:" + k));
        lb.twice.forEach(k -> duplicates.add("caldav:" + k));

        List<String> differences = SeriesCheck.compare(sa, sb, "Google", "CalDAV", Function.identity())
                .differences();

        List<String> mismatches = new ArrayList<>();
        Map<String, List<EventMapping>> byUid = new HashMap<>();
        for (EventMapping m : active) {
            byUid.computeIfAbsent(m.key().uid(), u -> new ArrayList<>()).add(m);
            if (m.a() == null || !la.ids.contains(m.a().remoteId())) {
                mismatches.add(m.key() + ": active, but its Google id "
                        + (m.a() == null ? "is missing" : m.a().remoteId() + " is not listed"));
            }
            if (m.b() == null || !lb.ids.contains(m.b().remoteId())) {
                mismatches.add(m.key() + ": active, but its CalDAV id "
                        + (m.b() == null ? "is missing" : m.b().remoteId() + " is not listed"));
            }
        }
        Set<String> onBoth = new HashSet<>(sa.keySet());
        onBoth.retainAll(sb.keySet());
        for (String uid : onBoth) {
            if (!byUid.containsKey(uid)) {
                mismatches.add(uid + ": on both sides, but no active mapping");
            }
        }
        return new Outcome(live.size(), lost, falseDeletes, resurrected, duplicates, differences, mismatches, strays);
    }

    /** A full listing's live components: the remote ids, and the keys listed more than once. */
    private record Listing(Set<String> ids, List<EventKey> twice) {
        static Listing of(CalendarProvider provider, String calendarId) {
            Set<String> ids = new HashSet<>();
            Set<EventKey> seen = new HashSet<>();
            List<EventKey> twice = new ArrayList<>();
            try (ChangeListing listing = provider.listChanges(calendarId, null)) {
                Optional<ChangePage> page;
                while ((page = listing.nextPage()).isPresent()) {
                    for (RemoteComponent c : page.get().components()) {
                        ids.add(c.ref().remoteId());
                        if (c.component().status() == EventStatus.CANCELLED) {
                            continue;
                        }
                        if (!seen.add(c.component().key())) {
                            twice.add(c.component().key());
                        }
                    }
                }
            }
            return new Listing(ids, twice);
        }
    }
}
