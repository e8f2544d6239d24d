package dev.calsync.core.spi;

import dev.calsync.core.conflict.DecidingRule;
import java.time.Instant;
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

    /**
     * Copies the maps, filling absent keys with 0.
     *
     * @param tokens sync token coverage
     * @param mappings mapping completeness
     * @param deletionsByEvidence deletions by evidence; missing keys count 0
     * @param conflictsByRule conflicts by deciding rule; missing keys count 0
     */
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

    /**
     * Counts a health report from the rows a store holds, for stores that keep them in memory or
     * read them back row by row (a SQL store counts with queries instead): feed it every pair, every
     * mapping and every journal entry, then {@link #report()}. Not thread-safe; one per report.
     */
    public static final class Tally {
        private final Instant since;
        private long enabled;
        private long tokenA;
        private long tokenB;
        private long active;
        private long withUids;
        private long withUrls;
        private final Map<DeletionEvidence, Long> deletions = new EnumMap<>(DeletionEvidence.class);
        private final Map<DecidingRule, Long> conflicts = new EnumMap<>(DecidingRule.class);

        /** @param since journal entries before this instant are not counted */
        public Tally(Instant since) {
            this.since = java.util.Objects.requireNonNull(since, "since");
        }

        /**
         * Counts an enabled pair and the tokens it holds; a disabled pair is not counted.
         *
         * @param pair a pair the store holds
         * @return this tally
         */
        public Tally pair(CalendarPair pair) {
            if (pair.enabled()) {
                enabled++;
                tokenA += pair.syncTokenA() != null ? 1 : 0;
                tokenB += pair.syncTokenB() != null ? 1 : 0;
            }
            return this;
        }

        /**
         * Counts an active mapping and whether it records UIDs and resource URLs on both sides.
         *
         * @param mapping a mapping the store holds
         * @return this tally
         */
        public Tally mapping(EventMapping mapping) {
            if (mapping.status() != SyncStatus.ACTIVE) {
                return this;
            }
            active++;
            if (mapping.a() != null && mapping.b() != null) {
                withUids += present(mapping.a().uid()) && present(mapping.b().uid()) ? 1 : 0;
                withUrls += present(mapping.a().resourceUrl())
                                && present(mapping.b().resourceUrl())
                        ? 1
                        : 0;
            }
            return this;
        }

        /**
         * Counts a journal entry from {@code since} on: a deletion by its evidence, a decision by its rule.
         *
         * @param operation a journal entry
         * @return this tally
         */
        public Tally operation(SyncOperation operation) {
            if (operation.at().isBefore(since)) {
                return this;
            }
            if (operation.kind() == SyncOperation.Kind.DELETE) {
                deletions.merge(operation.evidence(), 1L, Long::sum);
            }
            if (operation.rule() != null) {
                conflicts.merge(operation.rule(), 1L, Long::sum);
            }
            return this;
        }

        /** {@return the report of what was counted} */
        public HealthReport report() {
            return new HealthReport(
                    new TokenCoverage(enabled, tokenA, tokenB),
                    new MappingCompleteness(active, withUids, withUrls),
                    deletions,
                    conflicts);
        }

        private static boolean present(String s) {
            return s != null && !s.isBlank();
        }
    }
}
