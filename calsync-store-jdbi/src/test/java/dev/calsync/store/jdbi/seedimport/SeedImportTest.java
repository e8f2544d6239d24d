package dev.calsync.store.jdbi.seedimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.Side;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.store.jdbi.PostgresTestDatabase;
import dev.calsync.store.jdbi.seedimport.SeedImportException.Problem;
import dev.calsync.store.jdbi.seedimport.SeedImportReport.GoogleUidTag;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SeedImport} on the fixture database in the seed's schema, and on bad rows. */
class SeedImportTest {
    private static final String ICLOUD = "https://p42-caldav.icloud.com/123456/calendars/family/";
    private static final String G_DENTIST = "k9p346n3d25rq4f5r37e3p3e28";
    private static final String G_STANDUP = "lsi47qal9vq24klmvt45hu43js";

    @TempDir
    Path dir;

    private DataSource seed;
    private JdbiMappingStore store;

    @BeforeEach
    void open() {
        seed = SeedDatabase.sqliteFile(dir.resolve("seed.db"));
        store = JdbiMappingStore.sqlite(dir.resolve("calsync.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<CalendarPair> pairs() {
        return store.inTransaction(tx -> tx.pairs());
    }

    private List<EventMapping> mappingsOfUid(String pairId, String uid) {
        return store.inTransaction(tx -> tx.mappingsOfUid(pairId, uid));
    }

    private List<EventMapping> mappings(String pairId, SyncStatus status) {
        return store.inTransaction(tx -> tx.mappings(pairId, status));
    }

    private Optional<EventMapping> mapping(String pairId, String uid) {
        return store.inTransaction(tx -> tx.mapping(pairId, EventKey.master(uid)));
    }

    @Test
    void theFixtureBecomesOnePairAndOneMappingPerSeries() {
        SeedDatabase.createWithFixture(seed, ICLOUD, false);

        SeedImportReport report = SeedImport.builder().build().importInto(store, dir.resolve("seed.db"));

        assertThat(report.written()).isTrue();
        assertThat(report.pairs())
                .containsExactly(
                        new SeedImportReport.ImportedPair("1", "seed-1", SeedDatabase.GOOGLE_CALENDAR, ICLOUD, true));
        assertThat(report.activeMappings()).isEqualTo(4);
        assertThat(report.deletedMappings()).isEqualTo(1);
        assertThat(report.orphanedMappings()).isEqualTo(1);
        assertThat(report.oneSidedMappings()).isEqualTo(1);
        assertThat(report.foldedRows()).as("the override's row e4").isEqualTo(1);
        assertThat(report.syncTokensDropped()).isEqualTo(2);
        assertThat(report.skipped()).isEmpty();
        assertThat(report.googleUidTags())
                .extracting(GoogleUidTag::googleEventId, GoogleUidTag::uid)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(G_DENTIST, "dentist-2030@example.org"),
                        org.assertj.core.groups.Tuple.tuple(G_STANDUP, "standup-7@example.org"),
                        org.assertj.core.groups.Tuple.tuple(G_STANDUP + "_20300311T090000Z", "standup-7@example.org"));

        CalendarPair pair = store.inTransaction(tx -> tx.pair("seed-1")).orElseThrow();
        assertThat(pair.calendarA()).isEqualTo(SeedDatabase.GOOGLE_CALENDAR);
        assertThat(pair.calendarB()).isEqualTo(ICLOUD);
        assertThat(pair.syncTokenA()).as("tokens are dropped").isNull();
        assertThat(pair.syncTokenB()).isNull();
        assertThat(pair.enabled()).isTrue();

        EventMapping dentist = mapping("seed-1", "dentist-2030@example.org").orElseThrow();
        assertThat(dentist.status()).isEqualTo(SyncStatus.ACTIVE);
        assertThat(dentist.a().remoteId()).isEqualTo(G_DENTIST);
        assertThat(dentist.a().uid()).isEqualTo("dentist-2030@example.org");
        assertThat(dentist.a().resourceUrl()).endsWith("/events/" + G_DENTIST);
        assertThat(dentist.a().contentHash()).isEqualTo(SeedImport.UNKNOWN_CONTENT);
        assertThat(dentist.b().remoteId()).isEqualTo("/123456/calendars/family/dentist.ics");
        assertThat(dentist.b().resourceUrl()).isEqualTo(ICLOUD + "dentist.ics");
        assertThat(dentist.b().contentHash()).isEqualTo(SeedImport.UNKNOWN_CONTENT);

        EventMapping fromGoogle =
                mapping("seed-1", "iq97jb6cn643dvrkttnjfbf5jv@google.com").orElseThrow();
        assertThat(fromGoogle.b().remoteId())
                .as("a name without URL is resolved against the calendar")
                .isEqualTo("/123456/calendars/family/F3A1C0DE-2B7E-4C1A-9D55-0E5A3B6C7D8E.ics");

        EventMapping standup = mapping("seed-1", "standup-7@example.org").orElseThrow();
        assertThat(standup.a().remoteId())
                .as("the master's id, not the instance's")
                .isEqualTo(G_STANDUP);
        assertThat(mappingsOfUid("seed-1", "standup-7@example.org")).hasSize(1);

        assertThat(mapping("seed-1", "party-1@example.org").orElseThrow().status())
                .isEqualTo(SyncStatus.DELETED);
        EventMapping googleOnly =
                mapping("seed-1", "moe95b9ee0vbgi09qnk83tpppp@google.com").orElseThrow();
        assertThat(googleOnly.b()).isNull();
        assertThat(mapping("seed-1", "lunch-3@example.org").orElseThrow().status())
                .isEqualTo(SyncStatus.ORPHANED);
    }

    @Test
    void previewWritesNothingAndASecondImportIsRefused() {
        SeedDatabase.createWithFixture(seed, ICLOUD, false);
        SeedImport seedImport = SeedImport.builder().build();

        SeedImportReport preview = seedImport.preview(SeedImport.sqlite(dir.resolve("seed.db")));
        assertThat(preview.written()).isFalse();
        assertThat(preview.mappings()).isEqualTo(6);
        assertThat(pairs()).isEmpty();

        seedImport.importInto(store, dir.resolve("seed.db"));
        assertThatThrownBy(() -> seedImport.importInto(store, dir.resolve("seed.db")))
                .isInstanceOfSatisfying(
                        SeedImportException.class, e -> assertThat(e.problem()).isEqualTo(Problem.PAIR_EXISTS))
                .hasMessageContaining("seed-1");
    }

    @Test
    void googleOnSideBAndOwnPairIds() {
        SeedDatabase.createWithFixture(seed, ICLOUD, false);

        SeedImport.builder().googleSide(Side.B).pairIds(id -> "family").build().importInto(store, seed);

        CalendarPair pair = store.inTransaction(tx -> tx.pair("family")).orElseThrow();
        assertThat(pair.calendarA()).isEqualTo(ICLOUD);
        assertThat(pair.calendarB()).isEqualTo(SeedDatabase.GOOGLE_CALENDAR);
        EventMapping dentist = mapping("family", "dentist-2030@example.org").orElseThrow();
        assertThat(dentist.b().remoteId()).isEqualTo(G_DENTIST);
        assertThat(dentist.a().remoteId()).endsWith("/dentist.ics");
    }

    private void pairWithRows(String... eventRowValues) {
        SeedDatabase.createSchema(seed, false);
        SeedDatabase.execute(
                seed,
                "INSERT INTO calendar_mappings (id, google_calendar_id, icloud_calendar_id, enabled)"
                        + " VALUES ('1', 'primary', '" + ICLOUD + "', TRUE)");
        for (String values : eventRowValues) {
            SeedDatabase.execute(
                    seed,
                    "INSERT INTO event_mappings (id, calendar_mapping_id, google_event_id, icloud_event_id,"
                            + " google_ical_uid, icloud_uid, event_uid, sync_status) VALUES " + values);
        }
    }

    private SeedImportException failure() {
        try {
            SeedImport.builder().build().importInto(store, seed);
        } catch (SeedImportException e) {
            assertThat(pairs()).as("a failed import writes nothing").isEmpty();
            return e;
        }
        throw new AssertionError("the import did not fail");
    }

    @Test
    void anUnknownSyncStatusNamesTheRow() {
        pairWithRows("('r1', '1', 'g1', 'a.ics', 'u1', 'u1', 'u1', 'paused')");

        SeedImportException e = failure();

        assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_SYNC_STATUS);
        assertThat(e.table()).isEqualTo("event_mappings");
        assertThat(e.rowId()).isEqualTo("r1");
        assertThat(e).hasMessageContaining("event_mappings row r1").hasMessageContaining("paused");
    }

    @Test
    void aRowWithoutIdsOrUidIsRefused() {
        pairWithRows("('r1', '1', NULL, NULL, 'u1', 'u1', 'u1', 'active')");
        assertThat(failure().problem()).isEqualTo(Problem.NO_REMOTE_ID);
    }

    @Test
    void aRowWithoutUidIsRefused() {
        pairWithRows("('r1', '1', 'g1', 'a.ics', NULL, NULL, NULL, 'active')");
        assertThat(failure().problem()).isEqualTo(Problem.NO_UID);
    }

    @Test
    void oneGoogleEventInTwoSeriesIsADuplicateMapping() {
        pairWithRows(
                "('r1', '1', 'g1', 'a.ics', 'u1', 'u1', 'u1', 'active')",
                "('r2', '1', 'g1', 'b.ics', 'u2', 'u2', 'u2', 'active')");

        SeedImportException e = failure();

        assertThat(e.problem()).isEqualTo(Problem.DUPLICATE_MAPPING);
        assertThat(e.rowId()).isEqualTo("r2");
    }

    @Test
    void oneSeriesInTwoICloudResourcesIsADuplicateMapping() {
        pairWithRows(
                "('r1', '1', 'g1', 'a.ics', 'u1', 'u1', 'u1', 'active')",
                "('r2', '1', 'g2', 'b.ics', 'u1', 'u1', 'u1', 'active')");
        assertThat(failure().problem()).isEqualTo(Problem.DUPLICATE_MAPPING);
    }

    @Test
    void aDeletedRowDoesNotHideALiveOneOfTheSameSeries() {
        pairWithRows(
                "('r1', '1', 'g1', 'a.ics', 'u1', 'u1', 'u1', 'deleted')",
                "('r2', '1', 'g2', 'b.ics', 'u1', 'u1', 'u1', 'active')");

        SeedImportReport report = SeedImport.builder().build().importInto(store, seed);

        assertThat(report.activeMappings()).isEqualTo(1);
        assertThat(report.deletedMappings()).isZero();
        assertThat(report.foldedRows()).isEqualTo(1);
        EventMapping m = mapping("seed-1", "u1").orElseThrow();
        assertThat(m.status()).isEqualTo(SyncStatus.ACTIVE);
        assertThat(m.a().remoteId()).isEqualTo("g2");
    }

    @Test
    void skippingBadRowsImportsTheRestAndListsThem() {
        pairWithRows(
                "('r1', '1', 'g1', 'a.ics', 'u1', 'u1', 'u1', 'active')",
                "('r2', '1', 'g2', 'b.ics', 'u2', 'u2', 'u2', 'paused')",
                "('r3', '1', NULL, NULL, 'u3', 'u3', 'u3', 'active')",
                "('r4', '9', 'g4', 'd.ics', 'u4', 'u4', 'u4', 'active')");

        SeedImportReport report =
                SeedImport.builder().badRows(SeedImport.BadRows.SKIP).build().importInto(store, seed);

        assertThat(report.activeMappings()).isEqualTo(1);
        assertThat(report.skipped())
                .extracting(SeedImportReport.SkippedRow::rowId, SeedImportReport.SkippedRow::problem)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("r2", Problem.UNKNOWN_SYNC_STATUS),
                        org.assertj.core.groups.Tuple.tuple("r3", Problem.NO_REMOTE_ID),
                        org.assertj.core.groups.Tuple.tuple("r4", Problem.UNKNOWN_PAIR));
        assertThat(mapping("seed-1", "u1")).isPresent();
    }

    @Test
    void aSeedWithoutTheSeedsOwnMigrationIsRefusedNamingTheColumns() {
        SeedDatabase.execute(
                seed,
                "CREATE TABLE calendar_mappings (id VARCHAR(36) PRIMARY KEY, google_calendar_id VARCHAR(255),"
                        + " icloud_calendar_id VARCHAR(1000), enabled BOOLEAN)");

        SeedImportException e = failure();

        assertThat(e.problem()).isEqualTo(Problem.SCHEMA);
        assertThat(e).hasMessageContaining("google_sync_token").hasMessageContaining("alembic upgrade head");
    }

    @Test
    void aMissingSeedFileIsUnreadable() {
        assertThatThrownBy(() -> SeedImport.builder().build().importInto(store, dir.resolve("nope.db")))
                .isInstanceOfSatisfying(
                        SeedImportException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNREADABLE))
                .hasMessageContaining("nope.db");
    }

    @Test
    void theSeedOnPostgresqlImportsTheSame() {
        try (PostgresTestDatabase.Schema pg = PostgresTestDatabase.freshSchema()) {
            SeedDatabase.createWithFixture(pg.dataSource(), ICLOUD, true);

            SeedImportReport report = SeedImport.builder().build().importInto(store, pg.dataSource());

            assertThat(report.mappings()).isEqualTo(6);
            assertThat(report.googleUidTags()).hasSize(3);
            assertThat(mapping("seed-1", "standup-7@example.org")).isPresent();
            assertThat(mappings("seed-1", SyncStatus.ACTIVE))
                    .extracting(m -> m.key().uid())
                    .containsExactlyInAnyOrderElementsOf(List.of(
                            "dentist-2030@example.org",
                            "iq97jb6cn643dvrkttnjfbf5jv@google.com",
                            "standup-7@example.org",
                            "moe95b9ee0vbgi09qnk83tpppp@google.com"));
        }
    }
}
