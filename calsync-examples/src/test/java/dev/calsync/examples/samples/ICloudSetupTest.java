package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.caldav.CalDavEmulatorOptions;
import dev.calsync.testkit.caldav.StoredResource;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import java.net.URI;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ICloudSetup} against the CalDAV emulator with every iCloud switch on: the calendar home on a
 * second server (another loopback port standing for a {@code pNN-caldav.icloud.com} partition host),
 * the collection and a duplicate href in sync answers, a multiget 404 right after a sync lists an
 * href, no ETag on PUT, a bare 403 for a bad token. The preset is pointed at the emulator by
 * overriding its server URI and allowing 127.0.0.1 besides {@code *.icloud.com}.
 */
class ICloudSetupTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CalDavEmulator icloud;

    @BeforeEach
    void start() {
        icloud = CalDavEmulator.start(CalDavEmulatorOptions.icloud());
    }

    @AfterEach
    void stop() {
        icloud.close();
    }

    /** The sample's preset, pointed at the emulator, waiting for nothing between retries. */
    private CalDavCalendarProvider.Builder presetOnEmulator() {
        return ICloudSetup.preset(icloud.username(), icloud.password())
                .serverUri(icloud.baseUri())
                .allowHosts("127.0.0.1")
                .sleeper(wait -> {});
    }

    @Test
    void discoveryFindsTheCalendarsOnThePartitionHost() {
        URI work = icloud.createCalendar("Work");
        URI home = icloud.createCalendar("Home");
        assertThat(work.getPort()).isNotEqualTo(icloud.baseUri().getPort());

        assertThat(ICloudSetup.eventCalendars(presetOnEmulator()))
                .containsExactlyInAnyOrder("Work  " + work, "Home  " + home);
    }

    @Test
    void aCalendarHomeOnAHostThatIsNotAllowedIsRefused() {
        icloud.createCalendar("Work");
        CalDavCalendarProvider.Builder preset = ICloudSetup.preset(icloud.username(), icloud.password())
                .serverUri(icloud.baseUri()); // 127.0.0.1 is not under *.icloud.com

        assertThatThrownBy(() -> ICloudSetup.eventCalendars(preset))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("allowHosts")
                .hasMessageNotContaining(icloud.password());
    }

    @Test
    void theICloudQuirksCostNothingAndAppleOnlyPropertiesSurviveAnEditFromGoogle() {
        URI work = icloud.createCalendar("Work");
        icloud.userPut(
                "Work",
                "D1A5F0E2-0000-4000-8000-000000000001.ics",
                String.join(
                        "\r\n",
                        "BEGIN:VCALENDAR",
                        "VERSION:2.0",
                        "PRODID:-//Apple Inc.//macOS 15.0//EN",
                        "BEGIN:VEVENT",
                        "UID:D1A5F0E2-0000-4000-8000-000000000001",
                        "DTSTAMP:20300101T000000Z",
                        "DTSTART:20300305T140000Z",
                        "DTEND:20300305T150000Z",
                        "SUMMARY:Dentist",
                        "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
                        "END:VEVENT",
                        "END:VCALENDAR",
                        ""));
        try (GoogleCalendarEmulator google = GoogleCalendarEmulator.start();
                CalDavCalendarProvider caldav = presetOnEmulator().build()) {
            String googleCalendar = google.createCalendar("me@example.org");
            GoogleCalendarProvider gp = GoogleCalendarProvider.builder()
                    .credentials(GoogleCredentials.create(new AccessToken("emulator", new Date(Long.MAX_VALUE / 2))))
                    .rootUrl(google.rootUrl())
                    .build();
            InMemoryMappingStore store = new InMemoryMappingStore();
            store.useTransaction(tx -> tx.putPair(CalendarPair.of("work", googleCalendar, work.toString())));
            SyncEngine engine = SyncEngine.builder()
                    .sideA(gp)
                    .sideB(caldav)
                    .store(store)
                    .sleeper(wait -> {})
                    .build();

            SyncReport first = engine.sync("work");
            assertThat(first.quarantined()).isEmpty();
            ObjectNode copy = google.storedEvents(googleCalendar).get(0);
            assertThat(copy.path("summary").asText()).isEqualTo("Dentist");

            google.userPatch(
                    googleCalendar,
                    copy.path("id").asText(),
                    JSON.createObjectNode().put("summary", "Dentist (moved room)"));
            SyncReport second = engine.sync("work");
            assertThat(second.writes()).isEqualTo(1);

            StoredResource resource = icloud.resource("Work", "D1A5F0E2-0000-4000-8000-000000000001.ics")
                    .orElseThrow();
            assertThat(resource.body())
                    .contains("SUMMARY:Dentist (moved room)")
                    .contains("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC");

            SyncReport third = engine.sync("work");
            assertThat(third.writes()).isZero();
            assertThat(third.quarantined()).isEmpty();
        }
    }
}
