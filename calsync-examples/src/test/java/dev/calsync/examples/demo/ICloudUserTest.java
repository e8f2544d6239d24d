package dev.calsync.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.caldav.internal.ICalendarCodec;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.examples.demo.DemoEvent.Change;
import dev.calsync.examples.demo.DemoEvent.Frequency;
import dev.calsync.examples.demo.DemoEvent.Origin;
import dev.calsync.examples.demo.DemoEvent.Repeat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the iCloud user writes is valid iCalendar that means what the workload says. */
class ICloudUserTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** Weekly on Mondays from 1 March 2027, across the US change of 14 March; 3rd moved, 4th cancelled. */
    private static DemoEvent choir() {
        return new DemoEvent(
                "i001",
                Origin.ICLOUD,
                "Choir rehearsal",
                "Community centre, Room 2; side entrance",
                "Bring the scores.\nWarm-up at 18:45",
                NEW_YORK,
                LocalDateTime.of(2027, 3, 1, 19, 0),
                Duration.ofMinutes(90),
                new Repeat(Frequency.WEEKLY, 1, 6, false),
                new TreeMap<>(Map.of(2, new Change(Duration.ofMinutes(30), "Choir rehearsal (with guests)"))),
                new TreeSet<>(List.of(3)),
                15);
    }

    @Test
    void aRecurringSeriesReadsBackWithItsZoneRuleChangedAndCancelledOccurrences() throws Exception {
        String ics = ICloudUser.render("UID-1", choir(), Instant.parse("2027-02-01T10:00:00Z"));

        EventSeries series = ICalendarCodec.parse(ics).orElseThrow();

        EventComponent master = series.master();
        assertThat(master.start()).isEqualTo(EventTime.of(LocalDateTime.of(2027, 3, 1, 19, 0), NEW_YORK));
        assertThat(master.summary()).isEqualTo("Choir rehearsal");
        assertThat(master.location()).isEqualTo("Community centre, Room 2; side entrance");
        assertThat(master.description()).isEqualTo("Bring the scores.\nWarm-up at 18:45");
        assertThat(master.recurrence().rules()).containsExactly("RRULE:FREQ=WEEKLY;COUNT=6");
        assertThat(master.reminders()).hasSize(1);
        assertThat(series.allCancelledOccurrences())
                .containsExactly(RecurrenceId.of(EventTime.of(LocalDateTime.of(2027, 3, 22, 19, 0), NEW_YORK)));
        assertThat(series.overrides()).singleElement().satisfies(o -> {
            assertThat(o.recurrenceId())
                    .isEqualTo(RecurrenceId.of(EventTime.of(LocalDateTime.of(2027, 3, 15, 19, 0), NEW_YORK)));
            assertThat(o.start()).isEqualTo(EventTime.of(LocalDateTime.of(2027, 3, 15, 19, 30), NEW_YORK));
            assertThat(o.summary()).isEqualTo("Choir rehearsal (with guests)");
        });
    }

    @Test
    void linesAreFoldedAt75OctetsAndCarryAVtimezoneForTheZone() {
        DemoEvent e = choir();
        String ics = ICloudUser.render("UID-1", e, Instant.parse("2027-02-01T10:00:00Z"));

        for (String line : ics.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
        }
        assertThat(ICloudUser.unfold(ics)).contains("LOCATION:Community centre\\, Room 2\\; side entrance");
        assertThat(ICloudUser.vtimezone(NEW_YORK))
                .contains(
                        "TZID:America/New_York",
                        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
                        "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
                        "TZOFFSETFROM:-0500",
                        "TZOFFSETTO:-0400");
        assertThat(ICloudUser.vtimezone(ZoneId.of("Europe/Berlin")))
                .contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
    }

    @Test
    void aLongTitleWithNonAsciiTextFoldsWithoutSplittingACharacter() {
        String title = "Überraschungsparty für Jürgen — bitte nichts verraten! "
                .repeat(3)
                .trim();
        String folded = ICloudUser.fold(List.of("SUMMARY:" + ICloudUser.text(title)));

        assertThat(folded.split("\r\n")).hasSizeGreaterThan(1);
        assertThat(ICloudUser.unfold(folded)).containsExactly("SUMMARY:" + title);
    }
}
