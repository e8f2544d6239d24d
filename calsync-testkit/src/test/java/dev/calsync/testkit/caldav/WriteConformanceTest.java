package dev.calsync.testkit.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** PUT and DELETE with their preconditions (CALDAV.md §2.5, §3.5, §6.5) and the iCloud write switches. */
class WriteConformanceTest extends CalDavTestSupport {

    @Test
    void createWithIfNoneMatchIs201WithTheEtagOfTheStoredBytesAndTwiceIs412() {
        String cal = newCalendar();
        String ics = event("a");
        HttpResponse<String> r = put(cal, "a.ics", ics, "If-None-Match", "*");
        assertThat(r.statusCode()).isEqualTo(201);
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{64}\"");
        HttpResponse<String> get = send("GET", item(cal, "a.ics"), null);
        assertThat(get.body()).isEqualTo(ics);
        assertThat(get.headers().firstValue("ETag")).contains(etag);
        assertThat(get.headers().firstValue("Content-Type").orElse("")).startsWith("text/calendar");

        assertThat(put(cal, "a.ics", event("a"), "If-None-Match", "*").statusCode())
                .isEqualTo(412);
    }

    @Test
    void bytesAreStoredExactlyAsSent() {
        String cal = newCalendar();
        String odd =
                "BEGIN:VCALENDAR\r\nPRODID:x\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:odd\r\nDTSTAMP:20260101T000000Z\r\n"
                        + "DTSTART:20260105T090000Z\r\nDURATION:PT1H\r\nSUMMARY:a long summary folded \r\n over two lines é\r\n"
                        + "X-UNKNOWN;FOO=bar:kept\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        assertThat(put(cal, "odd.ics", odd).statusCode()).isEqualTo(201);
        assertThat(send("GET", item(cal, "odd.ics"), null).body()).isEqualTo(odd);
        assertThat(caldav.resource(cal, "odd.ics").orElseThrow().body()).isEqualTo(odd);
    }

    @Test
    void updateNeedsTheCurrentEtagExactly() {
        String cal = newCalendar();
        String etag = put(cal, "a.ics", event("a"), "If-None-Match", "*")
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        String v2 = event("a", "20260105T110000Z", "20260105T120000Z");
        assertThat(put(cal, "a.ics", v2, "If-Match", "W/" + etag).statusCode()).isEqualTo(412);
        assertThat(put(cal, "a.ics", v2, "If-Match", "*").statusCode()).isEqualTo(412); // Radicale 3.1.8
        assertThat(put(cal, "a.ics", v2, "If-Match", etag.replace("\"", "")).statusCode())
                .isEqualTo(412);
        HttpResponse<String> ok = put(cal, "a.ics", v2, "If-Match", etag);
        assertThat(ok.statusCode()).isEqualTo(201); // Radicale answers 201 to updates too
        String etag2 = ok.headers().firstValue("ETag").orElseThrow();
        assertThat(etag2).isNotEqualTo(etag);
        assertThat(put(cal, "a.ics", event("a"), "If-Match", etag).statusCode()).isEqualTo(412); // stale
        assertThat(caldav.resource(cal, "a.ics").orElseThrow().etag()).isEqualTo(etag2);
        assertThat(put(cal, "missing.ics", event("m"), "If-Match", etag2).statusCode())
                .isEqualTo(412);
    }

    @Test
    void sameUidUnderAnotherHrefIs409NoUidConflict() {
        String cal = newCalendar();
        caldav.userPut(cal, "a.ics", event("dup"));
        HttpResponse<String> r = put(cal, "b.ics", event("dup"), "If-None-Match", "*");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(has(parse(r.body()).getDocumentElement(), C, "no-uid-conflict"))
                .isTrue();
        assertThat(caldav.resource(cal, "b.ics")).isEmpty();
        // the same UID in another calendar is fine on Radicale
        assertThat(put(newCalendar(), "b.ics", event("dup")).statusCode()).isEqualTo(201);
    }

    @Test
    void invalidBodiesAre400() {
        String cal = newCalendar();
        assertThat(put(cal, "g.ics", "garbage").statusCode()).isEqualTo(400);
        String twoUids = event("u1").replace("END:VCALENDAR\r\n", "")
                + "BEGIN:VEVENT\r\nUID:u2\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T090000Z\r\n"
                + "DTEND:20260105T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        assertThat(put(cal, "two.ics", twoUids).statusCode()).isEqualTo(400);
        assertThat(put(cal, "nouid.ics", event("x").replace("UID:x\r\n", "")).statusCode())
                .isEqualTo(400);
        assertThat(put(cal, "ov.ics", overrideOnly()).statusCode()).isEqualTo(400); // Radicale
        assertThat(caldav.resource(cal, "g.ics")).isEmpty();
        assertThat(put("missing-calendar", "a.ics", event("a")).statusCode()).isEqualTo(409);
    }

    static String overrideOnly() {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:ov\r\nDTSTAMP:20260101T000000Z\r\n"
                + "RECURRENCE-ID:20260112T090000Z\r\nDTSTART:20260112T100000Z\r\nDTEND:20260112T110000Z\r\n"
                + "END:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    @Test
    void eventWithoutDtendIsAcceptedByDefault() {
        assertThat(put(newCalendar(), "n.ics", event("n", "20260105T090000Z", null))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void deleteNeedsTheCurrentEtagAndAnswers200WithAMultistatusThen404() {
        String cal = newCalendar();
        String etag = caldav.userPut(cal, "a.ics", event("a"));
        assertThat(send("DELETE", item(cal, "a.ics"), null, "If-Match", "\"stale\"")
                        .statusCode())
                .isEqualTo(412);
        HttpResponse<String> ok = send("DELETE", item(cal, "a.ics"), null, "If-Match", etag);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(multi(new Is207(ok)).only(href(cal, "a.ics")).status()).contains("200");
        assertThat(send("DELETE", item(cal, "a.ics"), null, "If-Match", etag).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", item(cal, "a.ics"), null).statusCode()).isEqualTo(404);
    }

    @Test
    void userOperationsObeyTheSameRules() {
        String cal = newCalendar();
        caldav.userPut(cal, "a.ics", event("a"));
        assertThatThrownBy(() -> caldav.userPut(cal, "b.ics", event("a"))).hasMessageContaining("409");
        assertThatThrownBy(() -> caldav.userDelete(cal, "b.ics")).isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void icloudWriteSwitches() {
        try (CalDavEmulator e = CalDavEmulator.start(CalDavEmulatorOptions.builder()
                .etagOnPut(false)
                .rejectEventWithoutDtend(true)
                .uidUniqueAcrossCalendars(true)
                .rejectOverrideOnly(false)
                .build())) {
            e.createCalendar("c");
            e.createCalendar("d");
            HttpResponse<String> r =
                    send(e, "PUT", e.calendarUri("c").resolve("a.ics"), event("a"), "If-None-Match", "*");
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.headers().firstValue("ETag")).isEmpty();
            // the ETag has to be fetched: PROPFIND still reports it
            String etag = multi(send(
                            e,
                            "PROPFIND",
                            e.calendarUri("c").resolve("a.ics"),
                            propfindBody("<d:getetag/>"),
                            "Depth",
                            "0"))
                    .responses()
                    .get(0)
                    .text(DAV, "getetag");
            assertThat(etag).isEqualTo(e.resource("c", "a.ics").orElseThrow().etag());

            HttpResponse<String> noEnd =
                    send(e, "PUT", e.calendarUri("c").resolve("n.ics"), event("n", "20260105T090000Z", null));
            assertThat(noEnd.statusCode()).isEqualTo(404);
            assertThat(e.resource("c", "n.ics")).isEmpty();
            String allDayNoEnd = event("n2", "20260105T090000Z", null)
                    .replace("DTSTART:20260105T090000Z", "DTSTART;VALUE=DATE:20260105");
            assertThat(send(e, "PUT", e.calendarUri("c").resolve("n2.ics"), allDayNoEnd)
                            .statusCode())
                    .isEqualTo(404);
            assertThat(send(
                                    e,
                                    "PUT",
                                    e.calendarUri("c").resolve("dur.ics"),
                                    event("dur", "20260105T090000Z", null)
                                            .replace("SUMMARY", "DURATION:PT1H\r\nSUMMARY"))
                            .statusCode())
                    .isEqualTo(201);

            HttpResponse<String> other = send(e, "PUT", e.calendarUri("d").resolve("a.ics"), event("a"));
            assertThat(other.statusCode()).isEqualTo(403);
            assertThat(has(parse(other.body()).getDocumentElement(), C, "no-uid-conflict"))
                    .isTrue();
            assertThat(other.body()).contains(e.calendarUri("c").getRawPath() + "a.ics");

            assertThat(send(e, "PUT", e.calendarUri("c").resolve("ov.ics"), overrideOnly())
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    /** A 200 multistatus seen as a 207 for the parser. */
    private record Is207(HttpResponse<String> r) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return 207;
        }

        @Override
        public java.net.http.HttpRequest request() {
            return r.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return r.headers();
        }

        @Override
        public String body() {
            return r.body();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return r.sslSession();
        }

        @Override
        public java.net.URI uri() {
            return r.uri();
        }

        @Override
        public java.net.http.HttpClient.Version version() {
            return r.version();
        }
    }
}
