package dev.calsync.examples.demo;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One series of the demo's workload as its user creates it: a single event, an all-day event, or a
 * recurring series with modified and cancelled occurrences, made on the Google side or on the iCloud
 * side. It says nothing about how either side writes it; {@link GoogleUser} and {@link ICloudUser}
 * do that.
 *
 * @param key a short name unique in the workload, e.g. {@code g017}
 * @param origin the side whose user creates it
 * @param summary the title
 * @param location the location, or null
 * @param description the notes, or null
 * @param zone the time zone of a timed event; null for an all-day event
 * @param start the local start (for an all-day event, midnight of its first day)
 * @param length how long it lasts (for an all-day event, whole days)
 * @param repeat how it recurs, or null for a single event
 * @param overrides changed occurrences, by occurrence index (0 is the first occurrence)
 * @param cancelled cancelled occurrences, by occurrence index; never also in {@code overrides}
 * @param reminderMinutes a reminder this many minutes before, or null for the calendar's defaults
 */
public record DemoEvent(
        String key,
        Origin origin,
        String summary,
        String location,
        String description,
        ZoneId zone,
        LocalDateTime start,
        Duration length,
        Repeat repeat,
        SortedMap<Integer, Change> overrides,
        SortedSet<Integer> cancelled,
        Integer reminderMinutes) {

    /** The side whose user creates an event. */
    public enum Origin {
        /** A Google Calendar user: JSON through Google's API. */
        GOOGLE,
        /** An Apple Calendar user on iCloud: iCalendar resources PUT over CalDAV. */
        ICLOUD
    }

    /** How often a series repeats. */
    public enum Frequency {
        /** Every {@code interval} days. */
        DAILY,
        /** Monday to Friday ({@code FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR}); the interval is 1. */
        WEEKDAYS,
        /** Every {@code interval} weeks on the start's weekday. */
        WEEKLY,
        /** Every {@code interval} months on the start's day of month (at most the 28th). */
        MONTHLY
    }

    /**
     * A recurrence rule.
     *
     * @param frequency how often
     * @param interval every how many days, weeks or months
     * @param count how many occurrences
     * @param until whether the rule says {@code UNTIL} (the last occurrence) instead of {@code COUNT}
     */
    public record Repeat(Frequency frequency, int interval, int count, boolean until) {
        /** @throws IllegalArgumentException if interval or count is not positive */
        public Repeat {
            Objects.requireNonNull(frequency, "frequency");
            if (interval < 1 || count < 1 || (frequency == Frequency.WEEKDAYS && interval != 1)) {
                throw new IllegalArgumentException("bad repeat: " + frequency + " " + interval + " " + count);
            }
        }
    }

    /**
     * What a user changed in one occurrence.
     *
     * @param shift how far it moved (zero: not moved)
     * @param summary its new title, or null to keep the series' title
     */
    public record Change(Duration shift, String summary) {
        /** @throws NullPointerException if shift is null */
        public Change {
            Objects.requireNonNull(shift, "shift");
        }
    }

    private static final DateTimeFormatter UTC_BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");

    /** Checks the parts and copies the collections. */
    public DemoEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
        overrides = Collections.unmodifiableSortedMap(new TreeMap<>(overrides));
        cancelled = Collections.unmodifiableSortedSet(new TreeSet<>(cancelled));
        if (repeat == null && (!overrides.isEmpty() || !cancelled.isEmpty())) {
            throw new IllegalArgumentException(key + ": a single event has no occurrences to change");
        }
        for (int i : cancelled) {
            if (overrides.containsKey(i)) {
                throw new IllegalArgumentException(key + ": occurrence " + i + " is both changed and cancelled");
            }
        }
        if (zone == null
                && (!start.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
                        || length.toSeconds() % 86_400 != 0
                        || length.isZero())) {
            throw new IllegalArgumentException(key + ": an all-day event starts at midnight and lasts whole days");
        }
    }

    /** Whether this is an all-day event (or series). */
    public boolean allDay() {
        return zone == null;
    }

    /** Whether this is a recurring series. */
    public boolean recurring() {
        return repeat != null;
    }

    /** The first day of an all-day event. */
    public LocalDate startDate() {
        return start.toLocalDate();
    }

    /** The local end (exclusive). */
    public LocalDateTime end() {
        return start.plus(length);
    }

    /** The local start of every occurrence, in order (just the start for a single event). */
    public List<LocalDateTime> occurrences() {
        if (repeat == null) {
            return List.of(start);
        }
        List<LocalDateTime> out = new ArrayList<>(repeat.count());
        LocalDateTime t = start;
        while (out.size() < repeat.count()) {
            switch (repeat.frequency()) {
                case DAILY -> {
                    out.add(t);
                    t = t.plusDays(repeat.interval());
                }
                case WEEKDAYS -> {
                    if (t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY) {
                        out.add(t);
                    }
                    t = t.plusDays(1);
                }
                case WEEKLY -> {
                    out.add(t);
                    t = t.plusWeeks(repeat.interval());
                }
                case MONTHLY -> {
                    out.add(t);
                    t = t.plusMonths(repeat.interval());
                }
            }
        }
        return out;
    }

    /** The local start of occurrence {@code index}. */
    public LocalDateTime occurrence(int index) {
        return occurrences().get(index);
    }

    /**
     * The recurrence rule as iCalendar and Google write it ({@code FREQ=...}, without the {@code
     * RRULE:} prefix), or null for a single event. {@code UNTIL} is the last occurrence's start: a
     * date for an all-day series, a UTC date-time otherwise.
     */
    public String rrule() {
        if (repeat == null) {
            return null;
        }
        StringBuilder r = new StringBuilder("FREQ=");
        r.append(
                repeat.frequency() == Frequency.WEEKDAYS
                        ? "WEEKLY"
                        : repeat.frequency().name());
        if (repeat.interval() > 1) {
            r.append(";INTERVAL=").append(repeat.interval());
        }
        if (repeat.until()) {
            LocalDateTime last = occurrences().get(repeat.count() - 1);
            r.append(";UNTIL=")
                    .append(
                            allDay()
                                    ? last.toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE)
                                    : last.atZone(zone)
                                            .withZoneSameInstant(ZoneOffset.UTC)
                                            .format(UTC_BASIC));
        } else {
            r.append(";COUNT=").append(repeat.count());
        }
        if (repeat.frequency() == Frequency.WEEKDAYS) {
            r.append(";BYDAY=MO,TU,WE,TH,FR");
        }
        return r.toString();
    }

    /**
     * Whether the event's occurrences fall on both sides of a daylight-saving change of its zone
     * (for a single event: whether it lasts across one), so that its UTC times shift while its local
     * times do not.
     */
    public boolean crossesDstChange() {
        if (allDay()) {
            return false;
        }
        List<LocalDateTime> all = occurrences();
        LocalDateTime first = all.get(0);
        LocalDateTime last = repeat == null ? end() : all.get(all.size() - 1);
        return !first.atZone(zone).getOffset().equals(last.atZone(zone).getOffset());
    }

    /** The number of occurrences changed or cancelled. */
    public int exceptions() {
        return overrides.size() + cancelled.size();
    }

    /** A short description for the demo's output: title, first start and zone. */
    public String label() {
        String when = allDay() ? startDate().toString() : start.toString().replace('T', ' ') + " " + zone.getId();
        return "\"" + summary + "\" (" + when + (recurring() ? ", recurring" : "") + ")";
    }
}
