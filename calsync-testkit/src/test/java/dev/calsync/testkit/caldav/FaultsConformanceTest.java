package dev.calsync.testkit.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fault injection (503 + Retry-After, dropped connections) and the request log. */
class FaultsConformanceTest extends CalDavTestSupport {

    @AfterEach
    void clear() {
        caldav.faults().clear();
    }

    @Test
    void nextRequestsAre503WithRetryAfterThenServed() {
        String cal = newCalendar();
        caldav.faults().serviceUnavailable(2, Duration.ofMillis(1500));
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = propfind(caldav.calendarUri(cal), "0", "<d:getetag/>");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("2");
        }
        assertThat(propfind(caldav.calendarUri(cal), "0", "<d:getetag/>").statusCode())
                .isEqualTo(207);
    }

    @Test
    void faultWithoutRetryAfterHasNoHeader() {
        caldav.faults().serviceUnavailable(1, null);
        HttpResponse<String> r = propfind(caldav.baseUri(), "0", "<d:getetag/>");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void predicateSelectsWhichRequestsFailAndAFaultedPutStoresNothing() {
        String cal = newCalendar();
        caldav.faults()
                .serviceUnavailable(1, Duration.ofSeconds(1), r -> r.method().equals("PUT"));
        assertThat(propfind(caldav.calendarUri(cal), "0", "<d:getetag/>").statusCode())
                .isEqualTo(207);
        assertThat(put(cal, "a.ics", event("a")).statusCode()).isEqualTo(503);
        assertThat(caldav.resource(cal, "a.ics")).isEmpty();
        assertThat(put(cal, "a.ics", event("a")).statusCode()).isEqualTo(201);
    }

    @Test
    void droppedConnectionGivesTheClientAnIoErrorAndIsLoggedWithStatus0() throws IOException {
        String cal = newCalendar();
        caldav.clearRequests();
        caldav.faults().dropConnection(1, r -> r.path().endsWith("/a.ics"));
        assertThatThrownBy(() -> sendBytes("PUT", item(cal, "a.ics"), event("a"), auth(caldav)))
                .isInstanceOf(IOException.class);
        assertThat(caldav.resource(cal, "a.ics")).isEmpty();
        assertThat(sendBytes("PUT", item(cal, "a.ics"), event("a"), auth(caldav))
                        .statusCode())
                .isEqualTo(201);
        List<RecordedRequest> log = caldav.requests();
        assertThat(log).extracting(RecordedRequest::status).containsExactly(0, 201);
    }

    @Test
    void clearDisarms() {
        caldav.faults().serviceUnavailable(5, Duration.ofSeconds(1));
        caldav.faults().dropConnection(5);
        caldav.faults().clear();
        assertThat(propfind(caldav.baseUri(), "0", "<d:current-user-principal/>")
                        .statusCode())
                .isEqualTo(207);
    }

    @Test
    void requestLogHasMethodDecodedPathDepthStatusAndResponseBytes() {
        String cal = newCalendar();
        caldav.userPut(cal, "a@b.ics", event("a"));
        caldav.clearRequests();
        HttpResponse<String> sync = sync(cal, null);
        HttpResponse<String> get = send("GET", item(cal, "a%40b.ics"), null);
        sendAuth("GET", item(cal, "a%40b.ics"), null, null);
        List<RecordedRequest> log = caldav.requests();
        assertThat(log).hasSize(3);
        assertThat(log.get(0))
                .isEqualTo(new RecordedRequest(
                        "REPORT",
                        "/alice/" + cal + "/",
                        "0",
                        207,
                        sync.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(log.get(1).path()).isEqualTo("/alice/" + cal + "/a@b.ics");
        assertThat(log.get(1).depth()).isNull();
        assertThat(log.get(1).bytesSent())
                .isEqualTo(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(log.get(2).status()).isEqualTo(401);
        caldav.clearRequests();
        assertThat(caldav.requests()).isEmpty();
    }
}
