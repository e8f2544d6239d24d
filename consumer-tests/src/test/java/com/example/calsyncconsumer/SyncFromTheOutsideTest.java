package com.example.calsyncconsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import java.nio.file.Path;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a host application does with calsync's published artifacts alone: a Google provider, a
 * CalDAV provider and a SQLite store, assembled against the testkit's emulators, sync an event made
 * on each side to the other, and a second sync finds nothing to do.
 */
class SyncFromTheOutsideTest {
    private static final String ICS = String.join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//example//consumer//EN",
            "BEGIN:VEVENT", "UID:dentist-2027@example.com", "DTSTAMP:20261120T090000Z",
            "DTSTART:20270112T090000Z", "DTEND:20270112T100000Z", "SUMMARY:Dentist",
            "END:VEVENT", "END:VCALENDAR", "");

    @Test
    void anEventFromEachSideReachesTheOtherAndASecondSyncWritesNothing(@TempDir Path dir) {
        try (GoogleCalendarEmulator googleServer = GoogleCalendarEmulator.start();
                CalDavEmulator caldavServer = CalDavEmulator.start()) {
            String googleCalendar = googleServer.createCalendar("family@group.calendar.google.com");
            String caldavCalendar = caldavServer.createCalendar("family").toString();
            ObjectNode standup = new ObjectMapper().createObjectNode().put("summary", "Stand-up");
            standup.putObject("start").put("dateTime", "2027-01-11T09:00:00Z");
            standup.putObject("end").put("dateTime", "2027-01-11T09:15:00Z");
            String standupUid = googleServer.userInsert(googleCalendar, standup).path("iCalUID").asText();
            caldavServer.userPut("family", "dentist.ics", ICS);

            // the assembly a host application writes
            GoogleCalendarProvider google = GoogleCalendarProvider.builder()
                    .credentials(GoogleCredentials.create(new AccessToken("token", new Date(Long.MAX_VALUE / 2))))
                    .rootUrl(googleServer.rootUrl())
                    .build();
            try (CalDavCalendarProvider caldav = CalDavCalendarProvider.builder()
                            .serverUri(caldavServer.baseUri())
                            .credentials(caldavServer.username(), caldavServer.password())
                            .build();
                    JdbiMappingStore store = JdbiMappingStore.sqlite(dir.resolve("calsync.db"))) {
                store.useTransaction(tx -> tx.putPair(CalendarPair.of("family", googleCalendar, caldavCalendar)));
                SyncEngine engine = SyncEngine.builder().sideA(google).sideB(caldav).store(store).build();

                SyncReport first = engine.sync("family");
                SyncReport second = engine.sync("family");

                assertEquals(2, first.writes(), "one copy each way");
                assertEquals(0, second.writes(), "nothing left to do");
            }
            assertTrue(googleServer.storedEvents(googleCalendar).stream()
                    .anyMatch(e -> "Dentist".equals(e.path("summary").asText())), "the CalDAV event is on Google");
            assertTrue(caldavServer.resource("family", CalDavCalendarProvider.resourceNameFor(standupUid))
                    .orElseThrow()
                    .body()
                    .contains("SUMMARY:Stand-up"), "the Google event is on the CalDAV server");
        }
    }
}
