package dev.calsync.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the {@code calsync} app's logs go (slf4j-simple): {@code $CALSYNC_LOG_FILE}, else {@code
 * $XDG_STATE_HOME/calsync/calsync.log}, else {@code ~/.local/state/calsync/calsync.log}; {@code
 * CALSYNC_LOG_FILE=-} sends them to standard error. The level is {@code $CALSYNC_LOG_LEVEL} (default
 * {@code info}). Only {@link CalsyncCli#main} configures logging; an embedding host keeps its own.
 */
final class CliLogging {
    private static final String FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";

    /** HttpClient 5's loggers of raw request and response bytes and headers. */
    static final String[] TRAFFIC_TRACES = {"org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers"};

    private CliLogging() {}

    /** Sets slf4j-simple up before the first logger is made. Settings already given with -D win. */
    static void configure(Map<String, String> env) {
        if (System.getProperty(FILE_PROPERTY) == null) {
            String file = env.get("CALSYNC_LOG_FILE");
            if (file == null || file.isBlank()) {
                String state = env.get("XDG_STATE_HOME");
                Path base = state != null && !state.isBlank()
                        ? Path.of(state)
                        : CliConfig.home(env).resolve(".local").resolve("state");
                file = base.resolve("calsync").resolve("calsync.log").toString();
            }
            if (file.equals("-")) {
                file = "System.err";
            } else {
                try {
                    Path parent = Path.of(file).toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                } catch (IOException | RuntimeException e) {
                    file = "System.err";
                }
            }
            System.setProperty(FILE_PROPERTY, file);
        }
        String level = env.get("CALSYNC_LOG_LEVEL");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level == null || level.isBlank() ? "info" : level);
        // HttpClient 5's traffic traces print each request byte for byte, its Authorization header
        // (a CalDAV password, a Google access token) included: never below INFO, whatever the level.
        for (String trace : TRAFFIC_TRACES) {
            System.setProperty("org.slf4j.simpleLogger.log." + trace, "info");
        }
        // Flyway reports every check of the schema at INFO; its warnings are enough.
        System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    }

    /** Where the logs go, for messages: the log file, or the host application's logging. */
    static String location() {
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null) {
            return "the application's log";
        }
        return file.equals("System.err") || file.equals("System.out") ? "the log on standard error" : "the log " + file;
    }
}
