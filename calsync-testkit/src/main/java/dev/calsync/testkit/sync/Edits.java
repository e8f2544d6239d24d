package dev.calsync.testkit.sync;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.testkit.sync.History.EditKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Applies a user's {@link EditKind} to a series, keeping it a valid series. */
final class Edits {
    private Edits() {}

    /**
     * The series after the edit. An edit that does not apply (an occurrence edit on a non-recurring
     * series, reverting an override where there is none) retitles instead, so every edit but {@link
     * EditKind#BUMP_SEQUENCE} changes content.
     */
    static EventSeries apply(EventSeries series, EditKind kind, int n) {
        EventComponent master = series.master();
        boolean recurring = master != null && master.recurrence().recurs();
        switch (kind) {
            case RELOCATE -> {
                return editFirst(
                        series,
                        c -> c.toBuilder()
                                .location("Room " + n + "." + c.sequence())
                                .build());
            }
            case CANCEL_OCCURRENCE -> {
                if (recurring) {
                    RecurrenceId rid = RecurrenceId.of(shiftDays(master.start(), n));
                    List<EventComponent> overrides = new ArrayList<>(series.overrides());
                    overrides.removeIf(o -> o.recurrenceId().equals(rid));
                    TreeSet<RecurrenceId> cancelled = new TreeSet<>(series.cancelledOccurrences());
                    if (cancelled.add(rid)) {
                        return new EventSeries(series.uid(), master, overrides, cancelled);
                    }
                }
            }
            case OVERRIDE_OCCURRENCE -> {
                if (recurring) {
                    EventTime original = shiftDays(master.start(), n);
                    RecurrenceId rid = RecurrenceId.of(original);
                    EventTime start = original.isAllDay() ? original : shift(original, Duration.ofHours(1));
                    EventTime end = master.end().isAllDay()
                            ? shiftDays(master.end(), n)
                            : shift(shiftDays(master.end(), n), Duration.ofHours(1));
                    EventComponent override = master.toBuilder()
                            .recurrenceId(rid)
                            .recurrence(Recurrence.NONE)
                            .start(start)
                            .end(end)
                            .summary("Moved occurrence " + n)
                            .build();
                    List<EventComponent> overrides = new ArrayList<>(series.overrides());
                    overrides.removeIf(o -> o.recurrenceId().equals(rid));
                    overrides.add(override);
                    TreeSet<RecurrenceId> cancelled = new TreeSet<>(series.cancelledOccurrences());
                    cancelled.remove(rid);
                    return new EventSeries(series.uid(), master, overrides, cancelled);
                }
            }
            case REVERT_OVERRIDE -> {
                if (master != null && !series.overrides().isEmpty()) {
                    List<EventComponent> overrides = new ArrayList<>(series.overrides());
                    overrides.remove(0);
                    return new EventSeries(series.uid(), master, overrides, series.cancelledOccurrences());
                }
            }
            case BUMP_SEQUENCE -> {
                return editFirst(
                        series, c -> c.toBuilder().sequence(c.sequence() + 1L).build());
            }
            default -> {
                // RETITLE, below
            }
        }
        return editFirst(
                series,
                c -> c.toBuilder()
                        .summary("Retitled " + n + " (" + c.sequence() + ")")
                        .build());
    }

    private static EventSeries editFirst(EventSeries series, java.util.function.UnaryOperator<EventComponent> edit) {
        if (series.master() != null) {
            return new EventSeries(
                    series.uid(), edit.apply(series.master()), series.overrides(), series.cancelledOccurrences());
        }
        List<EventComponent> overrides = new ArrayList<>(series.overrides());
        overrides.set(0, edit.apply(overrides.get(0)));
        return new EventSeries(series.uid(), null, overrides, series.cancelledOccurrences());
    }

    static EventTime shiftDays(EventTime t, int days) {
        if (t instanceof EventTime.AllDay d) {
            return EventTime.date(d.date().plusDays(days));
        }
        if (t instanceof EventTime.Zoned z) {
            return EventTime.of(z.local().plusDays(days), z.zone());
        }
        if (t instanceof EventTime.Floating f) {
            return EventTime.floating(f.local().plusDays(days));
        }
        return EventTime.utc(((EventTime.Utc) t).instant().plus(Duration.ofDays(days)));
    }

    static EventTime shift(EventTime t, Duration by) {
        if (t instanceof EventTime.Zoned z) {
            return EventTime.of(z.local().plus(by), z.zone());
        }
        if (t instanceof EventTime.Floating f) {
            return EventTime.floating(f.local().plus(by));
        }
        if (t instanceof EventTime.Utc u) {
            return EventTime.utc(u.instant().plus(by));
        }
        return t;
    }
}
