package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§9 events.delete")
class DeleteConformanceTest extends EmulatorTestSupport {

    @Test
    @DisplayName("§9 delete -> 204; the event is a cancelled tombstone with a new etag; its id stays reserved")
    void deleteMakesTombstone() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        net.events().delete(cal, e.getId()).execute();
        assertThat(google.requests().get(google.requests().size() - 1).status()).isEqualTo(204);
        Event got = net.events().get(cal, e.getId()).execute();
        assertThat(got.getStatus()).isEqualTo("cancelled");
        assertThat(got.getEtag()).isNotEqualTo(e.getEtag());
        assertThat(net.events().list(cal).execute().getItems()).isEmpty();
    }

    @Test
    @DisplayName("§9 delete of a deleted event -> 410 deleted; of an unknown id -> 404")
    void deleteOfDeletedEventIs410Deleted() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        for (var c : clients()) {
            fails(() -> c.events().delete(cal, "neverexisted").execute(), 404, "notFound", "Not Found");
        }
        net.events().delete(cal, e.getId()).execute();
        fails(() -> apache.events().delete(cal, e.getId()).execute(), 410, "deleted", "Resource has been deleted");
    }

    @Test
    @DisplayName("§9 If-Match on delete: stale -> 412, current or * -> 204")
    void ifMatchOnDelete() throws Exception {
        String cal = newCalendar();
        Event a = insertSimple(cal);
        Event b = insertSimple(cal);
        var stale = net.events().delete(cal, a.getId());
        stale.getRequestHeaders().setIfMatch("\"12\"");
        fails(stale::execute, 412, "conditionNotMet", "Precondition Failed");
        var ok = net.events().delete(cal, a.getId());
        ok.getRequestHeaders().setIfMatch(a.getEtag());
        ok.execute();
        var star = net.events().delete(cal, b.getId());
        star.getRequestHeaders().setIfMatch("*");
        star.execute();
        assertThat(net.events().get(cal, b.getId()).execute().getStatus()).isEqualTo("cancelled");
    }

    @Test
    @DisplayName("§9 delete of an instance id -> 204 and a cancelled exception; again -> 410")
    void deleteInstance() throws Exception {
        String cal = newCalendar();
        Event m = insert(
                cal, weekly("w", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", "UTC", "RRULE:FREQ=WEEKLY;COUNT=3"));
        String id = m.getId() + "_20260317T100000Z";
        net.events().delete(cal, id).execute();
        Event ex = net.events().get(cal, id).execute();
        assertThat(ex.getStatus()).isEqualTo("cancelled");
        assertThat(ex.getRecurringEventId()).isEqualTo(m.getId());
        fails(() -> net.events().delete(cal, id).execute(), 410, "deleted", "Resource has been deleted");
        assertThat(net.events().get(cal, m.getId()).execute().getRecurrence())
                .containsExactly("RRULE:FREQ=WEEKLY;COUNT=3");
    }

    @Test
    @DisplayName(
            "§9 delete of a master cancels it and all its exceptions; the delta shows a cancelled master without recurrence")
    void deleteMasterCancelsExceptions() throws Exception {
        String cal = newCalendar();
        Event m = insert(
                cal, weekly("w", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", "UTC", "RRULE:FREQ=WEEKLY;COUNT=3"));
        String exId = m.getId() + "_20260317T100000Z";
        net.events().patch(cal, exId, new Event().setSummary("moved")).execute();
        String token = net.events().list(cal).setShowDeleted(true).execute().getNextSyncToken();
        net.events().delete(cal, m.getId()).execute();
        assertThat(net.events().get(cal, exId).execute().getStatus()).isEqualTo("cancelled");
        Events delta = net.events().list(cal).setSyncToken(token).execute();
        assertThat(delta.getItems()).extracting(Event::getId).containsExactlyInAnyOrder(m.getId(), exId);
        Event master = delta.getItems().stream()
                .filter(i -> i.getId().equals(m.getId()))
                .findFirst()
                .orElseThrow();
        assertThat(master.getStatus()).isEqualTo("cancelled");
        assertThat(master.getRecurrence()).isNull();
        assertThat(master.getSummary()).isNull();
        fails(() -> net.events().delete(cal, exId).execute(), 410, "deleted", null);
    }

    @Test
    @DisplayName("§9 tombstones vanish after the retention and older sync tokens -> 410")
    void tombstoneRetention() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        String token = net.events().list(cal).execute().getNextSyncToken();
        net.events().delete(cal, e.getId()).execute();
        clock.advance(java.time.Duration.ofDays(31));
        try {
            fails(() -> net.events().get(cal, e.getId()).execute(), 404, "notFound", "Not Found");
            fails(() -> net.events().list(cal).setSyncToken(token).execute(), 410, "fullSyncRequired", null);
            assertThat(google.storedEvents(cal)).isEmpty();
        } finally {
            // later tests of this class use fresh calendars; time only moves forward
        }
    }

    @Test
    @DisplayName("§9 userDelete of a master cancels it and its exceptions")
    void userDelete() throws Exception {
        String cal = newCalendar();
        Event m = insert(
                cal, weekly("w", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", "UTC", "RRULE:FREQ=DAILY;COUNT=3"));
        google.userDelete(cal, m.getId() + "_20260311T100000Z");
        assertThat(google.event(cal, m.getId() + "_20260311T100000Z")
                        .orElseThrow()
                        .path("status")
                        .asText())
                .isEqualTo("cancelled");
        google.userDelete(cal, m.getId());
        assertThat(google.storedEvents(cal))
                .allSatisfy(n -> assertThat(n.path("status").asText()).isEqualTo("cancelled"));
    }
}
