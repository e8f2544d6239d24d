package dev.calsync.examples.cli;

import dev.calsync.examples.cli.CliConfig.PostgresStore;
import dev.calsync.examples.cli.CliConfig.SqliteStore;
import dev.calsync.store.jdbi.ForeignDatabaseException;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.store.jdbi.NewerSchemaException;
import dev.calsync.store.jdbi.StoreOpenException;
import java.sql.SQLException;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/** Opens the configured store, turning failures into {@link CliException}s. */
final class Stores {
    private Stores() {}

    /**
     * Opens (and, if needed, creates and migrates) the store.
     *
     * @throws CliException {@link ExitCodes#UNREACHABLE} if the database cannot be reached, {@link
     *     ExitCodes#AUTH} if it refuses the credentials or the password variable is unset, {@link
     *     ExitCodes#CONFIG} if it is not a calsync database or cannot be used
     */
    static JdbiMappingStore open(CliConfig config, Map<String, String> env) {
        try {
            if (config.store() instanceof SqliteStore s) {
                return JdbiMappingStore.sqlite(s.path());
            }
            PostgresStore p = (PostgresStore) config.store();
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(p.url());
            if (p.user() != null) {
                ds.setUser(p.user());
            }
            if (p.passwordEnv() != null) {
                String password = env.get(p.passwordEnv());
                if (password == null || password.isEmpty()) {
                    throw new CliException(
                            ExitCodes.AUTH,
                            "store: the environment variable " + p.passwordEnv()
                                    + " (named by store.passwordEnv) is not set");
                }
                ds.setPassword(password);
            }
            ds.setConnectTimeout(10);
            return JdbiMappingStore.postgres(ds);
        } catch (ForeignDatabaseException | NewerSchemaException e) {
            throw CliException.config(config.store().describe() + " cannot be used: " + oneLine(e.getMessage()));
        } catch (StoreOpenException e) {
            SQLException sql = sqlCause(e);
            String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
            if (state.startsWith("08") || Failures.isConnectionFailure(e)) {
                throw new CliException(
                        ExitCodes.UNREACHABLE,
                        config.store().describe() + " cannot be reached: "
                                + oneLine(sql == null ? e.getMessage() : sql.getMessage()),
                        e);
            }
            if (state.startsWith("28")) {
                throw new CliException(
                        ExitCodes.AUTH,
                        config.store().describe() + " refused the credentials (SQLState " + state + ")",
                        e);
            }
            throw CliException.config(config.store().describe() + " cannot be opened: " + oneLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw CliException.config(config.store().describe() + " cannot be used: " + oneLine(e.getMessage()));
        }
    }

    private static SQLException sqlCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
