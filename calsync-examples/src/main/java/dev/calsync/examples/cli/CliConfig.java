package dev.calsync.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calsync.core.Side;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code calsync} configuration file (JSON, documented in {@code docs/cli.md}): the store, the
 * accounts and sync settings. Secrets are never in it: it names the environment variables that hold
 * them ({@code passwordEnv}, {@code accessTokenEnv}) or files that do (a Google key or token file).
 *
 * @param source the file read
 * @param store where pairs and mappings live
 * @param accounts the accounts by name, in file order
 * @param sync how syncs run
 */
public record CliConfig(Path source, StoreConfig store, Map<String, AccountConfig> accounts, SyncSettings sync) {

    /** Copies the accounts. */
    public CliConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(sync, "sync");
        accounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
    }

    /** Where pairs, mappings and the journal are stored. */
    public sealed interface StoreConfig {
        /** A human description without credentials, for messages. */
        String describe();
    }

    /**
     * A SQLite file (the default).
     *
     * @param path the database file
     */
    public record SqliteStore(Path path) implements StoreConfig {
        @Override
        public String describe() {
            return "SQLite store " + path;
        }
    }

    /**
     * A PostgreSQL database.
     *
     * @param url the JDBC URL ({@code jdbc:postgresql://host:port/db?currentSchema=...}), no password in it
     * @param user the database user, or null for the driver's default
     * @param passwordEnv the environment variable holding the password, or null (trust or .pgpass)
     */
    public record PostgresStore(String url, String user, String passwordEnv) implements StoreConfig {
        @Override
        public String describe() {
            int q = url.indexOf('?');
            return "PostgreSQL store " + (q < 0 ? url : url.substring(0, q));
        }
    }

    /** One account: where calendars live and how to sign in. */
    public sealed interface AccountConfig {
        /** The account's name in the file (used in calendar references {@code NAME:CALENDAR}). */
        String name();
    }

    /**
     * A Google account.
     *
     * @param name the account's name
     * @param auth how to obtain credentials
     * @param rootUrl the Calendar API's root URL, or null for Google's own
     */
    public record GoogleAccount(String name, GoogleAuth auth, String rootUrl) implements AccountConfig {}

    /** How a Google account signs in. */
    public sealed interface GoogleAuth {}

    /**
     * OAuth installed-app flow: {@code calsync auth google NAME} stores a refresh token in {@code
     * tokenFile}.
     *
     * @param clientSecretFile the client secret JSON downloaded from the Google Cloud console
     * @param tokenFile where the refresh token is kept (created with owner-only permissions)
     */
    public record OAuth(Path clientSecretFile, Path tokenFile) implements GoogleAuth {}

    /**
     * A service account.
     *
     * @param keyFile the service account's JSON key file
     * @param subject the user to act as (domain-wide delegation), or null to use the service
     *     account's own calendars (shared with it)
     */
    public record ServiceAccount(Path keyFile, String subject) implements GoogleAuth {}

    /**
     * A ready OAuth access token read from an environment variable (never refreshed): for scripts
     * that obtain tokens themselves, and for tests against the emulator.
     *
     * @param accessTokenEnv the environment variable holding the token
     */
    public record AccessTokenEnv(String accessTokenEnv) implements GoogleAuth {}

    /**
     * An iCloud account.
     *
     * @param name the account's name
     * @param appleId the Apple ID
     * @param passwordEnv the environment variable holding the app-specific password
     */
    public record IcloudAccount(String name, String appleId, String passwordEnv) implements AccountConfig {}

    /**
     * Any CalDAV server.
     *
     * @param name the account's name
     * @param url where discovery starts (the server, a principal or a calendar home), http(s)
     * @param username the user name
     * @param passwordEnv the environment variable holding the password
     */
    public record CalDavAccount(String name, URI url, String username, String passwordEnv) implements AccountConfig {}

    /**
     * How syncs run.
     *
     * @param retryAttempts calls in all for a request that may pass (at least 1)
     * @param retryInitialDelayMillis the cap of the first wait between attempts
     * @param connectTimeoutSeconds how long to wait for a connection to a CalDAV server
     * @param massDeletionShare the share of a side's series one sync may delete (0..1)
     * @param massDeletionMinimum deleting at most this many series is never refused
     * @param preferredSide the side that wins conflicts nothing else decides
     */
    public record SyncSettings(
            int retryAttempts,
            long retryInitialDelayMillis,
            long connectTimeoutSeconds,
            double massDeletionShare,
            int massDeletionMinimum,
            Side preferredSide) {
        /** The defaults: 5 attempts from 500 ms, 10 s connect timeout, 30% / 5 series, side A. */
        public static SyncSettings defaults() {
            return new SyncSettings(5, 500, 10, 0.30, 5, Side.A);
        }
    }

    // ------------------------------------------------------------------ loading

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /**
     * Where the configuration is: {@code --config}, else {@code $CALSYNC_CONFIG}, else {@code
     * $XDG_CONFIG_HOME/calsync/config.json}, else {@code ~/.config/calsync/config.json}.
     */
    static Path locate(Path option, Map<String, String> env) {
        if (option != null) {
            return option;
        }
        String fromEnv = env.get("CALSYNC_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home(env).resolve(".config");
        return base.resolve("calsync").resolve("config.json");
    }

    static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    /** The default SQLite file: {@code $XDG_DATA_HOME/calsync/calsync.db} or {@code ~/.local/share/calsync/calsync.db}. */
    static Path defaultDatabase(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : home(env).resolve(".local").resolve("share");
        return base.resolve("calsync").resolve("calsync.db");
    }

    /**
     * Reads and checks the file.
     *
     * @param warnings receives warnings (a file readable by group or others)
     * @throws CliException ({@link ExitCodes#CONFIG}) naming the file and what is wrong
     */
    static CliConfig load(Path file, Map<String, String> env, java.util.function.Consumer<String> warnings) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw CliException.config("configuration file " + file
                    + " does not exist (use --config FILE or CALSYNC_CONFIG; see docs/cli.md)");
        } catch (IOException e) {
            throw CliException.config("cannot read configuration file " + file + ": " + e.getMessage());
        }
        warnIfShared(file, warnings);
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw CliException.config("configuration file " + file + " is not valid JSON"
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw CliException.config("configuration file " + file + " must hold a JSON object");
        }
        Reader r = new Reader(file, env);
        r.only(root, "", Set.of("store", "accounts", "sync"));
        StoreConfig store = r.store(root.get("store"));
        Map<String, AccountConfig> accounts = new LinkedHashMap<>();
        JsonNode accountsNode = root.get("accounts");
        if (accountsNode != null) {
            if (!accountsNode.isObject()) {
                throw r.bad("accounts", "must be an object of accounts by name");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = accountsNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                accounts.put(e.getKey(), r.account(e.getKey(), e.getValue()));
            }
        }
        SyncSettings sync = r.sync(root.get("sync"));
        return new CliConfig(file, store, accounts, sync);
    }

    private static void warnIfShared(Path file, java.util.function.Consumer<String> warnings) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                warnings.accept("warning: configuration file " + file
                        + " is readable by group or others; make it private with: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    /** Reads the parts of the file, with messages that name the field. */
    private static final class Reader {
        private final Path file;
        private final Map<String, String> env;

        Reader(Path file, Map<String, String> env) {
            this.file = file;
            this.env = env;
        }

        CliException bad(String field, String what) {
            return CliException.config("configuration file " + file + ": " + field + " " + what);
        }

        void only(JsonNode node, String at, Set<String> allowed) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw bad(
                            (at.isEmpty() ? "" : at + ".") + f,
                            "is not a known field (known: "
                                    + String.join(
                                            ", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        String text(JsonNode node, String at, String field, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    throw bad(at + "." + field, "is missing");
                }
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                throw bad(at + "." + field, "must be a non-empty string");
            }
            return v.asText();
        }

        String envName(JsonNode node, String at, String field, boolean required) {
            String name = text(node, at, field, required);
            if (name != null && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw bad(
                        at + "." + field, "must name an environment variable (letters, digits, _), not hold a secret");
            }
            return name;
        }

        Path path(JsonNode node, String at, String field, boolean required) {
            String p = text(node, at, field, required);
            return p == null ? null : resolve(p);
        }

        Path resolve(String p) {
            Path path;
            if (p.equals("~") || p.startsWith("~/")) {
                path = home(env).resolve(p.equals("~") ? "" : p.substring(2));
            } else {
                path = Path.of(p);
            }
            if (!path.isAbsolute()) {
                Path dir = file.toAbsolutePath().getParent();
                path = dir == null ? path.toAbsolutePath() : dir.resolve(path);
            }
            return path.normalize();
        }

        URI httpUrl(String value, String at) {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw bad(at, "is not a valid URL: " + e.getReason());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw bad(at, "must be an absolute http(s) URL with a host");
            }
            if (uri.getRawUserInfo() != null) {
                throw bad(at, "must not hold credentials; use username and passwordEnv");
            }
            return uri;
        }

        StoreConfig store(JsonNode node) {
            if (node == null || node.isNull()) {
                return new SqliteStore(defaultDatabase(env));
            }
            if (!node.isObject()) {
                throw bad("store", "must be an object");
            }
            String type = text(node, "store", "type", true);
            switch (type) {
                case "sqlite" -> {
                    only(node, "store", Set.of("type", "path"));
                    Path p = path(node, "store", "path", false);
                    return new SqliteStore(p == null ? defaultDatabase(env) : p);
                }
                case "postgres" -> {
                    only(node, "store", Set.of("type", "url", "user", "passwordEnv"));
                    String url = text(node, "store", "url", true);
                    if (!url.startsWith("jdbc:postgresql:")) {
                        throw bad("store.url", "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
                    }
                    if (url.toLowerCase(Locale.ROOT).contains("password=")) {
                        throw bad("store.url", "must not hold a password; use store.passwordEnv");
                    }
                    return new PostgresStore(
                            url, text(node, "store", "user", false), envName(node, "store", "passwordEnv", false));
                }
                default -> throw bad("store.type", "'" + type + "' is not a known store type (sqlite, postgres)");
            }
        }

        AccountConfig account(String name, JsonNode node) {
            String at = "accounts." + name;
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw bad(at, "has a bad name: use letters, digits, '.', '_' and '-'");
            }
            if (!node.isObject()) {
                throw bad(at, "must be an object");
            }
            String type = text(node, at, "type", true);
            switch (type) {
                case "google" -> {
                    only(
                            node,
                            at,
                            Set.of(
                                    "type",
                                    "auth",
                                    "clientSecretFile",
                                    "tokenFile",
                                    "keyFile",
                                    "subject",
                                    "accessTokenEnv",
                                    "rootUrl"));
                    String rootUrl = text(node, at, "rootUrl", false);
                    if (rootUrl != null) {
                        httpUrl(rootUrl, at + ".rootUrl");
                        if (!rootUrl.endsWith("/")) {
                            rootUrl = rootUrl + "/";
                        }
                    }
                    String auth = text(node, at, "auth", true);
                    GoogleAuth a = switch (auth) {
                        case "oauth" ->
                            new OAuth(path(node, at, "clientSecretFile", true), path(node, at, "tokenFile", true));
                        case "serviceAccount" ->
                            new ServiceAccount(path(node, at, "keyFile", true), text(node, at, "subject", false));
                        case "accessTokenEnv" -> new AccessTokenEnv(envName(node, at, "accessTokenEnv", true));
                        default ->
                            throw bad(
                                    at + ".auth",
                                    "'" + auth + "' is not a known Google sign-in (oauth, serviceAccount,"
                                            + " accessTokenEnv)");
                    };
                    return new GoogleAccount(name, a, rootUrl);
                }
                case "icloud" -> {
                    only(node, at, Set.of("type", "appleId", "passwordEnv"));
                    return new IcloudAccount(
                            name, text(node, at, "appleId", true), envName(node, at, "passwordEnv", true));
                }
                case "caldav" -> {
                    only(node, at, Set.of("type", "url", "username", "passwordEnv"));
                    URI url = httpUrl(text(node, at, "url", true), at + ".url");
                    return new CalDavAccount(
                            name, url, text(node, at, "username", true), envName(node, at, "passwordEnv", true));
                }
                default ->
                    throw bad(at + ".type", "'" + type + "' is not a known account type (google, icloud, caldav)");
            }
        }

        SyncSettings sync(JsonNode node) {
            SyncSettings d = SyncSettings.defaults();
            if (node == null || node.isNull()) {
                return d;
            }
            if (!node.isObject()) {
                throw bad("sync", "must be an object");
            }
            only(
                    node,
                    "sync",
                    Set.of(
                            "retryAttempts",
                            "retryInitialDelayMillis",
                            "connectTimeoutSeconds",
                            "massDeletionShare",
                            "massDeletionMinimum",
                            "preferredSide"));
            int attempts = (int) number(node, "retryAttempts", d.retryAttempts(), 1, 100);
            long delay = number(node, "retryInitialDelayMillis", d.retryInitialDelayMillis(), 0, 600_000);
            long connect = number(node, "connectTimeoutSeconds", d.connectTimeoutSeconds(), 1, 3600);
            int minimum = (int) number(node, "massDeletionMinimum", d.massDeletionMinimum(), 0, Integer.MAX_VALUE);
            double share = d.massDeletionShare();
            JsonNode s = node.get("massDeletionShare");
            if (s != null) {
                if (!s.isNumber() || s.asDouble() < 0 || s.asDouble() > 1) {
                    throw bad("sync.massDeletionShare", "must be a number from 0 to 1");
                }
                share = s.asDouble();
            }
            Side preferred = d.preferredSide();
            String p = text(node, "sync", "preferredSide", false);
            if (p != null) {
                if (!List.of("A", "B").contains(p)) {
                    throw bad("sync.preferredSide", "must be \"A\" or \"B\"");
                }
                preferred = Side.valueOf(p);
            }
            return new SyncSettings(attempts, delay, connect, share, minimum, preferred);
        }

        long number(JsonNode node, String field, long dflt, long min, long max) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
                throw bad("sync." + field, "must be a whole number from " + min + " to " + max);
            }
            return v.asLong();
        }
    }
}
