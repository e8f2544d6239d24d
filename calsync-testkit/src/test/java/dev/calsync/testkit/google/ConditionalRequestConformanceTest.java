package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§12 conditional requests")
class ConditionalRequestConformanceTest extends EmulatorTestSupport {

    @Test
    @DisplayName("§12 If-Match on PUT and PATCH: stale -> 412, current -> 200 with a new etag, * always matches")
    void ifMatchOnWrites() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        for (Calendar c : clients()) {
            Event current = c.events().get(cal, e.getId()).execute();
            var stale = c.events().patch(cal, e.getId(), new Event().setSummary("x"));
            stale.getRequestHeaders().setIfMatch("\"99\"");
            fails(stale::execute, 412, "conditionNotMet", "Precondition Failed");
            var ok = c.events().patch(cal, e.getId(), new Event().setSummary("y"));
            ok.getRequestHeaders().setIfMatch(current.getEtag());
            Event after = ok.execute();
            assertThat(after.getEtag()).isNotEqualTo(current.getEtag());
            var put = c.events().update(cal, e.getId(), current);
            put.getRequestHeaders().setIfMatch(current.getEtag());
            fails(put::execute, 412, "conditionNotMet", "Precondition Failed");
            var force = c.events().update(cal, e.getId(), after.setSummary("forced"));
            force.getRequestHeaders().setIfMatch("*");
            assertThat(force.execute().getSummary()).isEqualTo("forced");
        }
    }

    @Test
    @DisplayName("§12 an edit by another client changes the etag, so the client's If-Match fails")
    void concurrentEditBreaksIfMatch() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        google.userPatch(cal, e.getId(), Json.parseObject("{\"summary\":\"by user\"}"));
        var d = net.events().delete(cal, e.getId());
        d.getRequestHeaders().setIfMatch(e.getEtag());
        fails(d::execute, 412, "conditionNotMet", null);
    }

    @Test
    @DisplayName("§12 insert ignores If-Match (id uniqueness instead)")
    void insertIgnoresIfMatch() throws Exception {
        String cal = newCalendar();
        var ins = net.events().insert(cal, timed("x", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"));
        ins.getRequestHeaders().setIfMatch("\"1\"");
        assertThat(ins.execute().getId()).isNotNull();
    }
}
