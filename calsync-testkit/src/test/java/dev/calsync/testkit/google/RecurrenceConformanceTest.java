package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import dev.calsync.testkit.google.GoogleEmulatorOptions.InstanceIdFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§10 recurring events, instances, exceptions")
class RecurrenceConformanceTest extends EmulatorTestSupport {

    private List<String> starts(Events events) {
        return events.getItems().stream()
                .map(e -> e.getStart().getDateTime() != null
                        ? e.getStart().getDateTime().toStringRfc3339()
                        : e.getStart().getDate().toStringRfc3339())
                .toList();
    }

    @Test
    @DisplayName("§10.5 RRULE expansion keeps the wall-clock time of start.timeZone across DST")
    void dstAwareExpansion() throws Exception {
        String cal = newCalendar("Europe/Berlin");
        Event m = insert(
                cal,
                weekly(
                        "w",
                        "2026-03-21T10:00:00+01:00",
                        "2026-03-21T11:00:00+01:00",
                        "Europe/Berlin",
                        "RRULE:FREQ=WEEKLY;COUNT=3"));
        Events i = net.events().instances(cal, m.getId()).execute();
        assertThat(starts(i))
                .containsExactly(
                        "2026-03-21T10:00:00.000+01:00",
                        "2026-03-28T10:00:00.000+01:00",
                        "2026-04-04T10:00:00.000+02:00");
        assertThat(i.getItems())
                .extracting(Event::getId)
                .containsExactly(
                        m.getId() + "_20260321T090000Z",
                        m.getId() + "_20260328T090000Z",
                        m.getId() + "_20260404T080000Z");
        Event first = i.getItems().get(0);
        assertThat(first.getRecurringEventId()).isEqualTo(m.getId());
        assertThat(first.getRecurrence()).isNull();
        assertThat(first.getOriginalStartTime().getTimeZone()).isEqualTo("Europe/Berlin");
        assertThat(first.getEtag()).isNotEqualTo(m.getEtag());
        assertThat(first.getICalUID()).isEqualTo(m.getICalUID());
    }

    @Test
    @DisplayName("§10 EXDATE (TZID, UTC, VALUE=DATE), RDATE and UNTIL are honoured")
    void exdateRdateUntil() throws Exception {
        String cal = newCalendar();
        Event m = insert(
                cal,
                weekly(
                        "d",
                        "2026-03-10T10:00:00Z",
                        "2026-03-10T11:00:00Z",
                        "Europe/London",
                        "RRULE:FREQ=DAILY;UNTIL=20260316T100000Z",
                        "EXDATE;TZID=Europe/London:20260311T100000",
                        "EXDATE:20260312T100000Z",
                        "EXDATE;VALUE=DATE:20260313",
                        "RDATE:20260320T150000Z"));
        assertThat(starts(net.events().instances(cal, m.getId()).execute()))
                .containsExactly(
                        "2026-03-10T10:00:00.000Z",
                        "2026-03-14T10:00:00.000Z",
                        "2026-03-15T10:00:00.000Z",
                        "2026-03-16T10:00:00.000Z",
                        "2026-03-20T15:00:00.000Z");
    }

    @Test
    @DisplayName("§10 all-day series: instance ids <master>_<YYYYMMDD>, dates, EXDATE;VALUE=DATE")
    void allDaySeries() throws Exception {
        String cal = newCalendar();
        Event m = insert(
                cal,
                new Event()
                        .setSummary("a")
                        .setStart(day("2026-03-10"))
                        .setEnd(day("2026-03-11"))
                        .setRecurrence(List.of("RRULE:FREQ=DAILY;COUNT=3", "EXDATE;VALUE=DATE:20260311")));
        Events i = net.events().instances(cal, m.getId()).execute();
        assertThat(i.getItems())
                .extracting(Event::getId)
                .containsExactly(m.getId() + "_20260310", m.getId() + "_20260312");
        assertThat(i.getItems().get(1).getEnd().getDate().toStringRfc3339()).isEqualTo("2026-03-13");
        assertThat(i.getItems().get(1).getOriginalStartTime().getDate().toStringRfc3339())
                .isEqualTo("2026-03-12");
    }

    @Test
    @DisplayName("§10.4 singleEvents/showDeleted matrix with an exception and a cancelled exception")
    void listingMatrix() throws Exception {
        String cal = newCalendar();
        Event m = insert(
                cal, weekly("w", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", "UTC", "RRULE:FREQ=WEEKLY;COUNT=3"));
        Event single = insertSimple(cal);
        Event deleted = insertSimple(cal);
        net.events().delete(cal, deleted.getId()).execute();
        String modified = m.getId() + "_20260317T100000Z";
        String cancelled = m.getId() + "_20260324T100000Z";
        net.events().patch(cal, modified, new Event().setSummary("moved")).execute();
        net.events().delete(cal, cancelled).execute();

        assertThat(net.events().list(cal).execute().getItems())
                .extracting(Event::getId)
                .containsExactlyInAnyOrder(m.getId(), single.getId(), modified, cancelled);
        Events withDeleted = net.events().list(cal).setShowDeleted(true).execute();
        assertThat(withDeleted.getItems())
                .extracting(Event::getId)
                .containsExactlyInAnyOrder(m.getId(), single.getId(), modified, cancelled, deleted.getId());
        Event cancelledItem = withDeleted.getItems().stream()
                .filter(e -> e.getId().equals(cancelled))
                .findFirst()
                .orElseThrow();
        assertThat(cancelledItem.keySet())
                .containsExactlyInAnyOrder("kind", "etag", "id", "status", "recurringEventId", "originalStartTime");
        assertThat(net.events().list(cal).setSingleEvents(true).execute().getItems())
                .extracting(Event::getId)
                .containsExactlyInAnyOrder(m.getId() + "_20260310T100000Z", modified, single.getId());
        assertThat(net.events()
                        .list(cal)
                        .setSingleEvents(true)
                        .setShowDeleted(true)
                        .execute()
                        .getItems())
                .extracting(Event::getId)
                .containsExactlyInAnyOrder(
                        m.getId() + "_20260310T100000Z", modified, cancelled, single.getId(), deleted.getId());
        assertThat(net.events()
                        .list(cal)
                        .setSingleEvents(true)
                        .setOrderBy("startTime")
                        .execute()
                        .getItems())
                .extracting(Event::getSummary)
                .containsExactly("w", "s", "moved");
    }

    @Test
    @DisplayName("§10.5 instances: originalStart, showDeleted, maxResults/pageToken, timeMin/timeMax")
    void instancesParameters() throws Exception {
        String cal = newCalendar();
        Event m = insert(
                cal, weekly("d", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", "UTC", "RRULE:FREQ=DAILY;COUNT=5"));
        net.events().delete(cal, m.getId() + "_20260311T100000Z").execute();
        assertThat(net.events().instances(cal, m.getId()).execute().getItems()).hasSize(4);
        assertThat(net.events()
                        .instances(cal, m.getId())
                        .setShowDeleted(true)
                        .execute()
                        .getItems())
                .hasSize(5);
        assertThat(net.events()
                        .instances(cal, m.getId())
                        .setOriginalStart("2026-03-12T10:00:00Z")
                        .execute()
                        .getItems())
                .extracting(Event::getId)
                .containsExactly(m.getId() + "_20260312T100000Z");
        Events p1 = net.events().instances(cal, m.getId()).setMaxResults(3).execute();
        assertThat(p1.getItems()).hasSize(3);
        assertThat(p1.getNextSyncToken()).isNull();
        Events p2 = net.events()
                .instances(cal, m.getId())
                .setMaxResults(3)
                .setPageToken(p1.getNextPageToken())
                .execute();
        assertThat(p2.getItems()).hasSize(1);
        assertThat(p2.getNextPageToken()).isNull();
        assertThat(net.events()
                        .instances(cal, m.getId())
                        .setTimeMin(new DateTime("2026-03-12T10:30:00Z"))
                        .setTimeMax(new DateTime("2026-03-13T10:30:00Z"))
                        .execute()
                        .getItems())
                .hasSize(2);
    }

    @Test
    @DisplayName("§10.4 singleEvents=true expands open-ended series up to the horizon and reaches an end")
    void openEndedHorizon() throws Exception {
        String cal = newCalendar();
        insert(cal, weekly("w", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", "UTC", "RRULE:FREQ=WEEKLY"));
        Events all =
                net.events().list(cal).setSingleEvents(true).setMaxResults(2500).execute();
        assertThat(all.getItems().size()).isBetween(100, 110);
        assertThat(all.getNextSyncToken()).isNotNull();
    }

    @Test
    @DisplayName("§11.3 singleEvents=true delta: a changed master yields its instances; masters never appear")
    void singleEventsDelta() throws Exception {
        String cal = newCalendar();
        Event m = insert(
                cal, weekly("w", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", "UTC", "RRULE:FREQ=WEEKLY;COUNT=3"));
        String token = net.events().list(cal).setSingleEvents(true).execute().getNextSyncToken();
        net.events().patch(cal, m.getId(), new Event().setSummary("renamed")).execute();
        Events delta =
                net.events().list(cal).setSingleEvents(true).setSyncToken(token).execute();
        assertThat(delta.getItems()).extracting(Event::getSummary).containsExactly("renamed", "renamed", "renamed");
        net.events().delete(cal, m.getId()).execute();
        Events gone = net.events()
                .list(cal)
                .setSingleEvents(true)
                .setSyncToken(delta.getNextSyncToken())
                .execute();
        assertThat(gone.getItems()).hasSize(3).allSatisfy(e -> {
            assertThat(e.getStatus()).isEqualTo("cancelled");
            assertThat(e.getRecurringEventId()).isEqualTo(m.getId());
        });
    }

    @Test
    @DisplayName("§10.3 shortening a series with UNTIL cancels exceptions past the new end")
    void untilCancelsLaterExceptions() throws Exception {
        String cal = newCalendar();
        Event m = insert(
                cal, weekly("d", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", "UTC", "RRULE:FREQ=DAILY;COUNT=5"));
        String late = m.getId() + "_20260314T100000Z";
        net.events().patch(cal, late, new Event().setSummary("late")).execute();
        net.events()
                .patch(cal, m.getId(), new Event().setRecurrence(List.of("RRULE:FREQ=DAILY;UNTIL=20260311T235959Z")))
                .execute();
        assertThat(net.events().get(cal, late).execute().getStatus()).isEqualTo("cancelled");
        assertThat(net.events().instances(cal, m.getId()).execute().getItems()).hasSize(2);
    }

    @Test
    @DisplayName("§4 OPAQUE instance ids are stable, resolvable, and not the classic time format")
    void opaqueInstanceIds() throws Exception {
        try (GoogleCalendarEmulator other = GoogleCalendarEmulator.start(GoogleEmulatorOptions.builder()
                .instanceIdFormat(InstanceIdFormat.OPAQUE)
                .build())) {
            String cal = other.createCalendar("x@example.com");
            Calendar c = client(other, new NetHttpTransport());
            Event m = c.events()
                    .insert(
                            cal,
                            weekly(
                                    "w",
                                    "2026-03-10T10:00:00Z",
                                    "2026-03-10T11:00:00Z",
                                    "UTC",
                                    "RRULE:FREQ=WEEKLY;COUNT=2"))
                    .execute();
            List<String> ids = c.events().instances(cal, m.getId()).execute().getItems().stream()
                    .map(Event::getId)
                    .toList();
            assertThat(ids)
                    .hasSize(2)
                    .allSatisfy(id -> assertThat(id).doesNotContain("2026").doesNotEndWith("Z"));
            assertThat(c.events().instances(cal, m.getId()).execute().getItems())
                    .extracting(Event::getId)
                    .isEqualTo(ids);
            Event ex = c.events()
                    .patch(cal, ids.get(1), new Event().setSummary("x"))
                    .execute();
            assertThat(ex.getId()).isEqualTo(ids.get(1));
            assertThat(c.events().get(cal, ids.get(0)).execute().getRecurringEventId())
                    .isEqualTo(m.getId());
        }
    }
}
