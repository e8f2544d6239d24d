package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.Side;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.caldav.StoredResource;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import java.net.URI;
import java.nio.file.Path;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AssembleSync} run for real: the Google Calendar emulator on side A, the CalDAV emulator on
 * side B, a SQLite file in a temporary directory.
 */
class AssembleSyncTest {
    private static final String GOOGLE_CALENDAR = "team@group.calendar.google.com";
    private static final String CALDAV_CALENDAR = "home";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private GoogleCalendarEmulator google;
    private CalDavEmulator caldav;
    private URI caldavCalendarUrl;

    @BeforeEach
    void startEmulators() {
        google = GoogleCalendarEmulator.start();
        caldav = CalDavEmulator.start();
        google.createCalendar(GOOGLE_CALENDAR);
        caldavCalendarUrl = caldav.createCalendar(CALDAV_CALENDAR);
    }

    @AfterEach
    void stopEmulators() {
        google.close();
        caldav.close();
    }

    private SyncReport sync() {
        // The emulator accepts any bearer token.
        GoogleCredentials credentials =
                GoogleCredentials.create(new AccessToken("emulator-token", new Date(Long.MAX_VALUE / 2)));
        return AssembleSync.syncOnce(
                credentials,
                google.rootUrl(),
                caldav.baseUri(),
                caldav.username(),
                caldav.password(),
                dir.resolve("calsync.db"),
                "team-home",
                GOOGLE_CALENDAR,
                caldavCalendarUrl.toString());
    }

    @Test
    void anEventCreatedOnEachSideReachesTheOtherAndAFurtherRunWritesNothing() {
        ObjectNode event = JSON.createObjectNode().put("summary", "Planning with the team");
        event.putObject("start").put("dateTime", "2030-03-04T09:00:00Z");
        event.putObject("end").put("dateTime", "2030-03-04T10:00:00Z");
        String googleUid =
                google.userInsert(GOOGLE_CALENDAR, event).path("iCalUID").asText();
        caldav.userPut(
                CALDAV_CALENDAR,
                "dentist.ics",
                String.join(
                        "\r\n",
                        "BEGIN:VCALENDAR",
                        "VERSION:2.0",
                        "PRODID:-//calsync samples//EN",
                        "BEGIN:VEVENT",
                        "UID:dentist-1@example.org",
                        "DTSTAMP:20300101T000000Z",
                        "DTSTART:20300305T140000Z",
                        "DTEND:20300305T143000Z",
                        "SUMMARY:Dentist",
                        "END:VEVENT",
                        "END:VCALENDAR",
                        ""));

        SyncReport first = sync();

        assertThat(first.count(Side.A, SyncOperation.Kind.CREATE)).isEqualTo(1);
        assertThat(first.count(Side.B, SyncOperation.Kind.CREATE)).isEqualTo(1);
        assertThat(google.storedEvents(GOOGLE_CALENDAR)).anySatisfy(e -> {
            // calsync keeps the CalDAV UID in a private extended property of the events it writes.
            assertThat(e.path("extendedProperties")
                            .path("private")
                            .path(GoogleCalendarProvider.UID_PROPERTY)
                            .asText())
                    .isEqualTo("dentist-1@example.org");
            assertThat(e.path("summary").asText()).isEqualTo("Dentist");
            assertThat(e.path("start").path("dateTime").asText()).startsWith("2030-03-05T14:00:00");
        });
        assertThat(caldav.resource(CALDAV_CALENDAR, CalDavCalendarProvider.resourceNameFor(googleUid)))
                .map(StoredResource::body)
                .hasValueSatisfying(ics -> assertThat(ics)
                        .contains("UID:" + googleUid)
                        .contains("SUMMARY:Planning with the team")
                        .contains("DTSTART:20300304T090000Z"));

        SyncReport second = sync();

        assertThat(second.side(Side.A).fullListing())
                .as("the second run reads changes since the token stored in SQLite")
                .isFalse();
        assertThat(second.side(Side.B).fullListing()).isFalse();
        assertThat(second.writes()).isZero();
    }
}
