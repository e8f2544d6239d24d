package dev.calsync.testkit.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.event.ComponentKind;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.RecurrenceId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventGeneratorsTest {

    private static final int DRAWS = 1000;

    @Test
    void theSameSeedGivesTheSameSeries() {
        List<EventSeries> first = draw(EventGenerators.series(), new Random(42), 50);
        List<EventSeries> second = draw(EventGenerators.series(), new Random(42), 50);
        assertThat(second).isEqualTo(first);
        assertThat(draw(EventGenerators.series(), new Random(43), 50)).isNotEqualTo(first);
    }

    @Test
    void theSameSeedGivesTheSameListings() {
        assertThat(draw(EventGenerators.listings(), new Random(5), 20))
                .isEqualTo(draw(EventGenerators.listings(), new Random(5), 20));
    }

    @Test
    void seriesHaveOverridesCancellationsAndEveryKindOfStartOften() {
        Map<String, Integer> seen = new HashMap<>();
        Source source = Source.of(new Random(1));
        for (int i = 0; i < DRAWS; i++) {
            EventSeries s = EventGenerators.series().apply(source);
            count(seen, s.isOverrideOnly() ? "override-only" : s.master().kind().name());
            if (!s.overrides().isEmpty()) {
                count(seen, "with overrides");
            }
            if (!s.cancelledOccurrences().isEmpty()) {
                count(seen, "with cancelled occurrences");
            }
            if (s.master() != null && !s.master().recurrence().exdates().isEmpty()) {
                count(seen, "with exdates");
            }
            if (s.master() != null && !s.master().recurrence().rdates().isEmpty()) {
                count(seen, "with rdates");
            }
            for (EventComponent c : s.components()) {
                count(seen, c.start().getClass().getSimpleName());
            }
        }
        assertThat(seen)
                .hasEntrySatisfying("SINGLE", n -> assertThat(n).isGreaterThan(DRAWS / 10))
                .hasEntrySatisfying("MASTER", n -> assertThat(n).isGreaterThan(DRAWS / 3))
                .hasEntrySatisfying("override-only", n -> assertThat(n).isGreaterThan(DRAWS / 20))
                .hasEntrySatisfying("with overrides", n -> assertThat(n).isGreaterThan(DRAWS / 3))
                .hasEntrySatisfying(
                        "with cancelled occurrences", n -> assertThat(n).isGreaterThan(DRAWS / 5))
                .hasEntrySatisfying("with exdates", n -> assertThat(n).isGreaterThan(DRAWS / 5))
                .hasEntrySatisfying("with rdates", n -> assertThat(n).isGreaterThan(DRAWS / 20))
                .hasEntrySatisfying("AllDay", n -> assertThat(n).isGreaterThan(DRAWS / 10))
                .hasEntrySatisfying("Zoned", n -> assertThat(n).isGreaterThan(DRAWS / 3))
                .hasEntrySatisfying("Utc", n -> assertThat(n).isGreaterThan(DRAWS / 20))
                .hasEntrySatisfying("Floating", n -> assertThat(n).isGreaterThan(DRAWS / 20));
    }

    @Test
    void overridesAndCancellationsFallOnDistinctOccurrencesOfTheSeries() {
        Source source = Source.of(new Random(2));
        for (int i = 0; i < DRAWS; i++) {
            EventSeries s = EventGenerators.recurringSeries().apply(source);
            EventComponent master = s.master();
            assertThat(master.kind()).isEqualTo(ComponentKind.MASTER);
            assertThat(master.recurrence().rules())
                    .singleElement()
                    .asString()
                    .startsWith("RRULE:")
                    .contains("FREQ=");
            Set<RecurrenceId> ids = new HashSet<>();
            for (EventComponent o : s.overrides()) {
                assertThat(o.kind()).isEqualTo(ComponentKind.OVERRIDE);
                assertThat(ids.add(o.recurrenceId())).isTrue();
                assertThat(o.start().isAllDay()).isEqualTo(master.start().isAllDay());
            }
            for (RecurrenceId c : s.allCancelledOccurrences()) {
                assertThat(ids.add(c)).as("cancelled %s is also overridden", c).isTrue();
            }
            for (RecurrenceId id : ids) {
                assertThat(id.getClass())
                        .isEqualTo(RecurrenceId.of(master.start()).getClass());
            }
        }
    }

    @Test
    void componentsOfASeriesRegroupIntoTheSameParts() {
        Source source = Source.of(new Random(3));
        for (int i = 0; i < DRAWS; i++) {
            EventSeries s = EventGenerators.series().apply(source);
            List<EventComponent> parts = EventGenerators.componentsOf(s);
            long cancelled = parts.stream()
                    .filter(c -> c.kind() == ComponentKind.CANCELLED_OCCURRENCE)
                    .count();
            assertThat(cancelled).isEqualTo(s.cancelledOccurrences().size());
            assertThat(parts)
                    .hasSize(s.components().size() + s.cancelledOccurrences().size());
            for (EventComponent c : parts) {
                assertThat(c.uid()).isEqualTo(s.uid());
                if (c.kind() == ComponentKind.CANCELLED_OCCURRENCE) {
                    assertThat(RecurrenceId.of(c.start())).isEqualTo(c.recurrenceId());
                }
            }
        }
    }

    @Test
    void singleEventsAreValidAndCoverEveryKindOfStartAndTheDefaultEnd() {
        Source source = Source.of(new Random(4));
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            EventComponent e = EventGenerators.singleEvents().apply(source);
            assertThat(e.kind()).isIn(ComponentKind.SINGLE);
            assertThat(e.end().toInstant(ZoneOffset.UTC))
                    .isAfterOrEqualTo(e.start().toInstant(ZoneOffset.UTC));
            count(seen, e.start().getClass().getSimpleName());
            if (e.status() == EventStatus.CANCELLED) {
                count(seen, "cancelled");
            }
            if (!e.attendees().isEmpty()) {
                count(seen, "attendees");
            }
            if (!e.reminders().isEmpty()) {
                count(seen, "reminders");
            }
            if (!e.categories().isEmpty()) {
                count(seen, "categories");
            }
            if (!e.extras().isEmpty()) {
                count(seen, "extras");
            }
            if (e.start() instanceof EventTime.AllDay d
                    && e.end().equals(EventTime.date(d.date().plusDays(1)))) {
                count(seen, "one day");
            }
        }
        assertThat(seen.keySet())
                .contains("AllDay", "Zoned", "Utc", "Floating", "cancelled", "attendees", "reminders", "one day");
        assertThat(seen.get("attendees")).isGreaterThan(DRAWS / 2);
        assertThat(seen.get("categories")).isGreaterThan(DRAWS / 2);
        assertThat(seen.get("extras")).isGreaterThan(DRAWS / 2);
    }

    @Test
    void allDayEventsAreAllDay() {
        for (EventComponent e : draw(EventGenerators.allDayEvents(), new Random(6), DRAWS)) {
            assertThat(e.start()).isInstanceOf(EventTime.AllDay.class);
            assertThat(e.end()).isInstanceOf(EventTime.AllDay.class);
        }
    }

    @Test
    void componentsOfEveryKindAreGenerated() {
        Map<ComponentKind, Integer> kinds = new HashMap<>();
        for (EventComponent c : draw(EventGenerators.components(), new Random(7), DRAWS)) {
            kinds.merge(c.kind(), 1, Integer::sum);
        }
        assertThat(kinds).containsKeys(ComponentKind.values());
        assertThat(kinds.get(ComponentKind.CANCELLED_OCCURRENCE)).isGreaterThan(DRAWS / 20);
    }

    @Test
    void listingsHoldSeveralSeriesDuplicatesAndOverridesBeforeTheirMaster() {
        int withDuplicates = 0;
        int overrideFirst = 0;
        for (List<EventComponent> listing : draw(EventGenerators.listings(), new Random(8), DRAWS)) {
            Set<Object> keys = new HashSet<>();
            boolean duplicate = false;
            Set<String> mastersSeen = new HashSet<>();
            boolean early = false;
            for (EventComponent c : listing) {
                duplicate |= !keys.add(c.key());
                if (c.recurrenceId() == null) {
                    mastersSeen.add(c.uid());
                } else if (!mastersSeen.contains(c.uid())
                        && listing.stream().anyMatch(m -> m.uid().equals(c.uid()) && m.recurrenceId() == null)) {
                    early = true;
                }
            }
            withDuplicates += duplicate ? 1 : 0;
            overrideFirst += early ? 1 : 0;
        }
        assertThat(withDuplicates).isGreaterThan(DRAWS / 3);
        assertThat(overrideFirst).isGreaterThan(DRAWS / 10);
    }

    private static <T> List<T> draw(Generator<T> generator, Random random, int n) {
        Source source = Source.of(random);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(generator.apply(source));
        }
        return out;
    }

    private static void count(Map<String, Integer> seen, String what) {
        seen.merge(what, 1, Integer::sum);
    }
}
