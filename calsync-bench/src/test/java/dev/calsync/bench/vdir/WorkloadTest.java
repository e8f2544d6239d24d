package dev.calsync.bench.vdir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    private static final long SEED = 42;

    @Test
    void theMixIsSevenTwoOneInEveryTen() {
        List<Workload.Event> events = Workload.events(1000, SEED);
        assertThat(count(events, e -> e.kind() == Workload.Kind.SINGLE)).isEqualTo(700);
        assertThat(count(events, e -> e.kind() == Workload.Kind.RECURRING)).isEqualTo(200);
        assertThat(count(events, e -> e.kind() == Workload.Kind.RECURRING_WITH_OVERRIDES))
                .isEqualTo(100);
        for (int block = 0; block < 100; block++) {
            List<Workload.Event> ten = events.subList(block * 10, block * 10 + 10);
            assertThat(count(ten, e -> e.kind() == Workload.Kind.RECURRING_WITH_OVERRIDES))
                    .isEqualTo(1);
        }
    }

    @Test
    void someAreAllDayAndSomeInEachTimeZone() {
        List<Workload.Event> events = Workload.events(1000, SEED);
        assertThat(count(events, Workload.Event::allDay)).isBetween(80L, 200L);
        assertThat(count(events, e -> "Europe/Berlin".equals(e.tzid()))).isBetween(250L, 450L);
        assertThat(count(events, e -> "America/New_York".equals(e.tzid()))).isBetween(180L, 350L);
        assertThat(count(events, e -> !e.allDay() && e.tzid() == null)).isBetween(150L, 350L);
        assertThat(events)
                .filteredOn(e -> e.kind() == Workload.Kind.RECURRING_WITH_OVERRIDES)
                .allSatisfy(e -> assertThat(e.overrides()).isBetween(1, 3))
                .extracting(Workload.Event::overrides)
                .contains(1, 2, 3);
        assertThat(events)
                .filteredOn(e -> e.kind() != Workload.Kind.RECURRING_WITH_OVERRIDES)
                .allSatisfy(e -> assertThat(e.overrides()).isZero());
    }

    @Test
    void theSameSeedGivesTheSameTextAnotherSeedOtherText() {
        Map<String, String> one = Workload.resources(Workload.events(300, SEED), SEED);
        Map<String, String> two = Workload.resources(Workload.events(300, SEED), SEED);
        Map<String, String> other = Workload.resources(Workload.events(300, 7), 7);
        assertThat(one).isEqualTo(two);
        assertThat(other.values()).doesNotContainAnyElementsOf(one.values());
        // an event does not depend on how many there are
        assertThat(Workload.events(50, SEED))
                .isEqualTo(Workload.events(300, SEED).subList(0, 50));
    }

    @Test
    void resourcesAreWellFormedICalendar() {
        Set<String> uids = new HashSet<>();
        for (Workload.Event e : Workload.events(200, SEED)) {
            String ics = Workload.render(e, SEED, "");
            assertThat(ics).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
            assertThat(ics.split("\r\n"))
                    .allSatisfy(line -> assertThat(line.getBytes(StandardCharsets.UTF_8).length)
                            .isLessThanOrEqualTo(75));
            assertThat(IcsNormalizer.vevents(ics)).hasSize(1 + e.overrides());
            assertThat(occurrences(ics, "RECURRENCE-ID")).isEqualTo(e.overrides());
            assertThat(IcsNormalizer.vevents(ics).stream()
                            .flatMap(List::stream)
                            .filter(l -> l.startsWith("RRULE:"))
                            .count())
                    .isEqualTo(e.kind() == Workload.Kind.SINGLE ? 0L : 1L);
            assertThat(ics.contains("BEGIN:VTIMEZONE")).isEqualTo(e.tzid() != null);
            if (e.tzid() != null) {
                assertThat(ics).contains("TZID:" + e.tzid(), "DTSTART;TZID=" + e.tzid() + ":");
            }
            if (e.allDay()) {
                assertThat(ics).contains("DTSTART;VALUE=DATE:");
            }
            assertThat(e.uid()).matches("[A-Za-z0-9_.+-]+"); // vdirsyncer keeps such UIDs as hrefs
            assertThat(uids.add(e.uid())).isTrue();
        }
    }

    @Test
    void anEditChangesOnlyTheSummaries() {
        Workload.Event e = Workload.events(100, SEED).stream()
                .filter(x -> x.overrides() > 0)
                .findFirst()
                .orElseThrow();
        String original = Workload.render(e, SEED, "");
        String edited = Workload.render(e, SEED, " (changed)");
        assertThat(occurrences(edited, " (changed)")).isEqualTo(1 + e.overrides());
        assertThat(edited.replace(" (changed)", "")).isEqualTo(original);
    }

    @Test
    void theChurnIsAboutOnePercentAndDisjoint() {
        Workload.Churn churn = Workload.churn(1000, SEED);
        assertThat(churn.modified()).hasSize(4);
        assertThat(churn.deleted()).hasSize(3);
        assertThat(churn.created()).hasSize(3);
        assertThat(churn.modified()).doesNotContainAnyElementsOf(churn.deleted());
        assertThat(churn.created()).extracting(Workload.Event::index).containsExactly(1000, 1001, 1002);
        assertThat(Workload.churn(1000, SEED)).isEqualTo(churn);
        Workload.Churn big = Workload.churn(5000, SEED);
        assertThat(big.size()).isEqualTo(50);
        Workload.Churn small = Workload.churn(50, SEED);
        assertThat(small.size()).isEqualTo(3);
    }

    private static long count(List<Workload.Event> events, Predicate<Workload.Event> p) {
        return events.stream().filter(p).count();
    }

    private static int occurrences(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
