package dev.calsync.testkit.generate;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generators of events: single events, all-day events, series masters with RRULE / RDATE /
 * EXDATE, overrides, cancelled occurrences, whole {@link EventSeries} (with or without a master),
 * and listings of components as a provider returns them (any order, some twice).
 *
 * <p>Generated values are valid: every component passes {@link EventComponent}'s checks (end not
 * before start, both dates or both date-times) and every series passes {@link EventSeries}'s. A
 * series' overrides and cancellations fall on occurrences of its rule: rules are {@code DAILY},
 * {@code WEEKLY} (with {@code BYDAY} including the start's weekday), {@code MONTHLY} (starts on day
 * 28 or earlier) or {@code YEARLY} (never on 29 February), so the start plus a whole number of
 * intervals is always an occurrence ({@link #occurrence}). Starts include local times in
 * daylight-saving gaps and overlaps (see {@link TimeGenerators}).
 *
 * <p>Stateless and safe to share between threads.
 */
public final class EventGenerators {

    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT);
    private static final List<String> FREQS = List.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY");
    private static final List<String> DAYS = List.of("MO", "TU", "WE", "TH", "FR", "SA", "SU");
    private static final List<Integer> TIMED_MINUTES = List.of(0, 15, 30, 45, 60, 90, 120, 24 * 60);

    private EventGenerators() {}

    // ---------------------------------------------------------------- single events

    /** {@return a non-recurring event whose start is of any of the four kinds} */
    public static Generator<EventComponent> singleEvents() {
        return source -> single(
                source,
                UidGenerators.uids().apply(source),
                TimeGenerators.eventTimes().apply(source));
    }

    /** {@return a non-recurring all-day event of one or more days} */
    public static Generator<EventComponent> allDayEvents() {
        return source -> single(
                source,
                UidGenerators.uids().apply(source),
                TimeGenerators.allDayTimes().apply(source));
    }

    /**
     * {@return a non-recurring event at a local time in a zone with daylight saving, gap and overlap times included}
     */
    public static Generator<EventComponent> zonedEvents() {
        return source -> single(
                source,
                UidGenerators.uids().apply(source),
                TimeGenerators.zonedTimes().apply(source));
    }

    // ---------------------------------------------------------------- recurrence

    /**
     * An RRULE line for a series starting at {@code start} with {@code count} nominal occurrences
     * (COUNT, UNTIL or no bound), parts in the usual or a shuffled order. The start's kind decides
     * UNTIL's form: a date for all-day series, a floating time for floating series, UTC otherwise.
     *
     * @param start the series' start
     * @return RRULE lines
     */
    public static Generator<String> rrules(EventTime start) {
        return source -> rule(source, start, pickFreq(source, start), source.between(1, 3), source.between(1, 30));
    }

    /**
     * The {@code k}-th occurrence (0 is the start) of a series starting at {@code start} and
     * recurring every {@code interval} units of {@code freq} ({@code DAILY}, {@code WEEKLY}, {@code
     * MONTHLY}, {@code YEARLY}), in the start's kind: a zoned start gives the same local time in the
     * same zone (RFC 5545: a time in a gap is shifted, an overlap takes the earlier offset).
     *
     * @param start the series' start
     * @param freq the frequency
     * @param interval the interval, 1 or more
     * @param k the occurrence, from 0
     * @return the occurrence's start
     */
    public static EventTime occurrence(EventTime start, String freq, int interval, int k) {
        long n = (long) interval * k;
        if (start instanceof EventTime.AllDay d) {
            return EventTime.date(plus(d.date().atStartOfDay(), freq, n).toLocalDate());
        }
        if (start instanceof EventTime.Zoned z) {
            return EventTime.of(plus(z.local(), freq, n), z.zone());
        }
        if (start instanceof EventTime.Utc u) {
            return EventTime.utc(plus(LocalDateTime.ofInstant(u.instant(), ZoneOffset.UTC), freq, n)
                    .toInstant(ZoneOffset.UTC));
        }
        return EventTime.floating(plus(((EventTime.Floating) start).local(), freq, n));
    }

    // ---------------------------------------------------------------- series

    /**
     * A recurring series: a master with an RRULE (and sometimes RDATEs and EXDATEs), zero to four
     * overrides and zero to four cancelled occurrences, some as EXDATEs on the master and some as
     * cancelled-occurrence components (as Google reports them).
     *
     * @return recurring series
     */
    public static Generator<EventSeries> recurringSeries() {
        return source -> plan(source).series(source, true);
    }

    /** {@return a series without a master: only overrides and cancellations, as CalDAV allows} */
    public static Generator<EventSeries> overrideOnlySeries() {
        return source -> plan(source).series(source, false);
    }

    /**
     * A series of any shape: recurring (most often), a single event, an all-day single event, or
     * override-only.
     *
     * @return series of any shape
     */
    public static Generator<EventSeries> series() {
        return source -> {
            switch (source.weighted(3, 6, 1)) {
                case 0:
                    return EventSeries.of(singleEvents().apply(source));
                case 1:
                    return recurringSeries().apply(source);
                default:
                    return overrideOnlySeries().apply(source);
            }
        };
    }

    /** {@return the master of a recurring series, with the EXDATEs of its series' cancelled occurrences, if any} */
    public static Generator<EventComponent> masters() {
        return source -> plan(source).series(source, true).master();
    }

    /** {@return an override: one modified occurrence of a series, perhaps moved} */
    public static Generator<EventComponent> overrides() {
        return source -> {
            Plan plan = plan(source);
            return plan.override(source, plan.master(source), source.between(0, plan.count - 1));
        };
    }

    /**
     * A cancelled occurrence component: a RECURRENCE-ID with {@code STATUS:CANCELLED}, as Google
     * reports a deleted instance or CalDAV a cancelled override.
     *
     * @return cancelled occurrence components
     */
    public static Generator<EventComponent> cancelledOccurrences() {
        return source -> {
            Plan plan = plan(source);
            int k = source.between(0, plan.count - 1);
            return cancelled(plan.uid, plan.occurrence(k), source);
        };
    }

    /** {@return a component of any kind: single, master, override or cancelled occurrence} */
    public static Generator<EventComponent> components() {
        return source -> {
            switch (source.weighted(4, 3, 3, 1)) {
                case 0:
                    return singleEvents().apply(source);
                case 1:
                    return masters().apply(source);
                case 2:
                    return overrides().apply(source);
                default:
                    return cancelledOccurrences().apply(source);
            }
        };
    }

    /**
     * The components a provider lists for {@code series}: its master, its overrides, and one
     * cancelled-occurrence component for each of its {@link EventSeries#cancelledOccurrences()}
     * (the master's EXDATEs stay on the master). Timed cancelled occurrences start at their instant
     * in the master's zone when the master is zoned, else in UTC.
     *
     * @param series the series
     * @return the components, master first
     */
    public static List<EventComponent> componentsOf(EventSeries series) {
        List<EventComponent> out = new ArrayList<>(series.components());
        ZoneId zone = series.master() != null && series.master().start() instanceof EventTime.Zoned z ? z.zone() : null;
        for (RecurrenceId rid : series.cancelledOccurrences()) {
            out.add(EventComponent.builder(series.uid(), originalStart(rid, zone))
                    .recurrenceId(rid)
                    .status(EventStatus.CANCELLED)
                    .build());
        }
        return out;
    }

    /**
     * A listing: the components of one to five series with distinct UIDs, shuffled (so overrides may
     * come before their master), and some components listed twice: an exact copy, an older version
     * (lower SEQUENCE), or a concurrent version with other content.
     *
     * @return listings
     */
    public static Generator<List<EventComponent>> listings() {
        return source -> {
            List<EventSeries> all =
                    series().distinctList(1, 5, EventSeries::uid).apply(source);
            List<EventComponent> out = new ArrayList<>();
            for (EventSeries s : all) {
                out.addAll(componentsOf(s));
            }
            int copies = source.between(0, Math.min(3, out.size()));
            for (int i = 0; i < copies; i++) {
                EventComponent c = source.pick(out);
                switch (source.weighted(1, 2, 2)) {
                    case 0:
                        out.add(c);
                        break;
                    case 1:
                        out.add(c.toBuilder()
                                .sequence(c.sequence() == 0 ? 1 : c.sequence() - 1L)
                                .summary("older " + c.summary())
                                .build());
                        break;
                    default:
                        out.add(c.toBuilder()
                                .summary("concurrent " + c.summary())
                                .lastModified(DetailGenerators.lastModified().apply(source))
                                .build());
                        break;
                }
            }
            return source.shuffle(out);
        };
    }

    // ---------------------------------------------------------------- internals

    private static EventComponent single(Source source, String uid, EventTime start) {
        EventComponent.Builder b = EventComponent.builder(uid, start)
                .end(endFor(source, start))
                .status(DetailGenerators.statuses().apply(source));
        return details(source, b).build();
    }

    /** Fills the mapped and unmapped details other than times, status and recurrence. */
    private static EventComponent.Builder details(Source source, EventComponent.Builder b) {
        return b.summary(DetailGenerators.summaries().apply(source))
                .description(DetailGenerators.descriptions().apply(source))
                .location(DetailGenerators.locations().apply(source))
                .transparency(DetailGenerators.transparencies().apply(source))
                .visibility(DetailGenerators.visibilities().apply(source))
                .organizer(PeopleGenerators.organizers().orNull(30).apply(source))
                .attendees(PeopleGenerators.attendeeLists().apply(source))
                .reminders(DetailGenerators.reminderLists().apply(source))
                .categories(DetailGenerators.categories().apply(source))
                .url(DetailGenerators.urls().apply(source))
                .sequence(DetailGenerators.sequences().apply(source))
                .lastModified(DetailGenerators.lastModified().apply(source))
                .extras(DetailGenerators.extras().apply(source));
    }

    /** An end for {@code start}: of the same kind, not before it; sometimes null (RFC 5545's default). */
    private static EventTime endFor(Source source, EventTime start) {
        if (start instanceof EventTime.AllDay d) {
            int days = source.chance(80) ? 1 : source.between(1, 14);
            return days == 1 && source.chance(20)
                    ? null
                    : EventTime.date(d.date().plusDays(days));
        }
        int minutes = source.chance(85) ? source.pick(TIMED_MINUTES) : source.between(0, 3 * 24 * 60);
        if (minutes == 0 && source.chance(50)) {
            return null;
        }
        return plusMinutes(start, minutes);
    }

    /** {@code t} plus {@code minutes} of wall-clock or elapsed time, never before {@code t}. */
    private static EventTime plusMinutes(EventTime t, long minutes) {
        if (t instanceof EventTime.Zoned z) {
            EventTime naive = EventTime.of(z.local().plusMinutes(minutes), z.zone());
            if (!naive.toInstant(ZoneOffset.UTC).isBefore(z.toInstant(ZoneOffset.UTC))) {
                return naive;
            }
            // The start is in a gap and was shifted forward: count from where it really is.
            return EventTime.of(
                    ZonedDateTime.of(z.local(), z.zone()).toLocalDateTime().plusMinutes(minutes), z.zone());
        }
        if (t instanceof EventTime.Utc u) {
            return EventTime.utc(u.instant().plus(Duration.ofMinutes(minutes)));
        }
        if (t instanceof EventTime.Floating f) {
            return EventTime.floating(f.local().plusMinutes(minutes));
        }
        return EventTime.date(((EventTime.AllDay) t).date().plusDays(Math.max(1, minutes / (24 * 60))));
    }

    private static EventComponent cancelled(String uid, EventTime originalStart, Source source) {
        EventComponent.Builder b = EventComponent.builder(uid, originalStart)
                .recurrenceId(RecurrenceId.of(originalStart))
                .status(EventStatus.CANCELLED);
        // Google's cancelled instances carry almost nothing; CalDAV's cancelled overrides carry everything.
        if (source.bool()) {
            details(source, b);
        }
        return b.build();
    }

    private static EventTime originalStart(RecurrenceId rid, ZoneId zone) {
        if (rid instanceof RecurrenceId.OnDate d) {
            return EventTime.date(d.date());
        }
        if (rid instanceof RecurrenceId.AtFloating f) {
            return EventTime.floating(f.local());
        }
        Instant instant = ((RecurrenceId.AtInstant) rid).instant();
        if (zone != null) {
            EventTime zoned = EventTime.of(LocalDateTime.ofInstant(instant, zone), zone);
            if (zoned.toInstant(ZoneOffset.UTC).equals(instant)) {
                return zoned;
            }
        }
        return EventTime.utc(instant);
    }

    private static String pickFreq(Source source, EventTime start) {
        String freq = FREQS.get(source.weighted(4, 4, 2, 1));
        LocalDateTime local = localOf(start);
        boolean badMonthDay = local.getDayOfMonth() > 28;
        if ((freq.equals("MONTHLY") && badMonthDay)
                || (freq.equals("YEARLY") && local.getMonthValue() == 2 && local.getDayOfMonth() == 29)) {
            return "WEEKLY";
        }
        return freq;
    }

    private static String rule(Source source, EventTime start, String freq, int interval, int count) {
        LocalDateTime local = localOf(start);
        List<String> parts = new ArrayList<>();
        parts.add("FREQ=" + freq);
        if (interval > 1 || source.chance(10)) {
            parts.add("INTERVAL=" + interval);
        }
        switch (source.weighted(2, 2, 1)) {
            case 0:
                parts.add("COUNT=" + count);
                break;
            case 1:
                parts.add("UNTIL=" + until(occurrence(start, freq, interval, count - 1)));
                break;
            default:
                break; // no bound
        }
        if (freq.equals("WEEKLY") && source.chance(60)) {
            Set<String> days = new LinkedHashSet<>();
            days.add(day(local.getDayOfWeek()));
            int more = source.between(0, 3);
            for (int i = 0; i < more; i++) {
                days.add(source.pick(DAYS));
            }
            parts.add("BYDAY=" + String.join(",", source.shuffle(new ArrayList<>(days))));
        }
        if (freq.equals("MONTHLY") && source.chance(40)) {
            parts.add("BYMONTHDAY=" + local.getDayOfMonth());
        }
        if (freq.equals("YEARLY") && source.chance(40)) {
            parts.add("BYMONTH=" + local.getMonthValue());
        }
        if (source.chance(15)) {
            parts.add("WKST=" + source.pick(List.of("MO", "SU")));
        }
        if (source.chance(25)) {
            List<String> rest = source.shuffle(parts.subList(1, parts.size()));
            parts = new ArrayList<>(parts.subList(0, 1));
            parts.addAll(rest);
            if (source.bool()) {
                parts = source.shuffle(parts);
            }
        }
        return "RRULE:" + String.join(";", parts);
    }

    private static String until(EventTime last) {
        if (last instanceof EventTime.AllDay d) {
            return d.toString();
        }
        if (last instanceof EventTime.Floating f) {
            return f.local().format(BASIC);
        }
        return LocalDateTime.ofInstant(last.toInstant(ZoneOffset.UTC), ZoneOffset.UTC)
                        .format(BASIC)
                + "Z";
    }

    private static String day(DayOfWeek d) {
        return DAYS.get(d.getValue() - 1);
    }

    private static LocalDateTime localOf(EventTime t) {
        if (t instanceof EventTime.AllDay d) {
            return d.date().atStartOfDay();
        }
        if (t instanceof EventTime.Zoned z) {
            return z.local();
        }
        if (t instanceof EventTime.Utc u) {
            return LocalDateTime.ofInstant(u.instant(), ZoneOffset.UTC);
        }
        return ((EventTime.Floating) t).local();
    }

    private static LocalDateTime plus(LocalDateTime t, String freq, long n) {
        switch (freq) {
            case "DAILY":
                return t.plusDays(n);
            case "WEEKLY":
                return t.plusWeeks(n);
            case "MONTHLY":
                return t.plusMonths(n);
            default:
                return t.plusYears(n);
        }
    }

    private static Plan plan(Source source) {
        String uid = UidGenerators.uids().apply(source);
        EventTime start;
        switch (source.weighted(2, 5, 1, 1)) {
            case 0:
                start = TimeGenerators.allDayTimes().apply(source);
                break;
            case 1:
                start = TimeGenerators.zonedTimes().apply(source);
                break;
            case 2:
                start = TimeGenerators.utcTimes().apply(source);
                break;
            default:
                start = TimeGenerators.floatingTimes().apply(source);
                break;
        }
        String freq = pickFreq(source, start);
        int interval = source.chance(70) ? 1 : source.between(2, 4);
        int count = source.between(2, 40);
        return new Plan(uid, start, freq, interval, count, rule(source, start, freq, interval, count));
    }

    /** One series to be: its rule, and the nominal occurrences overrides and cancellations fall on. */
    private static final class Plan {
        final String uid;
        final EventTime start;
        final String freq;
        final int interval;
        final int count;
        final String rrule;

        Plan(String uid, EventTime start, String freq, int interval, int count, String rrule) {
            this.uid = uid;
            this.start = start;
            this.freq = freq;
            this.interval = interval;
            this.count = count;
            this.rrule = rrule;
        }

        EventTime occurrence(int k) {
            return EventGenerators.occurrence(start, freq, interval, k);
        }

        EventComponent master(Source source) {
            List<EventTime> rdates = new ArrayList<>();
            if (source.chance(20)) {
                int n = source.between(1, 2);
                for (int i = 0; i < n; i++) {
                    // Past the rule's last nominal occurrence: an extra date when the rule is bounded.
                    rdates.add(occurrence(count + i));
                }
            }
            EventComponent.Builder b = EventComponent.builder(uid, start)
                    .end(endFor(source, start))
                    .status(source.chance(95) ? EventStatus.CONFIRMED : EventStatus.TENTATIVE)
                    .recurrence(new Recurrence(List.of(rrule), rdates, List.of()));
            return details(source, b).build();
        }

        EventComponent override(Source source, EventComponent master, int k) {
            EventTime original = occurrence(k);
            EventTime newStart = original;
            if (source.chance(40)) {
                newStart = original.isAllDay()
                        ? EventTime.date(((EventTime.AllDay) original).date().plusDays(source.between(1, 3)))
                        : plusMinutes(original, 15L * source.between(1, 16));
            }
            EventComponent.Builder b = EventComponent.builder(uid, newStart)
                    .recurrenceId(RecurrenceId.of(original))
                    .end(endFor(source, newStart))
                    .status(source.chance(90) ? EventStatus.CONFIRMED : EventStatus.TENTATIVE);
            if (master != null && source.chance(50)) {
                // Most overrides repeat the master's details, changing a field or two.
                b.summary(master.summary())
                        .description(master.description())
                        .location(master.location())
                        .organizer(master.organizer())
                        .attendees(master.attendees())
                        .categories(master.categories())
                        .sequence(master.sequence() + source.between(0, 2));
                if (source.bool()) {
                    b.summary(DetailGenerators.summaries().apply(source));
                }
                return b.build();
            }
            return details(source, b).build();
        }

        EventSeries series(Source source, boolean withMaster) {
            EventComponent master = withMaster ? master(source) : null;
            List<Integer> ks = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                ks.add(k);
            }
            ks = source.shuffle(ks);
            int overrides = Math.min(ks.size(), source.between(withMaster ? 0 : 1, 4));
            int cancels = Math.min(ks.size() - overrides, source.between(0, 4));
            List<EventComponent> overrideList = new ArrayList<>();
            for (int k : ks.subList(0, overrides)) {
                overrideList.add(override(source, master, k));
            }
            List<EventTime> exdates = new ArrayList<>();
            TreeSet<RecurrenceId> cancelled = new TreeSet<>();
            for (int k : ks.subList(overrides, overrides + cancels)) {
                EventTime occ = occurrence(k);
                if (master != null && source.bool()) {
                    boolean asUtc = occ instanceof EventTime.Zoned && source.chance(30);
                    exdates.add(asUtc ? EventTime.utc(occ.toInstant(ZoneOffset.UTC)) : occ);
                } else {
                    cancelled.add(RecurrenceId.of(occ));
                }
            }
            if (master != null && !exdates.isEmpty()) {
                master = master.toBuilder()
                        .recurrence(master.recurrence().withExdates(exdates))
                        .build();
            }
            return new EventSeries(uid, master, overrideList, cancelled);
        }
    }
}
