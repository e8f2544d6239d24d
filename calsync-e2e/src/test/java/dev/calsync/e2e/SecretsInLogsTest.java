package dev.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Scenario 8's own checks, which make the search in every other scenario class mean something: the
 * logs really are at DEBUG (calsync, HttpClient, the Google client's java.util.logging), only
 * HttpClient's two raw-traffic traces are kept lower, the search finds a secret where there is
 * one, and a sync's credentials are registered and absent from every log it wrote, in this JVM and
 * in a child JVM.
 */
@ExtendWith(NoSecretsInLogs.class)
class SecretsInLogsTest {

    @Test
    void calsyncAndItsHttpClientsLogAtDebug() {
        assertThat(LoggerFactory.getLogger("dev.calsync.core.sync.SyncEngine").isDebugEnabled())
                .isTrue();
        assertThat(LoggerFactory.getLogger("dev.calsync.caldav.internal.DavClient")
                        .isDebugEnabled())
                .isTrue();
        assertThat(LoggerFactory.getLogger("dev.calsync.google.GoogleCalendarProvider")
                        .isDebugEnabled())
                .isTrue();
        assertThat(LoggerFactory.getLogger("org.apache.hc.client5.http.impl.classic.InternalHttpClient")
                        .isDebugEnabled())
                .isTrue();
        assertThat(Logger.getLogger("com.google.api.client.http.HttpTransport").isLoggable(Level.FINE))
                .isTrue();
    }

    @Test
    void onlyHttpClientsRawTrafficTracesStayBelowDebug() throws IOException {
        Properties config = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/simplelogger.properties")) {
            config.load(in);
        }
        TreeSet<String> quieter = new TreeSet<>();
        for (String name : config.stringPropertyNames()) {
            if (name.startsWith("org.slf4j.simpleLogger.log.")) {
                quieter.add(name.substring("org.slf4j.simpleLogger.log.".length()) + "=" + config.getProperty(name));
            }
        }
        assertThat(quieter)
                .containsExactly(
                        "net.fortuna.ical4j.model.Recur=info",
                        "org.apache.hc.client5.http.headers=info",
                        "org.apache.hc.client5.http.wire=info");
        assertThat(config.getProperty("org.slf4j.simpleLogger.defaultLogLevel")).isEqualTo("debug");
    }

    @Test
    void theSearchFindsARegisteredSecretAndNamesOnlyWhereItIs() {
        String secret = "app-specific-" + System.nanoTime();
        Secrets.register(secret);

        assertThat(Secrets.findIn("sample", "first line\nAuthorization: Basic " + secret + "\n"))
                .singleElement()
                .asString()
                .contains("sample: line 2")
                .doesNotContain(secret);
        assertThat(Secrets.findIn(new IllegalStateException("wrapper", new RuntimeException("pw=" + secret))))
                .hasSize(1);
        assertThat(Secrets.findIn("clean", "nothing to see")).isEmpty();
    }

    @Test
    void aSyncsCredentialsAppearInNoLogOfEitherProcess(@TempDir Path dir) throws IOException {
        try (World world = World.start(dir)) {
            world.populate(11L, 20);
            // the world's credentials are registered, so the search below looks for them
            assertThat(Secrets.findIn("token", world.accounts().googleToken())).isNotEmpty();
            assertThat(Secrets.findIn("password", world.radicale().password())).isNotEmpty();
            try (ChildJvm child = ChildJvm.sync(world, world.direct())) {
                assertThat(child.await(120)).as(child.output()).isZero();
                // the child logged at DEBUG: its requests are there, its credentials are not
                assertThat(child.output()).contains("DEBUG dev.calsync.caldav.internal.DavClient");
                assertThat(Secrets.findIn(child.log().toString(), child.output()))
                        .isEmpty();
            }
            world.sync();
            assertThat(Files.readString(Path.of("target/e2e-debug.log")))
                    .contains("DEBUG dev.calsync.caldav.internal.DavClient");
            assertThat(Secrets.findInLogs()).isEmpty();
            world.check().assertClean("after two syncs");
        }
    }
}
