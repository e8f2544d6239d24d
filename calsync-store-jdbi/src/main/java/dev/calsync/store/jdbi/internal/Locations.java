package dev.calsync.store.jdbi.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/** Names of databases for messages and logs, never with a password. */
public final class Locations {

    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?#@]*@");
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("([?&;])[A-Za-z_.-]*(?i:password|passwd|pwd|secret|token|sslkey)[A-Za-z_.-]*=[^&;#]*");

    private Locations() {}

    /**
     * {@code jdbcUrl} without user information ({@code user:password@}) and without parameters that
     * may hold a secret ({@code password=}, {@code sslpassword=}, ...).
     */
    public static String withoutSecrets(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "(unknown JDBC URL)";
        }
        String out = USER_INFO.matcher(jdbcUrl).replaceAll("");
        out = SECRET_PARAMETER.matcher(out).replaceAll("$1");
        return out.replace("?&", "?").replace("&&", "&").replaceAll("[?&;]$", "");
    }

    /**
     * The connection's database: its URL without secrets and, for PostgreSQL, without parameters (a
     * driver may list all its settings there) but with the current schema.
     */
    public static String describe(Connection connection, Dialect dialect) throws SQLException {
        String url = withoutSecrets(connection.getMetaData().getURL());
        if (dialect == Dialect.SQLITE) {
            return url;
        }
        int query = url.indexOf('?');
        String schema = dialect.currentSchema(connection);
        return (query < 0 ? url : url.substring(0, query)) + " (schema " + (schema == null ? "none" : schema) + ")";
    }
}
