package dev.calsync.core.spi;

import java.util.Objects;

/**
 * What a write did. Conflicts with the side's state are outcomes, not exceptions, because the engine
 * handles each of them: it adopts what already exists, re-reads and decides again, or treats the
 * item as gone.
 */
public sealed interface WriteOutcome
        permits WriteOutcome.Written,
                WriteOutcome.Deleted,
                WriteOutcome.AlreadyExists,
                WriteOutcome.PreconditionFailed,
                WriteOutcome.NotFound {

    /** The series was created or updated; {@code result} is how it now stands on the side. */
    record Written(RemoteSeries result) implements WriteOutcome {
        /**
         * Checks the result.
         *
         * @param result the series as it now stands
         * @throws NullPointerException if {@code result} is null
         */
        public Written {
            Objects.requireNonNull(result, "result");
        }
    }

    /** The series was deleted. */
    record Deleted() implements WriteOutcome {}

    /**
     * A create found something at the series' deterministic id or href (Google 409, CalDAV 412 on
     * {@code If-None-Match: *}): a retried write, or another mirror got there first. The engine reads
     * it and reconciles.
     */
    record AlreadyExists() implements WriteOutcome {}

    /** An update or delete found a newer version than the ETag it carried (412). */
    record PreconditionFailed() implements WriteOutcome {}

    /** An update or delete found nothing (404/410): the item was deleted meanwhile. */
    record NotFound() implements WriteOutcome {}
}
