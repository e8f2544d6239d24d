package dev.calsync.store.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.HealthReport;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring queries printed in {@code docs/store.md} run on both databases and give the same
 * four figures as {@link HealthReport}, after a real sync history with creates, a deletion on token
 * evidence and conflicts.
 */
class DocumentedQueriesTest {

    private static final Pattern SQL_BLOCK = Pattern.compile("```sql (postgresql|sqlite)\n(.*?)```", Pattern.DOTALL);

    @Test
    void theDocumentedQueriesGiveTheHealthReportsFiguresOnSqlite(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calsync.db");
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(file)) {
            HealthReport report = history(store);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                check(c, queries("sqlite"), report);
            }
        }
    }

    @Test
    void theDocumentedQueriesGiveTheHealthReportsFiguresOnPostgres() throws Exception {
        try (PostgresTestDatabase.Schema schema = PostgresTestDatabase.freshSchema();
                JdbiMappingStore store = JdbiMappingStore.postgres(schema.dataSource())) {
            HealthReport report = history(store);
            try (Connection c = schema.dataSource().getConnection()) {
                check(c, queries("postgresql"), report);
            }
        }
    }

    /** Three events copied, one deleted on token evidence, two edited on both sides (conflicts). */
    private static HealthReport history(JdbiMappingStore store) {
        InMemoryCalendarProvider a = InMemoryCalendarProvider.googleLike();
        InMemoryCalendarProvider b = InMemoryCalendarProvider.caldavLike();
        a.createCalendar("work");
        b.createCalendar("home");
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("work-home", "work", "home")));
        SyncEngine engine = SyncEngine.builder().sideA(a).sideB(b).store(store).build();
        for (int i = 0; i < 4; i++) {
            a.userPut("work", event("e" + i, "Meeting " + i));
        }
        engine.sync("work-home");
        a.userDelete("work", "e0");
        a.userEdit("work", "e1", s -> event("e1", "Moved on A"));
        b.userEdit("home", "e1", s -> event("e1", "Moved on B"));
        a.userEdit("work", "e2", s -> event("e2", "Same on both"));
        b.userEdit("home", "e2", s -> event("e2", "Same on both"));
        engine.sync("work-home");
        return store.inTransaction(
                (MappingTransaction tx) -> tx.health(Instant.now().minus(Duration.ofHours(24))));
    }

    private static EventSeries event(String uid, String summary) {
        return EventSeries.of(EventComponent.builder(uid, EventTime.utc(Instant.parse("2026-12-01T09:00:00Z")))
                .summary(summary)
                .build());
    }

    private static void check(Connection c, List<String> queries, HealthReport report) throws SQLException {
        assertThat(queries).as("the four monitoring queries of docs/store.md").hasSize(4);

        List<Map<String, Object>> tokens = run(c, queries.get(0));
        assertThat(number(tokens.get(0), "total_pairs"))
                .isEqualTo(report.tokens().enabledPairs());
        assertThat(number(tokens.get(0), "a_tokens")).isEqualTo(report.tokens().withTokenA());
        assertThat(number(tokens.get(0), "b_tokens")).isEqualTo(report.tokens().withTokenB());
        assertThat(report.tokens().withTokenA()).isEqualTo(1);

        List<Map<String, Object>> completeness = run(c, queries.get(1));
        assertThat(number(completeness.get(0), "total_mappings"))
                .isEqualTo(report.mappings().active());
        assertThat(number(completeness.get(0), "with_uids"))
                .isEqualTo(report.mappings().withUids());
        assertThat(number(completeness.get(0), "with_resource_urls"))
                .isEqualTo(report.mappings().withResourceUrls());
        assertThat(report.mappings().active()).isEqualTo(3);

        Map<DeletionEvidence, Long> deletions = new EnumMap<>(DeletionEvidence.class);
        for (Map<String, Object> row : run(c, queries.get(2))) {
            deletions.merge(
                    DeletionEvidence.valueOf(
                            row.get("deletion_evidence").toString().toUpperCase(Locale.ROOT)),
                    number(row, "deletions"),
                    Long::sum);
        }
        assertThat(deletions).containsEntry(DeletionEvidence.TOKEN_DELTA, 1L);
        report.deletionsByEvidence()
                .forEach((evidence, count) -> assertThat(deletions.getOrDefault(evidence, 0L))
                        .as(evidence.name())
                        .isEqualTo(count));

        Map<DecidingRule, Long> rules = new EnumMap<>(DecidingRule.class);
        for (Map<String, Object> row : run(c, queries.get(3))) {
            rules.put(
                    DecidingRule.valueOf(row.get("deciding_rule").toString().toUpperCase(Locale.ROOT)),
                    number(row, "decisions"));
        }
        assertThat(rules).containsEntry(DecidingRule.CONTENT_EQUAL, 1L);
        assertThat(rules.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
        report.conflictsByRule()
                .forEach((rule, count) ->
                        assertThat(rules.getOrDefault(rule, 0L)).as(rule.name()).isEqualTo(count));
    }

    private static List<String> queries(String dialect) throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "store.md"));
        List<String> found = new ArrayList<>();
        Matcher m = SQL_BLOCK.matcher(doc);
        while (m.find()) {
            if (m.group(1).equals(dialect)) {
                found.add(m.group(2));
            }
        }
        return found;
    }

    private static List<Map<String, Object>> run(Connection c, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new java.util.HashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }
}
