package dev.calsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app's logging setup: {@code CALSYNC_LOG_LEVEL=debug} turns calsync and its libraries to
 * DEBUG, but never HttpClient 5's traffic traces, which would print the Authorization header of
 * every request (a CalDAV password or a Google access token).
 */
class CliLoggingTest {
    private Properties saved;

    @BeforeEach
    void save() {
        saved = (Properties) System.getProperties().clone();
    }

    @AfterEach
    void restore() {
        System.setProperties(saved);
    }

    @Test
    void debugLevelLeavesTheTrafficTracesAtInfo() {
        Map<String, String> env = new HashMap<>();
        env.put("CALSYNC_LOG_LEVEL", "debug");
        env.put("CALSYNC_LOG_FILE", "-");

        CliLogging.configure(env);

        assertThat(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel")).isEqualTo("debug");
        assertThat(System.getProperty("org.slf4j.simpleLogger.log.org.apache.hc.client5.http.wire"))
                .isEqualTo("info");
        assertThat(System.getProperty("org.slf4j.simpleLogger.log.org.apache.hc.client5.http.headers"))
                .isEqualTo("info");
    }
}
