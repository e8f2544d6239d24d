package dev.calsync.sync;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Hand-built events, readable in a test: single meetings and one weekly series with exceptions. */
final class Events {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** The Monday the weekly series starts on, 10:00 Berlin time. */
    static final LocalDateTime WEEKLY_START = LocalDateTime.of(2030, 3, 4, 10, 0);

    private Events() {}

    /** A one-hour meeting on 10 March 2030 plus {@code day} days, at 09:00 Berlin time. */
    static EventSeries meeting(String uid, String summary, int day) {
        LocalDateTime start = LocalDateTime.of(2030, 3, 10, 9, 0).plusDays(day);
        return EventSeries.of(EventComponent.builder(uid, EventTime.of(start, BERLIN))
                .end(EventTime.of(start.plusHours(1), BERLIN))
                .summary(summary)
                .location("Room " + (day + 1))
                .build());
    }

    static EventSeries meeting(String uid, String summary) {
        return meeting(uid, summary, 0);
    }

    /** {@code count} meetings {@code prefix-00}, {@code prefix-01}, ... */
    static List<EventSeries> meetings(String prefix, int count) {
        List<EventSeries> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(meeting(String.format("%s-%02d", prefix, i), "Meeting " + i, i));
        }
        return all;
    }

    /** The k-th occurrence (0 is the first) of the weekly series. */
    static EventTime weeklyOccurrence(int k) {
        return EventTime.of(WEEKLY_START.plusWeeks(k), BERLIN);
    }

    static RecurrenceId weeklyRid(int k) {
        return RecurrenceId.of(weeklyOccurrence(k));
    }

    /**
     * A weekly stand-up of ten occurrences with two overrides (occurrence 2 moved an hour later,
     * occurrence 4 renamed), occurrence 5 cancelled as a cancelled occurrence and occurrence 7
     * cancelled as an EXDATE on the master.
     */
    static EventSeries weeklySeries(String uid) {
        EventComponent master = EventComponent.builder(uid, weeklyOccurrence(0))
                .end(EventTime.of(WEEKLY_START.plusMinutes(30), BERLIN))
                .summary("Stand-up")
                .description("Weekly team stand-up")
                .recurrence(
                        new Recurrence(List.of("RRULE:FREQ=WEEKLY;COUNT=10"), List.of(), List.of(weeklyOccurrence(7))))
                .build();
        EventComponent moved = EventComponent.builder(
                        uid, EventTime.of(WEEKLY_START.plusWeeks(2).plusHours(1), BERLIN))
                .recurrenceId(weeklyRid(2))
                .end(EventTime.of(WEEKLY_START.plusWeeks(2).plusHours(1).plusMinutes(30), BERLIN))
                .summary("Stand-up (moved)")
                .build();
        EventComponent renamed = EventComponent.builder(uid, weeklyOccurrence(4))
                .recurrenceId(weeklyRid(4))
                .end(EventTime.of(WEEKLY_START.plusWeeks(4).plusMinutes(30), BERLIN))
                .summary("Stand-up with guests")
                .build();
        TreeSet<RecurrenceId> cancelled = new TreeSet<>();
        cancelled.add(weeklyRid(5));
        return new EventSeries(uid, master, List.of(moved, renamed), cancelled);
    }

    /**
     * An invitation to two occurrences of someone else's weekly series, without its master (as
     * CalDAV and Google both allow): occurrence 2 and occurrence 4.
     */
    static EventSeries invitation(String uid) {
        List<EventComponent> overrides = new ArrayList<>();
        for (int k : new int[] {2, 4}) {
            overrides.add(EventComponent.builder(uid, weeklyOccurrence(k))
                    .recurrenceId(weeklyRid(k))
                    .end(EventTime.of(WEEKLY_START.plusWeeks(k).plusHours(1), BERLIN))
                    .summary("Guest talk, part " + (k / 2))
                    .build());
        }
        return new EventSeries(uid, null, overrides, new TreeSet<>());
    }

    /** {@code series} with its master's summary replaced. */
    static EventSeries retitled(EventSeries series, String summary) {
        return new EventSeries(
                series.uid(),
                series.master().toBuilder().summary(summary).build(),
                series.overrides(),
                series.cancelledOccurrences());
    }

    /** {@code series} with the override at {@code rid} given another summary. */
    static EventSeries overrideRetitled(EventSeries series, RecurrenceId rid, String summary) {
        List<EventComponent> overrides = new ArrayList<>();
        for (EventComponent o : series.overrides()) {
            overrides.add(
                    o.recurrenceId().equals(rid)
                            ? o.toBuilder().summary(summary).build()
                            : o);
        }
        return new EventSeries(series.uid(), series.master(), overrides, series.cancelledOccurrences());
    }

    /** {@code series} with one more occurrence cancelled. */
    static EventSeries withCancelled(EventSeries series, RecurrenceId rid) {
        TreeSet<RecurrenceId> cancelled = new TreeSet<>(series.cancelledOccurrences());
        cancelled.add(rid);
        List<EventComponent> overrides = new ArrayList<>(series.overrides());
        overrides.removeIf(o -> o.recurrenceId().equals(rid));
        return new EventSeries(series.uid(), series.master(), overrides, cancelled);
    }
}
