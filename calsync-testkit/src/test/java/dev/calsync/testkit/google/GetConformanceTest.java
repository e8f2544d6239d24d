package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.http.HttpResponseException;
import com.google.api.services.calendar.model.Event;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§7 events.get")
class GetConformanceTest extends EmulatorTestSupport {

    @Test
    @DisplayName("§7 get returns a deleted event with 200 and status cancelled")
    void getReturnsCancelled() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        net.events().delete(cal, e.getId()).execute();
        Event got = net.events().get(cal, e.getId()).execute();
        assertThat(got.getStatus()).isEqualTo("cancelled");
        assertThat(got.getEtag()).isNotEqualTo(e.getEtag());
    }

    @Test
    @DisplayName("§7 get of an id that never existed -> 404 notFound; unknown calendar -> 404")
    void unknownIs404() {
        String cal = newCalendar();
        fails(() -> net.events().get(cal, "neverexisted").execute(), 404, "notFound", "Not Found");
        fails(() -> net.events().get("nosuch@calendar", "neverexisted").execute(), 404, "notFound", "Not Found");
    }

    @Test
    @DisplayName("§7 get resolves the id of a virtual instance to the instance representation (§10.2)")
    void getVirtualInstance() throws Exception {
        String cal = newCalendar();
        Event m = insert(
                cal,
                weekly(
                        "w",
                        "2026-03-10T10:00:00+01:00",
                        "2026-03-10T11:00:00+01:00",
                        "Europe/Berlin",
                        "RRULE:FREQ=WEEKLY;COUNT=3"));
        Event i = net.events().get(cal, m.getId() + "_20260317T090000Z").execute();
        assertThat(i.getId()).isEqualTo(m.getId() + "_20260317T090000Z");
        assertThat(i.getRecurringEventId()).isEqualTo(m.getId());
        assertThat(i.getRecurrence()).isNull();
        assertThat(i.getOriginalStartTime().getDateTime().getValue())
                .isEqualTo(java.time.Instant.parse("2026-03-17T09:00:00Z").toEpochMilli());
        assertThat(i.getSummary()).isEqualTo("w");
        assertThat(i.getICalUID()).isEqualTo(m.getICalUID());
        fails(() -> net.events().get(cal, m.getId() + "_20260318T090000Z").execute(), 404, "notFound", "Not Found");
        fails(() -> net.events().get(cal, m.getId() + "_20260317t090000z").execute(), 404, "notFound", "Not Found");
    }

    @Test
    @DisplayName("§7/§12 If-None-Match with the current etag -> 304; with an old one -> 200")
    void ifNoneMatch() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        var get = net.events().get(cal, e.getId());
        get.getRequestHeaders().setIfNoneMatch(e.getEtag());
        assertThatThrownBy(get::execute)
                .isInstanceOfSatisfying(
                        HttpResponseException.class,
                        x -> assertThat(x.getStatusCode()).isEqualTo(304));
        net.events().patch(cal, e.getId(), new Event().setSummary("new")).execute();
        var again = net.events().get(cal, e.getId());
        again.getRequestHeaders().setIfNoneMatch(e.getEtag());
        assertThat(again.execute().getSummary()).isEqualTo("new");
    }

    @Test
    @DisplayName("§7/§3.2 timeZone param renders dateTimes with that zone's offset; timeZone fields are echoed")
    void timeZoneParamRendering() throws Exception {
        String cal = newCalendar("America/Los_Angeles");
        Event e = insert(
                cal,
                new Event()
                        .setStart(at("2026-03-10T10:00:00.123Z", "Europe/Berlin"))
                        .setEnd(at("2026-03-10T13:00:00+02:00")));
        assertThat(e.getStart().getDateTime().toStringRfc3339()).isEqualTo("2026-03-10T03:00:00.000-07:00");
        assertThat(e.getStart().getTimeZone()).isEqualTo("Europe/Berlin");
        assertThat(e.getEnd().getTimeZone()).isNull();
        Event tokyo = net.events().get(cal, e.getId()).setTimeZone("Asia/Tokyo").execute();
        assertThat(tokyo.getStart().getDateTime().toStringRfc3339()).isEqualTo("2026-03-10T19:00:00.000+09:00");
    }
}
