package dev.calsync.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EventTimeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void iCalendarDateIsAnAllDayValue() {
        EventTime t = EventTime.parseICalendar("DTSTART", "20250330", null);

        assertThat(t).isEqualTo(new EventTime.AllDay(LocalDate.of(2025, 3, 30)));
        assertThat(t.isAllDay()).isTrue();
        assertThat(t).hasToString("20250330");
    }

    @Test
    void iCalendarUtcDateTimeIsAnInstant() {
        assertThat(EventTime.parseICalendar("DTSTART", "20250330T070000Z", null))
                .isEqualTo(new EventTime.Utc(Instant.parse("2025-03-30T07:00:00Z")));
        assertThat(EventTime.parseICalendar("DTSTART", "20250330T070000z", null))
                .isEqualTo(new EventTime.Utc(Instant.parse("2025-03-30T07:00:00Z")));
    }

    @Test
    void iCalendarDateTimeWithTzidIsZoned() {
        EventTime t = EventTime.parseICalendar("DTSTART", "20250330T090000", "Europe/Berlin");

        assertThat(t).isEqualTo(new EventTime.Zoned(LocalDateTime.of(2025, 3, 30, 9, 0), BERLIN));
        assertThat(t.toInstant(ZoneOffset.UTC)).isEqualTo(Instant.parse("2025-03-30T07:00:00Z"));
    }

    @Test
    void iCalendarDateTimeWithoutTzidFloats() {
        EventTime t = EventTime.parseICalendar("DTSTART", "20250330T090000", null);

        assertThat(t).isEqualTo(new EventTime.Floating(LocalDateTime.of(2025, 3, 30, 9, 0)));
        assertThat(t.toInstant(ZoneOffset.UTC)).isEqualTo(Instant.parse("2025-03-30T09:00:00Z"));
        assertThat(t.toInstant(NEW_YORK)).isEqualTo(Instant.parse("2025-03-30T13:00:00Z"));
    }

    @Test
    void localTimeInADstGapIsShiftedForwardByTheGap() {
        EventTime t = EventTime.parseICalendar("DTSTART", "20250309T023000", "America/New_York");

        assertThat(t.toInstant(ZoneOffset.UTC)).isEqualTo(Instant.parse("2025-03-09T07:30:00Z"));
    }

    @Test
    void localTimeInADstOverlapTakesTheEarlierOffset() {
        EventTime t = EventTime.parseICalendar("DTSTART", "20251102T013000", "America/New_York");

        assertThat(t.toInstant(ZoneOffset.UTC)).isEqualTo(Instant.parse("2025-11-02T05:30:00Z"));
    }

    @Test
    void mozillaPrefixedTzidResolvesToTheIanaZone() {
        assertThat(zoneOf("/mozilla.org/20050126_1/Europe/Berlin")).isEqualTo(BERLIN);
        assertThat(zoneOf("/citadel.org/20190914_1/Europe/Berlin")).isEqualTo(BERLIN);
        assertThat(zoneOf("/mozilla.org/20050126_1/America/Argentina/Salta"))
                .isEqualTo(ZoneId.of("America/Argentina/Salta"));
    }

    @Test
    void windowsZoneNameResolvesToItsCldrCity() {
        assertThat(zoneOf("W. Europe Standard Time")).isEqualTo(BERLIN);
        assertThat(zoneOf("Eastern Standard Time")).isEqualTo(NEW_YORK);
        assertThat(zoneOf("eastern standard time")).isEqualTo(NEW_YORK);
    }

    @Test
    void quotedTzidIsUnquoted() {
        assertThat(zoneOf("\"Europe/Berlin\"")).isEqualTo(BERLIN);
        assertThat(zoneOf("\"W. Europe Standard Time\"")).isEqualTo(BERLIN);
    }

    @Test
    void unknownTzidIsRefusedNamingPropertyAndValue() {
        assertMalformed(
                () -> EventTime.parseICalendar("DTSTART", "20250330T090000", "Europe/Atlantis"),
                "DTSTART",
                "Europe/Atlantis");
    }

    @Test
    void abbreviationsAreRefusedBecauseTheyAreAmbiguous() {
        assertMalformed(() -> EventTime.parseICalendar("DTSTART", "20250101T090000", "EST"), "DTSTART", "EST");
        assertMalformed(() -> EventTime.parseICalendar("DTSTART", "20250101T090000", "CET"), "DTSTART", "CET");
        assertMalformed(
                () -> EventTime.parseRfc3339("start", null, "2025-01-01T09:00:00-05:00", "EST"), "start", "EST");
    }

    @Test
    void fixedOffsetZonesBecomeUtcInstants() {
        assertThat(EventTime.parseICalendar("DTSTART", "20250101T090000", "UTC"))
                .isEqualTo(EventTime.parseICalendar("DTSTART", "20250101T090000Z", null))
                .isInstanceOf(EventTime.Utc.class);
        // Etc/GMT+5 is five hours *behind* UTC (POSIX sign convention).
        assertThat(EventTime.parseICalendar("DTSTART", "20250101T120000", "Etc/GMT+5"))
                .isEqualTo(new EventTime.Utc(Instant.parse("2025-01-01T17:00:00Z")));
        assertThat(EventTime.of(LocalDateTime.of(2025, 1, 1, 12, 0), ZoneOffset.ofHours(2)))
                .isEqualTo(new EventTime.Utc(Instant.parse("2025-01-01T10:00:00Z")));
        assertThat(EventTime.parseRfc3339("start", null, "2025-01-01T12:00:00Z", "UTC"))
                .isInstanceOf(EventTime.Utc.class);
    }

    @Test
    void zonedTimeRefusesAFixedOffsetZone() {
        assertThatThrownBy(() -> new EventTime.Zoned(LocalDateTime.of(2025, 1, 1, 9, 0), ZoneId.of("UTC")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void garbageICalendarValuesAreRefusedNamingTheField() {
        assertMalformed(() -> EventTime.parseICalendar("DTSTART", "2025-03-30", null), "DTSTART", "2025-03-30");
        assertMalformed(() -> EventTime.parseICalendar("DTEND", "tomorrow", null), "DTEND", "tomorrow");
        assertMalformed(() -> EventTime.parseICalendar("EXDATE", "20251301", null), "EXDATE", "20251301");
        assertMalformed(() -> EventTime.parseICalendar("RDATE", "20250101T250000Z", null), "RDATE", "20250101T250000Z");
        assertMalformed(() -> EventTime.parseICalendar("DTSTART", "", null), "DTSTART", "missing");
        assertMalformed(() -> EventTime.parseICalendar("DTSTART", null, null), "DTSTART", "missing");
    }

    @Test
    void impossibleCalendarDateIsRefusedAsADate() {
        assertMalformed(() -> EventTime.parseICalendar("DTSTART", "20250230", null), "DTSTART", "20250230");
    }

    @Test
    void impossibleCalendarDateIsRefusedAsADateTime() {
        // February 30th must not silently become February 28th: a RECURRENCE-ID would then
        // address a different occurrence than the one the calendar meant.
        assertMalformed(
                () -> EventTime.parseICalendar("RECURRENCE-ID", "20250230T090000Z", null),
                "RECURRENCE-ID",
                "20250230T090000Z");
        assertMalformed(
                () -> EventTime.parseICalendar("DTSTART", "20250231T090000", "Europe/Berlin"),
                "DTSTART",
                "20250231T090000");
    }

    @Test
    void hourTwentyFourIsRefusedRatherThanRolledIntoTheNextDay() {
        assertMalformed(
                () -> EventTime.parseICalendar("DTSTART", "20250301T240000Z", null), "DTSTART", "20250301T240000Z");
    }

    @Test
    void utcAndGmtNamesAreAcceptedInAnyCase() {
        LocalDateTime nine = LocalDateTime.of(2025, 3, 1, 9, 0);
        EventTime expected = EventTime.utc(nine.toInstant(ZoneOffset.UTC));
        for (String name : new String[] {"UTC", "utc", "GMT", "gmt", "Etc/UTC"}) {
            assertThat(EventTime.parseICalendar("DTSTART", "20250301T090000", name))
                    .as(name)
                    .isEqualTo(expected);
        }
    }

    @Test
    void googleDateIsAnAllDayValue() {
        assertThat(EventTime.parseRfc3339("start", "2025-03-30", null, null))
                .isEqualTo(new EventTime.AllDay(LocalDate.of(2025, 3, 30)));
    }

    @Test
    void googleDateTimeWithoutTimeZoneIsTheInstantOfItsOffset() {
        assertThat(EventTime.parseRfc3339("start", null, "2025-03-30T09:00:00+02:00", null))
                .isEqualTo(new EventTime.Utc(Instant.parse("2025-03-30T07:00:00Z")));
    }

    @Test
    void googleDateTimeWithTimeZoneIsTheLocalTimeInThatZone() {
        // Rendered with a Los Angeles offset, but the event lives in Berlin.
        assertThat(EventTime.parseRfc3339("start", null, "2025-03-30T00:00:00-07:00", "Europe/Berlin"))
                .isEqualTo(new EventTime.Zoned(LocalDateTime.of(2025, 3, 30, 9, 0), BERLIN));
    }

    @Test
    void googleValueWithBothOrNeitherDateAndDateTimeIsRefused() {
        assertMalformed(
                () -> EventTime.parseRfc3339("start", "2025-03-30", "2025-03-30T09:00:00Z", null),
                "start",
                "exactly one");
        assertMalformed(() -> EventTime.parseRfc3339("end", null, null, null), "end", "exactly one");
        assertMalformed(() -> EventTime.parseRfc3339("end", " ", "", "Europe/Berlin"), "end", "exactly one");
    }

    @Test
    void garbageGoogleValuesAreRefusedNamingTheField() {
        assertMalformed(() -> EventTime.parseRfc3339("start", "30.03.2025", null, null), "start", "30.03.2025");
        assertMalformed(
                () -> EventTime.parseRfc3339("originalStartTime", null, "2025-03-30 09:00", null),
                "originalStartTime",
                "2025-03-30 09:00");
        assertMalformed(
                () -> EventTime.parseRfc3339("start", null, "2025-03-30T09:00:00Z", "Nowhere/Special"),
                "start",
                "Nowhere/Special");
    }

    @Test
    void timesAreKeptToTheSecond() {
        assertThat(EventTime.parseRfc3339("start", null, "2025-03-30T07:00:00.123Z", null))
                .isEqualTo(EventTime.parseICalendar("DTSTART", "20250330T070000Z", null));
    }

    @Test
    void allDayDateIsPlacedInTheViewersZone() {
        EventTime t = EventTime.date(LocalDate.of(2025, 3, 30));

        assertThat(t.toInstant(BERLIN)).isEqualTo(Instant.parse("2025-03-29T23:00:00Z"));
        assertThat(t.toInstant(ZoneOffset.UTC)).isEqualTo(Instant.parse("2025-03-30T00:00:00Z"));
    }

    private static ZoneId zoneOf(String tzid) {
        EventTime t = EventTime.parseICalendar("DTSTART", "20250115T090000", tzid);
        assertThat(t).as("TZID %s", tzid).isInstanceOf(EventTime.Zoned.class);
        return ((EventTime.Zoned) t).zone();
    }

    /** Asserts that {@code parse} is refused naming {@code field}; on success, says what it parsed to. */
    private static void assertMalformed(Supplier<EventTime> parse, String field, String messagePart) {
        EventTime parsed;
        try {
            parsed = parse.get();
        } catch (MalformedEventException e) {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e).hasMessageStartingWith(field + ":").hasMessageContaining(messagePart);
            return;
        }
        fail("expected a MalformedEventException naming " + field + " (" + messagePart + ") but it parsed to "
                + parsed);
    }
}
