package dev.calsync.testkit.memory;

/**
 * Thrown by {@link InMemoryCalendarProvider} in place of a write's answer when a test armed {@link
 * Faults#crashAfterWrites(int, Faults.CrashPoint)}: it stands for the process dying mid-sync.
 *
 * <p>It is an {@link Error}, not an exception, so that code which handles {@code RuntimeException}s
 * per item (as a sync engine does) does not swallow it and carry on: the test catches it around the
 * whole sync, then starts a fresh sync on the same provider and store, as a restarted process would.
 * Whether the interrupted write was applied is said by {@link #applied()}.
 */
public final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    /** Whether the interrupted write took effect on the server. */
    private final boolean applied;

    /**
     * @param message the request that was interrupted
     * @param applied whether the server applied the write before the "crash" (its answer was lost)
     */
    public SimulatedCrash(String message, boolean applied) {
        super(message);
        this.applied = applied;
    }

    /**
     * Whether the interrupted write took effect on the server (only its answer was lost): false for
     * {@link Faults.CrashPoint#BEFORE_APPLY}; for {@link Faults.CrashPoint#AFTER_APPLY}, true when the
     * lost answer was {@code Written} or {@code Deleted}, false when it was {@code AlreadyExists},
     * {@code PreconditionFailed} or {@code NotFound} (nothing changed).
     *
     * @return true if the write took effect
     */
    public boolean applied() {
        return applied;
    }
}
