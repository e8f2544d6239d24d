package dev.calsync.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.spi.TransientProviderException;
import dev.calsync.core.sync.RetryPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Google provider against an endpoint that is not Google's: a redirect to another host is not
 * followed (no request, and so no token, reaches that host), and a response body larger than the
 * cap fails the request without being read whole or retried.
 */
class GoogleHostileEndpointTest {
    private static final String CAL = "hostile@group.calendar.google.com";
    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    private HttpServer hostile;
    private HttpServer foreign;
    private final List<String> foreignRequests = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesServed = new AtomicLong();
    private volatile int redirectStatus;

    @BeforeEach
    void start() throws IOException {
        foreign = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        foreign.createContext("/", exchange -> {
            foreignRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " Authorization="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        foreign.start();
        hostile = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hostile.createContext("/", this::answer);
        hostile.start();
    }

    @AfterEach
    void stop() {
        hostile.stop(0);
        foreign.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (redirectStatus != 0) {
                exchange.getResponseHeaders()
                        .add(
                                "Location",
                                "http://127.0.0.2:" + foreign.getAddress().getPort() + exchange.getRequestURI());
                exchange.sendResponseHeaders(redirectStatus, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(200, 0);
            byte[] event = ",{\"id\":\"e\",\"status\":\"confirmed\",\"summary\":\"0123456789abcdef0123456789\"}"
                    .getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"kind\":\"calendar#events\",\"items\":[{}".getBytes(StandardCharsets.UTF_8));
                for (long sent = 0; sent < HUNDRED_MB; sent += event.length) {
                    out.write(event);
                    bytesServed.addAndGet(event.length);
                }
                out.write("]}".getBytes(StandardCharsets.UTF_8));
            } catch (IOException clientHungUp) {
                // the provider stopped reading
            }
        }
    }

    private GoogleCalendarProvider provider() {
        return GoogleCalendarProvider.builder()
                .credentials(
                        GoogleCredentials.create(new AccessToken("ya29.hostile-test", new Date(Long.MAX_VALUE / 2))))
                .rootUrl("http://127.0.0.1:" + hostile.getAddress().getPort() + "/")
                .maxResponseBytes(1024 * 1024)
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                .sleeper(d -> {})
                .build();
    }

    @Test
    void aHundredMegabyteListingFailsAtTheCapWithoutRetryOrReadingItWhole() {
        GoogleCalendarProvider google = provider();

        assertThatThrownBy(() -> {
                    try (ChangeListing listing = google.listChanges(CAL, null)) {
                        listing.nextPage();
                    }
                })
                .isInstanceOf(ProviderException.class)
                .isNotInstanceOf(TransientProviderException.class)
                .hasMessageContaining("larger than 1048576 bytes");
        assertThat(google.httpRequests()).as("not retried").isEqualTo(1);
        assertThat(bytesServed.get()).as("bytes the server could send").isLessThan(HUNDRED_MB / 4);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectToAnotherHostIsNotFollowed(int status) {
        redirectStatus = status;
        GoogleCalendarProvider google = provider();

        assertThatThrownBy(() -> google.listChanges(CAL, null))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining(String.valueOf(status));
        assertThatThrownBy(() -> google.createSeries(CAL, meeting()))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining(String.valueOf(status));
        assertThat(foreignRequests).isEmpty();
    }

    private static EventSeries meeting() {
        LocalDateTime start = LocalDateTime.of(2030, 3, 4, 10, 0);
        return EventSeries.of(EventComponent.builder("hostile@calsync.test", EventTime.of(start, ZoneOffset.UTC))
                .end(EventTime.of(start.plusHours(1), ZoneOffset.UTC))
                .summary("Meeting")
                .build());
    }
}
