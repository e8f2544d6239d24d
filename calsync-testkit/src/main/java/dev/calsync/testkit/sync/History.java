package dev.calsync.testkit.sync;

import dev.calsync.core.Side;
import dev.calsync.core.event.EventSeries;
import java.util.List;
import java.util.Objects;

/**
 * A scripted history for the {@link SyncMachine}: user edits on both sides, injected faults,
 * crashes and syncs, in order. Printed one step per line, so a failing (shrunk) history reads as a
 * recipe.
 *
 * @param steps the steps, in order
 */
public record History(List<Step> steps) {

    /**
     * Copies the steps.
     *
     * @param steps the steps, in order
     */
    public History {
        steps = List.copyOf(steps);
    }

    @Override
    public String toString() {
        StringBuilder out =
                new StringBuilder("History of ").append(steps.size()).append(" steps:");
        for (int i = 0; i < steps.size(); i++) {
            out.append("\n  ").append(i + 1).append(". ").append(steps.get(i));
        }
        return out.toString();
    }

    /** One step of a history. */
    public sealed interface Step permits Create, CreateOnBoth, Edit, Delete, Sync, CrashingSync, MassDelete {}

    /** A user creates {@code series} on {@code side}. */
    public record Create(Side side, EventSeries series) implements Step {
        /**
         * Checks the parts.
         *
         * @param side where
         * @param series what the user creates
         * @throws NullPointerException if a part is null
         */
        public Create {
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(series, "series");
        }

        @Override
        public String toString() {
            return "user creates on " + side + ": " + describe(series);
        }
    }

    /** Users create the same UID on both sides before a first mirror: {@code a} on A, {@code b} on B. */
    public record CreateOnBoth(EventSeries a, EventSeries b) implements Step {
        /**
         * Checks that both are of one UID.
         *
         * @param a the series created on A
         * @param b the series created on B
         * @throws IllegalArgumentException if the UIDs differ
         */
        public CreateOnBoth {
            if (!a.uid().equals(b.uid())) {
                throw new IllegalArgumentException("different UIDs");
            }
        }

        @Override
        public String toString() {
            return "users create the same UID on both sides" + (a.equals(b) ? " (same content): " : ": ") + describe(a)
                    + (a.equals(b) ? "" : " / " + describe(b));
        }
    }

    /**
     * A user edits one series on {@code side}: the {@code pick}-th (modulo their number, in UID order)
     * of the series there now.
     *
     * @param side where
     * @param pick which series
     * @param kind what the edit does
     * @param n a parameter of the edit (which occurrence, which text)
     */
    public record Edit(Side side, int pick, EditKind kind, int n) implements Step {
        /**
         * Checks the parts.
         *
         * @param side where
         * @param pick which series
         * @param kind what the edit does
         * @param n a parameter of the edit
         * @throws NullPointerException if a part is null
         */
        public Edit {
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public String toString() {
            return "user edits series #" + pick + " on " + side + ": " + kind + " " + n;
        }
    }

    /** A user deletes the {@code pick}-th series on {@code side}. */
    public record Delete(Side side, int pick) implements Step {
        /**
         * Checks the side.
         *
         * @param side where
         * @param pick which series
         * @throws NullPointerException if the side is null
         */
        public Delete {
            Objects.requireNonNull(side, "side");
        }

        @Override
        public String toString() {
            return "user deletes series #" + pick + " on " + side;
        }
    }

    /**
     * A sync, with {@code fault} armed on {@code faultSide} first.
     *
     * @param faultSide the side of the fault (ignored for {@link Fault#NONE})
     * @param fault the fault
     * @param count how many times it strikes (for counted faults)
     */
    public record Sync(Side faultSide, Fault fault, int count) implements Step {
        /**
         * Checks the parts.
         *
         * @param faultSide the side of the fault
         * @param fault the fault
         * @param count how many times it strikes
         * @throws NullPointerException if a part is null
         */
        public Sync {
            Objects.requireNonNull(faultSide, "faultSide");
            Objects.requireNonNull(fault, "fault");
        }

        @Override
        public String toString() {
            return fault == Fault.NONE ? "sync" : "sync with " + fault + " x" + count + " on " + faultSide;
        }
    }

    /**
     * A sync that "crashes" after {@code writes} writes on {@code side} ({@code applied}: the
     * crashing write reached the server, its answer was lost), then a normal sync.
     */
    public record CrashingSync(Side side, int writes, boolean applied) implements Step {
        /**
         * Checks the side.
         *
         * @param side where the sync crashes
         * @param writes the writes before the crash
         * @param applied whether the crashing write reached the server
         * @throws NullPointerException if the side is null
         */
        public CrashingSync {
            Objects.requireNonNull(side, "side");
        }

        @Override
        public String toString() {
            return "sync crashing at write " + (writes + 1) + " on " + side + (applied ? " (write applied)" : "")
                    + ", then sync";
        }
    }

    /** A sync, then a user deletes every series on {@code side}, then a sync (refused when that is a mass deletion). */
    public record MassDelete(Side side) implements Step {
        /**
         * Checks the side.
         *
         * @param side where the user deletes everything
         * @throws NullPointerException if the side is null
         */
        public MassDelete {
            Objects.requireNonNull(side, "side");
        }

        @Override
        public String toString() {
            return "sync; user deletes everything on " + side + "; sync";
        }
    }

    /** Edits a user makes to one series. */
    public enum EditKind {
        /** Changes the summary of the master (or first override). */
        RETITLE,
        /** Changes the location. */
        RELOCATE,
        /** Cancels the n-th day's occurrence of a recurring series. */
        CANCEL_OCCURRENCE,
        /** Moves and retitles the n-th day's occurrence of a recurring series (an override). */
        OVERRIDE_OCCURRENCE,
        /** Removes the first override (the occurrence is back to normal). */
        REVERT_OVERRIDE,
        /** Raises SEQUENCE without changing content: not a change to sync. */
        BUMP_SEQUENCE
    }

    /** Faults a sync may meet. */
    public enum Fault {
        /** No fault. */
        NONE,
        /** The next requests fail transiently with Retry-After. */
        RATE_LIMIT,
        /** The next updates or deletes meet a concurrent re-save (412). */
        PRECONDITION_RACE,
        /** The side's tokens are rejected: full listing. */
        INVALIDATE_TOKENS,
        /**
         * Tokens rejected and the full listing leaves out every {@code count}-th series already synced
         * (a series never synced and never listed cannot be known to any client).
         */
        PARTIAL_FULL_LISTING,
        /** ETags change on every read. */
        VOLATILE_ETAGS
    }

    static String describe(EventSeries series) {
        String uid = series.uid();
        // Cut at a code point, never inside a surrogate pair: a lone surrogate ends surefire's report there.
        String shortUid = uid.length() > 24
                ? uid.substring(0, uid.offsetByCodePoints(0, uid.codePointCount(0, 21))) + "...(" + uid.length()
                        + " chars)"
                : uid;
        return "'" + shortUid.replace("\n", "\\n") + "' with "
                + (series.master() == null
                        ? "no master"
                        : "a " + series.master().kind().name().toLowerCase(java.util.Locale.ROOT))
                + ", " + series.overrides().size()
                + " overrides, " + series.cancelledOccurrences().size() + " cancellations";
    }
}
