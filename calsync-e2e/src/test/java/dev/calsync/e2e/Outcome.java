package dev.calsync.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the invariants found after a scenario: the figures {@code docs/reliability.md} reports.
 *
 * @param liveSeries series the ledger says must exist
 * @param lost live series missing from a side, as "side:UID" (an event lost, or falsely deleted)
 * @param falseDeletes live series that had reached both sides and are now missing from a side
 *     (a subset of {@link #lost}'s UIDs: lost after having been synced, so deleted by calsync or
 *     never re-created)
 * @param resurrected series a user deleted that are still on a side after the settling syncs
 * @param duplicates components listed twice on one side, as "side:key"
 * @param differences series whose content differs between the sides ({@code SeriesCheck})
 * @param mappingMismatches store rows that do not match both sides
 * @param strays series on a side that no user created (a copy under another UID, say)
 */
record Outcome(
        int liveSeries,
        List<String> lost,
        Set<String> falseDeletes,
        List<String> resurrected,
        List<String> duplicates,
        List<String> differences,
        List<String> mappingMismatches,
        List<String> strays) {

    boolean clean() {
        return lost.isEmpty()
                && resurrected.isEmpty()
                && duplicates.isEmpty()
                && differences.isEmpty()
                && mappingMismatches.isEmpty()
                && strays.isEmpty();
    }

    /** Throws, naming every finding, unless the outcome is clean. */
    Outcome assertClean(String context) {
        if (!clean()) {
            throw new AssertionError(context + ": " + this);
        }
        return this;
    }

    /** Several pairs' outcomes added up: the live series summed, the findings joined. */
    static Outcome sum(List<Outcome> outcomes) {
        int live = 0;
        List<String> lost = new ArrayList<>();
        Set<String> falseDeletes = new TreeSet<>();
        List<String> resurrected = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        List<String> strays = new ArrayList<>();
        for (Outcome o : outcomes) {
            live += o.liveSeries();
            lost.addAll(o.lost());
            falseDeletes.addAll(o.falseDeletes());
            resurrected.addAll(o.resurrected());
            duplicates.addAll(o.duplicates());
            differences.addAll(o.differences());
            mismatches.addAll(o.mappingMismatches());
            strays.addAll(o.strays());
        }
        return new Outcome(live, lost, falseDeletes, resurrected, duplicates, differences, mismatches, strays);
    }
}
