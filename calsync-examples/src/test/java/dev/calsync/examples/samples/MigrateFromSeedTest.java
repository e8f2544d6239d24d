package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.services.calendar.Calendar;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.Side;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.store.jdbi.seedimport.SeedDatabase;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import java.net.URI;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MigrateFromSeed} on real calendars: the Google emulator and the CalDAV emulator hold the
 * events the seed's fixture database ({@code seed-fixture.sql} in calsync-store-jdbi's test-jar)
 * says the seed synced, with Google's own random ids and the seed's own CalDAV resource names.
 */
class MigrateFromSeedTest {
    private static final String GOOGLE_CALENDAR = SeedDatabase.GOOGLE_CALENDAR;
    private static final String CALDAV_CALENDAR = "family";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String G_DENTIST = "k9p346n3d25rq4f5r37e3p3e28";
    private static final String G_LUNCH_TEAM = "iq97jb6cn643dvrkttnjfbf5jv";
    private static final String G_STANDUP = "lsi47qal9vq24klmvt45hu43js";
    private static final String G_PARTY = "iom1tma7v3di8fppv5asph8rhq";
    private static final String G_BOOK_CLUB = "moe95b9ee0vbgi09qnk83tpppp";
    private static final String G_LUNCH = "6up3c4dsa7l36096n14do9gmnu";

    @TempDir
    Path dir;

    private GoogleCalendarEmulator google;
    private CalDavEmulator caldav;
    private URI caldavCalendarUrl;
    private Calendar googleClient;

    @BeforeEach
    void calendarsAsTheSeedLeftThem() {
        google = GoogleCalendarEmulator.start();
        caldav = CalDavEmulator.start();
        google.createCalendar(GOOGLE_CALENDAR);
        caldavCalendarUrl = caldav.createCalendar(CALDAV_CALENDAR);
        // The emulator accepts any bearer token.
        googleClient = MigrateFromSeed.googleClient(
                GoogleCredentials.create(new AccessToken("emulator-token", new Date(Long.MAX_VALUE / 2))),
                google.rootUrl());

        // e1: made on iCloud; the seed's Google copy has Google's id and Google's own iCalUID.
        googleEvent(G_DENTIST, null, "Dentist", "2030-03-05T14:00:00Z", "2030-03-05T14:30:00Z", null);
        caldavEvent("dentist.ics", "dentist-2030@example.org", "Dentist", "20300305T140000Z", "20300305T143000Z", "");
        // e2: made on Google; the seed copied it to iCloud under its own resource name and Google's UID.
        googleEvent(G_LUNCH_TEAM, null, "Team lunch", "2030-03-06T12:00:00Z", "2030-03-06T13:00:00Z", null);
        caldavEvent(
                "F3A1C0DE-2B7E-4C1A-9D55-0E5A3B6C7D8E.ics",
                G_LUNCH_TEAM + "@google.com",
                "Team lunch",
                "20300306T120000Z",
                "20300306T130000Z",
                "");
        // e3 + e4: a weekly series made on iCloud, one occurrence moved by an hour on both sides.
        googleEvent(
                G_STANDUP,
                null,
                "Stand-up",
                "2030-03-04T09:00:00Z",
                "2030-03-04T09:15:00Z",
                "RRULE:FREQ=WEEKLY;COUNT=6");
        ObjectNode moved = JSON.createObjectNode();
        moved.putObject("start").put("dateTime", "2030-03-11T10:00:00Z").put("timeZone", "UTC");
        moved.putObject("end").put("dateTime", "2030-03-11T10:15:00Z").put("timeZone", "UTC");
        google.userPatch(GOOGLE_CALENDAR, G_STANDUP + "_20300311T090000Z", moved);
        caldavEvent(
                "standup.ics",
                "standup-7@example.org",
                "Stand-up",
                "20300304T090000Z",
                "20300304T091500Z",
                "RRULE:FREQ=WEEKLY;COUNT=6\r\n",
                String.join(
                        "\r\n",
                        "BEGIN:VEVENT",
                        "UID:standup-7@example.org",
                        "DTSTAMP:20300101T000000Z",
                        "RECURRENCE-ID:20300311T090000Z",
                        "DTSTART:20300311T100000Z",
                        "DTEND:20300311T101500Z",
                        "SEQUENCE:1",
                        "SUMMARY:Stand-up",
                        "END:VEVENT",
                        ""));
        // e5: deleted on both sides (Google keeps the cancelled event).
        googleEvent(G_PARTY, "party-1@example.org", "Party", "2030-03-07T18:00:00Z", "2030-03-07T23:00:00Z", null);
        google.userDelete(GOOGLE_CALENDAR, G_PARTY);
        // e6: on Google only; the seed never copied it.
        googleEvent(G_BOOK_CLUB, null, "Book club", "2030-03-08T19:00:00Z", "2030-03-08T21:00:00Z", null);
        // e7: on both sides under one UID; the seed had marked it orphaned.
        googleEvent(G_LUNCH, "lunch-3@example.org", "Lunch", "2030-03-09T12:00:00Z", "2030-03-09T13:00:00Z", null);
        caldavEvent("lunch.ics", "lunch-3@example.org", "Lunch", "20300309T120000Z", "20300309T130000Z", "");

        SeedDatabase.createWithFixture(
                SeedDatabase.sqliteFile(dir.resolve("seed.db")), caldavCalendarUrl.toString(), false);
    }

    @AfterEach
    void stopEmulators() {
        google.close();
        caldav.close();
    }

    /** An event as Google's apps make it, with the id Google gave it; iCalUID Google's default unless given. */
    private void googleEvent(String id, String iCalUid, String summary, String start, String end, String rrule) {
        ObjectNode e = JSON.createObjectNode().put("id", id).put("summary", summary);
        e.put("iCalUID", iCalUid != null ? iCalUid : id + "@google.com");
        e.putObject("start").put("dateTime", start).put("timeZone", "UTC");
        e.putObject("end").put("dateTime", end).put("timeZone", "UTC");
        if (rrule != null) {
            e.putArray("recurrence").add(rrule);
        }
        google.userInsert(GOOGLE_CALENDAR, e);
    }

    private void caldavEvent(
            String name, String uid, String summary, String start, String end, String rrule, String... more) {
        caldav.userPut(
                CALDAV_CALENDAR,
                name,
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//iCloud//EN\r\n"
                        + "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20300101T000000Z\r\nDTSTART:" + start
                        + "\r\nDTEND:" + end + "\r\n" + rrule + "SUMMARY:" + summary + "\r\nEND:VEVENT\r\n"
                        + String.join("", more) + "END:VCALENDAR\r\n");
    }

    private CalDavCalendarProvider caldavProvider() {
        return CalDavCalendarProvider.builder()
                .serverUri(caldav.baseUri())
                .credentials(caldav.username(), caldav.password())
                .build();
    }

    /** How many series (masters and single events) each summary names on a side, as calsync reads it. */
    private static Map<String, Integer> seriesBySummary(dev.calsync.core.spi.CalendarProvider provider, String calendar)
            throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        try (ChangeListing listing = provider.listChanges(calendar, null)) {
            for (Optional<ChangePage> page = listing.nextPage(); page.isPresent(); page = listing.nextPage()) {
                for (RemoteComponent rc : page.get().components()) {
                    EventComponent c = rc.component();
                    if (c.recurrenceId() == null) {
                        counts.merge(c.summary(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** How many live Google series (masters and single events) each UID has, as calsync's provider names them. */
    private Map<String, Integer> googleSeriesByUid() {
        Map<String, Integer> counts = new TreeMap<>();
        for (ObjectNode e : google.storedEvents(GOOGLE_CALENDAR)) {
            if (e.hasNonNull("recurringEventId")
                    || "cancelled".equals(e.path("status").asText())) {
                continue;
            }
            JsonNode tag = e.path("extendedProperties").path("private").path(GoogleCalendarProvider.UID_PROPERTY);
            counts.merge(tag.isTextual() ? tag.asText() : e.path("iCalUID").asText(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void afterTheImportTheFirstSyncDuplicatesNothingDeletesNothingAndTheSecondWritesNothing() throws Exception {
        Map<String, Integer> expected =
                Map.of("Dentist", 1, "Lunch", 1, "Stand-up", 1, "Team lunch", 1, "Book club", 1);
        try (CalDavCalendarProvider icloud = caldavProvider()) {
            MigrateFromSeed.Outcome outcome =
                    MigrateFromSeed.switchOver(dir.resolve("seed.db"), dir.resolve("calsync.db"), googleClient, icloud);

            assertThat(outcome.imported().mappings()).isEqualTo(6);
            assertThat(outcome.googleEventsTagged())
                    .as("the dentist, the stand-up and its moved occurrence")
                    .isEqualTo(3);
            SyncReport dryRun = outcome.dryRuns().get("seed-1");
            assertThat(dryRun.dryRun()).isTrue();
            assertThat(outcome.toReview().get("seed-1"))
                    .as("plan: %s", dryRun.plan())
                    .isEmpty();

            SyncReport first = outcome.firstSyncs().get("seed-1");
            assertThat(first).as("the first sync ran").isNotNull();
            assertThat(first.plan())
                    .as("the book club, which the seed never copied, is created on iCloud; the rest is adopted")
                    .allSatisfy(op -> assertThat(op.kind()).isIn(SyncOperation.Kind.ADOPT, SyncOperation.Kind.CREATE));
            assertThat(first.count(Side.B, SyncOperation.Kind.CREATE)).isEqualTo(1);
            assertThat(first.count(Side.A, SyncOperation.Kind.CREATE)).isZero();
            assertThat(first.count(Side.A, SyncOperation.Kind.DELETE) + first.count(Side.B, SyncOperation.Kind.DELETE))
                    .isZero();

            GoogleCalendarProvider googleProvider =
                    GoogleCalendarProvider.builder().client(googleClient).build();
            assertThat(seriesBySummary(googleProvider, GOOGLE_CALENDAR)).isEqualTo(expected);
            assertThat(seriesBySummary(icloud, caldavCalendarUrl.toString())).isEqualTo(expected);
            assertThat(googleSeriesByUid())
                    .allSatisfy((uid, n) -> assertThat(n).as(uid).isEqualTo(1));

            try (JdbiMappingStore store = JdbiMappingStore.sqlite(dir.resolve("calsync.db"))) {
                SyncEngine engine = SyncEngine.builder()
                        .sideA(googleProvider)
                        .sideB(icloud)
                        .store(store)
                        .build();
                SyncReport second = engine.sync("seed-1");
                assertThat(second.side(Side.A).fullListing()).isFalse();
                assertThat(second.writes()).as("plan: %s", second.plan()).isZero();
            }
        }
    }

    @Test
    void withoutTheImportTheFirstSyncCopiesTheSeedsPairsAgain() throws Exception {
        try (CalDavCalendarProvider icloud = caldavProvider();
                JdbiMappingStore store = JdbiMappingStore.sqlite(dir.resolve("fresh.db"))) {
            store.useTransaction(
                    tx -> tx.putPair(CalendarPair.of("family", GOOGLE_CALENDAR, caldavCalendarUrl.toString())));
            GoogleCalendarProvider googleProvider =
                    GoogleCalendarProvider.builder().client(googleClient).build();
            SyncReport first = SyncEngine.builder()
                    .sideA(googleProvider)
                    .sideB(icloud)
                    .store(store)
                    .build()
                    .sync("family");

            assertThat(first.count(Side.A, SyncOperation.Kind.CREATE))
                    .as("the dentist and the stand-up: their Google copies carry Google's UID")
                    .isEqualTo(2);
            assertThat(seriesBySummary(googleProvider, GOOGLE_CALENDAR))
                    .containsEntry("Dentist", 2)
                    .containsEntry("Stand-up", 2);
            assertThat(seriesBySummary(icloud, caldavCalendarUrl.toString()))
                    .containsEntry("Dentist", 2)
                    .containsEntry("Stand-up", 2);
        }
    }
}
