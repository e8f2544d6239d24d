package dev.calsync.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.spi.SeriesWrite;
import dev.calsync.core.spi.WriteResult;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The access token stays out of the Google client's debug log. Google's client logs each request's
 * headers and body through java.util.logging at CONFIG ("Authorization: &lt;Not Logged&gt;" for the
 * outer request); a batch request's body holds every part's own headers, the Authorization header
 * with the token included, so the provider must not let the client log batch bodies.
 */
class GoogleBatchLoggingTest {
    private static final String TOKEN = "ya29.batch-logging-test-token-0123456789";

    private final Logger clientLogger = Logger.getLogger("com.google.api.client");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            lines.add(formatter.format(r));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level levelBefore;
    private GoogleCalendarEmulator emulator;

    @BeforeEach
    void start() {
        levelBefore = clientLogger.getLevel();
        clientLogger.setLevel(Level.FINE);
        capture.setLevel(Level.FINE);
        clientLogger.addHandler(capture);
        emulator = GoogleCalendarEmulator.start();
    }

    @AfterEach
    void stop() {
        clientLogger.removeHandler(capture);
        clientLogger.setLevel(levelBefore);
        emulator.close();
    }

    @Test
    void aBatchOfWritesLoggedAtDebugShowsNoAccessToken() {
        String cal = emulator.createCalendar("logged@group.calendar.google.com");
        GoogleCalendarProvider google = GoogleCalendarProvider.builder()
                .credentials(GoogleCredentials.create(new AccessToken(TOKEN, new Date(Long.MAX_VALUE / 2))))
                .rootUrl(emulator.rootUrl())
                .build();
        List<SeriesWrite> writes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LocalDateTime start = LocalDateTime.of(2030, 3, 4, 10, 0).plusDays(i);
            ZoneId berlin = ZoneId.of("Europe/Berlin");
            writes.add(new SeriesWrite.Create(
                    EventSeries.of(EventComponent.builder("logged-" + i + "@calsync.test", EventTime.of(start, berlin))
                            .end(EventTime.of(start.plusHours(1), berlin))
                            .summary("Logged " + i)
                            .build())));
        }

        List<WriteResult> results = google.writeSeries(cal, writes);

        assertThat(results).allMatch(r -> r.failure() == null);
        assertThat(lines).as("the client logged the batch request").anyMatch(l -> l.contains("batch"));
        assertThat(lines.stream().filter(l -> l.contains(TOKEN)).count())
                .as("log lines holding the access token")
                .isZero();
    }
}
