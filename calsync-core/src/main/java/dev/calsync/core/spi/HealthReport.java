package dev.calsync.core.spi;

import dev.calsync.core.conflict.DecidingRule;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The seed's four monitoring figures, computed by the store.
 *
 * @param tokens sync token coverage of enabled pairs
 * @param mappings completeness of active mappings
 * @param deletionsByEvidence deletions in the reporting window, by the evidence they rested on
 * @param conflictsByRule conflicts decided in the reporting window, by the deciding rule
 */
public record HealthReport(
        TokenCoverage tokens,
        MappingCompleteness mappings,
        Map<DeletionEvidence, Long> deletionsByEvidence,
        Map<DecidingRule, Long> conflictsByRule) {

    /** Copies the maps, filling absent keys with 0. */
    public HealthReport {
        deletionsByEvidence = filled(DeletionEvidence.class, deletionsByEvidence);
        conflictsByRule = filled(DecidingRule.class, conflictsByRule);
    }

    private static <K extends Enum<K>> Map<K, Long> filled(Class<K> type, Map<K, Long> counts) {
        EnumMap<K, Long> all = new EnumMap<>(type);
        for (K k : type.getEnumConstants()) {
            all.put(k, counts.getOrDefault(k, 0L));
        }
        return Collections.unmodifiableMap(all);
    }

    /**
     * @param enabledPairs enabled pairs
     * @param withTokenA of those, how many hold a side-A token
     * @param withTokenB of those, how many hold a side-B token
     */
    public record TokenCoverage(long enabledPairs, long withTokenA, long withTokenB) {}

    /**
     * @param active active mappings
     * @param withUids of those, how many record the UID on both sides
     * @param withResourceUrls of those, how many record a resource URL or self link on both sides
     */
    public record MappingCompleteness(long active, long withUids, long withResourceUrls) {}
}
