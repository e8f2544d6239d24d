package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.calendar.model.Event;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§3 event resource")
class EventResourceConformanceTest extends EmulatorTestSupport {

    @Test
    @DisplayName("§3.2 etag is \"<decimal>\" and changes on every modification, even within one millisecond")
    void etagFormatAndChange() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        Event p1 =
                net.events().patch(cal, e.getId(), new Event().setSummary("1")).execute();
        Event p2 =
                net.events().patch(cal, e.getId(), new Event().setSummary("2")).execute();
        assertThat(e.getEtag()).matches("\"\\d+\"");
        assertThat(java.util.List.of(e.getEtag(), p1.getEtag(), p2.getEtag())).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName(
            "§3.2 dateTimes are rendered with the calendar zone's offset; any input offset and milliseconds accepted")
    void dateTimeRendering() throws Exception {
        String cal = newCalendar("America/Los_Angeles");
        Event e = insert(cal, timed("x", "2026-02-15T20:00:00.500+01:00", "2026-02-15T21:00:00Z"));
        assertThat(e.getStart().getDateTime().toStringRfc3339()).isEqualTo("2026-02-15T11:00:00.000-08:00");
        assertThat(e.getEnd().getDateTime().toStringRfc3339()).isEqualTo("2026-02-15T13:00:00.000-08:00");
        assertThat(e.getStart().getTimeZone()).isNull();
    }

    @Test
    @DisplayName("§3.2 all-day events carry date only; end.date is exclusive")
    void allDay() throws Exception {
        String cal = newCalendar();
        Event e = insert(cal, new Event().setStart(day("2026-03-10")).setEnd(day("2026-03-11")));
        assertThat(e.getStart().getDate().toStringRfc3339()).isEqualTo("2026-03-10");
        assertThat(e.getStart().getDateTime()).isNull();
        assertThat(e.getEnd().getDate().toStringRfc3339()).isEqualTo("2026-03-11");
    }

    @Test
    @DisplayName("§3.2 a dateTime with neither offset nor timeZone -> E15; with timeZone it is local to that zone")
    void localDateTimes() throws Exception {
        String cal = newCalendar();
        String body =
                "{\"start\":{\"dateTime\":\"2026-03-10T10:00:00\"},\"end\":{\"dateTime\":\"2026-03-10T11:00:00Z\"}}";
        var http = java.net.http.HttpClient.newHttpClient();
        var r = http.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(google.rootUrl() + "calendar/v3/calendars/" + cal + "/events"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Missing time zone definition for start time.");
        String id = google.userInsert(
                        cal,
                        Json.parseObject(
                                "{\"start\":{\"dateTime\":\"2026-03-10T10:00:00\",\"timeZone\":\"Europe/Berlin\"},"
                                        + "\"end\":{\"dateTime\":\"2026-03-10T11:00:00\",\"timeZone\":\"Europe/Berlin\"}}"))
                .path("id")
                .asText();
        Event ok = net.events().get(cal, id).execute();
        assertThat(ok.getStart().getDateTime().toStringRfc3339()).isEqualTo("2026-03-10T09:00:00.000Z");
    }

    @Test
    @DisplayName("§3.2 status cancelled: get keeps details (organizer copy), listings show the minimal form")
    void cancelledForms() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        net.events().delete(cal, e.getId()).execute();
        assertThat(net.events().get(cal, e.getId()).execute().getSummary()).isEqualTo("s");
        Event listed =
                net.events().list(cal).setShowDeleted(true).execute().getItems().get(0);
        assertThat(listed.keySet()).containsExactlyInAnyOrder("kind", "etag", "id", "status");
    }
}
