package dev.calsync.properties;

import static dev.calsync.testkit.generate.CalendarGens.gen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.testkit.generate.TimeGenerators;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * One occurrence has one {@link RecurrenceId}, whichever provider wrote it and however: CalDAV with
 * TZID or in UTC, Google with an offset, with or without {@code timeZone}, rendered in the
 * calendar's zone. Expected instants come from {@link Rfc5545}, not from calsync.
 */
class RecurrenceIdProperties {

    /** One occurrence of a series in {@code zone} at local time {@code local}, and how to render it. */
    record Occurrence(ZoneId zone, LocalDateTime local, ZoneId calendarZone, boolean millis, boolean zeroAsZ) {
        Instant instant() {
            return Rfc5545.instant(local, zone);
        }
    }

    private static final Gen<Occurrence> OCCURRENCES = gen(source -> {
        ZoneId zone = TimeGenerators.zones().apply(source);
        return new Occurrence(
                zone,
                TimeGenerators.localDateTimes(zone).apply(source),
                TimeGenerators.zonesOtherThan(zone).apply(source),
                source.bool(),
                source.bool());
    });

    @Test
    void everyRepresentationOfAZonedOccurrenceGivesTheSameRecurrenceId() {
        qt().withExamples(2000).forAll(OCCURRENCES).checkAssert(o -> {
            Instant instant = o.instant();
            String zone = o.zone().getId();
            String withZoneOffset = Rfc5545.rfc3339(instant, o.zone(), o.millis(), o.zeroAsZ());
            String withCalendarOffset = Rfc5545.rfc3339(instant, o.calendarZone(), o.millis(), o.zeroAsZ());
            RecurrenceId expected = new RecurrenceId.AtInstant(instant);

            assertThat(RecurrenceId.fromICalendar(Rfc5545.basic(o.local()), zone))
                    .as("CalDAV TZID=%s:%s", zone, Rfc5545.basic(o.local()))
                    .isEqualTo(expected);
            assertThat(RecurrenceId.fromICalendar(Rfc5545.basicUtc(instant), null))
                    .as("CalDAV UTC %s", Rfc5545.basicUtc(instant))
                    .isEqualTo(expected);
            assertThat(RecurrenceId.fromGoogle(null, withZoneOffset, null))
                    .as("Google %s without timeZone", withZoneOffset)
                    .isEqualTo(expected);
            assertThat(RecurrenceId.fromGoogle(null, withZoneOffset, zone))
                    .as("Google %s with timeZone %s", withZoneOffset, zone)
                    .isEqualTo(expected);
            assertThat(RecurrenceId.fromGoogle(null, withCalendarOffset, zone))
                    .as("Google %s (calendar's offset) with timeZone %s", withCalendarOffset, zone)
                    .isEqualTo(expected);
            assertThat(RecurrenceId.of(EventTime.of(o.local(), o.zone())))
                    .as("EventTime.of(%s, %s)", o.local(), zone)
                    .isEqualTo(expected);
        });
    }

    @Test
    void allDayOccurrencesAgreeBetweenCalDavAndGoogle() {
        qt().withExamples(500).forAll(gen(TimeGenerators.dates())).checkAssert(date -> {
            String basic = String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
            String iso = String.format("%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
            RecurrenceId expected = new RecurrenceId.OnDate(date);
            assertThat(RecurrenceId.fromICalendar(basic, null)).isEqualTo(expected);
            assertThat(RecurrenceId.fromGoogle(iso, null, null)).isEqualTo(expected);
            assertThat(RecurrenceId.of(EventTime.date(date))).isEqualTo(expected);
        });
    }

    @Test
    void floatingOccurrencesKeepTheirWallClockTime() {
        qt().withExamples(500).forAll(gen(TimeGenerators.localDateTimes())).checkAssert(local -> {
            RecurrenceId id = RecurrenceId.fromICalendar(Rfc5545.basic(local), null);
            assertThat(id).isEqualTo(new RecurrenceId.AtFloating(local));
            assertThat(id).isEqualTo(RecurrenceId.of(EventTime.floating(local)));
        });
    }

    /** Two occurrences: a random one and a nearby one (same or other zone, shifted by a telling amount). */
    record Pair(ZoneId zoneA, LocalDateTime localA, ZoneId zoneB, LocalDateTime localB) {}

    private static final Gen<Pair> PAIRS = gen(source -> {
        ZoneId a = TimeGenerators.zones().apply(source);
        LocalDateTime localA = TimeGenerators.localDateTimes(a).apply(source);
        ZoneId b = source.chance(70) ? a : TimeGenerators.zones().apply(source);
        List<Long> shifts = new ArrayList<>(List.of(0L, 1L, -1L, 60L, 3600L, -3600L, 1800L, 86400L));
        ZoneOffsetTransition t = a.getRules().getTransition(localA);
        if (t != null) {
            // Inside a gap, the time one gap-length later denotes the same instant; inside an overlap,
            // the time one overlap-length later does not.
            shifts.add(t.getDuration().abs().getSeconds());
            shifts.add(-t.getDuration().abs().getSeconds());
        }
        return new Pair(a, localA, b, localA.plusSeconds(source.pick(shifts)));
    });

    @Test
    void differentOccurrencesHaveDifferentRecurrenceIdsAndTheSameOccurrenceTheSame() {
        qt().withExamples(2000).forAll(PAIRS).checkAssert(p -> {
            RecurrenceId a = RecurrenceId.fromICalendar(
                    Rfc5545.basic(p.localA()), p.zoneA().getId());
            RecurrenceId b = RecurrenceId.fromICalendar(
                    Rfc5545.basic(p.localB()), p.zoneB().getId());
            boolean sameInstant = Rfc5545.instant(p.localA(), p.zoneA()).equals(Rfc5545.instant(p.localB(), p.zoneB()));
            assertThat(a.equals(b)).as("%s vs %s", a, b).isEqualTo(sameInstant);
            assertThat(a.compareTo(b) == 0).isEqualTo(sameInstant);
            // Neither a date nor a floating time is ever the same occurrence as an instant.
            assertThat(a).isNotEqualTo(RecurrenceId.fromICalendar(Rfc5545.basic(p.localA()), null));
            assertThat(a).isNotEqualTo(new RecurrenceId.OnDate(p.localA().toLocalDate()));
            assertThat(new RecurrenceId.OnDate(p.localA().toLocalDate())
                            .equals(new RecurrenceId.OnDate(p.localB().toLocalDate())))
                    .isEqualTo(p.localA().toLocalDate().equals(p.localB().toLocalDate()));
        });
    }

    /**
     * Google's {@code originalStartTime.dateTime} carries an offset, so it names one instant even
     * inside an overlap, where the zone's local time occurs twice; {@code timeZone} must not move it.
     */
    /** An instant near one of {@code zone}'s transitions, as Google writes it with {@code zone}'s offset. */
    record GoogleDateTime(ZoneId zone, Instant instant, boolean millis) {
        String dateTime() {
            return Rfc5545.rfc3339(instant, zone, millis, true);
        }
    }

    @Test
    void googleOriginalStartTimeWithTimeZoneKeepsTheInstantItsOffsetNames() {
        Gen<GoogleDateTime> cases = gen(source -> {
            ZoneId zone = TimeGenerators.zones().apply(source);
            return new GoogleDateTime(zone, TimeGenerators.instantsNear(zone).apply(source), source.bool());
        });
        qt().withExamples(1000)
                .forAll(cases)
                .checkAssert(c -> assertThat(RecurrenceId.fromGoogle(
                                null, c.dateTime(), c.zone().getId()))
                        .as("originalStartTime {dateTime: %s, timeZone: %s}", c.dateTime(), c.zone())
                        .isEqualTo(new RecurrenceId.AtInstant(c.instant())));
    }

    @Test
    void theExpectedInstantsAgreeWithJavaTimeOnTheRfc5545Rules() {
        // Guards the independent computation itself: RFC 5545's rules are also what
        // ZonedDateTime.of does for gaps (shift forward) and overlaps (earlier offset).
        qt().withExamples(500)
                .forAll(OCCURRENCES)
                .checkAssert(o -> assertThat(o.instant())
                        .isEqualTo(
                                java.time.ZonedDateTime.of(o.local(), o.zone()).toInstant()));
        LocalDate day = LocalDate.of(2025, 3, 9);
        assertThat(Rfc5545.instant(day.atTime(2, 30), ZoneId.of("America/New_York")))
                .isEqualTo(Instant.parse("2025-03-09T07:30:00Z"));
        assertThat(Rfc5545.instant(LocalDate.of(2025, 11, 2).atTime(1, 30), ZoneId.of("America/New_York")))
                .isEqualTo(Instant.parse("2025-11-02T05:30:00Z"));
    }
}
