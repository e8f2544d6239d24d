package dev.calsync.examples.samples;

import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.HealthReport;
import dev.calsync.core.spi.MappingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the store's {@link HealthReport} and turns its four figures into the alerts {@code
 * docs/operations.md} recommends: pairs without a sync token, active mappings missing a UID or a
 * resource URL, any deletion without evidence, and a high share of conflicts decided without
 * SEQUENCE.
 */
public final class OperationsHealthCheck {
    private OperationsHealthCheck() {}

    /**
     * The figures of the last {@code window}.
     *
     * @param store any mapping store
     * @param window how far back deletions and conflicts are counted
     * @return the store's health report
     */
    public static HealthReport read(MappingStore store, Duration window) {
        // health-read:begin
        HealthReport health = store.inTransaction(tx -> tx.health(Instant.now().minus(window)));
        // health-read:end
        return health;
    }

    /**
     * The alerts a health report calls for.
     *
     * @param health the report
     * @param minConflicts below this many real conflicts (content differed) the share is not judged
     * @param maxWeakShare the share of real conflicts that may be decided by modification time or the
     *     preferred side (not by SEQUENCE or a callback) before it is an alert, 0..1
     * @return one line per alert; empty when all is well
     */
    public static List<String> alerts(HealthReport health, long minConflicts, double maxWeakShare) {
        // health-alerts:begin
        List<String> alerts = new ArrayList<>();
        HealthReport.TokenCoverage tokens = health.tokens();
        long withoutToken = tokens.enabledPairs() - Math.min(tokens.withTokenA(), tokens.withTokenB());
        if (withoutToken > 0) {
            // Normal for a pair that has not completed its first sync; otherwise its syncs keep failing.
            alerts.add("at least " + withoutToken + " enabled pairs lack a sync token on a side");
        }
        HealthReport.MappingCompleteness mappings = health.mappings();
        if (mappings.withUids() < mappings.active() || mappings.withResourceUrls() < mappings.active()) {
            alerts.add("at least "
                    + (mappings.active() - Math.min(mappings.withUids(), mappings.withResourceUrls()))
                    + " active mappings lack a UID or a resource URL on a side");
        }
        long unproven = health.deletionsByEvidence().get(DeletionEvidence.NONE);
        if (unproven > 0) {
            // calsync deletes only on a tombstone or a direct 404/410: this count must stay 0.
            alerts.add(unproven + " deletions without evidence");
        }
        Map<DecidingRule, Long> rules = health.conflictsByRule();
        long conflicts =
                rules.values().stream().mapToLong(Long::longValue).sum() - rules.get(DecidingRule.CONTENT_EQUAL);
        long weak = rules.get(DecidingRule.TIMESTAMP) + rules.get(DecidingRule.PREFERRED_SIDE);
        if (conflicts >= minConflicts && weak > maxWeakShare * conflicts) {
            alerts.add(weak + " of " + conflicts + " conflicts decided without SEQUENCE");
        }
        // health-alerts:end
        return alerts;
    }
}
