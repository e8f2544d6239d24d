package dev.calsync.bench.engine;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.testkit.generate.DetailGenerators;
import dev.calsync.testkit.generate.PeopleGenerators;
import dev.calsync.testkit.generate.Source;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;

/**
 * The calendar the engine benchmark syncs: a reproducible mix of about 70% single events, 20%
 * recurring series (a master with an RRULE) and 10% recurring series with one to three overrides
 * and up to two cancelled occurrences. Texts, people, reminders and categories come from the
 * testkit's generators ({@link DetailGenerators}, {@link PeopleGenerators}) over a seeded {@link
 * Random}; times are ordinary: whole quarter hours in 2026-2027 in one of five zones, one event in
 * ten all-day. Every series has a UID of its own ({@code bench-<n>-<seed>@calsync.dev}).
 *
 * <p>Building a workload is deterministic for a seed and never timed by the benchmark.
 */
public final class Workload {

    /** What a series is. */
    public enum Shape {
        /** A non-recurring event. */
        SINGLE,
        /** A master with an RRULE and nothing else. */
        RECURRING,
        /** A master with an RRULE, overrides and cancelled occurrences. */
        RECURRING_WITH_OVERRIDES
    }

    private static final List<ZoneId> ZONES = List.of(
            ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Tokyo"),
            ZoneId.of("Europe/London"),
            ZoneId.of("America/Los_Angeles"));
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 5);
    private static final int DAYS = 2 * 365;

    private final long seed;
    private final Random random;
    private final Source source;
    private int next;

    /** A workload whose draws all come from {@code new Random(seed)}. */
    public Workload(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        this.source = Source.of(random);
    }

    /** {@code count} new series of the mix, with UIDs not used before by this workload. */
    public List<EventSeries> series(int count) {
        List<EventSeries> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(newSeries());
        }
        return out;
    }

    /** One new series of the mix: shape drawn 70 / 20 / 10. */
    public EventSeries newSeries() {
        int roll = random.nextInt(100);
        Shape shape = roll < 70 ? Shape.SINGLE : roll < 90 ? Shape.RECURRING : Shape.RECURRING_WITH_OVERRIDES;
        return newSeries(shape);
    }

    /** One new series of {@code shape}. */
    public EventSeries newSeries(Shape shape) {
        String uid = String.format(Locale.ROOT, "bench-%07d-%d@calsync.dev", next++, seed);
        boolean allDay = random.nextInt(10) == 0;
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        LocalDateTime local =
                FIRST_DAY.plusDays(random.nextInt(DAYS)).atTime(7 + random.nextInt(12), 15 * random.nextInt(4));
        EventTime start = allDay ? EventTime.date(local.toLocalDate()) : EventTime.of(local, zone);
        EventTime end = allDay
                ? EventTime.date(local.toLocalDate().plusDays(1))
                : EventTime.of(local.plusMinutes(15L * (1 + random.nextInt(8))), zone);
        EventComponent.Builder master =
                details(EventComponent.builder(uid, start).end(end));
        if (shape == Shape.SINGLE) {
            return EventSeries.of(master.build());
        }
        int count = 10 + random.nextInt(40);
        master.recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;COUNT=" + count));
        EventComponent m = master.build();
        if (shape == Shape.RECURRING) {
            return EventSeries.of(m);
        }
        List<Integer> weeks = new ArrayList<>();
        for (int k = 1; k < count; k++) {
            weeks.add(k);
        }
        weeks = source.shuffle(weeks);
        int overrides = 1 + random.nextInt(3);
        int cancelled = random.nextInt(3);
        List<EventComponent> overrideList = new ArrayList<>();
        for (int k : weeks.subList(0, overrides)) {
            EventTime original = weekly(start, k);
            EventTime moved = weekly(original, 0, allDay ? 0 : 30);
            overrideList.add(m.toBuilder()
                    .recurrence(Recurrence.NONE)
                    .recurrenceId(RecurrenceId.of(original))
                    .start(moved)
                    .end(weekly(moved, 0, allDay ? 0 : 60))
                    .summary("Moved: " + m.summary())
                    .sequence(1)
                    .build());
        }
        TreeSet<RecurrenceId> cancelledSet = new TreeSet<>();
        for (int k : weeks.subList(overrides, overrides + cancelled)) {
            cancelledSet.add(RecurrenceId.of(weekly(start, k)));
        }
        return new EventSeries(uid, m, overrideList, cancelledSet);
    }

    /**
     * {@code series} changed as a user would: a new summary and location, SEQUENCE one higher, on
     * the master (or single event).
     */
    public EventSeries modified(EventSeries series) {
        EventComponent m = series.master();
        EventComponent changed = m.toBuilder()
                .summary("Changed " + random.nextInt(1_000_000) + ": " + m.summary())
                .location(DetailGenerators.locations().apply(source))
                .sequence(m.sequence() + 1)
                .build();
        return new EventSeries(series.uid(), changed, series.overrides(), series.cancelledOccurrences());
    }

    /** The components of {@code series} as a provider lists them: master, overrides, cancelled occurrences. */
    public static int components(EventSeries series) {
        return series.components().size() + series.cancelledOccurrences().size();
    }

    /** The shape of a series this class built. */
    public static Shape shapeOf(EventSeries series) {
        if (!series.master().recurrence().recurs()) {
            return Shape.SINGLE;
        }
        return series.overrides().isEmpty() && series.cancelledOccurrences().isEmpty()
                ? Shape.RECURRING
                : Shape.RECURRING_WITH_OVERRIDES;
    }

    private EventComponent.Builder details(EventComponent.Builder b) {
        String summary = DetailGenerators.summaries().apply(source);
        return b.summary(summary == null ? "Meeting" : summary)
                .description(DetailGenerators.descriptions().apply(source))
                .location(DetailGenerators.locations().apply(source))
                .status(random.nextInt(10) == 0 ? EventStatus.TENTATIVE : EventStatus.CONFIRMED)
                .organizer(PeopleGenerators.organizers().orNull(40).apply(source))
                .attendees(PeopleGenerators.attendeeLists().apply(source))
                .reminders(DetailGenerators.reminderLists().apply(source))
                .categories(DetailGenerators.categories().apply(source))
                .sequence(random.nextInt(3))
                .lastModified(null);
    }

    /** {@code t} plus {@code weeks} weeks (local wall-clock time for zoned starts). */
    private static EventTime weekly(EventTime t, int weeks) {
        return weekly(t, weeks, 0);
    }

    private static EventTime weekly(EventTime t, int weeks, int minutes) {
        if (t instanceof EventTime.AllDay d) {
            return EventTime.date(d.date().plusWeeks(weeks));
        }
        EventTime.Zoned z = (EventTime.Zoned) t;
        return EventTime.of(z.local().plusWeeks(weeks).plusMinutes(minutes), z.zone());
    }
}
