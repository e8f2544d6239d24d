package dev.calsync.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.examples.demo.DemoEvent.Frequency;
import dev.calsync.examples.demo.DemoEvent.Origin;
import dev.calsync.examples.demo.DemoEvent.Repeat;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The demo's workload holds the mix the demo promises, and the same seed always gives the same one. */
class WorkloadTest {

    @Test
    void theDefaultWorkloadHoldsEveryKindOfEventTheDemoPromises() {
        Workload.Mix mix = Workload.generate(Workload.DEFAULT_SEED, 300).mix();

        assertThat(mix.series()).isEqualTo(300);
        assertThat(mix.google()).isEqualTo(150);
        assertThat(mix.icloud()).isEqualTo(150);
        assertThat(mix.timedSingles()).isEqualTo(165);
        assertThat(mix.allDaySingles()).isEqualTo(45);
        assertThat(mix.recurring()).isEqualTo(90);
        assertThat(mix.recurringAllDay()).isEqualTo(15);
        assertThat(mix.overrides()).as("changed occurrences").isGreaterThanOrEqualTo(30);
        assertThat(mix.cancelledOccurrences()).as("cancelled occurrences").isGreaterThanOrEqualTo(30);
        assertThat(mix.crossingDst()).as("series across a DST change").isGreaterThanOrEqualTo(30);
        assertThat(mix.singlesNearDst()).as("singles near a DST change").isGreaterThanOrEqualTo(30);
        assertThat(mix.timedByZone())
                .containsKeys("Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "UTC");
    }

    @Test
    void bothSidesMakeEveryKind() {
        Workload w = Workload.generate(7, 100);
        for (Origin origin : Origin.values()) {
            assertThat(w.madeOn(origin))
                    .as("made on " + origin)
                    .anyMatch(e -> !e.recurring() && !e.allDay())
                    .anyMatch(e -> !e.recurring() && e.allDay())
                    .anyMatch(
                            e -> e.recurring() && !e.allDay() && !e.overrides().isEmpty())
                    .anyMatch(e -> e.recurring() && !e.cancelled().isEmpty())
                    .anyMatch(DemoEvent::crossesDstChange);
        }
    }

    @Test
    void theSameSeedGivesTheSameWorkloadAndAnotherSeedAnother() {
        assertThat(Workload.generate(42, 60).events())
                .isEqualTo(Workload.generate(42, 60).events());
        assertThat(Workload.generate(43, 60).events())
                .isNotEqualTo(Workload.generate(42, 60).events());
    }

    @Test
    void noTimedEventStartsInTheNightHoursADstChangeSkipsOrRepeats() {
        for (DemoEvent e : Workload.generate(Workload.DEFAULT_SEED, 300).events()) {
            if (!e.allDay()) {
                assertThat(e.start().getHour()).as(e.label()).isBetween(7, 19);
                for (LocalDateTime occurrence : e.occurrences()) {
                    assertThat(e.zone().getRules().getValidOffsets(occurrence))
                            .as(e.label() + " at " + occurrence)
                            .hasSize(1);
                }
            }
        }
    }

    @Test
    void tooSmallAWorkloadIsRefused() {
        assertThatThrownBy(() -> Workload.generate(1, Workload.MIN_EVENTS - 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWeekdaySeriesSkipsWeekendsAndItsRuleEndsAtItsLastOccurrence() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        DemoEvent standUp = new DemoEvent(
                "t",
                Origin.GOOGLE,
                "Team stand-up",
                null,
                null,
                berlin,
                LocalDateTime.of(2027, 3, 25, 9, 30), // a Thursday, three days before the change to CEST
                Duration.ofMinutes(15),
                new Repeat(Frequency.WEEKDAYS, 1, 4, true),
                new TreeMap<>(),
                new TreeSet<>(),
                null);

        assertThat(standUp.occurrences())
                .extracting(LocalDateTime::getDayOfWeek)
                .containsExactly(DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY);
        // The last occurrence is 09:30 CEST (UTC+2) on Tuesday 30 March.
        assertThat(standUp.rrule()).isEqualTo("FREQ=WEEKLY;UNTIL=20270330T073000Z;BYDAY=MO,TU,WE,TH,FR");
        assertThat(standUp.crossesDstChange()).isTrue();
    }
}
