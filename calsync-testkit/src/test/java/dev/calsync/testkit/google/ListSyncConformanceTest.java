package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§11 events.list: full and incremental sync")
class ListSyncConformanceTest extends EmulatorTestSupport {

    private List<Events> pages(Calendar.Events.List first) throws Exception {
        List<Events> pages = new ArrayList<>();
        Events page = first.execute();
        pages.add(page);
        while (page.getNextPageToken() != null) {
            assertThat(page.getNextSyncToken()).isNull();
            page = first.setPageToken(page.getNextPageToken()).execute();
            pages.add(page);
        }
        return pages;
    }

    @Test
    @DisplayName("§11.2 full listing over pages: nextPageToken on all but the last, nextSyncToken only on the last")
    void fullListingPages() throws Exception {
        String cal = newCalendar();
        for (int i = 0; i < 7; i++) {
            insertSimple(cal);
        }
        List<Events> pages = pages(net.events()
                .list(cal)
                .setShowDeleted(true)
                .setSingleEvents(false)
                .setMaxResults(3));
        assertThat(pages).hasSize(3);
        assertThat(pages).extracting(p -> p.getItems().size()).containsExactly(3, 3, 1);
        assertThat(pages.get(2).getNextSyncToken()).isNotNull();
        assertThat(pages.get(2).getNextPageToken()).isNull();
        assertThat(pages.stream()
                        .flatMap(p -> p.getItems().stream())
                        .map(Event::getId)
                        .distinct())
                .hasSize(7);
    }

    @Test
    @DisplayName("§11.6 envelope: kind, etag, summary, updated, timeZone, accessRole, defaultReminders, items")
    void envelope() throws Exception {
        String cal = newCalendar("Europe/Berlin");
        Events e = net.events().list(cal).execute();
        assertThat(e.getKind()).isEqualTo("calendar#events");
        assertThat(e.getEtag()).matches("\"\\d+\"");
        assertThat(e.getSummary()).isEqualTo(cal);
        assertThat(e.getUpdated()).isNotNull();
        assertThat(e.getTimeZone()).isEqualTo("Europe/Berlin");
        assertThat(e.getAccessRole()).isEqualTo("owner");
        assertThat(e.getDefaultReminders()).isEmpty();
        assertThat(e.getItems()).isEmpty();
    }

    @Test
    @DisplayName("§11.3 incremental sync: only changes, deduplicated, deleted as minimal {kind,etag,id,status}")
    void incrementalSync() throws Exception {
        String cal = newCalendar();
        Event a = insertSimple(cal);
        Event b = insertSimple(cal);
        String token = net.events().list(cal).setShowDeleted(true).execute().getNextSyncToken();
        Events none = net.events().list(cal).setSyncToken(token).execute();
        assertThat(none.getItems()).isEmpty();
        assertThat(none.getNextSyncToken()).isNotNull();
        net.events().patch(cal, a.getId(), new Event().setSummary("1")).execute();
        net.events().patch(cal, a.getId(), new Event().setSummary("2")).execute();
        net.events().delete(cal, b.getId()).execute();
        Event c = insertSimple(cal);
        Events delta =
                net.events().list(cal).setSyncToken(token).setShowDeleted(true).execute();
        assertThat(delta.getItems())
                .extracting(Event::getId)
                .containsExactlyInAnyOrder(a.getId(), b.getId(), c.getId());
        Event deleted = delta.getItems().stream()
                .filter(i -> i.getId().equals(b.getId()))
                .findFirst()
                .orElseThrow();
        assertThat(deleted.keySet()).containsExactlyInAnyOrder("kind", "etag", "id", "status");
        assertThat(delta.getItems().stream()
                        .filter(i -> i.getId().equals(a.getId()))
                        .findFirst()
                        .orElseThrow()
                        .getSummary())
                .isEqualTo("2");
        // tokens are reusable
        assertThat(net.events().list(cal).setSyncToken(token).execute().getItems())
                .hasSize(3);
        assertThat(net.events()
                        .list(cal)
                        .setSyncToken(delta.getNextSyncToken())
                        .execute()
                        .getItems())
                .isEmpty();
    }

    @Test
    @DisplayName("§11.3 paginated incremental sync: syncToken + pageToken, new token on the last page")
    void paginatedDelta() throws Exception {
        String cal = newCalendar();
        String token = net.events().list(cal).execute().getNextSyncToken();
        for (int i = 0; i < 5; i++) {
            insertSimple(cal);
        }
        List<Events> pages = pages(net.events().list(cal).setSyncToken(token).setMaxResults(2));
        assertThat(pages).hasSize(3);
        assertThat(pages.stream().mapToInt(p -> p.getItems().size()).sum()).isEqualTo(5);
        assertThat(pages.get(2).getNextSyncToken()).isNotNull();
    }

    @Test
    @DisplayName("§11.2 the token snapshot is taken at page 1: changes made while paging show up in the next delta")
    void snapshotAtFirstPage() throws Exception {
        String cal = newCalendar();
        Event a = insertSimple(cal);
        insertSimple(cal);
        insertSimple(cal);
        var list = net.events().list(cal).setMaxResults(1);
        Events p1 = list.execute();
        Event during = insertSimple(cal);
        net.events()
                .patch(cal, a.getId(), new Event().setSummary("while paging"))
                .execute();
        List<String> seen = new ArrayList<>();
        p1.getItems().forEach(i -> seen.add(i.getId()));
        Events page = p1;
        while (page.getNextPageToken() != null) {
            page = list.setPageToken(page.getNextPageToken()).execute();
            page.getItems().forEach(i -> seen.add(i.getId()));
        }
        assertThat(seen).doesNotContain(during.getId());
        Events delta =
                net.events().list(cal).setSyncToken(page.getNextSyncToken()).execute();
        assertThat(delta.getItems()).extracting(Event::getId).containsExactlyInAnyOrder(during.getId(), a.getId());
    }

    @Test
    @DisplayName("§11.3 syncToken with timeMin/q/orderBy/... or showDeleted=false -> 400 E5")
    void forbiddenCombinations() throws Exception {
        String cal = newCalendar();
        String token = net.events().list(cal).execute().getNextSyncToken();
        List<Calendar.Events.List> bad = List.of(
                net.events().list(cal).setSyncToken(token).setTimeMin(new DateTime("2026-01-01T00:00:00Z")),
                net.events().list(cal).setSyncToken(token).setTimeMax(new DateTime("2026-01-01T00:00:00Z")),
                net.events().list(cal).setSyncToken(token).setQ("x"),
                net.events().list(cal).setSyncToken(token).setICalUID("u"),
                net.events().list(cal).setSyncToken(token).setOrderBy("updated"),
                net.events().list(cal).setSyncToken(token).setUpdatedMin(new DateTime("2026-03-01T00:00:00Z")),
                net.events().list(cal).setSyncToken(token).setPrivateExtendedProperty(List.of("a=b")),
                net.events().list(cal).setSyncToken(token).setSharedExtendedProperty(List.of("a=b")),
                net.events().list(cal).setSyncToken(token).setShowDeleted(false));
        for (var request : bad) {
            fails(
                    request::execute,
                    400,
                    "syncTokenWithRequestRestrictions",
                    "Sync token cannot be used with other request restrictions.");
        }
        assertThat(net.events()
                        .list(cal)
                        .setSyncToken(token)
                        .setShowDeleted(true)
                        .setSingleEvents(true)
                        .execute()
                        .getItems())
                .isEmpty();
    }

    @Test
    @DisplayName("§11.4 garbage token -> 400 E6; invalidated -> 410 E7; a token older than the retention -> 410")
    void tokenFailures() throws Exception {
        String cal = newCalendar();
        String token = net.events().list(cal).execute().getNextSyncToken();
        fails(
                () -> net.events()
                        .list(cal)
                        .setSyncToken("CPDAlvWDx70CEPDAlvWDx70CGAU=")
                        .execute(),
                400,
                "invalid",
                "Invalid sync token value.");
        google.invalidateSyncTokens(cal);
        fails(() -> net.events().list(cal).setSyncToken(token).execute(), 410, "fullSyncRequired", null);
        String fresh = net.events().list(cal).execute().getNextSyncToken();
        assertThat(net.events().list(cal).setSyncToken(fresh).execute().getItems())
                .isEmpty();
        try (GoogleCalendarEmulator other = GoogleCalendarEmulator.start(GoogleEmulatorOptions.builder()
                .clock(clock)
                .tombstoneRetention(java.time.Duration.ofDays(2))
                .build())) {
            String c2 = other.createCalendar("x@example.com");
            Calendar client = client(other, new NetHttpTransport());
            String old = client.events().list(c2).execute().getNextSyncToken();
            clock.advance(java.time.Duration.ofDays(3));
            fails(() -> client.events().list(c2).setSyncToken(old).execute(), 410, "fullSyncRequired", null);
        }
    }

    @Test
    @DisplayName("§11.1 maxResults default 250 and capped at 2500")
    void maxResultsDefaults() throws Exception {
        try (GoogleCalendarEmulator other = GoogleCalendarEmulator.start(GoogleEmulatorOptions.builder()
                .clock(clock)
                .expansionHorizon(java.time.Duration.ofDays(4000))
                .build())) {
            String c2 = other.createCalendar("x@example.com");
            Calendar client = client(other, new NetHttpTransport());
            client.events()
                    .insert(
                            c2,
                            weekly(
                                    "d",
                                    "2026-03-10T10:00:00Z",
                                    "2026-03-10T11:00:00Z",
                                    "UTC",
                                    "RRULE:FREQ=DAILY;COUNT=2600"))
                    .execute();
            assertThat(client.events().list(c2).setSingleEvents(true).execute().getItems())
                    .hasSize(250);
            Events capped = client.events()
                    .list(c2)
                    .setSingleEvents(true)
                    .setMaxResults(5000)
                    .execute();
            assertThat(capped.getItems()).hasSize(2500);
            assertThat(capped.getNextPageToken()).isNotNull();
        }
    }

    @Test
    @DisplayName("§11.1 timeMin/timeMax overlap (end > timeMin, start < timeMax) and still give a sync token")
    void timeWindow() throws Exception {
        String cal = newCalendar();
        Event in = insert(cal, timed("in", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"));
        insert(cal, timed("before", "2026-03-10T08:00:00Z", "2026-03-10T09:00:00Z"));
        insert(cal, timed("after", "2026-03-10T12:00:00Z", "2026-03-10T13:00:00Z"));
        Events e = net.events()
                .list(cal)
                .setTimeMin(new DateTime("2026-03-10T09:00:00Z"))
                .setTimeMax(new DateTime("2026-03-10T12:00:00Z"))
                .execute();
        assertThat(e.getItems()).extracting(Event::getId).containsExactly(in.getId());
        assertThat(e.getNextSyncToken()).isNotNull();
    }

    @Test
    @DisplayName("§11.2 restricted full listings (q, orderBy, iCalUID, ...) give no sync token unless switched on")
    void restrictedListingsNoToken() throws Exception {
        String cal = newCalendar();
        Event a = insert(cal, timed("findme", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"));
        Events q = net.events().list(cal).setQ("FINDME").execute();
        assertThat(q.getItems()).extracting(Event::getId).containsExactly(a.getId());
        assertThat(q.getNextSyncToken()).isNull();
        assertThat(net.events().list(cal).setICalUID(a.getICalUID()).execute().getItems())
                .hasSize(1);
        try (GoogleCalendarEmulator other = GoogleCalendarEmulator.start(
                GoogleEmulatorOptions.builder().syncTokenWhenRestricted(true).build())) {
            String c2 = other.createCalendar("x@example.com");
            assertThat(client(other, new NetHttpTransport())
                            .events()
                            .list(c2)
                            .setQ("x")
                            .execute()
                            .getNextSyncToken())
                    .isNotNull();
        }
    }

    @Test
    @DisplayName("§11.5 updatedMin returns changes since then, deleted ones included regardless of showDeleted")
    void updatedMin() throws Exception {
        String cal = newCalendar();
        Event old = insertSimple(cal);
        clock.advance(java.time.Duration.ofHours(1));
        DateTime since = new DateTime(clock.instant().toEpochMilli());
        Event fresh = insertSimple(cal);
        Event gone = insertSimple(cal);
        net.events().delete(cal, gone.getId()).execute();
        Events e = net.events().list(cal).setUpdatedMin(since).execute();
        assertThat(e.getItems()).extracting(Event::getId).containsExactlyInAnyOrder(fresh.getId(), gone.getId());
        assertThat(e.getItems()).extracting(Event::getId).doesNotContain(old.getId());
    }

    @Test
    @DisplayName("§11.1 privateExtendedProperty filters (all must match) and orderBy=updated")
    void extendedPropertyFilter() throws Exception {
        String cal = newCalendar();
        Event a = insert(
                cal,
                timed("a", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                        .setExtendedProperties(
                                new Event.ExtendedProperties().setPrivate(java.util.Map.of("x", "1", "y", "2"))));
        insert(
                cal,
                timed("b", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                        .setExtendedProperties(new Event.ExtendedProperties().setPrivate(java.util.Map.of("x", "1"))));
        assertThat(net.events()
                        .list(cal)
                        .setPrivateExtendedProperty(List.of("x=1", "y=2"))
                        .execute()
                        .getItems())
                .extracting(Event::getId)
                .containsExactly(a.getId());
        assertThat(net.events().list(cal).setOrderBy("updated").execute().getItems())
                .hasSize(2);
    }

    @Test
    @DisplayName("§11 putRaw items are listed (full and delta) and returned by get as stored")
    void rawItems() throws Exception {
        String cal = newCalendar();
        String token = net.events().list(cal).execute().getNextSyncToken();
        google.putRaw(cal, "rawevent01", "{\"summary\":\"no times\"}");
        Events full = net.events().list(cal).execute();
        assertThat(full.getItems()).extracting(Event::getId).containsExactly("rawevent01");
        assertThat(net.events().list(cal).setSyncToken(token).execute().getItems())
                .hasSize(1);
        assertThat(net.events().get(cal, "rawevent01").execute().getStart()).isNull();
        google.putRaw(cal, "rawevent02", "{\"start\":{\"dateTime\":\"not a time\"}}");
        // served verbatim: Google's client itself cannot parse it
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> net.events().get(cal, "rawevent02").execute())
                .hasRootCauseInstanceOf(NumberFormatException.class);
        assertThat(google.event(cal, "rawevent02")
                        .orElseThrow()
                        .path("start")
                        .path("dateTime")
                        .asText())
                .isEqualTo("not a time");
    }
}
