package dev.calsync.core.spi;

import dev.calsync.core.Side;
import dev.calsync.core.sync.SyncReport;

/**
 * Progress and outcome events of syncs, e.g. to draw a progress bar or export metrics. Every method
 * has an empty default. Called on the syncing thread; keep it quick and never throw (an exception
 * from a listener is logged and ignored).
 */
public interface SyncListener {

    /** A listener that does nothing. */
    SyncListener NONE = new SyncListener() {};

    /**
     * A sync of {@code pairId} started.
     *
     * @param pairId the pair
     * @param dryRun whether the sync only plans
     */
    default void syncStarted(String pairId, boolean dryRun) {}

    /**
     * A page of {@code components} components was read from {@code side}.
     *
     * @param pairId the pair
     * @param side the side read
     * @param components how many components the page held
     */
    default void pageRead(String pairId, Side side, int components) {}

    /**
     * The plan is made: {@code steps} series will be written or recorded.
     *
     * @param pairId the pair
     * @param steps how many series the plan touches
     */
    default void planned(String pairId, int steps) {}

    /**
     * One operation was executed and recorded.
     *
     * @param operation the journal entry
     */
    default void operationRecorded(SyncOperation operation) {}

    /**
     * The sync finished (also for dry runs).
     *
     * @param report what the sync did
     */
    default void syncFinished(SyncReport report) {}

    /**
     * The sync failed; nothing unfinished was recorded.
     *
     * @param pairId the pair
     * @param failure why it failed
     */
    default void syncFailed(String pairId, Throwable failure) {}
}
