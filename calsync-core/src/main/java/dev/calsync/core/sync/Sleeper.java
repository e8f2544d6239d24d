package dev.calsync.core.sync;

import java.time.Duration;

/**
 * Waits between retries. The default sleeps the thread; tests inject one that records the waits
 * and returns at once.
 */
@FunctionalInterface
public interface Sleeper {

    /** The real thing: {@link Thread#sleep}. */
    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    /**
     * Waits {@code duration}.
     *
     * @param duration how long to wait
     * @throws InterruptedException if the thread is interrupted; the engine stops the sync
     */
    void sleep(Duration duration) throws InterruptedException;
}
