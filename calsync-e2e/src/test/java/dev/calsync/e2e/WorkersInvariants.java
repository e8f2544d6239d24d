package dev.calsync.e2e;

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
 * The suite's invariants ({@link Invariants}) for one pair of many, read from both servers and the
 * shared PostgreSQL store: no series lost, none resurrected, no component twice on a side, both
 * sides hold the same content ({@link SeriesCheck}), the store's active mappings name exactly what
 * each side lists, and no series no user made. Findings name the pair. {@link #sum} adds the pairs'
 * outcomes up into one.
 */
final class WorkersInvariants {
    private WorkersInvariants() {}

    static Outcome check(WorkersWorld.Pair pair, CalendarProvider google, CalendarProvider caldav, MappingStore store) {
        Listing la = Listing.of(google, pair.googleCalendar());
        Listing lb = Listing.of(caldav, pair.caldavCalendar().toString());
        Ledger ledger = pair.ledger();
        String p = pair.id() + " ";

        List<String> lost = new ArrayList<>();
        Set<String> falseDeletes = new TreeSet<>();
        Set<String> live = ledger.live();
        List<EventMapping> active = store.inTransaction(tx -> tx.mappings(pair.id(), SyncStatus.ACTIVE));
        for (String uid : live) {
            boolean missingA = !la.series.containsKey(uid);
            boolean missingB = !lb.series.containsKey(uid);
            if (missingA) {
                lost.add(p + "google:" + uid);
            }
            if (missingB) {
                lost.add(p + "caldav:" + uid);
            }
            if ((missingA || missingB)
                    && !store.inTransaction(tx -> tx.mappingsOfUid(pair.id(), uid))
                            .isEmpty()) {
                falseDeletes.add(p + uid);
            }
        }
        List<String> resurrected = new ArrayList<>();
        for (String uid : ledger.deleted()) {
            if (la.series.containsKey(uid)) {
                resurrected.add(p + "google:" + uid);
            }
            if (lb.series.containsKey(uid)) {
                resurrected.add(p + "caldav:" + uid);
            }
        }
        List<String> strays = new ArrayList<>();
        la.series.keySet().stream().filter(u -> !ledger.knows(u)).forEach(u -> strays.add(p + "google:" + u));
        lb.series.keySet().stream().filter(u -> !ledger.knows(u)).forEach(u -> strays.add(p + "caldav:" + u));
        List<String> duplicates = new ArrayList<>();
        la.twice.forEach(k -> duplicates.add(p + "google:" + k));
        lb.twice.forEach(k -> duplicates.add(p + "caldav:" + k));

        List<String> differences = SeriesCheck.compare(la.series, lb.series, "Google", "CalDAV", uid -> p + uid)
                .differences();
        List<String> mismatches = mismatches(p, active, la, lb);
        return new Outcome(live.size(), lost, falseDeletes, resurrected, duplicates, differences, mismatches, strays);
    }

    private static List<String> mismatches(String p, List<EventMapping> active, Listing la, Listing lb) {
        List<String> mismatches = new ArrayList<>();
        Map<String, List<EventMapping>> byUid = new HashMap<>();
        for (EventMapping m : active) {
            byUid.computeIfAbsent(m.key().uid(), u -> new ArrayList<>()).add(m);
            if (m.a() == null || !la.ids.contains(m.a().remoteId())) {
                mismatches.add(p + m.key() + ": active, but its Google id "
                        + (m.a() == null ? "is missing" : m.a().remoteId() + " is not listed"));
            }
            if (m.b() == null || !lb.ids.contains(m.b().remoteId())) {
                mismatches.add(p + m.key() + ": active, but its CalDAV id "
                        + (m.b() == null ? "is missing" : m.b().remoteId() + " is not listed"));
            }
        }
        Set<String> onBoth = new HashSet<>(la.series.keySet());
        onBoth.retainAll(lb.series.keySet());
        for (String uid : onBoth) {
            if (!byUid.containsKey(uid)) {
                mismatches.add(p + uid + ": on both sides, but no active mapping");
            }
        }
        return mismatches;
    }

    /** The pairs' outcomes added up: the live series summed, the findings joined. */
    static Outcome sum(List<Outcome> outcomes) {
        int live = 0;
        List<String> lost = new ArrayList<>();
        Set<String> falseDeletes = new TreeSet<>();
        List<String> resurrected = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        List<String> strays = new ArrayList<>();
        for (Outcome o : outcomes) {
            live += o.liveSeries();
            lost.addAll(o.lost());
            falseDeletes.addAll(o.falseDeletes());
            resurrected.addAll(o.resurrected());
            duplicates.addAll(o.duplicates());
            differences.addAll(o.differences());
            mismatches.addAll(o.mappingMismatches());
            strays.addAll(o.strays());
        }
        return new Outcome(live, lost, falseDeletes, resurrected, duplicates, differences, mismatches, strays);
    }

    /**
     * One full listing of a calendar: the remote ids, the keys listed more than once, and the live
     * series grouped as {@link SeriesCheck#read} groups them.
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
