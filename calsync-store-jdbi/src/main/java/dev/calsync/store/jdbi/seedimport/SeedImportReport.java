package dev.calsync.store.jdbi.seedimport;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SeedImport} carried over from the seed's database, and what it did not.
 *
 * @param written whether the pairs and mappings were written to the target store ({@code false} for
 *     {@link SeedImport#preview})
 * @param pairs the imported {@code calendar_mappings} rows, in seed-id order
 * @param activeMappings series mappings imported as {@code ACTIVE}
 * @param deletedMappings series mappings imported as {@code DELETED} (tombstones)
 * @param orphanedMappings series mappings imported as {@code ORPHANED}
 * @param oneSidedMappings of these, the mappings with only one side (the seed never copied the event)
 * @param foldedRows {@code event_mappings} rows folded into another row's series mapping: rows of
 *     overrides (a Google instance next to its master), further Google copies of one series, and
 *     {@code deleted} rows of a series that also has a live row
 * @param syncTokensDropped the seed's sync tokens not carried over (every non-null one)
 * @param googleUidTags the Google events that must carry their series' UID in calsync's private
 *     extended property before the first sync, because the UID Google reports for them is not the
 *     series' UID (or was not recorded)
 * @param skipped the rows left out (only when the import was built to skip bad rows)
 */
public record SeedImportReport(
        boolean written,
        List<ImportedPair> pairs,
        int activeMappings,
        int deletedMappings,
        int orphanedMappings,
        int oneSidedMappings,
        int foldedRows,
        int syncTokensDropped,
        List<GoogleUidTag> googleUidTags,
        List<SkippedRow> skipped) {

    /**
     * Copies the lists.
     *
     * @param written whether the pairs and mappings were written to the target store
     * @param pairs the imported pairs
     * @param activeMappings series mappings imported as {@code ACTIVE}
     * @param deletedMappings series mappings imported as {@code DELETED}
     * @param orphanedMappings series mappings imported as {@code ORPHANED}
     * @param oneSidedMappings of these, the mappings with only one side
     * @param foldedRows rows folded into another row's series mapping
     * @param syncTokensDropped the seed's sync tokens not carried over
     * @param googleUidTags the Google events to tag with their series' UID
     * @param skipped the rows left out
     */
    public SeedImportReport {
        pairs = List.copyOf(pairs);
        googleUidTags = List.copyOf(googleUidTags);
        skipped = List.copyOf(skipped);
    }

    /** {@return every series mapping imported, whatever its status} */
    public int mappings() {
        return activeMappings + deletedMappings + orphanedMappings;
    }

    /**
     * One seed pair, as imported.
     *
     * @param seedId the seed's {@code calendar_mappings.id}
     * @param pairId calsync's pair id
     * @param calendarA the calendar on side A
     * @param calendarB the calendar on side B
     * @param enabled the seed's {@code enabled}
     */
    public record ImportedPair(String seedId, String pairId, String calendarA, String calendarB, boolean enabled) {
        /**
         * Checks the parts.
         *
         * @param seedId the seed's {@code calendar_mappings.id}
         * @param pairId calsync's pair id
         * @param calendarA the calendar on side A
         * @param calendarB the calendar on side B
         * @param enabled the seed's {@code enabled}
         * @throws NullPointerException if an id or calendar is null
         */
        public ImportedPair {
            Objects.requireNonNull(seedId, "seedId");
            Objects.requireNonNull(pairId, "pairId");
            Objects.requireNonNull(calendarA, "calendarA");
            Objects.requireNonNull(calendarB, "calendarB");
        }
    }

    /**
     * A Google event to tag with its series' UID ({@code
     * extendedProperties.private.calsyncUid}, where calsync's Google provider looks first), so that
     * calsync reads it as the same series as its iCloud copy.
     *
     * @param pairId calsync's pair id
     * @param googleCalendarId the Google calendar
     * @param googleEventId the event (a master, a single event or an instance)
     * @param recordedICalUid the seed's {@code google_ical_uid}, or null if it recorded none
     * @param uid the series' UID: the key of its calsync mapping
     */
    public record GoogleUidTag(
            String pairId, String googleCalendarId, String googleEventId, String recordedICalUid, String uid) {
        /**
         * Checks the parts.
         *
         * @param pairId calsync's pair id
         * @param googleCalendarId the Google calendar
         * @param googleEventId the event
         * @param recordedICalUid the seed's {@code google_ical_uid}, or null
         * @param uid the series' UID
         * @throws NullPointerException if an id or the UID is null
         */
        public GoogleUidTag {
            Objects.requireNonNull(pairId, "pairId");
            Objects.requireNonNull(googleCalendarId, "googleCalendarId");
            Objects.requireNonNull(googleEventId, "googleEventId");
            Objects.requireNonNull(uid, "uid");
        }
    }

    /**
     * A row the import left out.
     *
     * @param table the seed's table
     * @param rowId the row's {@code id}
     * @param problem what is wrong with it
     * @param reason the explanation (no event content)
     */
    public record SkippedRow(String table, String rowId, SeedImportException.Problem problem, String reason) {
        /**
         * Checks the parts.
         *
         * @param table the seed's table
         * @param rowId the row's {@code id}
         * @param problem what is wrong with it
         * @param reason the explanation
         * @throws NullPointerException if a part is null
         */
        public SkippedRow {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(rowId, "rowId");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
