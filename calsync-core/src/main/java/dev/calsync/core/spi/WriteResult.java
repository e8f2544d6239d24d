package dev.calsync.core.spi;

import java.util.Objects;

/**
 * What became of one {@link SeriesWrite} of a {@link CalendarProvider#writeSeries} call: an
 * outcome, or the failure of that write alone. A failure that stops the whole calendar ({@link
 * CalendarAccessException}) is thrown by the call instead.
 *
 * @param outcome what the write did, or null if it failed
 * @param failure why it failed ({@link TransientProviderException} if it may pass), or null
 */
public record WriteResult(WriteOutcome outcome, ProviderException failure) {

    /**
     * @param outcome what the write did, or null
     * @param failure why it failed, or null
     * @throws IllegalArgumentException unless exactly one of the two is given
     */
    public WriteResult {
        if ((outcome == null) == (failure == null)) {
            throw new IllegalArgumentException("a write result is an outcome or a failure");
        }
    }

    /**
     * {@return a write that had {@code outcome}}
     *
     * @param outcome what the write did
     */
    public static WriteResult of(WriteOutcome outcome) {
        return new WriteResult(Objects.requireNonNull(outcome, "outcome"), null);
    }

    /**
     * {@return a write that failed with {@code failure}}
     *
     * @param failure why it failed
     */
    public static WriteResult failed(ProviderException failure) {
        return new WriteResult(null, Objects.requireNonNull(failure, "failure"));
    }
}
