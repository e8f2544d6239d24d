package dev.calsync.caldav.internal;

import static dev.calsync.caldav.internal.ICalFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.ParticipationStatus;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.event.Reminder;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

/** Writing resources servers accept and that keep what other clients put there. */
class ICalendarCodecRenderTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static EventTime berlin(int y, int mo, int d, int h, int mi) {
        return EventTime.of(LocalDateTime.of(y, mo, d, h, mi), BERLIN);
    }

    private static List<String> lines(String text) {
        return ICalContent.unfold(text);
    }

    private static Calendar strict(String text) throws Exception {
        return new CalendarBuilder().build(new StringReader(text));
    }

    private static EventSeries weekly() {
        EventComponent master = EventComponent.builder("weekly@example.com", berlin(2026, 1, 5, 9, 0))
                .end(berlin(2026, 1, 5, 10, 0))
                .summary("Weekly")
                .recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;COUNT=10"))
                .build();
        EventComponent moved = EventComponent.builder(
                        "weekly@example.com", EventTime.of(LocalDateTime.of(2026, 1, 12, 4, 0), NEW_YORK))
                .recurrenceId(RecurrenceId.of(berlin(2026, 1, 12, 9, 0)))
                .summary("Moved, and told in New York time")
                .build();
        return new EventSeries(
                "weekly@example.com",
                master,
                List.of(moved),
                new TreeSet<>(List.of(RecurrenceId.of(berlin(2026, 1, 19, 9, 0)))));
    }

    @Test
    void theResourceIsOneVcalendarWithVersionProdidZonesMasterThenOverrides() throws Exception {
        String text = ICalendarCodec.render(weekly(), null);
        List<String> lines = lines(text);

        assertThat(lines.subList(0, 3))
                .containsExactly("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//calsync//calsync-caldav//EN");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("TZID:"))
                .containsExactly("TZID:America/New_York", "TZID:Europe/Berlin");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("RECURRENCE-ID") || l.startsWith("BEGIN:V"))
                .containsExactly(
                        "BEGIN:VCALENDAR",
                        "BEGIN:VTIMEZONE",
                        "BEGIN:VTIMEZONE",
                        "BEGIN:VEVENT",
                        "BEGIN:VEVENT",
                        "RECURRENCE-ID;TZID=Europe/Berlin:20260112T090000");
        assertThat(lines).doesNotContain("METHOD");
        Calendar parsed = strict(text);
        assertThat(parsed.<VEvent>getComponents("VEVENT")).hasSize(2);
    }

    @Test
    void aCancelledOccurrenceOfASeriesWithMasterIsAnExdateInTheMastersZone() {
        String text = ICalendarCodec.render(weekly(), null);

        assertThat(lines(text)).contains("EXDATE;TZID=Europe/Berlin:20260119T090000");
        assertThat(text).doesNotContain("STATUS:CANCELLED");
        EventSeries back = ICalendarCodec.parse(text).orElseThrow();
        assertThat(back.allCancelledOccurrences()).containsExactly(RecurrenceId.of(berlin(2026, 1, 19, 9, 0)));
        assertThat(ContentHash.perComponent(back)).isEqualTo(ContentHash.perComponent(weekly()));
    }

    @Test
    void aCancelledOccurrenceWithoutMasterIsACancelledOverride() {
        EventSeries s = ICalendarCodec.parse(fixture("orphan.ics")).orElseThrow();
        EventSeries withCancel = new EventSeries(
                s.uid(),
                null,
                s.overrides(),
                new TreeSet<>(List.of(new RecurrenceId.AtInstant(Instant.parse("2026-01-15T10:00:00Z")))));

        String text = ICalendarCodec.render(withCancel, null);

        assertThat(text).doesNotContain("EXDATE");
        String cancelled = Arrays.stream(text.split("BEGIN:VEVENT"))
                .filter(v -> v.contains("STATUS:CANCELLED"))
                .collect(Collectors.joining());
        assertThat(cancelled).contains("RECURRENCE-ID:20260115T100000Z\r\n", "DTSTART:20260115T100000Z\r\n", "DTEND:");
        assertThat(ICalendarCodec.parse(text).orElseThrow().cancelledOccurrences())
                .containsExactly(new RecurrenceId.AtInstant(Instant.parse("2026-01-15T10:00:00Z")));
    }

    @Test
    void everyVeventHasDtendAndNoneHasDuration() {
        String fromDuration = ICalendarCodec.render(
                ICalendarCodec.parse(fixture("duration.ics")).orElseThrow(), null);
        String fromNoEnd = ICalendarCodec.render(
                ICalendarCodec.parse(fixture("missing-dtend.ics")).orElseThrow(), null);
        String fromNoEndAllDay = ICalendarCodec.render(
                ICalendarCodec.parse(fixture("missing-dtend-all-day.ics")).orElseThrow(), null);

        assertThat(lines(fromDuration))
                .contains("DTEND;TZID=Europe/Berlin:20260329T233000")
                .noneMatch(l -> l.startsWith("DURATION"));
        assertThat(lines(fromNoEnd)).contains("DTEND:20260301T090000Z");
        assertThat(lines(fromNoEndAllDay)).contains("DTSTART;VALUE=DATE:20260301", "DTEND;VALUE=DATE:20260302");
    }

    @Test
    void allFourKindsOfTimeAreWrittenAsRfc5545SaysAndReadBack() {
        EventTime[] starts = {
            EventTime.date(java.time.LocalDate.of(2026, 5, 1)),
            berlin(2026, 5, 1, 9, 0),
            EventTime.utc(Instant.parse("2026-05-01T07:00:00Z")),
            EventTime.floating(LocalDateTime.of(2026, 5, 1, 9, 0)),
        };
        String[] expected = {
            "DTSTART;VALUE=DATE:20260501",
            "DTSTART;TZID=Europe/Berlin:20260501T090000",
            "DTSTART:20260501T070000Z",
            "DTSTART:20260501T090000",
        };
        for (int i = 0; i < starts.length; i++) {
            EventSeries s =
                    EventSeries.of(EventComponent.builder("k" + i, starts[i]).build());
            String text = ICalendarCodec.render(s, null);
            assertThat(lines(text)).contains(expected[i]);
            assertThat(ICalendarCodec.parse(text).orElseThrow().master().start())
                    .isEqualTo(starts[i]);
        }
    }

    @Test
    void textIsEscapedAndLongLinesAreFoldedAt75OctetsNeverInsideACharacter() {
        String summary = "a;b,c\\d\ne " + "😀会議ä".repeat(40);
        EventSeries s = EventSeries.of(
                EventComponent.builder("fold@example.com", EventTime.utc(Instant.parse("2026-01-01T10:00:00Z")))
                        .summary(summary)
                        .build());

        String text = ICalendarCodec.render(s, null);

        for (String physical : text.split("\r\n")) {
            assertThat(physical.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
            assertThat(Character.isHighSurrogate(physical.charAt(physical.length() - 1)))
                    .isFalse();
        }
        assertThat(lines(text)).anyMatch(l -> l.startsWith("SUMMARY:a\\;b\\,c\\\\d\\ne 😀会議ä"));
        assertThat(ICalendarCodec.parse(text).orElseThrow().master().summary()).isEqualTo(summary);
    }

    @Test
    void equalSeriesRenderToTheSameBytes() {
        String first = ICalendarCodec.render(weekly(), null);

        assertThat(ICalendarCodec.render(weekly(), null)).isEqualTo(first);
        assertThat(ICalendarCodec.render(ICalendarCodec.parse(first).orElseThrow(), first))
                .isEqualTo(first);
    }

    @Test
    void peopleAndRemindersAreWrittenWithTheirParameters() throws Exception {
        EventSeries s = EventSeries.of(EventComponent.builder(
                        "people@example.com", EventTime.utc(Instant.parse("2026-01-01T10:00:00Z")))
                .organizer(new Organizer("ann@example.com", "Müller, Jörg"))
                .attendee(new Attendee(
                        "bob@example.com", "Bob \"The\" Builder", ParticipationStatus.TENTATIVE, true, false))
                .attendee(new Attendee("room-1@example.com", null, ParticipationStatus.ACCEPTED, false, true))
                .reminders(List.of(new Reminder(Reminder.Method.DISPLAY, 10), new Reminder(Reminder.Method.EMAIL, 0)))
                .build());

        String text = ICalendarCodec.render(s, null);

        assertThat(lines(text))
                .contains(
                        "ORGANIZER;CN=\"Müller, Jörg\":mailto:ann@example.com",
                        "ATTENDEE;CN=Bob ^'The^' Builder;ROLE=OPT-PARTICIPANT;PARTSTAT=TENTATIVE:mailto:bob@example.com",
                        "ATTENDEE;CUTYPE=RESOURCE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:room-1@example.com",
                        "TRIGGER:-PT10M",
                        "TRIGGER:PT0S",
                        "ACTION:EMAIL");
        EventComponent back = ICalendarCodec.parse(text).orElseThrow().master();
        assertThat(back.attendees()).isEqualTo(s.master().attendees());
        assertThat(back.organizer()).isEqualTo(s.master().organizer());
        assertThat(back.reminders()).isEqualTo(s.master().reminders());
        strict(text);
    }

    @Test
    void dtstampIsTheLastModificationElseThePreviousElseTheEpoch() {
        EventComponent c = EventComponent.builder(
                        "stamp@example.com", EventTime.utc(Instant.parse("2026-01-01T10:00:00Z")))
                .build();
        String previous = fixture("missing-dtend.ics").replace("no-end-timed@example.com", "stamp@example.com");

        assertThat(ICalendarCodec.render(EventSeries.of(c), null)).contains("DTSTAMP:19700101T000000Z");
        assertThat(ICalendarCodec.render(EventSeries.of(c), previous)).contains("DTSTAMP:20260101T000000Z");
        String stamped = ICalendarCodec.render(
                EventSeries.of(c.toBuilder()
                        .lastModified(Instant.parse("2026-02-03T04:05:06.789Z"))
                        .build()),
                previous);
        assertThat(lines(stamped)).contains("DTSTAMP:20260203T040506Z", "LAST-MODIFIED:20260203T040506Z");
    }

    // ------------------------------------------------------------ keeping what calsync does not map

    @Test
    void appleAndUnknownPropertiesSurviveAnUpdateOfTheComponentsStillThere() throws Exception {
        String previous = fixture("apple-x-props.ics");
        EventSeries read = ICalendarCodec.parse(previous).orElseThrow();
        // The user renames the series on the other side and deletes the second override.
        EventComponent renamed =
                read.master().toBuilder().summary("Team sync (renamed)").build();
        EventSeries updated =
                new EventSeries(read.uid(), renamed, List.of(read.overrides().get(0)), new TreeSet<>());

        String text = ICalendarCodec.render(updated, previous);
        List<String> lines = lines(text);

        assertThat(lines)
                .contains(
                        "SUMMARY:Team sync (renamed)",
                        "CREATED:20251201T101500Z",
                        "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
                        "X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-ADDRESS=\"Hauptstraße 1, 10827 Berlin\";X-APPLE-RADIUS=70.58;X-TITLE=\"Room 4.12\":geo:52.486,13.353",
                        "ATTACH;FMTTYPE=application/pdf;SIZE=1234;FILENAME=agenda.pdf:https://p42-caldav.icloud.com/123/dropbox/agenda.pdf",
                        "PRIORITY:5",
                        "FOO-IANA-PROP;X-P=1:kept as it is",
                        "X-WR-CALNAME:Work",
                        "CALSCALE:GREGORIAN",
                        // The reminder still says the same: Apple's alarm is kept with its ids.
                        "X-WR-ALARMUID:8F1C0D7A-1111-4E0B-9B8A-2D5E0F6A7B01",
                        "ACKNOWLEDGED:20260105T074500Z",
                        // An alarm calsync cannot say is kept as it was.
                        "TRIGGER;VALUE=DATE-TIME:19760401T005545Z",
                        "X-APPLE-OVERRIDE-NOTE:only in the override");
        // RSVP and SCHEDULE-STATUS are no part of calsync's model, but stay with Bob.
        assertThat(lines)
                .anyMatch(l -> l.startsWith("ATTENDEE;CN=Bob;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;")
                        && l.contains(";RSVP=TRUE")
                        && l.contains(";SCHEDULE-STATUS=2.0")
                        && l.endsWith(":mailto:bob@example.com"));
        assertThat(lines).anyMatch(l -> l.startsWith("ATTENDEE;CN=Room 4.12;CUTYPE=ROOM;ROLE=NON-PARTICIPANT;"));
        // The override that is gone takes its properties with it; nothing is written twice.
        assertThat(text).doesNotContain("X-APPLE-DROPPED-WITH-ITS-OVERRIDE", "second override");
        assertThat(lines)
                .filteredOn(l -> l.equals("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC"))
                .hasSize(1);
        assertThat(lines).filteredOn(l -> l.startsWith("CREATED:")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.equals("BEGIN:VALARM")).hasSize(2);
        assertThat(lines).noneMatch(l -> l.startsWith("PRODID:-//Apple"));

        EventSeries back = ICalendarCodec.parse(text).orElseThrow();
        assertThat(ContentHash.perComponent(back)).isEqualTo(ContentHash.perComponent(updated));
        strict(text);
    }

    @Test
    void aReminderThatChangedReplacesAppleAlarmButKeepsTheOnesCalsyncCannotSay() {
        String previous = fixture("apple-x-props.ics");
        EventSeries read = ICalendarCodec.parse(previous).orElseThrow();
        EventComponent master = read.master().toBuilder()
                .reminders(List.of(new Reminder(Reminder.Method.DISPLAY, 30)))
                .build();

        String text =
                ICalendarCodec.render(new EventSeries(read.uid(), master, read.overrides(), new TreeSet<>()), previous);

        assertThat(text).doesNotContain("8F1C0D7A-1111").contains("TRIGGER:-PT30M", "8F1C0D7A-2222");
        assertThat(ICalendarCodec.parse(text).orElseThrow().master().reminders())
                .containsExactly(new Reminder(Reminder.Method.DISPLAY, 30));
    }

    @Test
    void theRangeOfAnOverrideIsKeptWhileTheOverrideIs() {
        String previous = fixture("range.ics");
        EventSeries s = ICalendarCodec.parse(previous).orElseThrow();

        assertThat(lines(ICalendarCodec.render(s, previous)))
                .contains("RECURRENCE-ID;RANGE=THISANDFUTURE:20260119T090000Z");
        assertThat(ICalendarCodec.render(s, null)).doesNotContain("RANGE");
    }

    @Test
    void aPreviousBodyThatIsNotIcalendarOrOfAnotherUidGivesNothing() {
        EventSeries s = ICalendarCodec.parse(fixture("event1.ics")).orElseThrow();
        String plain = ICalendarCodec.render(s, null);

        assertThat(ICalendarCodec.render(s, "<html>oops</html>")).isEqualTo(plain);
        assertThat(ICalendarCodec.render(s, fixture("apple-x-props.ics"))).doesNotContain("X-APPLE-TRAVEL");
    }

    @Test
    void outlookZoneNamesAreWrittenBackAsIanaZonesWithTheirVtimezone() throws Exception {
        String previous = fixture("outlook-windows-tzid.ics");
        EventSeries s = ICalendarCodec.parse(previous).orElseThrow();

        String text = ICalendarCodec.render(s, previous);

        assertThat(lines(text))
                .contains(
                        "DTSTART;TZID=Europe/Berlin:20260701T140000",
                        "TZID:Europe/Berlin",
                        "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
                        "SUMMARY;LANGUAGE=en-US:Quarterly review")
                .doesNotContain("METHOD:PUBLISH")
                .noneMatch(l -> l.contains("W. Europe"));
        strict(text);
    }

    @Test
    void aStatusCancelledMasterIsWrittenAsSuch() {
        EventSeries s = EventSeries.of(
                EventComponent.builder("gone@example.com", EventTime.utc(Instant.parse("2026-01-01T10:00:00Z")))
                        .status(EventStatus.CANCELLED)
                        .build());

        assertThat(ICalendarCodec.parse(ICalendarCodec.render(s, null))
                        .orElseThrow()
                        .isCancelled())
                .isTrue();
    }
}
