package dev.calsync.testkit.sync;

import dev.calsync.core.Side;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.testkit.generate.EventGenerators;
import dev.calsync.testkit.generate.Generator;
import dev.calsync.testkit.generate.Source;
import dev.calsync.testkit.sync.History.EditKind;
import dev.calsync.testkit.sync.History.Fault;
import dev.calsync.testkit.sync.History.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Generators of {@link History histories} (the edit scripts of the {@link SyncMachine}), usable from
 * QuickTheories ({@code CalendarGens.gen(Histories.generator())}) or a plain {@code Random}
 * ({@code Histories.generator().apply(Source.of(new Random(seed)))}).
 */
public final class Histories {
    private Histories() {}

    /** {@return histories of up to 24 steps with every kind of step, always ending with a sync} */
    public static Generator<History> generator() {
        return generator(24, true, true);
    }

    /**
     * Histories of up to {@code maxSteps} steps, always ending with a sync.
     *
     * @param maxSteps the most steps before the final sync, at least 1
     * @param crashes whether crashing syncs appear
     * @param massDeletions whether mass deletions appear
     * @return the histories
     */
    public static Generator<History> generator(int maxSteps, boolean crashes, boolean massDeletions) {
        return generator(maxSteps, crashes, massDeletions, EventGenerators.series());
    }

    /**
     * Histories of up to {@code maxSteps} steps whose created series come from {@code series}: for
     * a provider that holds less than every series calsync can express (Google has no floating times
     * and no series without a master), give a generator of what it can hold.
     *
     * @param maxSteps the most steps before the final sync, at least 1
     * @param crashes whether crashing syncs appear
     * @param massDeletions whether mass deletions appear
     * @param series the series users create
     * @return the histories
     */
    public static Generator<History> generator(
            int maxSteps, boolean crashes, boolean massDeletions, Generator<EventSeries> series) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be >= 1: " + maxSteps);
        }
        java.util.Objects.requireNonNull(series, "series");
        return in -> {
            int count = in.between(1, maxSteps);
            List<Step> steps = new ArrayList<>(count + 1);
            for (int i = 0; i < count; i++) {
                int kind = in.weighted(30, 4, 22, 9, 20, crashes ? 10 : 0, massDeletions ? 2 : 0);
                steps.add(
                        switch (kind) {
                            case 0 -> new History.Create(side(in), unique(series.apply(in), i));
                            case 1 -> createOnBoth(in, unique(series.apply(in), i));
                            case 2 ->
                                new History.Edit(
                                        side(in),
                                        in.between(0, 30),
                                        in.pick(List.of(EditKind.values())),
                                        in.between(1, 9));
                            case 3 -> new History.Delete(side(in), in.between(0, 30));
                            case 4 -> sync(in);
                            case 5 -> new History.CrashingSync(side(in), in.between(0, 6), in.bool());
                            default -> new History.MassDelete(side(in));
                        });
            }
            steps.add(new History.Sync(Side.A, Fault.NONE, 0));
            return new History(steps);
        };
    }

    /**
     * Histories for property P6: a random past, then two to six fresh user changes, then a sync that
     * "crashes" at one of its first two writes on the side that receives them, then a sync.
     *
     * @return the histories
     */
    public static Generator<History> withCrash() {
        return in -> {
            List<Step> steps =
                    new ArrayList<>(generator(12, true, false).apply(in).steps());
            List<Step> fresh = freshChanges(in);
            steps.addAll(fresh);
            // Writes go to the side opposite the changes: crash there, early in the sync.
            Side changed = fresh.get(0) instanceof History.Create c ? c.side() : ((History.Edit) fresh.get(0)).side();
            steps.add(new History.CrashingSync(changed.opposite(), in.between(0, 1), in.bool()));
            steps.add(new History.Sync(Side.A, Fault.NONE, 0));
            return new History(steps);
        };
    }

    /**
     * Histories for property P7: a random past, then six to ten more series, so that deleting every
     * series on one side is a mass deletion, then that deletion and a final sync.
     *
     * @return the histories
     */
    public static Generator<History> withMassDeletion() {
        Generator<EventSeries> series = EventGenerators.series();
        return in -> {
            List<Step> steps =
                    new ArrayList<>(generator(12, false, false).apply(in).steps());
            int extra = in.between(6, 10);
            for (int i = 0; i < extra; i++) {
                EventSeries s = series.apply(in);
                steps.add(new History.Create(side(in), withUid(s, s.uid() + "#mass" + i)));
            }
            steps.add(new History.MassDelete(side(in)));
            steps.add(new History.Sync(Side.A, Fault.NONE, 0));
            return new History(steps);
        };
    }

    /** Two to six user creates and edits on random sides. */
    private static List<Step> freshChanges(Source in) {
        Generator<EventSeries> series = EventGenerators.series();
        List<Step> steps = new ArrayList<>();
        int n = in.between(2, 6);
        for (int i = 0; i < n; i++) {
            Side side = side(in);
            if (in.bool()) {
                EventSeries s = series.apply(in);
                steps.add(new History.Create(side, withUid(s, s.uid() + "#fresh" + i)));
            } else {
                steps.add(new History.Edit(side, in.between(0, 30), EditKind.RETITLE, in.between(1, 9)));
            }
        }
        return steps;
    }

    private static Side side(Source in) {
        return in.bool() ? Side.B : Side.A;
    }

    private static Step sync(Source in) {
        Fault fault = in.chance(50) ? Fault.NONE : in.pick(List.of(Fault.values()));
        return new History.Sync(side(in), fault, in.between(1, 3));
    }

    private static Step createOnBoth(Source in, EventSeries a) {
        if (in.bool()) {
            return new History.CreateOnBoth(a, a);
        }
        EventSeries b = Edits.apply(a, in.pick(List.of(EditKind.RETITLE, EditKind.RELOCATE)), in.between(1, 9));
        return new History.CreateOnBoth(a, b);
    }

    /** The series with its UID made unique within the history (the generated UID's oddities kept). */
    static EventSeries unique(EventSeries series, int step) {
        return withUid(series, series.uid() + "#" + step);
    }

    /**
     * {@return {@code series} with every component moved to {@code uid} (a cancelled master becomes confirmed: users
     * create live events)}
     *
     * @param series the series
     * @param uid the new UID
     */
    public static EventSeries withUid(EventSeries series, String uid) {
        // A user creates live events: a cancelled master would be a deletion, not a creation.
        EventComponent master = series.master() == null
                ? null
                : series.master().toBuilder()
                        .uid(uid)
                        .status(
                                series.master().status() == EventStatus.CANCELLED
                                        ? EventStatus.CONFIRMED
                                        : series.master().status())
                        .build();
        List<EventComponent> overrides = new ArrayList<>();
        for (EventComponent o : series.overrides()) {
            overrides.add(o.toBuilder().uid(uid).build());
        }
        TreeSet<RecurrenceId> cancelled = new TreeSet<>(series.cancelledOccurrences());
        return new EventSeries(uid, master, overrides, cancelled);
    }
}
