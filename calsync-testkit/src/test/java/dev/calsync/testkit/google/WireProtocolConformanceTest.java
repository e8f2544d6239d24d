package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§1 wire protocol and transport")
class WireProtocolConformanceTest extends EmulatorTestSupport {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("§1.1 routes under calendar/v3/ with %40 in the calendar id, over both transports")
    void routesWithPercentEncodedCalendarIdOverBothTransports() throws Exception {
        String cal = newCalendar();
        for (Calendar c : clients()) {
            Event e = c.events()
                    .insert(cal, timed("x", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"))
                    .execute();
            assertThat(c.events().get(cal, e.getId()).execute().getSummary()).isEqualTo("x");
        }
        assertThat(google.requests()).anySatisfy(r -> assertThat(r.path()).isEqualTo("calendars/" + cal + "/events"));
    }

    @Test
    @DisplayName("§1.1 calendar id 'primary' is the first calendar created")
    void primaryIsTheFirstCalendar() throws Exception {
        // the first calendar of this emulator was created by whichever test ran first; insert there
        Event e = net.events()
                .insert("primary", timed("p", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"))
                .execute();
        assertThat(net.events().get("primary", e.getId()).execute().getId()).isEqualTo(e.getId());
    }

    @Test
    @DisplayName(
            "§1.2 NetHttpTransport sends gzip+chunked bodies and PATCH as POST + X-HTTP-Method-Override; Apache sends real PATCH")
    void patchOverrideAndRealPatchBothWork() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        google.clearRequests();
        net.events().patch(cal, e.getId(), new Event().setSummary("by net")).execute();
        apache.events()
                .patch(cal, e.getId(), new Event().setSummary("by apache"))
                .execute();
        assertThat(google.requests()).extracting(RecordedRequest::method).containsExactly("PATCH", "PATCH");
        assertThat(net.events().get(cal, e.getId()).execute().getSummary()).isEqualTo("by apache");
    }

    @Test
    @DisplayName("§1.2 gzip request bodies are decompressed; an explicit override header on POST is honoured")
    void gzipBodyAndOverrideHeaderOnRawHttp() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("{\"summary\":\"zipped\"}".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(google.rootUrl() + "calendar/v3/calendars/" + cal.replace("@", "%40")
                                + "/events/" + e.getId()))
                        .header("Content-Encoding", "gzip")
                        .header("Content-Type", "application/json; charset=UTF-8")
                        .header("X-HTTP-Method-Override", "PATCH")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"summary\":\"zipped\"");
    }

    @Test
    @DisplayName("§1.2 a GET sent as POST + X-HTTP-Method-Override: GET with a form body is a list")
    void getOverrideWithFormBody() throws Exception {
        String cal = newCalendar();
        insert(cal, timed("a", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(
                                google.rootUrl() + "calendar/v3/calendars/" + cal.replace("@", "%40") + "/events"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-HTTP-Method-Override", "GET")
                        .POST(HttpRequest.BodyPublishers.ofString("maxResults=1&q=a"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"kind\":\"calendar#events\"").contains("\"summary\":\"a\"");
        assertThat(google.requests().get(google.requests().size() - 1).query()).containsKey("q");
    }

    @Test
    @DisplayName(
            "§1.3 JSON responses (errors included) are application/json; charset=UTF-8; delete is 204 with no body")
    void contentTypesAndEmptyDelete() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        String base = google.rootUrl() + "calendar/v3/calendars/" + cal.replace("@", "%40") + "/events/";
        HttpResponse<String> ok = http.send(
                HttpRequest.newBuilder(URI.create(base + e.getId())).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missing = http.send(
                HttpRequest.newBuilder(URI.create(base + "nosuchevent")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> deleted = http.send(
                HttpRequest.newBuilder(URI.create(base + e.getId())).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
        assertThat(ok.headers().firstValue("ETag")).hasValue(e.getEtag());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
    }

    @Test
    @DisplayName("§1.3 no nulls are emitted, and list responses always carry items (even empty)")
    void noNullsAndItemsAlwaysPresent() throws Exception {
        String cal = newCalendar();
        Events empty = net.events().list(cal).execute();
        assertThat(empty.getItems()).isNotNull().isEmpty();
        HttpResponse<String> raw = http.send(
                HttpRequest.newBuilder(URI.create(google.rootUrl() + "calendar/v3/calendars/" + cal + "/events"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.body()).contains("\"items\":[]").doesNotContain("null").doesNotContain("nextPageToken");
    }

    @Test
    @DisplayName("§1.4 error bodies: errors[{domain,reason,message}], code, message, and no status field")
    void errorBodyShape() throws Exception {
        String cal = newCalendar();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(google.rootUrl() + "calendar/v3/calendars/" + cal + "/events/zzzzz"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body())
                .isEqualTo("{\"error\":{\"errors\":[{\"domain\":\"global\",\"reason\":\"notFound\","
                        + "\"message\":\"Not Found\"}],\"code\":404,\"message\":\"Not Found\"}}");
    }

    @Test
    @DisplayName("§1.1 concurrent requests from several threads are all served")
    void concurrentRequests() throws Exception {
        String cal = newCalendar();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    for (int j = 0; j < 5; j++) {
                        insertSimple(cal);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(net.events().list(cal).execute().getItems()).hasSize(20);
    }
}
