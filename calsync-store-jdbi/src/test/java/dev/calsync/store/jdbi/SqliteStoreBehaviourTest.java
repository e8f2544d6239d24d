package dev.calsync.store.jdbi;

import dev.calsync.store.jdbi.internal.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;

/** {@link StoreBehaviourContract} on a SQLite file. */
class SqliteStoreBehaviourTest extends StoreBehaviourContract {

    @TempDir
    Path dir;

    @Override
    protected JdbiMappingStore newStore() {
        return JdbiMappingStore.sqlite(dir.resolve("calsync.db"));
    }

    @Override
    protected void dropTable(String table) {
        try (Connection c = SqliteFiles.connect(dir.resolve("calsync.db"));
                Statement st = c.createStatement()) {
            st.execute("DROP TABLE " + table);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
