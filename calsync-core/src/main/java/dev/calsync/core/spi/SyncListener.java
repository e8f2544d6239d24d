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

    /** A sync of {@code pairId} started. */
    default void syncStarted(String pairId, boolean dryRun) {}

    /** A page of {@code components} components was read from {@code side}. */
    default void pageRead(String pairId, Side side, int components) {}

    /** The plan is made: {@code steps} series will be written or recorded. */
    default void planned(String pairId, int steps) {}

    /** One operation was executed and recorded. */
    default void operationRecorded(SyncOperation operation) {}

    /** The sync finished (also for dry runs). */
    default void syncFinished(SyncReport report) {}

    /** The sync failed; nothing unfinished was recorded. */
    default void syncFailed(String pairId, Throwable failure) {}
}
