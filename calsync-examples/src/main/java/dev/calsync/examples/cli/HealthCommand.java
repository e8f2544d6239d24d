package dev.calsync.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calsync.core.spi.HealthReport;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code calsync health}: the seed's four monitoring figures from the store ({@link HealthReport}):
 * sync token coverage, mapping completeness, deletions by evidence and conflicts by rule in a
 * window, as text or JSON.
 */
@Command(
        name = "health",
        description = "Show the store's monitoring figures: sync token coverage, mapping completeness,"
                + " deletions by evidence and conflicts by rule.")
final class HealthCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            defaultValue = "7d",
            description = "The window of the deletion and conflict counts: a duration back from now (30m, 24h,"
                    + " 7d, PT12H) or an ISO instant. Default: ${DEFAULT-VALUE}.")
    String since;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        Instant from = parseSince(since, clock.instant());
        CliConfig cfg = config.load();
        HealthReport report;
        try (JdbiMappingStore store = Stores.open(cfg, config.env())) {
            report = store.inTransaction(tx -> tx.health(from));
        }
        PrintWriter out = config.out();
        if (json) {
            out.println(toJson(report, from, cfg.store().describe()));
        } else {
            text(report, from, cfg.store().describe()).lines().forEach(out::println);
        }
        return ExitCodes.OK;
    }

    /** Parses {@code --since}: a duration back from {@code now} or an instant. */
    static Instant parseSince(String value, Instant now) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.matches("\\d+[smhdw]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                Duration d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
                return now.minus(d);
            }
            if (v.startsWith("p")) {
                return now.minus(Duration.parse(value.strip()));
            }
            return Instant.parse(value.strip());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw CliException.usage("bad --since '" + value + "': use e.g. 24h, 7d, PT12H or 2026-01-01T00:00:00Z");
        }
    }

    static String toJson(HealthReport r, Instant from, String store) {
        ObjectNode root = JSON.createObjectNode();
        root.put("store", store);
        root.put("since", from.toString());
        ObjectNode tokens = root.putObject("tokenCoverage");
        tokens.put("enabledPairs", r.tokens().enabledPairs());
        tokens.put("withTokenA", r.tokens().withTokenA());
        tokens.put("withTokenB", r.tokens().withTokenB());
        ObjectNode mappings = root.putObject("mappingCompleteness");
        mappings.put("active", r.mappings().active());
        mappings.put("withUids", r.mappings().withUids());
        mappings.put("withResourceUrls", r.mappings().withResourceUrls());
        ObjectNode deletions = root.putObject("deletionsByEvidence");
        r.deletionsByEvidence().forEach((k, v) -> deletions.put(k.name(), v));
        ObjectNode conflicts = root.putObject("conflictsByRule");
        r.conflictsByRule().forEach((k, v) -> conflicts.put(k.name(), v));
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(HealthReport r, Instant from, String store) {
        HealthReport.TokenCoverage t = r.tokens();
        HealthReport.MappingCompleteness m = r.mappings();
        StringBuilder sb = new StringBuilder();
        sb.append("calsync health of the ").append(store).append('\n');
        sb.append(String.format(
                "  token coverage:       %d enabled pairs; side-A token %d (%s), side-B token %d (%s)%n",
                t.enabledPairs(),
                t.withTokenA(),
                percent(t.withTokenA(), t.enabledPairs()),
                t.withTokenB(),
                percent(t.withTokenB(), t.enabledPairs())));
        sb.append(String.format(
                "  mapping completeness: %d active mappings; UIDs on both sides %d (%s), resource URLs %d (%s)%n",
                m.active(),
                m.withUids(),
                percent(m.withUids(), m.active()),
                m.withResourceUrls(),
                percent(m.withResourceUrls(), m.active())));
        sb.append("  deletions by evidence since ")
                .append(from)
                .append(": ")
                .append(counts(r.deletionsByEvidence()))
                .append('\n');
        sb.append("  conflicts by rule since ")
                .append(from)
                .append(": ")
                .append(counts(r.conflictsByRule()))
                .append('\n');
        return sb.toString();
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static <K extends Enum<K>> String counts(Map<K, Long> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(k.name())
                .append(' ')
                .append(v));
        return sb.toString();
    }
}
