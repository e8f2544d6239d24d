package dev.calsync.examples.demo;

import dev.calsync.core.canonical.CanonicalForm;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.recurrence.RecurrenceGrouper;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.RemoteComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The demo's final check: both calendars, read in full through calsync's providers, hold the same
 * series. Two series are the same when every part of them (master, each changed occurrence, each
 * cancelled occurrence) has the same {@link ContentHash} on both sides ({@link
 * ContentHash#perComponent}), which is calsync's own definition of "in sync": it covers every mapped
 * field (times with their zones, titles, places, notes, reminders, recurrence rules) and leaves out
 * what a side may rewrite on its own (SEQUENCE, timestamps, ETags, VTIMEZONE definitions).
 */
public final class SeriesCheck {
    private SeriesCheck() {}

    /**
     * The outcome of a check.
     *
     * @param seriesA live series on side A
     * @param seriesB live series on side B
     * @param differences one readable paragraph per series that differs; empty when the sides agree
     */
    public record Result(int seriesA, int seriesB, List<String> differences) {
        /** Copies the list. */
        public Result {
            differences = List.copyOf(differences);
        }

        /** Whether both sides hold the same series. */
        public boolean same() {
            return differences.isEmpty();
        }
    }

    /**
     * Every live series of {@code calendarId}, by UID, from a full listing (no sync token) grouped as
     * the engine groups it; deleted series are left out.
     */
    public static SortedMap<String, EventSeries> read(CalendarProvider provider, String calendarId) {
        RecurrenceGrouper grouper = new RecurrenceGrouper();
        try (ChangeListing listing = provider.listChanges(calendarId, null)) {
            Optional<ChangePage> page;
            while ((page = listing.nextPage()).isPresent()) {
                for (RemoteComponent c : page.get().components()) {
                    grouper.add(c.component());
                }
            }
        }
        SortedMap<String, EventSeries> out = new TreeMap<>();
        for (EventSeries s : grouper.finish().series()) {
            if (!s.isCancelled()) {
                out.put(s.uid(), s);
            }
        }
        return out;
    }

    /**
     * Compares two calendars' series.
     *
     * @param a side A's series by UID
     * @param b side B's series by UID
     * @param nameA how to call side A
     * @param nameB how to call side B
     * @param label how to name a series in the output, by UID
     */
    public static Result compare(
            Map<String, EventSeries> a,
            Map<String, EventSeries> b,
            String nameA,
            String nameB,
            Function<String, String> label) {
        Set<String> uids = new TreeSet<>(a.keySet());
        uids.addAll(b.keySet());
        List<String> differences = new ArrayList<>();
        for (String uid : uids) {
            EventSeries sa = a.get(uid);
            EventSeries sb = b.get(uid);
            if (sa == null || sb == null) {
                differences.add(label.apply(uid) + " [" + uid + "]: only on " + (sa == null ? nameB : nameA));
                continue;
            }
            SortedMap<EventKey, ContentHash> ha = ContentHash.perComponent(sa);
            SortedMap<EventKey, ContentHash> hb = ContentHash.perComponent(sb);
            if (ha.equals(hb)) {
                continue;
            }
            StringBuilder d = new StringBuilder(label.apply(uid) + " [" + uid + "]:");
            Set<EventKey> keys = new TreeSet<>(ha.keySet());
            keys.addAll(hb.keySet());
            for (EventKey key : keys) {
                ContentHash x = ha.get(key);
                ContentHash y = hb.get(key);
                if (x != null && x.equals(y)) {
                    continue;
                }
                String part = key.isOccurrence() ? "occurrence " + key.recurrenceId() : "master";
                if (x == null || y == null) {
                    d.append("\n      ").append(part).append(": only on ").append(x == null ? nameB : nameA);
                    continue;
                }
                d.append("\n      ").append(part).append(" differs:");
                Optional<EventComponent> ca = component(sa.normalized(), key);
                Optional<EventComponent> cb = component(sb.normalized(), key);
                if (ca.isPresent() && cb.isPresent()) {
                    Set<String> la = lines(ca.get());
                    Set<String> lb = lines(cb.get());
                    for (String line : la) {
                        if (!lb.contains(line)) {
                            d.append("\n        ")
                                    .append(String.format("%-7s", nameA))
                                    .append(line);
                        }
                    }
                    for (String line : lb) {
                        if (!la.contains(line)) {
                            d.append("\n        ")
                                    .append(String.format("%-7s", nameB))
                                    .append(line);
                        }
                    }
                } else {
                    d.append(" cancelled on ").append(ca.isPresent() ? nameB : nameA);
                }
            }
            differences.add(d.toString());
        }
        return new Result(a.size(), b.size(), differences);
    }

    private static Optional<EventComponent> component(EventSeries series, EventKey key) {
        if (!key.isOccurrence()) {
            return series.masterComponent();
        }
        return series.override(key.recurrenceId());
    }

    /** The canonical lines of a component, as {@code NAME value} (lengths dropped). */
    private static Set<String> lines(EventComponent c) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : Arrays.asList(CanonicalForm.of(c).split("\n"))) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            out.add(second < 0 ? line : line.substring(0, first) + " " + line.substring(second + 1));
        }
        return out;
    }
}
