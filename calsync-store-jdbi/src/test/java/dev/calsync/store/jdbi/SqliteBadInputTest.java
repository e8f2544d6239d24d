package dev.calsync.store.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.spi.CalendarPair;
import dev.calsync.store.jdbi.internal.SqliteFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not calsync stores: each is refused with a typed {@link StoreOpenException} naming
 * the file, and left exactly as it was.
 */
class SqliteBadInputTest {

    @TempDir
    Path dir;

    /** The bytes and modification time of a file, to show it was not changed. */
    private record Snapshot(byte[] bytes, FileTime modified) {
        static Snapshot of(Path file) throws Exception {
            return new Snapshot(Files.readAllBytes(file), Files.getLastModifiedTime(file));
        }

        void assertUnchanged(Path file) throws Exception {
            assertThat(Arrays.equals(Files.readAllBytes(file), bytes))
                    .as("the bytes of %s are unchanged", file)
                    .isTrue();
            assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
        }
    }

    /** Opening, opening without migrating, and migrating all throw {@code type}, naming {@code file}. */
    private <E extends StoreOpenException> void allRefuse(Path file, Class<E> type, String... mention) {
        ThrowingCallable[] attempts = {
            () -> JdbiMappingStore.sqlite(file),
            () -> JdbiMappingStore.sqlite(file, JdbiMappingStore.Migration.REQUIRE_CURRENT),
            () -> JdbiMappingStore.migrate(file)
        };
        for (ThrowingCallable attempt : attempts) {
            assertThatThrownBy(attempt).isInstanceOfSatisfying(type, e -> {
                assertThat(e.location()).isEqualTo(file.toAbsolutePath().toString());
                assertThat(e.getMessage()).contains(file.toAbsolutePath().toString());
                for (String m : mention) {
                    assertThat(e.getMessage()).contains(m);
                }
            });
        }
    }

    @Test
    void aFileOfRandomBytesIsUnreadableAndUnchanged() throws Exception {
        Path file = dir.resolve("random.db");
        byte[] bytes = new byte[8192];
        new Random(42).nextBytes(bytes);
        Files.write(file, bytes);
        Snapshot before = Snapshot.of(file);

        allRefuse(file, UnreadableDatabaseException.class, "not a SQLite database");

        before.assertUnchanged(file);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFileWithTheSqliteHeaderButDamagedPagesIsUnreadableAndUnchanged() throws Exception {
        Path file = dir.resolve("damaged.db");
        byte[] bytes = new byte[8192];
        new Random(7).nextBytes(bytes);
        byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, header.length);
        Files.write(file, bytes);
        Snapshot before = Snapshot.of(file);

        allRefuse(file, UnreadableDatabaseException.class, "damaged or not a SQLite database");

        before.assertUnchanged(file);
    }

    @Test
    void aDirectoryIsUnreadable() {
        allRefuse(dir, UnreadableDatabaseException.class, "is a directory");
    }

    @Test
    void anotherApplicationsDatabaseIsForeignAndUnchanged() throws Exception {
        Path file = dir.resolve("invoices.db");
        try (Connection c = DriverManager.getConnection(SqliteFiles.url(file));
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
            st.execute("INSERT INTO invoices (total) VALUES (12.5)");
        }
        Snapshot before = Snapshot.of(file);

        allRefuse(file, ForeignDatabaseException.class, "invoices", "calsync_schema_history");
        assertThatThrownBy(() -> JdbiMappingStore.sqlite(file))
                .isInstanceOfSatisfying(
                        ForeignDatabaseException.class,
                        e -> assertThat(e.tables()).containsExactly("invoices"));

        before.assertUnchanged(file);
    }

    @Test
    void aDatabaseFromANewerCalsyncIsRefusedAndUnchanged() throws Exception {
        Path file = dir.resolve("newer.db");
        JdbiMappingStore.sqlite(file).close();
        try (Connection c = DriverManager.getConnection(SqliteFiles.url(file));
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO calsync_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, installed_on, execution_time, success)"
                    + " VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'calsync',"
                    + " '2031-01-01 00:00:00', 1, 1)");
        }
        Snapshot before = Snapshot.of(file);

        allRefuse(file, NewerSchemaException.class, "newer calsync", "version 99", "knows versions up to 2");
        assertThatThrownBy(() -> JdbiMappingStore.sqlite(file))
                .isInstanceOfSatisfying(NewerSchemaException.class, e -> {
                    assertThat(e.foundVersion()).isEqualTo("99");
                    assertThat(e.knownVersion()).isEqualTo(JdbiMappingStore.schemaVersion());
                });

        before.assertUnchanged(file);
    }

    @Test
    void anEmptyFileBecomesAStore() throws Exception {
        Path file = dir.resolve("empty.db");
        Files.createFile(file);

        try (JdbiMappingStore store = JdbiMappingStore.sqlite(file)) {
            store.useTransaction(tx -> tx.putPair(CalendarPair.of("p", "a", "b")));
            assertThat(store.location()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(store.toString()).contains("SQLite").contains(file.toString());
        }
    }

    @Test
    void aClosedStoreRefusesTransactions() {
        JdbiMappingStore store = JdbiMappingStore.sqlite(dir.resolve("closed.db"));
        store.close();
        store.close(); // idempotent

        assertThatThrownBy(() -> store.useTransaction(tx -> tx.pairs()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
