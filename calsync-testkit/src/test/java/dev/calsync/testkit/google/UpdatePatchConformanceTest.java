package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.util.Data;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventReminder;
import dev.calsync.testkit.google.GoogleEmulatorOptions.SequenceBump;
import dev.calsync.testkit.google.GoogleEmulatorOptions.UpdateOfDeleted;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§8 events.update and events.patch")
class UpdatePatchConformanceTest extends EmulatorTestSupport {

    @Test
    @DisplayName("§8.1 PUT is a full replacement: fields left out are reset")
    void putReplaces() throws Exception {
        String cal = newCalendar();
        Event e = insert(
                cal, timed("s", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z").setLocation("here"));
        Event u = net.events()
                .update(cal, e.getId(), timed("t", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"))
                .execute();
        assertThat(u.getSummary()).isEqualTo("t");
        assertThat(u.getLocation()).isNull();
        assertThat(u.getId()).isEqualTo(e.getId());
        assertThat(u.getICalUID()).isEqualTo(e.getICalUID());
        assertThat(u.getCreated()).isEqualTo(e.getCreated());
    }

    @Test
    @DisplayName("§8.1 PATCH merges objects, replaces arrays, and JSON null clears (both transports)")
    void patchSemantics() throws Exception {
        String cal = newCalendar();
        Event e = insert(
                cal,
                timed("s", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                        .setLocation("here")
                        .setAttendees(List.of(
                                new com.google.api.services.calendar.model.EventAttendee().setEmail("a@x"),
                                new com.google.api.services.calendar.model.EventAttendee().setEmail("b@x")))
                        .setExtendedProperties(
                                new Event.ExtendedProperties().setPrivate(java.util.Map.of("k1", "v1"))));
        for (Calendar c : clients()) {
            Event p = c.events()
                    .patch(
                            cal,
                            e.getId(),
                            new Event()
                                    .setLocation(Data.NULL_STRING)
                                    .setAttendees(List.of(
                                            new com.google.api.services.calendar.model.EventAttendee().setEmail("c@x")))
                                    .setExtendedProperties(
                                            new Event.ExtendedProperties().setPrivate(java.util.Map.of("k2", "v2"))))
                    .execute();
            assertThat(p.getLocation()).isNull();
            assertThat(p.getSummary()).isEqualTo("s");
            assertThat(p.getAttendees()).extracting(a -> a.getEmail()).containsExactly("c@x");
            assertThat(p.getExtendedProperties().getPrivate())
                    .containsEntry("k1", "v1")
                    .containsEntry("k2", "v2");
        }
    }

    @Test
    @DisplayName("§8.1 PUT and PATCH on an unknown id -> 404 (never create)")
    void unknownIs404() {
        String cal = newCalendar();
        fails(
                () -> net.events()
                        .update(cal, "unknown12345", timed("x", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"))
                        .execute(),
                404,
                "notFound",
                "Not Found");
        fails(
                () -> net.events()
                        .patch(cal, "unknown12345", new Event().setSummary("x"))
                        .execute(),
                404,
                "notFound",
                "Not Found");
        assertThat(google.storedEvents(cal)).isEmpty();
    }

    @Test
    @DisplayName("§8.1 a write sets a new etag and updated; a reminders-only change keeps updated but changes the etag")
    void etagAndUpdated() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        clock.advance(java.time.Duration.ofMinutes(5));
        Event r = net.events()
                .patch(
                        cal,
                        e.getId(),
                        new Event()
                                .setReminders(new Event.Reminders()
                                        .setUseDefault(false)
                                        .setOverrides(List.of(new EventReminder()
                                                .setMethod("popup")
                                                .setMinutes(5)))))
                .execute();
        assertThat(r.getEtag()).isNotEqualTo(e.getEtag());
        assertThat(r.getUpdated()).isEqualTo(e.getUpdated());
        Event s =
                net.events().patch(cal, e.getId(), new Event().setSummary("x")).execute();
        assertThat(s.getEtag()).isNotEqualTo(r.getEtag());
        assertThat(s.getUpdated().getValue()).isEqualTo(e.getUpdated().getValue() + 300_000);
    }

    @Test
    @DisplayName("§8.1 iCalUID and eventType cannot be changed")
    void immutableFields() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        fails(
                () -> net.events()
                        .patch(cal, e.getId(), new Event().setICalUID("other@x"))
                        .execute(),
                400,
                "invalid",
                null);
        fails(
                () -> net.events()
                        .patch(cal, e.getId(), new Event().setEventType("focusTime"))
                        .execute(),
                400,
                "invalid",
                null);
    }

    @Test
    @DisplayName(
            "§8.4 time change bumps sequence; PUT without sequence after that -> E14; PATCH without sequence is unchecked")
    void sequenceRules() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        Event s = net.events()
                .patch(cal, e.getId(), new Event().setSummary("no bump"))
                .execute();
        assertThat(s.getSequence()).isZero();
        Event moved = net.events()
                .patch(
                        cal,
                        e.getId(),
                        new Event().setStart(at("2026-03-10T12:00:00Z")).setEnd(at("2026-03-10T13:00:00Z")))
                .execute();
        assertThat(moved.getSequence()).isEqualTo(1);
        fails(
                () -> net.events()
                        .update(cal, e.getId(), timed("stale", "2026-03-10T12:00:00Z", "2026-03-10T13:00:00Z"))
                        .execute(),
                400,
                "invalid",
                null);
        fails(
                () -> net.events()
                        .patch(cal, e.getId(), new Event().setSequence(0))
                        .execute(),
                400,
                "invalid",
                null);
        assertThat(net.events()
                        .patch(cal, e.getId(), new Event().setSummary("ok"))
                        .execute()
                        .getSequence())
                .isEqualTo(1);
        Event fresh = net.events().get(cal, e.getId()).execute();
        assertThat(net.events()
                        .update(cal, e.getId(), fresh.setSummary("get-modify-put"))
                        .execute()
                        .getSequence())
                .isEqualTo(1);
        assertThat(net.events()
                        .patch(cal, e.getId(), new Event().setSequence(7))
                        .execute()
                        .getSequence())
                .isEqualTo(7);
    }

    @Test
    @DisplayName("§8.4 SIGNIFICANT switch: a summary change bumps the sequence (TIME_ONLY: it does not)")
    void significantSwitch() throws Exception {
        try (GoogleCalendarEmulator other = GoogleCalendarEmulator.start(GoogleEmulatorOptions.builder()
                .sequenceBump(SequenceBump.SIGNIFICANT)
                .build())) {
            String cal = other.createCalendar("x@example.com");
            Calendar c = client(other, new NetHttpTransport());
            Event e = c.events()
                    .insert(cal, timed("a", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"))
                    .execute();
            assertThat(c.events()
                            .patch(cal, e.getId(), new Event().setSummary("b"))
                            .execute()
                            .getSequence())
                    .isEqualTo(1);
            assertThat(c.events()
                            .patch(cal, e.getId(), new Event().setColorId("3"))
                            .execute()
                            .getSequence())
                    .isEqualTo(1);
        }
        String cal = newCalendar();
        Event e = insertSimple(cal);
        assertThat(net.events()
                        .patch(cal, e.getId(), new Event().setSummary("b"))
                        .execute()
                        .getSequence())
                .isZero();
    }

    @Test
    @DisplayName(
            "§8.3 RESTORE (default): PUT on a deleted event restores it; PATCH keeps it cancelled unless it sets status")
    void restoreDeleted() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        net.events().delete(cal, e.getId()).execute();
        Event p = net.events()
                .patch(cal, e.getId(), new Event().setSummary("still gone"))
                .execute();
        assertThat(p.getStatus()).isEqualTo("cancelled");
        Event cancelled = net.events().get(cal, e.getId()).execute();
        Event u = net.events().update(cal, e.getId(), cancelled.setStatus(null)).execute();
        assertThat(u.getStatus()).isEqualTo("confirmed");
        assertThat(net.events().list(cal).execute().getItems())
                .extracting(Event::getId)
                .containsExactly(e.getId());
    }

    @Test
    @DisplayName("§8.3 FORBIDDEN switch: update of a deleted event -> 403 global/forbidden")
    void forbiddenSwitch() throws Exception {
        try (GoogleCalendarEmulator other = GoogleCalendarEmulator.start(GoogleEmulatorOptions.builder()
                .updateOfDeleted(UpdateOfDeleted.FORBIDDEN)
                .build())) {
            String cal = other.createCalendar("x@example.com");
            Calendar c = client(other, new NetHttpTransport());
            Event e = c.events()
                    .insert(cal, timed("a", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"))
                    .execute();
            c.events().delete(cal, e.getId()).execute();
            var d = fails(
                    () -> c.events()
                            .update(cal, e.getId(), timed("a", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"))
                            .execute(),
                    403,
                    "forbidden",
                    "Forbidden");
            assertThat(d.getErrors().get(0).getDomain()).isEqualTo("global");
        }
    }

    @Test
    @DisplayName(
            "§8/§10.3 PUT on an instance id creates an exception with sequence master+1; the id stays the instance id")
    void putOnInstanceCreatesException() throws Exception {
        String cal = newCalendar();
        Event m = insert(
                cal, weekly("w", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", "UTC", "RRULE:FREQ=WEEKLY;COUNT=4"));
        String id = m.getId() + "_20260317T100000Z";
        Event inst = net.events().get(cal, id).execute();
        Event ex = net.events().update(cal, id, inst.setSummary("changed")).execute();
        assertThat(ex.getId()).isEqualTo(id);
        assertThat(ex.getSequence()).isEqualTo(m.getSequence() + 1);
        assertThat(ex.getRecurringEventId()).isEqualTo(m.getId());
        assertThat(net.events().get(cal, m.getId()).execute().getEtag()).isEqualTo(m.getEtag());
        Event cancelled = net.events()
                .patch(cal, m.getId() + "_20260324T100000Z", new Event().setStatus("cancelled"))
                .execute();
        assertThat(cancelled.getStatus()).isEqualTo("cancelled");
        assertThat(net.events().instances(cal, m.getId()).execute().getItems())
                .extracting(Event::getSummary)
                .containsExactly("w", "changed", "w");
    }

    @Test
    @DisplayName("§8 user edits (as another client) bump etag and sequence and skip the checks")
    void userEdits() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        ObjectNode patch = Json.object();
        patch.putObject("start").put("dateTime", "2026-03-10T12:00:00Z");
        patch.putObject("end").put("dateTime", "2026-03-10T13:00:00Z");
        ObjectNode after = google.userPatch(cal, e.getId(), patch);
        assertThat(after.path("sequence").asInt()).isEqualTo(1);
        Event got = net.events().get(cal, e.getId()).execute();
        assertThat(got.getEtag()).isEqualTo(after.path("etag").asText()).isNotEqualTo(e.getEtag());
        var put = net.events().update(cal, e.getId(), e);
        put.getRequestHeaders().setIfMatch(e.getEtag());
        fails(put::execute, 412, "conditionNotMet", "Precondition Failed");
    }
}
