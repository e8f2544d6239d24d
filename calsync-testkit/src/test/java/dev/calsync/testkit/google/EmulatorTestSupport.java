package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.apache.v5.Apache5HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventDateTime;
import dev.calsync.testkit.memory.ManualClock;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One emulator per test class, a fresh calendar per test, and clients of Google's own Java library
 * over both transports (NetHttpTransport: gzip + chunked bodies, PATCH as POST + override;
 * Apache5HttpTransport: real PATCH).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmulatorTestSupport {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    protected ManualClock clock;
    protected GoogleCalendarEmulator google;
    protected Calendar net;
    protected Calendar apache;
    private HttpTransport apacheTransport;

    /** The options of this class's emulator; the clock is a {@link ManualClock} at {@link #T0}. */
    protected GoogleEmulatorOptions.Builder options(GoogleEmulatorOptions.Builder builder) {
        return builder;
    }

    @BeforeAll
    void startEmulator() {
        clock = new ManualClock(T0);
        google = GoogleCalendarEmulator.start(
                options(GoogleEmulatorOptions.builder().clock(clock)).build());
        net = client(google, new NetHttpTransport());
        apacheTransport = new Apache5HttpTransport();
        apache = client(google, apacheTransport);
    }

    @AfterAll
    void stopEmulator() throws IOException {
        google.close();
        apacheTransport.shutdown();
    }

    static Calendar client(GoogleCalendarEmulator emulator, HttpTransport transport) {
        return new Calendar.Builder(
                        transport,
                        GsonFactory.getDefaultInstance(),
                        request -> request.getHeaders().setAuthorization("Bearer test"))
                .setRootUrl(emulator.rootUrl())
                .setApplicationName("calsync-emulator-tests")
                .build();
    }

    /** Both clients, for tests that must hold over both transports. */
    protected List<Calendar> clients() {
        return List.of(net, apache);
    }

    protected String newCalendar() {
        return google.createCalendar("c-" + UUID.randomUUID() + "@group.calendar.google.com");
    }

    protected String newCalendar(String zone) {
        return google.createCalendar(
                "c-" + UUID.randomUUID() + "@group.calendar.google.com", java.time.ZoneId.of(zone));
    }

    static EventDateTime at(String rfc3339) {
        return new EventDateTime().setDateTime(new DateTime(rfc3339));
    }

    static EventDateTime at(String rfc3339, String zone) {
        return new EventDateTime().setDateTime(new DateTime(rfc3339)).setTimeZone(zone);
    }

    static EventDateTime day(String date) {
        return new EventDateTime().setDate(new DateTime(date));
    }

    static Event timed(String summary, String start, String end) {
        return new Event().setSummary(summary).setStart(at(start)).setEnd(at(end));
    }

    static Event weekly(String summary, String start, String end, String zone, String... recurrence) {
        return new Event()
                .setSummary(summary)
                .setStart(at(start, zone))
                .setEnd(at(end, zone))
                .setRecurrence(List.of(recurrence));
    }

    protected Event insert(String cal, Event e) throws IOException {
        return net.events().insert(cal, e).execute();
    }

    protected Event insertSimple(String cal) throws IOException {
        return insert(cal, timed("s", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"));
    }

    /** Asserts that the call fails with this status, reason and message, and returns the details. */
    static GoogleJsonError fails(ThrowingCallable call, int status, String reason, String message) {
        GoogleJsonResponseException[] caught = new GoogleJsonResponseException[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> caught[0] = e);
        GoogleJsonError details = caught[0].getDetails();
        assertThat(caught[0].getStatusCode()).isEqualTo(status);
        assertThat(details).as("error body parsed as JSON").isNotNull();
        assertThat(details.getCode()).isEqualTo(status);
        assertThat(details.getErrors().get(0).getReason()).isEqualTo(reason);
        if (message != null) {
            assertThat(details.getMessage()).isEqualTo(message);
            assertThat(details.getErrors().get(0).getMessage()).isEqualTo(message);
        }
        return details;
    }
}
