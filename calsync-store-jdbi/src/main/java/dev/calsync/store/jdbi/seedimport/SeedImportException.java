package dev.calsync.store.jdbi.seedimport;

import java.util.Objects;

/**
 * The seed's database cannot be imported as it is. The message names the table, the row's {@code
 * id} and the problem; it never holds event content. Nothing was written to the target store.
 */
public final class SeedImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What is wrong. */
    public enum Problem {
        /** The seed's database cannot be read (connection or SQL error). */
        UNREADABLE,
        /** A table or a column the import reads is missing (run the seed's own migrations first). */
        SCHEMA,
        /** A {@code calendar_mappings} row lacks its Google or its iCloud calendar id. */
        NO_CALENDAR,
        /** The target store already holds a pair with the id the import would give a seed pair. */
        PAIR_EXISTS,
        /** An {@code event_mappings} row names a {@code calendar_mapping_id} that does not exist (or was skipped). */
        UNKNOWN_PAIR,
        /** An {@code event_mappings} row has neither a Google event id nor an iCloud id or resource URL. */
        NO_REMOTE_ID,
        /** An {@code event_mappings} row has no UID at all ({@code icloud_uid}, {@code event_uid}, {@code google_ical_uid}). */
        NO_UID,
        /** An {@code event_mappings} row has a {@code sync_status} other than {@code active}, {@code deleted}, {@code orphaned}. */
        UNKNOWN_SYNC_STATUS,
        /**
         * Two live rows of one pair map the same Google event to different series, or one series to
         * two different iCloud resources.
         */
        DUPLICATE_MAPPING
    }

    /** What is wrong. */
    private final Problem problem;
    /** The seed's table, or null. */
    private final String table;
    /** The row's {@code id}, or null. */
    private final String rowId;

    /**
     * @param problem what is wrong
     * @param table the seed's table, or null when the problem is not about one row
     * @param rowId the row's {@code id}, or null
     * @param message the explanation, naming table and row
     * @param cause the underlying error, or null
     */
    public SeedImportException(Problem problem, String table, String rowId, String message, Throwable cause) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.table = table;
        this.rowId = rowId;
    }

    /** {@return what is wrong} */
    public Problem problem() {
        return problem;
    }

    /** {@return the seed's table ({@code calendar_mappings} or {@code event_mappings}), or null} */
    public String table() {
        return table;
    }

    /** {@return the {@code id} of the row, or null} */
    public String rowId() {
        return rowId;
    }
}
