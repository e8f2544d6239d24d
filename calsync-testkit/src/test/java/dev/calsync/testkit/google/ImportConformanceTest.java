package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import dev.calsync.testkit.google.GoogleEmulatorOptions.ImportOfExistingUid;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§6 events.import")
class ImportConformanceTest extends EmulatorTestSupport {

    private static Event copy(String uid, String summary) {
        return timed(summary, "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z").setICalUID(uid);
    }

    @Test
    @DisplayName("§6 import creates an event whose id is '_' + lowercase unpadded base32hex of the UTF-8 iCalUID")
    void importDerivesIdFromICalUid() throws Exception {
        String cal = newCalendar();
        Event e = net.events()
                .calendarImport(cal, copy("6F140ABD-6369-41C5-8839-146E8640BBDF", "a"))
                .execute();
        assertThat(e.getId()).isEqualTo("_6p332d1g85148b9m6cr3ib9k651jab9o70pjib9h6gr4ae1m6go44gi48o");
        assertThat(e.getICalUID()).isEqualTo("6F140ABD-6369-41C5-8839-146E8640BBDF");
        assertThat(Engine.base32hex("f".getBytes(StandardCharsets.UTF_8))).isEqualTo("co");
    }

    @Test
    @DisplayName("§6 a client id in the import body is ignored; organizer is writable on import")
    void idIgnoredOrganizerWritable() throws Exception {
        String cal = newCalendar();
        Event e = net.events()
                .calendarImport(
                        cal,
                        copy("uid-org@example.com", "a")
                                .setId("abcdefghij")
                                .setOrganizer(new Event.Organizer().setEmail("boss@example.com")))
                .execute();
        assertThat(e.getId()).startsWith("_");
        assertThat(e.getOrganizer().getEmail()).isEqualTo("boss@example.com");
    }

    @Test
    @DisplayName("§6 UPSERT (default): re-import updates in place and keeps the id; a lower sequence -> E14")
    void upsertUpdatesInPlaceAndChecksSequence() throws Exception {
        String cal = newCalendar();
        Event first = net.events()
                .calendarImport(cal, copy("uid-up@example.com", "v1").setSequence(2))
                .execute();
        Event second = net.events()
                .calendarImport(cal, copy("uid-up@example.com", "v2").setSequence(2))
                .execute();
        assertThat(second.getId()).isEqualTo(first.getId());
        assertThat(second.getSummary()).isEqualTo("v2");
        assertThat(second.getEtag()).isNotEqualTo(first.getEtag());
        assertThat(net.events().list(cal).execute().getItems()).hasSize(1);
        var d = fails(
                () -> net.events()
                        .calendarImport(cal, copy("uid-up@example.com", "v0"))
                        .execute(),
                400,
                "invalid",
                null);
        assertThat(d.getMessage()).startsWith("Invalid sequence value.");
    }

    @Test
    @DisplayName("§6 UPSERT: when only a deleted event has the iCalUID -> 409 duplicate")
    void upsertOnDeletedIs409() throws Exception {
        String cal = newCalendar();
        Event e = net.events()
                .calendarImport(cal, copy("uid-del@example.com", "v1"))
                .execute();
        net.events().delete(cal, e.getId()).execute();
        fails(
                () -> net.events()
                        .calendarImport(cal, copy("uid-del@example.com", "v2"))
                        .execute(),
                409,
                "duplicate",
                "The requested identifier already exists.");
    }

    @Test
    @DisplayName("§6 CONFLICT switch: any existing iCalUID -> 409 duplicate")
    void conflictSwitch() throws Exception {
        try (GoogleCalendarEmulator other = GoogleCalendarEmulator.start(GoogleEmulatorOptions.builder()
                .importOfExistingUid(ImportOfExistingUid.CONFLICT)
                .build())) {
            String cal = other.createCalendar("x@example.com");
            Calendar c = client(other, new NetHttpTransport());
            c.events().calendarImport(cal, copy("uid-c@example.com", "v1")).execute();
            fails(
                    () -> c.events()
                            .calendarImport(cal, copy("uid-c@example.com", "v1"))
                            .execute(),
                    409,
                    "duplicate",
                    "The requested identifier already exists.");
        }
    }

    @Test
    @DisplayName("§6 import of an inserted event's iCalUID updates that event (UPSERT)")
    void importMatchesInsertedEventByICalUid() throws Exception {
        String cal = newCalendar();
        Event inserted = insert(
                cal,
                timed("ins", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z").setICalUID("shared@x"));
        Event imported =
                net.events().calendarImport(cal, copy("shared@x", "imp")).execute();
        assertThat(imported.getId()).isEqualTo(inserted.getId());
        assertThat(imported.getSummary()).isEqualTo("imp");
    }
}
