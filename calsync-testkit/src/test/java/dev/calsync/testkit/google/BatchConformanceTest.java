package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.googleapis.batch.BatchRequest;
import com.google.api.client.googleapis.batch.json.JsonBatchCallback;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.http.HttpHeaders;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§13 batch requests")
class BatchConformanceTest extends EmulatorTestSupport {

    /** Collects outcomes in callback order: "ok:<id>", "void", or "err:<code>:<reason>". */
    private static final class Outcomes {
        final List<String> seen = new ArrayList<>();

        <T> JsonBatchCallback<T> callback() {
            return new JsonBatchCallback<>() {
                @Override
                public void onSuccess(T t, HttpHeaders headers) {
                    seen.add(t instanceof Event e ? "ok:" + e.getSummary() : "void");
                }

                @Override
                public void onFailure(GoogleJsonError e, HttpHeaders headers) {
                    seen.add("err:" + e.getCode() + ":" + e.getErrors().get(0).getReason());
                }
            };
        }
    }

    @Test
    @DisplayName(
            "§13 mixed batch over both transports: results in request order, failed parts with JSON errors, 204 parts empty")
    void mixedBatchInOrder() throws Exception {
        for (Calendar c : clients()) {
            String cal = newCalendar();
            Event a = insert(cal, timed("a", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"));
            Event b = insertSimple(cal);
            google.clearRequests();
            Outcomes o = new Outcomes();
            BatchRequest batch = c.batch();
            c.events()
                    .insert(cal, timed("new", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"))
                    .queue(batch, o.callback());
            c.events()
                    .patch(cal, a.getId(), new Event().setSummary("patched é"))
                    .queue(batch, o.callback());
            c.events().get(cal, "nosuchevent").queue(batch, o.callback());
            c.events().delete(cal, b.getId()).queue(batch, o.callback());
            var stale = c.events().update(cal, a.getId(), a);
            stale.getRequestHeaders().setIfMatch(a.getEtag());
            stale.queue(batch, o.callback());
            batch.execute();
            assertThat(o.seen)
                    .containsExactly("ok:new", "ok:patched é", "err:404:notFound", "void", "err:412:conditionNotMet");
            assertThat(google.httpExchanges()).isEqualTo(1);
            assertThat(google.requests()).hasSize(6);
            assertThat(google.requests())
                    .filteredOn(RecordedRequest::inBatch)
                    .extracting(RecordedRequest::method)
                    .containsExactly("POST", "PATCH", "GET", "DELETE", "PUT");
            assertThat(net.events().get(cal, b.getId()).execute().getStatus()).isEqualTo("cancelled");
        }
    }

    @Test
    @DisplayName("§13/§14 faults apply inside batch parts; the outer response stays 200")
    void faultsInsideParts() throws Exception {
        String cal = newCalendar();
        Outcomes o = new Outcomes();
        BatchRequest batch = net.batch();
        google.faults()
                .failNext(
                        1,
                        GoogleApiFault.rateLimitExceeded403(),
                        r -> r.inBatch()
                                && r.path().endsWith("/events")
                                && r.method().equals("POST")
                                && o.seen.isEmpty());
        net.events()
                .insert(cal, timed("1", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"))
                .queue(batch, o.callback());
        net.events()
                .insert(cal, timed("2", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"))
                .queue(batch, o.callback());
        batch.execute();
        assertThat(o.seen).containsExactly("err:403:rateLimitExceeded", "ok:2");
        assertThat(google.requests().get(google.requests().size() - 1).status()).isEqualTo(200);
    }

    @Test
    @DisplayName(
            "§13 raw batch: path-only request lines, outer headers, exact Content-Length, more than 1000 parts -> 400")
    void rawBatch() throws Exception {
        String cal = newCalendar();
        Event a = insertSimple(cal);
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Type: application/http\r\nContent-ID: 1\r\n\r\n"
                + "GET /calendar/v3/calendars/" + cal.replace("@", "%40") + "/events/" + a.getId()
                + " HTTP/1.1\r\n\r\n\r\n"
                + "--" + boundary + "--\r\n";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(URI.create(google.rootUrl() + "batch/calendar/v3"))
                        .header("Content-Type", "multipart/mixed; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        String text = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("multipart/mixed; boundary=");
        assertThat(text).contains("Content-Type: application/http").contains("HTTP/1.1 200 OK");
        int cl = Integer.parseInt(text.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        String json = text.substring(text.indexOf("{"), text.lastIndexOf("}") + 1);
        assertThat(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(cl);

        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            many.append("--")
                    .append(boundary)
                    .append("\r\nContent-Type: application/http\r\n\r\nGET /calendar/v3/calendars/")
                    .append(cal)
                    .append("/events HTTP/1.1\r\n\r\n\r\n");
        }
        many.append("--").append(boundary).append("--\r\n");
        HttpResponse<String> tooMany = http.send(
                HttpRequest.newBuilder(URI.create(google.rootUrl() + "batch/calendar/v3"))
                        .header("Content-Type", "multipart/mixed; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(many.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooMany.statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("§13 1000 parts are accepted")
    void thousandParts() throws IOException {
        String cal = newCalendar();
        Outcomes o = new Outcomes();
        BatchRequest batch = net.batch();
        for (int i = 0; i < 1000; i++) {
            net.events().get(cal, "missing" + i).queue(batch, o.callback());
        }
        batch.execute();
        assertThat(o.seen).hasSize(1000).allMatch(s -> s.equals("err:404:notFound"));
    }
}
