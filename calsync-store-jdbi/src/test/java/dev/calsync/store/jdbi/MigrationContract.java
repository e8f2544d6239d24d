package dev.calsync.store.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.RetryItem;
import dev.calsync.core.spi.SideMapping;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.store.jdbi.internal.JdbiTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The schema's life: a database created by V1 (and holding rows) migrates to V2 with its rows
 * intact and V2's indexes created; opening without migrating refuses an old schema and changes
 * nothing; an explicit migration is what such a store needs. Subclasses supply the database.
 */
abstract class MigrationContract {

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** The indexes V2 creates. */
    static final Set<String> V2_INDEXES = Set.of(
            "idx_event_mappings_a_uid",
            "idx_event_mappings_b_uid",
            "idx_event_mappings_event_uid",
            "idx_event_mappings_sync_status",
            "idx_event_mappings_a_remote_id",
            "idx_event_mappings_b_remote_id",
            "idx_sync_operations_pair_time",
            "idx_sync_operations_time",
            "idx_retry_queue_pair_time",
            "idx_calendar_mappings_lease");

    static final String HASH_1 = "1".repeat(64);
    static final String HASH_2 = "2".repeat(64);

    /** Creates the database at schema version 1 with calsync's own migrations (Flyway target 1). */
    protected abstract void createAtVersion1();

    /** A raw connection to the database. */
    protected abstract Connection connect() throws SQLException;

    /** Opens the store on the database. */
    protected abstract JdbiMappingStore open(JdbiMappingStore.Migration migration);

    /** Migrates the database as an operator would, without opening a store. */
    protected abstract String migrateExplicitly();

    /** The names of the indexes in the database. */
    protected abstract Set<String> indexes(Connection c) throws SQLException;

    /** The successful versions in calsync's schema history, oldest first. */
    static List<String> history(Connection c) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM calsync_schema_history"
                        + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    /** Rows as calsync at schema version 1 wrote them (literal times suit both databases). */
    void insertVersion1Rows() throws SQLException {
        try (Connection c = connect()) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO calendar_mappings (pair_id, calendar_a, calendar_b, a_sync_token,"
                        + " b_sync_token, a_last_updated, b_last_updated, enabled, lease_owner, lease_expires_at)"
                        + " VALUES ('p1', 'cal-a', 'cal-b', 'token-a', NULL, '2030-01-01T00:00:00.000000Z', NULL,"
                        + " TRUE, 'worker-1', '2030-01-01T00:05:00.000000Z')");
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO event_mappings (pair_id, event_uid,"
                    + " event_uid_sha256, recurrence_id, a_remote_id, a_uid, a_resource_url, a_etag, a_sequence,"
                    + " a_content_hash, b_remote_id, b_uid, b_resource_url, b_etag, b_sequence, b_content_hash,"
                    + " sync_status, updated_at) VALUES ('p1', 'u1', ?, '', 'g-1', 'u1', 'https://g/1', '\"e1\"', 3, '"
                    + HASH_1 + "', '/cal/u1.ics', 'u1', 'https://c/cal/u1.ics', NULL, 4, '" + HASH_2
                    + "', 'active', '2030-01-01T00:00:01.000000Z'), ('p1', 'u1', ?, 'I:2030-01-02T00:00:00Z', 'g-1_x',"
                    + " 'u1', NULL, NULL, 0, '" + HASH_1 + "', NULL, NULL, NULL, NULL, NULL, NULL, 'orphaned',"
                    + " '2030-01-01T00:00:02.000000Z')")) {
                st.setBytes(1, JdbiTransaction.uidHash("u1"));
                st.setBytes(2, JdbiTransaction.uidHash("u1"));
                st.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO sync_operations (pair_id, created_at, event_uid, target_side,"
                        + " operation, deletion_evidence, deciding_rule, outcome, error) VALUES"
                        + " ('p1', '2030-01-01T00:00:03.000000Z', 'u1', 'b', 'delete', 'token_delta', 'sequence',"
                        + " 'applied', NULL)");
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO retry_queue (pair_id, event_uid,"
                    + " event_uid_sha256, attempts, last_error, queued_at)"
                    + " VALUES ('p1', 'u2', ?, 2, '503', '2030-01-01T00:00:04.000000Z')")) {
                st.setBytes(1, JdbiTransaction.uidHash("u2"));
                st.executeUpdate();
            }
        }
    }

    @Test
    void aDatabaseCreatedByVersion1IsMigratedToVersion2WithItsRowsIntactAndTheIndexesCreated() throws Exception {
        createAtVersion1();
        insertVersion1Rows();
        try (Connection c = connect()) {
            assertThat(history(c)).containsExactly("1");
            assertThat(indexes(c)).doesNotContainAnyElementsOf(V2_INDEXES);
        }

        try (JdbiMappingStore store = open(JdbiMappingStore.Migration.APPLY)) {
            store.useTransaction(tx -> {
                assertThat(tx.pairs())
                        .containsExactly(new CalendarPair("p1", "cal-a", "cal-b", "token-a", null, T0, null, true));
                assertThat(tx.lease("p1")).contains(new Lease("p1", "worker-1", T0.plus(Duration.ofMinutes(5))));
                EventKey day2 = EventKey.occurrence("u1", new RecurrenceId.AtInstant(T0.plus(Duration.ofDays(1))));
                assertThat(tx.mappingsOfUid("p1", "u1"))
                        .containsExactly(
                                new EventMapping(
                                        "p1",
                                        EventKey.master("u1"),
                                        new SideMapping(
                                                "g-1", "u1", "https://g/1", "\"e1\"", 3, new ContentHash(HASH_1)),
                                        new SideMapping(
                                                "/cal/u1.ics",
                                                "u1",
                                                "https://c/cal/u1.ics",
                                                null,
                                                4,
                                                new ContentHash(HASH_2)),
                                        SyncStatus.ACTIVE,
                                        T0.plusSeconds(1)),
                                new EventMapping(
                                        "p1",
                                        day2,
                                        new SideMapping("g-1_x", "u1", null, null, 0, new ContentHash(HASH_1)),
                                        null,
                                        SyncStatus.ORPHANED,
                                        T0.plusSeconds(2)));
                assertThat(tx.mappingsByRemoteId("p1", Side.B, "/cal/u1.ics")).hasSize(1);
                assertThat(tx.operations("p1", Instant.EPOCH))
                        .containsExactly(new SyncOperation(
                                "p1",
                                T0.plusSeconds(3),
                                "u1",
                                Side.B,
                                SyncOperation.Kind.DELETE,
                                DeletionEvidence.TOKEN_DELTA,
                                DecidingRule.SEQUENCE,
                                SyncOperation.Outcome.APPLIED,
                                null));
                assertThat(tx.retries("p1")).containsExactly(new RetryItem("p1", "u2", 2, "503", T0.plusSeconds(4)));
                assertThat(tx.health(Instant.EPOCH).deletionsByEvidence())
                        .containsEntry(DeletionEvidence.TOKEN_DELTA, 1L);
            });
        }

        try (Connection c = connect()) {
            assertThat(history(c)).containsExactly("1", "2");
            assertThat(indexes(c)).containsAll(V2_INDEXES);
        }
    }

    @Test
    void openingWithoutMigratingRefusesAnOlderSchemaAndChangesNothing() throws Exception {
        createAtVersion1();
        insertVersion1Rows();

        assertThatThrownBy(() -> open(JdbiMappingStore.Migration.REQUIRE_CURRENT))
                .isInstanceOfSatisfying(OutdatedSchemaException.class, e -> {
                    assertThat(e.foundVersion()).isEqualTo("1");
                    assertThat(e.knownVersion()).isEqualTo(JdbiMappingStore.schemaVersion());
                    assertThat(e).hasMessageContaining(e.location()).hasMessageContaining("migrate");
                });

        try (Connection c = connect()) {
            assertThat(history(c)).containsExactly("1");
            assertThat(indexes(c)).doesNotContainAnyElementsOf(V2_INDEXES);
        }
    }

    @Test
    void anOperatorMigratesExplicitlyAndTheStoreOpensWithoutMigrating() throws Exception {
        createAtVersion1();
        insertVersion1Rows();

        assertThat(migrateExplicitly()).isEqualTo("2");
        assertThat(migrateExplicitly())
                .as("a second migration finds nothing to do")
                .isEqualTo("2");

        try (JdbiMappingStore store = open(JdbiMappingStore.Migration.REQUIRE_CURRENT)) {
            assertThat(store.inTransaction((dev.calsync.core.spi.MappingTransaction tx) -> tx.pair("p1")))
                    .isPresent();
        }
        try (Connection c = connect()) {
            assertThat(history(c)).containsExactly("1", "2");
        }
    }

    @Test
    void aStoreThatMayNotMigrateRefusesADatabaseWithoutCalsyncSchema() throws Exception {
        assertThatThrownBy(() -> open(JdbiMappingStore.Migration.REQUIRE_CURRENT))
                .isInstanceOfSatisfying(OutdatedSchemaException.class, e -> {
                    assertThat(e.foundVersion()).isNull();
                    assertThat(e).hasMessageContaining(e.location()).hasMessageContaining("no calsync schema");
                });
    }

    @Test
    void aNewDatabaseGetsEveryMigration() throws Exception {
        try (JdbiMappingStore store = open(JdbiMappingStore.Migration.APPLY)) {
            store.useTransaction(tx -> tx.putPair(CalendarPair.of("p", "a", "b")));
        }
        try (Connection c = connect()) {
            assertThat(history(c)).endsWith("1", "2");
            Set<String> indexes = new TreeSet<>(indexes(c));
            assertThat(indexes).containsAll(V2_INDEXES);
        }
    }
}
