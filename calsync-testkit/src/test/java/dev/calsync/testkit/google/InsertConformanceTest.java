package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.calendar.model.Event;
import dev.calsync.testkit.google.GoogleEmulatorOptions.InsertWithIdAndICalUid;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§5 events.insert")
class InsertConformanceTest extends EmulatorTestSupport {

    @Test
    @DisplayName(
            "§5 server defaults: id, iCalUID <id>@google.com, etag, created/updated, sequence 0, creator/organizer self, htmlLink, reminders, eventType")
    void serverDefaults() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        assertThat(e.getId()).matches("[a-v0-9]{26}");
        assertThat(e.getICalUID()).isEqualTo(e.getId() + "@google.com");
        assertThat(e.getEtag()).matches("\"\\d+\"");
        assertThat(e.getKind()).isEqualTo("calendar#event");
        assertThat(e.getStatus()).isEqualTo("confirmed");
        assertThat(e.getCreated().toStringRfc3339()).isEqualTo("2026-03-02T09:00:00.000Z");
        assertThat(e.getUpdated().toStringRfc3339()).isEqualTo("2026-03-02T09:00:00.000Z");
        assertThat(e.getSequence()).isZero();
        assertThat(e.getCreator().getEmail()).isEqualTo(cal);
        assertThat(e.getCreator().getSelf()).isTrue();
        assertThat(e.getOrganizer().getEmail()).isEqualTo(cal);
        assertThat(e.getOrganizer().getSelf()).isTrue();
        assertThat(e.getHtmlLink()).startsWith("https://www.google.com/calendar/event?eid=");
        String eid = e.getHtmlLink().substring(e.getHtmlLink().indexOf("eid=") + 4);
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(eid), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(e.getId() + " " + cal);
        assertThat(e.getReminders().getUseDefault()).isTrue();
        assertThat(e.getEventType()).isEqualTo("default");
        assertThat(e.getRecurrence()).isNull();
        assertThat(e.getGuestsCanModify()).isNull();
    }

    @Test
    @DisplayName("§5 a client id is kept; an existing id (even deleted) -> 409 duplicate")
    void clientIdAndDuplicateIncludingDeleted() throws Exception {
        String cal = newCalendar();
        Event e = insert(
                cal, timed("x", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z").setId("0123456789abcdefv"));
        assertThat(e.getId()).isEqualTo("0123456789abcdefv");
        net.events().delete(cal, e.getId()).execute();
        fails(
                () -> insert(
                        cal,
                        timed("y", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                                .setId("0123456789abcdefv")),
                409,
                "duplicate",
                "The requested identifier already exists.");
    }

    @Test
    @DisplayName("§4/§5 id rules: [a-v0-9], 5..1024 chars; uppercase, hyphen, underscore, w-z, too short/long -> 400")
    void idRules() throws Exception {
        String cal = newCalendar();
        for (String bad : List.of("abcd", "ABCDEF", "abc-def", "abc_def", "abcdwxyz", "a".repeat(1025))) {
            fails(
                    () -> insert(
                            cal,
                            timed("x", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                                    .setId(bad)),
                    400,
                    "invalid",
                    "Invalid resource id value.");
        }
        assertThat(insert(
                                cal,
                                timed("x", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                                        .setId("v".repeat(1024)))
                        .getId())
                .hasSize(1024);
        assertThat(insert(
                                cal,
                                timed("x", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                                        .setId("abcde"))
                        .getId())
                .isEqualTo("abcde");
    }

    @Test
    @DisplayName("§4/§5 id + iCalUID on insert -> 400 E3 (default REJECT)")
    void idAndICalUidRejectedByDefault() {
        String cal = newCalendar();
        fails(
                () -> insert(
                        cal,
                        timed("x", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                                .setId("abcdef12345")
                                .setICalUID("uid-1@example.com")),
                400,
                "invalid",
                "Invalid resource id value.");
    }

    @Test
    @DisplayName("§4/§5 id + iCalUID on insert accepted with the ACCEPT switch")
    void idAndICalUidAcceptedWithSwitch() throws Exception {
        try (GoogleCalendarEmulator other = GoogleCalendarEmulator.start(GoogleEmulatorOptions.builder()
                .insertWithIdAndICalUid(InsertWithIdAndICalUid.ACCEPT)
                .build())) {
            String cal = other.createCalendar("x@example.com");
            Event e = client(other, new com.google.api.client.http.javanet.NetHttpTransport())
                    .events()
                    .insert(
                            cal,
                            timed("x", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                                    .setId("abcdef12345")
                                    .setICalUID("uid-1@example.com"))
                    .execute();
            assertThat(e.getId()).isEqualTo("abcdef12345");
            assertThat(e.getICalUID()).isEqualTo("uid-1@example.com");
        }
    }

    @Test
    @DisplayName("§5 an iCalUID alone is kept; read-only fields in the body are ignored")
    void iCalUidKeptAndReadOnlyIgnored() throws Exception {
        String cal = newCalendar();
        Event e = insert(
                cal,
                timed("x", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                        .setICalUID("uid-2@example.com")
                        .setEtag("\"42\"")
                        .setHtmlLink("http://evil")
                        .setOrganizer(new Event.Organizer().setEmail("someone@else")));
        assertThat(e.getICalUID()).isEqualTo("uid-2@example.com");
        assertThat(e.getEtag()).isNotEqualTo("\"42\"");
        assertThat(e.getHtmlLink()).startsWith("https://www.google.com/");
        assertThat(e.getOrganizer().getEmail()).isEqualTo(cal);
    }

    @Test
    @DisplayName("§5 start and end are required")
    void startAndEndRequired() {
        String cal = newCalendar();
        fails(
                () -> insert(cal, new Event().setSummary("x").setStart(at("2026-03-10T10:00:00Z"))),
                400,
                "required",
                null);
    }

    @Test
    @DisplayName("§5 a recurring insert needs start.timeZone (E15); with it, recurrence is stored")
    void recurringNeedsTimeZone() throws Exception {
        String cal = newCalendar();
        fails(
                () -> insert(
                        cal,
                        timed("r", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                                .setRecurrence(List.of("RRULE:FREQ=WEEKLY"))),
                400,
                "invalid",
                "Missing time zone definition for start time.");
        Event e = insert(
                cal, weekly("r", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", "Europe/Berlin", "RRULE:FREQ=WEEKLY"));
        assertThat(e.getRecurrence()).containsExactly("RRULE:FREQ=WEEKLY");
        assertThat(e.getStart().getTimeZone()).isEqualTo("Europe/Berlin");
    }

    @Test
    @DisplayName("§5 inserted events show up in the next incremental sync")
    void insertShowsUpInDelta() throws Exception {
        String cal = newCalendar();
        String token = net.events().list(cal).execute().getNextSyncToken();
        Event e = insertSimple(cal);
        assertThat(net.events().list(cal).setSyncToken(token).execute().getItems())
                .extracting(Event::getId)
                .containsExactly(e.getId());
    }
}
