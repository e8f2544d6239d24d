package dev.calsync.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.UserCredentials;
import com.sun.net.httpserver.HttpServer;
import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A refresh token the token endpoint refuses ({@code invalid_grant}: revoked, expired, or issued to
 * an app left in Testing) is refused credentials, not a network failure: the provider reports
 * {@code CREDENTIALS_REFUSED} after one refresh attempt instead of retrying it as transient. A token
 * endpoint that fails with 503 stays transient.
 */
class RefusedRefreshTokenTest {
    private GoogleCalendarEmulator emulator;
    private HttpServer tokenEndpoint;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile int tokenStatus;

    @BeforeEach
    void start() throws IOException {
        emulator = GoogleCalendarEmulator.start();
        tokenEndpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokenEndpoint.createContext("/token", exchange -> {
            tokenRequests.incrementAndGet();
            byte[] body = (tokenStatus == 400
                            ? "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}"
                            : "{\"error\":\"backend_error\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(tokenStatus, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        tokenEndpoint.start();
    }

    @AfterEach
    void stop() {
        tokenEndpoint.stop(0);
        emulator.close();
    }

    private GoogleCalendarProvider provider() {
        UserCredentials credentials = UserCredentials.newBuilder()
                .setClientId("client-id.apps.googleusercontent.com")
                .setClientSecret("client-secret")
                .setRefreshToken("1//refresh-token")
                .setTokenServerUri(URI.create(
                        "http://127.0.0.1:" + tokenEndpoint.getAddress().getPort() + "/token"))
                .build();
        return GoogleCalendarProvider.builder()
                .credentials(credentials)
                .rootUrl(emulator.rootUrl())
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                .build();
    }

    @Test
    void anInvalidGrantIsRefusedCredentialsNotARetriedNetworkFailure() {
        tokenStatus = 400;
        String cal = emulator.createCalendar("refused@group.calendar.google.com");

        assertThatThrownBy(() -> {
                    try (ChangeListing listing = provider().listChanges(cal, null)) {
                        listing.nextPage();
                    }
                })
                .isInstanceOf(CalendarAccessException.class)
                .satisfies(e -> assertThat(((CalendarAccessException) e).reason())
                        .isEqualTo(CalendarAccessException.Reason.CREDENTIALS_REFUSED));
        assertThat(tokenRequests.get()).isEqualTo(1);
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void aTokenEndpointThatFailsWith503IsRetriedAsTransient() {
        tokenStatus = 503;
        String cal = emulator.createCalendar("flaky@group.calendar.google.com");

        assertThatThrownBy(() -> {
                    try (ChangeListing listing = provider().listChanges(cal, null)) {
                        listing.nextPage();
                    }
                })
                .isNotInstanceOf(CalendarAccessException.class);
        assertThat(tokenRequests.get()).isGreaterThan(1);
    }
}
