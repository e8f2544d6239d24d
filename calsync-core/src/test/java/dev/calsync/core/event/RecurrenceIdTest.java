package dev.calsync.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RecurrenceIdTest {

    private static final RecurrenceId BERLIN_0900_ON_DST_DAY =
            new RecurrenceId.AtInstant(Instant.parse("2025-03-30T07:00:00Z"));

    @Test
    void calDavZonedRecurrenceIdIsTheUtcInstant() {
        RecurrenceId rid = RecurrenceId.fromICalendar("20250330T090000", "Europe/Berlin");

        assertThat(rid).isEqualTo(BERLIN_0900_ON_DST_DAY);
        assertThat(rid).hasToString("20250330T070000Z");
    }

    @Test
    void calDavUtcRecurrenceIdEqualsItsZonedForm() {
        assertThat(RecurrenceId.fromICalendar("20250330T070000Z", null)).isEqualTo(BERLIN_0900_ON_DST_DAY);
    }

    @Test
    void googleOriginalStartTimeEqualsTheCalDavFormWithOrWithoutTimeZone() {
        assertThat(RecurrenceId.fromGoogle(null, "2025-03-30T09:00:00+02:00", null))
                .isEqualTo(BERLIN_0900_ON_DST_DAY);
        assertThat(RecurrenceId.fromGoogle(null, "2025-03-30T09:00:00+02:00", "Europe/Berlin"))
                .isEqualTo(BERLIN_0900_ON_DST_DAY);
        // Google renders dateTime in the calendar's zone: the same instant seen from Los Angeles.
        assertThat(RecurrenceId.fromGoogle(null, "2025-03-30T00:00:00-07:00", "Europe/Berlin"))
                .isEqualTo(BERLIN_0900_ON_DST_DAY);
    }

    @Test
    void allDayRecurrenceIdsFromBothProvidersAreEqualDates() {
        RecurrenceId calDav = RecurrenceId.fromICalendar("20250330", null);
        RecurrenceId google = RecurrenceId.fromGoogle("2025-03-30", null, null);

        assertThat(calDav).isEqualTo(google).isEqualTo(new RecurrenceId.OnDate(LocalDate.of(2025, 3, 30)));
        assertThat(calDav).hasToString("20250330");
    }

    @Test
    void allDayRecurrenceIdIsNotTheSameAsMidnightUtc() {
        assertThat(RecurrenceId.fromICalendar("20250330", null))
                .isNotEqualTo(RecurrenceId.fromICalendar("20250330T000000Z", null));
    }

    @Test
    void floatingRecurrenceIdKeepsItsWallClockTime() {
        RecurrenceId rid = RecurrenceId.fromICalendar("20250330T090000", null);

        assertThat(rid).isEqualTo(new RecurrenceId.AtFloating(LocalDateTime.of(2025, 3, 30, 9, 0)));
        assertThat(rid).hasToString("20250330T090000");
        assertThat(rid).isNotEqualTo(RecurrenceId.fromICalendar("20250330T090000Z", null));
    }

    @Test
    void recurrenceIdInADstGapIsShiftedForwardByTheGap() {
        // 02:30 does not exist in New York on 2025-03-09; RFC 5545 reads it as 03:30 EDT.
        assertThat(RecurrenceId.fromICalendar("20250309T023000", "America/New_York"))
                .isEqualTo(new RecurrenceId.AtInstant(Instant.parse("2025-03-09T07:30:00Z")));
    }

    @Test
    void recurrenceIdInADstOverlapTakesTheEarlierOffset() {
        // 01:30 happens twice in New York on 2025-11-02; RFC 5545 takes the first (EDT, -04:00).
        assertThat(RecurrenceId.fromICalendar("20251102T013000", "America/New_York"))
                .isEqualTo(new RecurrenceId.AtInstant(Instant.parse("2025-11-02T05:30:00Z")));
    }

    @Test
    void recurrenceIdWithVendorPrefixedOrWindowsOrQuotedTzidIsTheSameOccurrence() {
        assertThat(RecurrenceId.fromICalendar("20250330T090000", "/mozilla.org/20050126_1/Europe/Berlin"))
                .isEqualTo(BERLIN_0900_ON_DST_DAY);
        assertThat(RecurrenceId.fromICalendar("20250330T090000", "W. Europe Standard Time"))
                .isEqualTo(BERLIN_0900_ON_DST_DAY);
        assertThat(RecurrenceId.fromICalendar("20250330T090000", "\"Europe/Berlin\""))
                .isEqualTo(BERLIN_0900_ON_DST_DAY);
    }

    @Test
    void unknownTzidIsAMalformedRecurrenceIdNamingTheZone() {
        assertThatThrownBy(() -> RecurrenceId.fromICalendar("20250330T090000", "Mars/Olympus_Mons"))
                .isInstanceOfSatisfying(
                        MalformedEventException.class,
                        e -> assertThat(e.field()).isEqualTo("RECURRENCE-ID"))
                .hasMessageContaining("RECURRENCE-ID")
                .hasMessageContaining("Mars/Olympus_Mons");
    }

    @Test
    void abbreviatedTzidIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> RecurrenceId.fromICalendar("20250330T090000", "EST"))
                .isInstanceOfSatisfying(
                        MalformedEventException.class,
                        e -> assertThat(e.field()).isEqualTo("RECURRENCE-ID"))
                .hasMessageContaining("EST");
    }

    @Test
    void unparsableRecurrenceIdNamesTheFieldAndValue() {
        assertThatThrownBy(() -> RecurrenceId.fromICalendar("2025-03-30T09:00:00", "Europe/Berlin"))
                .isInstanceOfSatisfying(
                        MalformedEventException.class,
                        e -> assertThat(e.field()).isEqualTo("RECURRENCE-ID"))
                .hasMessageContaining("2025-03-30T09:00:00");
        assertThatThrownBy(() -> RecurrenceId.fromGoogle(null, "yesterday", null))
                .isInstanceOfSatisfying(
                        MalformedEventException.class,
                        e -> assertThat(e.field()).isEqualTo("originalStartTime"))
                .hasMessageContaining("yesterday");
    }

    @Test
    void recurrenceIdIsKeptToTheSecond() {
        assertThat(new RecurrenceId.AtInstant(Instant.parse("2025-03-30T07:00:00.999Z")))
                .isEqualTo(BERLIN_0900_ON_DST_DAY);
        assertThat(new RecurrenceId.AtFloating(LocalDateTime.of(2025, 3, 30, 9, 0, 0, 5)))
                .isEqualTo(new RecurrenceId.AtFloating(LocalDateTime.of(2025, 3, 30, 9, 0)));
    }

    @Test
    void recurrenceIdsSortDatesThenInstantsThenFloatingEachChronologically() {
        RecurrenceId date1 = new RecurrenceId.OnDate(LocalDate.of(2025, 1, 1));
        RecurrenceId date2 = new RecurrenceId.OnDate(LocalDate.of(2030, 1, 1));
        RecurrenceId instant1 = new RecurrenceId.AtInstant(Instant.parse("2000-01-01T00:00:00Z"));
        RecurrenceId instant2 = new RecurrenceId.AtInstant(Instant.parse("2025-06-01T12:00:00Z"));
        RecurrenceId floating1 = new RecurrenceId.AtFloating(LocalDateTime.of(1999, 1, 1, 0, 0));
        RecurrenceId floating2 = new RecurrenceId.AtFloating(LocalDateTime.of(2025, 6, 1, 12, 0));
        List<RecurrenceId> shuffled = new ArrayList<>(List.of(floating2, instant2, date2, floating1, date1, instant1));

        shuffled.sort(null);

        assertThat(shuffled).containsExactly(date1, date2, instant1, instant2, floating1, floating2);
    }

    @Test
    void recurrenceIdOrderIsConsistentWithEquals() {
        RecurrenceId zoned = RecurrenceId.fromICalendar("20250330T090000", "Europe/Berlin");
        RecurrenceId utc = RecurrenceId.fromICalendar("20250330T070000Z", null);

        assertThat(zoned.compareTo(utc)).isZero();
        assertThat(new TreeSet<>(List.of(zoned, utc))).hasSize(1);
    }

    @Test
    void masterKeySortsBeforeItsOccurrences() {
        EventKey master = EventKey.master("u");
        EventKey occurrence = EventKey.occurrence("u", BERLIN_0900_ON_DST_DAY);

        assertThat(master.compareTo(occurrence)).isNegative();
        assertThat(occurrence.isOccurrence()).isTrue();
        assertThat(master.isOccurrence()).isFalse();
        assertThat(occurrence).hasToString("u;RECURRENCE-ID=20250330T070000Z");
    }
}
