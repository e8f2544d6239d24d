package dev.calsync.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.HttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.spi.SeriesWrite;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The Google client's own logging at DEBUG (java.util.logging CONFIG) never shows the access token. */
class GoogleLoggingTest {
    private static final String TOKEN = "ya29.never-in-a-log-" + Long.toHexString(System.nanoTime());

    @Test
    void aBatchRequestLoggedAtConfigHoldsNoAccessToken() {
        Logger transport = Logger.getLogger(HttpTransport.class.getName());
        Level before = transport.getLevel();
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        transport.setLevel(Level.CONFIG);
        transport.addHandler(capture);
        try (GoogleCalendarEmulator emulator = GoogleCalendarEmulator.start()) {
            String cal = emulator.createCalendar("log@group.calendar.google.com");
            GoogleCalendarProvider google = GoogleCalendarProvider.builder()
                    .credentials(GoogleCredentials.create(new AccessToken(TOKEN, new Date(Long.MAX_VALUE / 2))))
                    .rootUrl(emulator.rootUrl())
                    .build();

            var results = google.writeSeries(cal, List.of(create("a@calsync.test", 0), create("b@calsync.test", 1)));

            assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isInstanceOf(WriteOutcome.Written.class));
            assertThat(emulator.httpExchanges())
                    .as("the two creates went in one batch request")
                    .isEqualTo(1);
        } finally {
            transport.removeHandler(capture);
            transport.setLevel(before);
        }
        assertThat(lines).as("the client logged the batch request").anyMatch(l -> l.contains("batch"));
        assertThat(lines).noneMatch(l -> l.contains(TOKEN));
    }

    private static SeriesWrite create(String uid, int day) {
        LocalDateTime start = LocalDateTime.of(2030, 3, 4, 10, 0).plusDays(day);
        return new SeriesWrite.Create(EventSeries.of(EventComponent.builder(uid, EventTime.of(start, ZoneOffset.UTC))
                .end(EventTime.of(start.plusHours(1), ZoneOffset.UTC))
                .summary("Meeting " + day)
                .build()));
    }
}
