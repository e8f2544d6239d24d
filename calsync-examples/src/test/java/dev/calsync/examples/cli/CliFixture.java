package dev.calsync.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the CLI in-process against the emulators with a SQLite store in a temporary directory, and
 * reads the store directly to check what changed.
 */
final class CliFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DAV_PASSWORD_ENV = "TEST_DAV_PASSWORD";
    static final String GOOGLE_TOKEN_ENV = "TEST_GOOGLE_TOKEN";

    final Path dir;
    final Path db;
    final Path config;
    final GoogleCalendarEmulator google;
    final CalDavEmulator caldav;
    final Map<String, String> env = new HashMap<>();

    /** The outcome of one run. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    CliFixture(Path dir) {
        this.dir = dir;
        this.db = dir.resolve("calsync.db");
        this.config = dir.resolve("config.json");
        this.google = GoogleCalendarEmulator.start();
        this.caldav = CalDavEmulator.start();
        env.put(DAV_PASSWORD_ENV, caldav.password());
        env.put(GOOGLE_TOKEN_ENV, "emulator-token");
        writeConfig(defaultConfig());
    }

    /** A config with a SQLite store, a Google account on the emulator and a CalDAV account on the emulator. */
    String defaultConfig() {
        return """
                {
                  "store": {"type": "sqlite", "path": "%s"},
                  "accounts": {
                    "google": {"type": "google", "auth": "accessTokenEnv", "accessTokenEnv": "%s", "rootUrl": "%s"},
                    "dav": {"type": "caldav", "url": "%s", "username": "%s", "passwordEnv": "%s"},
                    "down": {"type": "caldav", "url": "http://127.0.0.1:%d/", "username": "x", "passwordEnv": "%s"}
                  },
                  "sync": {"retryAttempts": 1, "retryInitialDelayMillis": 0, "connectTimeoutSeconds": 2}
                }
                """.formatted(
                        db,
                        GOOGLE_TOKEN_ENV,
                        google.rootUrl(),
                        caldav.baseUri(),
                        caldav.username(),
                        DAV_PASSWORD_ENV,
                        FREE_PORT,
                        DAV_PASSWORD_ENV);
    }

    /** A loopback port nothing listens on. */
    static final int FREE_PORT = freePort();

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeConfig(String text) {
        try {
            Files.writeString(config, text);
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code calsync --config <config> ...}: the config option goes after the (sub)command. */
    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        return runRaw(all.toArray(String[]::new));
    }

    /** Runs the CLI with exactly these arguments. */
    Result runRaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CalsyncCli.run(env, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A Google calendar on the emulator. */
    String googleCalendar(String id) {
        return google.createCalendar(id);
    }

    /** Inserts a timed event on the Google emulator as a user would. */
    void googleEvent(String calendarId, String uid, String summary) {
        ObjectNode e = JSON.createObjectNode();
        e.put("iCalUID", uid);
        e.put("summary", summary);
        e.putObject("start").put("dateTime", "2026-03-10T10:00:00Z");
        e.putObject("end").put("dateTime", "2026-03-10T11:00:00Z");
        google.userInsert(calendarId, e);
    }

    /** Everything the store holds that a failed command must not change. */
    record StoreState(List<CalendarPair> pairs, Map<String, List<EventMapping>> active) {}

    StoreState storeState() {
        if (!Files.exists(db)) {
            return new StoreState(List.of(), Map.of());
        }
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(db)) {
            return store.inTransaction(tx -> {
                Map<String, List<EventMapping>> active = new HashMap<>();
                for (CalendarPair p : tx.pairs()) {
                    active.put(p.pairId(), tx.mappings(p.pairId(), SyncStatus.ACTIVE));
                }
                return new StoreState(tx.pairs(), active);
            });
        }
    }

    @Override
    public void close() {
        google.close();
        caldav.close();
    }
}
