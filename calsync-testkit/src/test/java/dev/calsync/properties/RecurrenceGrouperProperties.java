package dev.calsync.properties;

import static dev.calsync.testkit.generate.CalendarGens.gen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.recurrence.DuplicateComponent;
import dev.calsync.core.recurrence.Grouping;
import dev.calsync.core.recurrence.RecurrenceGrouper;
import dev.calsync.testkit.generate.EventGenerators;
import dev.calsync.testkit.generate.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Grouping is a function of the set of components: the order and paging of a listing never matter,
 * nothing is lost, and duplicates are resolved by the documented precedence.
 */
class RecurrenceGrouperProperties {

    /** A listing and the same components in another order, added one page at a time. */
    record Orders(List<EventComponent> listing, List<EventComponent> reordered) {
        @Override
        public String toString() {
            return "listing of " + listing.size() + ":\n"
                    + String.join(
                            "\n",
                            listing.stream()
                                    .map(c -> c.key() + " seq=" + c.sequence() + " mod=" + c.lastModified() + " status="
                                            + c.status() + " extras=" + c.extras())
                                    .toList());
        }
    }

    private static Gen<Orders> orders(boolean unmappedOnlyDuplicates) {
        return gen(source -> {
            List<EventComponent> listing =
                    new ArrayList<>(EventGenerators.listings().apply(source));
            if (unmappedOnlyDuplicates) {
                addUnmappedOnlyDuplicates(source, listing);
            }
            return new Orders(listing, source.shuffle(listing));
        });
    }

    @Test
    void anyOrderOfAListingGivesAnEqualGrouping() {
        qt().withExamples(500).forAll(orders(false)).checkAssert(o -> {
            Grouping inOrder = RecurrenceGrouper.group(o.listing());
            RecurrenceGrouper paged = new RecurrenceGrouper();
            o.reordered().forEach(paged::add);
            assertThat(paged.finish()).isEqualTo(inOrder);
            assertThat(RecurrenceGrouper.group(reversed(o.listing()))).isEqualTo(inOrder);
        });
    }

    @Test
    void duplicatesDifferingOnlyInUnmappedExtrasAreResolvedTheSameWayInAnyOrder() {
        // Few shrink cycles: listings are costly to shrink, and the smallest one is found quickly.
        qt().withExamples(500).withShrinkCycles(10).forAll(orders(true)).checkAssert(o -> {
            Grouping inOrder = RecurrenceGrouper.group(o.listing());
            assertThat(RecurrenceGrouper.group(o.reordered()))
                    .as("the listing in another order")
                    .isEqualTo(inOrder);
            assertThat(RecurrenceGrouper.group(reversed(o.listing())))
                    .as("the listing reversed")
                    .isEqualTo(inOrder);
        });
    }

    @Test
    void everyComponentEndsUpInExactlyOneSeriesOrAmongTheDuplicates() {
        qt().withExamples(500).forAll(orders(false)).checkAssert(o -> {
            List<EventComponent> listing = o.listing();
            Grouping g = RecurrenceGrouper.group(listing);
            Map<EventKey, List<EventComponent>> byKey = new LinkedHashMap<>();
            for (EventComponent c : listing) {
                byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
            }
            assertThat(g.series().stream().map(EventSeries::uid).toList())
                    .isEqualTo(new ArrayList<>(new TreeSet<>(
                            listing.stream().map(EventComponent::uid).toList())));
            assertThat(g.duplicates()).hasSize(listing.size() - byKey.size());

            for (Map.Entry<EventKey, List<EventComponent>> e : byKey.entrySet()) {
                EventKey key = e.getKey();
                List<EventComponent> candidates = e.getValue();
                List<DuplicateComponent> duplicates =
                        g.duplicates().stream().filter(d -> d.key().equals(key)).toList();
                assertThat(duplicates).hasSize(candidates.size() - 1);
                EventComponent kept = duplicates.isEmpty()
                        ? candidates.get(0)
                        : duplicates.get(0).kept();
                assertThat(duplicates).allSatisfy(d -> assertThat(d.kept()).isEqualTo(kept));
                assertThat(candidates).contains(kept);
                List<EventComponent> losers = new ArrayList<>(candidates);
                losers.remove(kept);
                assertThat(duplicates.stream()
                                .map(DuplicateComponent::discarded)
                                .toList())
                        .containsExactlyInAnyOrderElementsOf(losers);
                EventComponent expected = documentedWinner(candidates);
                if (expected != null) {
                    assertThat(kept)
                            .as("winner among %s candidates", candidates.size())
                            .isEqualTo(expected);
                }
                assertThat(places(g, kept)).as("places holding %s", key).isEqualTo(1);
            }
        });
    }

    @Test
    void overridesAreSortedNeverCancelledAndMastersHaveNoRecurrenceId() {
        qt().withExamples(500).forAll(orders(false)).checkAssert(o -> {
            for (EventSeries s : RecurrenceGrouper.group(o.listing()).series()) {
                if (s.master() != null) {
                    assertThat(s.master().recurrenceId()).isNull();
                    assertThat(s.master().uid()).isEqualTo(s.uid());
                }
                List<RecurrenceId> ids =
                        s.overrides().stream().map(EventComponent::recurrenceId).toList();
                for (int i = 1; i < ids.size(); i++) {
                    assertThat(DOCUMENTED_ORDER.compare(ids.get(i - 1), ids.get(i)))
                            .as("%s before %s", ids.get(i - 1), ids.get(i))
                            .isNegative();
                }
                for (EventComponent override : s.overrides()) {
                    assertThat(override.status()).isNotEqualTo(EventStatus.CANCELLED);
                    assertThat(override.uid()).isEqualTo(s.uid());
                }
            }
        });
    }

    // ---------------------------------------------------------------- independent expectations

    /** Dates, then instants, then floating times, each chronologically (RecurrenceId's Javadoc). */
    private static final Comparator<RecurrenceId> DOCUMENTED_ORDER = Comparator.<RecurrenceId>comparingInt(
                    id -> id instanceof RecurrenceId.OnDate ? 0 : id instanceof RecurrenceId.AtInstant ? 1 : 2)
            .thenComparing((x, y) -> {
                if (x instanceof RecurrenceId.OnDate a && y instanceof RecurrenceId.OnDate b) {
                    return a.date().compareTo(b.date());
                }
                if (x instanceof RecurrenceId.AtInstant a && y instanceof RecurrenceId.AtInstant b) {
                    return a.instant().compareTo(b.instant());
                }
                return ((RecurrenceId.AtFloating) x).local().compareTo(((RecurrenceId.AtFloating) y).local());
            });

    /**
     * The winner by the documented rules that do not need calsync's hash: the higher SEQUENCE, then
     * the later modification time (a known time beats none); null when those leave a tie between
     * components that are not equal.
     */
    private static EventComponent documentedWinner(List<EventComponent> candidates) {
        Comparator<EventComponent> bySequenceThenTime = Comparator.comparingLong((EventComponent c) -> c.sequence())
                .thenComparing(EventComponent::lastModified, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()));
        EventComponent best = candidates.get(0);
        for (EventComponent c : candidates) {
            if (bySequenceThenTime.compare(c, best) > 0) {
                best = c;
            }
        }
        for (EventComponent c : candidates) {
            if (bySequenceThenTime.compare(c, best) == 0 && !c.equals(best)) {
                return null;
            }
        }
        return best;
    }

    /**
     * In how many places of the grouping {@code c} is held: as a master, as an override, or (a
     * cancelled occurrence) as a recurrence id in its series' cancellations.
     */
    private static int places(Grouping g, EventComponent c) {
        boolean cancellation = c.recurrenceId() != null && c.status() == EventStatus.CANCELLED;
        int n = 0;
        for (EventSeries s : g.series()) {
            if (c.equals(s.master())) {
                n++;
            }
            n += (int) s.overrides().stream().filter(c::equals).count();
            if (cancellation
                    && s.uid().equals(c.uid())
                    && s.cancelledOccurrences().contains(c.recurrenceId())) {
                n++;
            }
            for (EventComponent other : s.components()) {
                if (cancellation && other.key().equals(c.key())) {
                    n++; // a cancelled occurrence must not also be held as an override
                }
            }
        }
        return n;
    }

    private static List<EventComponent> reversed(List<EventComponent> list) {
        List<EventComponent> out = new ArrayList<>(list);
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Adds, for some components, a copy with other provider-specific extras and nothing else
     * changed; sometimes the copy's extras print the same as the original's (one value reads like
     * two entries, as a provider that joins repeated X-properties with ", " writes them).
     */
    private static void addUnmappedOnlyDuplicates(Source source, List<EventComponent> listing) {
        int n = source.between(1, 3);
        for (int i = 0; i < n; i++) {
            EventComponent c = source.pick(listing);
            Map<String, String> extras = new TreeMap<>(c.extras());
            if (source.bool()) {
                extras.put("X-CALSYNC-TEST", "a");
                extras.put("X-CALSYNC-TEST-2", "b");
                listing.add(c.toBuilder().extras(extras).build());
                Map<String, String> joined = new TreeMap<>(c.extras());
                joined.put("X-CALSYNC-TEST", "a, X-CALSYNC-TEST-2=b");
                listing.add(c.toBuilder().extras(joined).build());
            } else {
                extras.put("X-CALSYNC-TEST", Integer.toString(source.between(0, 9)));
                listing.add(c.toBuilder().extras(extras).build());
            }
        }
    }
}
