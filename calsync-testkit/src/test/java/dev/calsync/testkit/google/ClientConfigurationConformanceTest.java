package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.calendar.Calendar;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§15 Java client configuration")
class ClientConfigurationConformanceTest extends EmulatorTestSupport {

    @Test
    @DisplayName("§15.1 rootUrl is http://127.0.0.1:<port>/ and the default service and batch paths reach the emulator")
    void rootUrlAndDefaultPaths() throws Exception {
        assertThat(google.rootUrl()).matches("http://127\\.0\\.0\\.1:\\d+/");
        assertThat(net.getRootUrl()).isEqualTo(google.rootUrl());
        assertThat(net.getServicePath()).isEqualTo("calendar/v3/");
        assertThat(net.getBaseUrl()).isEqualTo(google.rootUrl() + "calendar/v3/");
        String cal = newCalendar();
        assertThat(net.events().list(cal).execute().getItems()).isEmpty();
    }

    @Test
    @DisplayName("§15.1 a root URL without the trailing slash is normalised by the client and still works")
    void rootUrlNormalised() throws Exception {
        Calendar c = new Calendar.Builder(
                        new com.google.api.client.http.javanet.NetHttpTransport(),
                        com.google.api.client.json.gson.GsonFactory.getDefaultInstance(),
                        null)
                .setRootUrl(google.rootUrl().substring(0, google.rootUrl().length() - 1))
                .setApplicationName("x")
                .build();
        String cal = newCalendar();
        assertThat(c.events().list(cal).execute().getKind()).isEqualTo("calendar#events");
    }

    @Test
    @DisplayName("§15 the emulator stops on close: its port refuses connections")
    void closeStops() throws Exception {
        GoogleCalendarEmulator other = GoogleCalendarEmulator.start();
        String cal = other.createCalendar("x@example.com");
        Calendar c = client(other, new com.google.api.client.http.javanet.NetHttpTransport());
        c.events().list(cal).execute();
        other.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> c.events().list(cal).execute())
                .isInstanceOf(java.io.IOException.class);
    }
}
