package dev.calsync.testkit.generate;

import dev.calsync.core.event.EventTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generators of dates, times, zones and {@link EventTime} values of all four kinds, weighted
 * towards the values that break calendar code: local times inside daylight-saving gaps (which do
 * not exist) and overlaps (which exist twice), times next to a transition, zones with half-hour
 * and 45-minute offsets, and a zone that abolished daylight saving ({@code America/Sao_Paulo},
 * whose transitions were at midnight until 2019).
 *
 * <p>All values lie in the years {@value #FIRST_YEAR} to {@value #LAST_YEAR} and are whole seconds
 * (neither iCalendar nor Google carries fractions). Every generator here is stateless and safe to
 * share between threads.
 */
public final class TimeGenerators {

    /** The first year of generated dates and times. */
    public static final int FIRST_YEAR = 1995;

    /** The last year of generated dates and times. */
    public static final int LAST_YEAR = 2038;

    /**
     * The zones generated values use: seven with daylight saving (two in the southern hemisphere,
     * one with 45-minute offsets, one historic) and one without ({@code Asia/Kolkata}, +05:30). The
     * first is the simplest.
     */
    public static final List<ZoneId> ZONES = List.of(
            ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"),
            ZoneId.of("Australia/Sydney"),
            ZoneId.of("America/Sao_Paulo"),
            ZoneId.of("Asia/Kolkata"),
            ZoneId.of("Pacific/Chatham"),
            ZoneId.of("Europe/London"),
            ZoneId.of("America/Los_Angeles"));

    private static final LocalDate FIRST_DATE = LocalDate.of(FIRST_YEAR, 1, 1);
    private static final LocalDate LAST_DATE = LocalDate.of(LAST_YEAR, 12, 31);
    private static final Map<ZoneId, List<ZoneOffsetTransition>> TRANSITIONS = new ConcurrentHashMap<>();

    private TimeGenerators() {}

    /** {@return one of {@link #ZONES}} */
    public static Generator<ZoneId> zones() {
        return source -> source.pick(ZONES);
    }

    /**
     * {@return a zone of {@link #ZONES} other than {@code zone}}
     *
     * @param zone the zone to avoid
     */
    public static Generator<ZoneId> zonesOtherThan(ZoneId zone) {
        List<ZoneId> others = ZONES.stream().filter(z -> !z.equals(zone)).toList();
        return source -> source.pick(others);
    }

    /** {@return a date in the generated years, uniformly} */
    public static Generator<LocalDate> dates() {
        return source -> LocalDate.ofEpochDay(source.between(FIRST_DATE.toEpochDay(), LAST_DATE.toEpochDay()));
    }

    /**
     * A time of day: mostly on the quarter hour as people schedule, sometimes any minute, rarely
     * with seconds; midnight is the simplest.
     *
     * @return times of day
     */
    public static Generator<LocalTime> timesOfDay() {
        return source -> {
            int hour = source.between(0, 23);
            switch (source.weighted(6, 3, 1)) {
                case 0:
                    return LocalTime.of(hour, 15 * source.between(0, 3));
                case 1:
                    return LocalTime.of(hour, source.between(0, 59));
                default:
                    return LocalTime.of(hour, source.between(0, 59), source.between(0, 59));
            }
        };
    }

    /** {@return a local date-time, without regard to any zone} */
    public static Generator<LocalDateTime> localDateTimes() {
        return source -> LocalDateTime.of(dates().apply(source), timesOfDay().apply(source));
    }

    /**
     * A local date-time as seen in {@code zone}: an ordinary time about half of the time, otherwise
     * a time inside a daylight-saving gap, inside an overlap, or within minutes of a transition. A
     * zone without transitions in the generated years gives ordinary times only.
     *
     * @param zone the zone
     * @return local date-times
     */
    public static Generator<LocalDateTime> localDateTimes(ZoneId zone) {
        return source -> {
            List<ZoneOffsetTransition> all = transitions(zone);
            int kind = all.isEmpty() ? 0 : source.weighted(10, 4, 4, 2);
            switch (kind) {
                case 1:
                    return gapTime(source, all);
                case 2:
                    return overlapTime(source, all);
                case 3:
                    ZoneOffsetTransition t = source.pick(all);
                    LocalDateTime edge = source.bool() ? t.getDateTimeBefore() : t.getDateTimeAfter();
                    return edge.plusMinutes(source.between(-90, 90));
                default:
                    return localDateTimes().apply(source);
            }
        };
    }

    /**
     * A local date-time that does not exist in {@code zone} (inside a spring-forward gap); an
     * ordinary time if the zone has no gap in the generated years.
     *
     * @param zone the zone
     * @return local date-times in a gap
     */
    public static Generator<LocalDateTime> gapTimes(ZoneId zone) {
        return source -> {
            List<ZoneOffsetTransition> all = transitions(zone);
            return all.isEmpty() ? localDateTimes().apply(source) : gapTime(source, all);
        };
    }

    /**
     * A local date-time that exists twice in {@code zone} (inside a fall-back overlap); an ordinary
     * time if the zone has no overlap in the generated years.
     *
     * @param zone the zone
     * @return local date-times in an overlap
     */
    public static Generator<LocalDateTime> overlapTimes(ZoneId zone) {
        return source -> {
            List<ZoneOffsetTransition> all = transitions(zone);
            return all.isEmpty() ? localDateTimes().apply(source) : overlapTime(source, all);
        };
    }

    /** {@return an instant in the generated years, uniformly, in whole seconds} */
    public static Generator<Instant> instants() {
        long lo = FIRST_DATE.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        long hi = LAST_DATE.atTime(LocalTime.MAX).toEpochSecond(ZoneOffset.UTC);
        return source -> Instant.ofEpochSecond(source.between(lo, hi));
    }

    /**
     * An instant that is, half of the time, within one transition's length of one of {@code zone}'s
     * transitions, so that it falls on both sides of it and inside either occurrence of an
     * overlapped local time.
     *
     * @param zone the zone
     * @return instants
     */
    public static Generator<Instant> instantsNear(ZoneId zone) {
        return source -> {
            List<ZoneOffsetTransition> all = transitions(zone);
            if (all.isEmpty() || !source.bool()) {
                return instants().apply(source);
            }
            ZoneOffsetTransition t = source.pick(all);
            long length = Math.abs(t.getDuration().getSeconds());
            return t.getInstant().plusSeconds(source.between(-length, length));
        };
    }

    /** {@return an all-day date ({@code VALUE=DATE})} */
    public static Generator<EventTime> allDayTimes() {
        return dates().map(EventTime::date);
    }

    /** {@return a local time in one of {@link #ZONES}, gap and overlap times included} */
    public static Generator<EventTime> zonedTimes() {
        return zones().flatMap(TimeGenerators::zonedTimes);
    }

    /**
     * {@return a local time in {@code zone}, gap and overlap times included}
     *
     * @param zone the zone
     */
    public static Generator<EventTime> zonedTimes(ZoneId zone) {
        return localDateTimes(zone).map(local -> EventTime.of(local, zone));
    }

    /** {@return a UTC instant ({@code ...Z})} */
    public static Generator<EventTime> utcTimes() {
        return instants().map(EventTime::utc);
    }

    /** {@return a floating local time} */
    public static Generator<EventTime> floatingTimes() {
        return localDateTimes().map(EventTime::floating);
    }

    /** {@return an {@link EventTime} of any of the four kinds; zoned times are the most frequent} */
    public static Generator<EventTime> eventTimes() {
        return source -> {
            switch (source.weighted(2, 4, 2, 1)) {
                case 0:
                    return allDayTimes().apply(source);
                case 1:
                    return zonedTimes().apply(source);
                case 2:
                    return utcTimes().apply(source);
                default:
                    return floatingTimes().apply(source);
            }
        };
    }

    /**
     * {@return the zone's transitions in the generated years, in order; empty for a zone without any}
     *
     * @param zone the zone
     */
    public static List<ZoneOffsetTransition> transitions(ZoneId zone) {
        return TRANSITIONS.computeIfAbsent(zone, TimeGenerators::computeTransitions);
    }

    private static List<ZoneOffsetTransition> computeTransitions(ZoneId zone) {
        ZoneRules rules = zone.getRules();
        Instant end = LAST_DATE.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        List<ZoneOffsetTransition> out = new ArrayList<>();
        ZoneOffsetTransition t = rules.nextTransition(FIRST_DATE.atStartOfDay().toInstant(ZoneOffset.UTC));
        while (t != null && t.getInstant().isBefore(end)) {
            out.add(t);
            t = rules.nextTransition(t.getInstant());
        }
        return List.copyOf(out);
    }

    private static LocalDateTime gapTime(Source source, List<ZoneOffsetTransition> all) {
        List<ZoneOffsetTransition> gaps =
                all.stream().filter(ZoneOffsetTransition::isGap).toList();
        return inside(source, source.pick(gaps.isEmpty() ? all : gaps));
    }

    private static LocalDateTime overlapTime(Source source, List<ZoneOffsetTransition> all) {
        List<ZoneOffsetTransition> overlaps =
                all.stream().filter(ZoneOffsetTransition::isOverlap).toList();
        return inside(source, source.pick(overlaps.isEmpty() ? all : overlaps));
    }

    /** A local time in the gap or overlap of {@code t}: from its earlier local edge, less than its length on. */
    private static LocalDateTime inside(Source source, ZoneOffsetTransition t) {
        LocalDateTime from = t.isGap() ? t.getDateTimeBefore() : t.getDateTimeAfter();
        Duration length = t.getDuration().abs();
        if (source.chance(80)) {
            return from.plusMinutes(source.between(0L, length.toMinutes() - 1));
        }
        return from.plusSeconds(source.between(0L, length.getSeconds() - 1));
    }
}
