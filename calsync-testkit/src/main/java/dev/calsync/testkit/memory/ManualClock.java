package dev.calsync.testkit.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A UTC clock that stands still until the test moves it, for leases, Retry-After waits and journal
 * times in tests: pass it to {@code SyncEngine.builder().clock(...)} and to the in-memory parts, and
 * advance it from a {@code Sleeper}. Thread-safe.
 */
public final class ManualClock extends Clock {
    private Instant now;

    /**
     * A clock showing {@code start}.
     *
     * @param start the instant shown
     */
    public ManualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /**
     * Moves the clock forward by {@code duration}.
     *
     * @param duration how far to move
     */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** @throws UnsupportedOperationException always: this clock is UTC only */
    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a ManualClock is UTC only");
    }
}
