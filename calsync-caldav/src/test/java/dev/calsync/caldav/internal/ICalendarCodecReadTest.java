package dev.calsync.caldav.internal;

import static dev.calsync.caldav.internal.ICalFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.ParticipationStatus;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.event.Reminder;
import dev.calsync.core.event.Transparency;
import dev.calsync.core.event.Visibility;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading resources as servers and clients write them. */
class ICalendarCodecReadTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static EventSeries read(String fixture) {
        return ICalendarCodec.parse(fixture(fixture)).orElseThrow();
    }

    private static EventTime berlin(int y, int mo, int d, int h, int mi) {
        return EventTime.of(LocalDateTime.of(y, mo, d, h, mi), BERLIN);
    }

    @Test
    void aMasterAndItsOverrideAreOneSeries() {
        EventSeries s = read("event1.ics");

        assertThat(s.uid()).isEqualTo("lab-recurring-1@example.com");
        EventComponent master = s.master();
        assertThat(master.start()).isEqualTo(berlin(2026, 1, 5, 9, 0));
        assertThat(master.end()).isEqualTo(berlin(2026, 1, 5, 9, 30));
        assertThat(master.recurrence().rules()).containsExactly("RRULE:FREQ=WEEKLY;COUNT=10");
        assertThat(master.summary()).isEqualTo("Weekly standup");
        assertThat(s.overrides()).hasSize(1);
        EventComponent moved = s.overrides().get(0);
        // 09:00 in Berlin in January is 08:00 UTC.
        assertThat(moved.recurrenceId()).isEqualTo(new RecurrenceId.AtInstant(Instant.parse("2026-01-12T08:00:00Z")));
        assertThat(moved.start()).isEqualTo(berlin(2026, 1, 12, 10, 0));
        assertThat(moved.summary()).isEqualTo("Weekly standup (moved)");
        assertThat(moved.sequence()).isEqualTo(1);
        assertThat(s.cancelledOccurrences()).isEmpty();
    }

    @Test
    void anOverrideOnlyResourceHasNoMaster() {
        EventSeries s = read("orphan.ics");

        assertThat(s.isOverrideOnly()).isTrue();
        assertThat(s.overrides()).singleElement().satisfies(o -> {
            assertThat(o.recurrenceId()).isEqualTo(new RecurrenceId.AtInstant(Instant.parse("2026-01-08T10:00:00Z")));
            assertThat(o.start()).isEqualTo(EventTime.utc(Instant.parse("2026-01-08T12:00:00Z")));
        });
    }

    @Test
    void aCancelledOverrideIsACancelledOccurrenceNotAnOverride() {
        EventSeries s = read("cancelled-override.ics");

        assertThat(s.overrides()).isEmpty();
        assertThat(s.cancelledOccurrences())
                .containsExactly(new RecurrenceId.AtInstant(Instant.parse("2026-01-07T14:00:00Z")));
        assertThat(s.master().start()).isEqualTo(EventTime.of(LocalDateTime.of(2026, 1, 5, 9, 0), NEW_YORK));
    }

    @Test
    void exdatesInListsOnSeveralLinesAndInUtcAreAllTheMastersExdates() {
        EventComponent master = read("exdates.ics").master();

        assertThat(master.recurrence().exdates())
                .containsExactly(
                        berlin(2026, 1, 6, 9, 0),
                        berlin(2026, 1, 7, 9, 0),
                        berlin(2026, 1, 10, 9, 0),
                        EventTime.utc(Instant.parse("2026-01-12T08:00:00Z")));
    }

    @Test
    void dateExdatesOfAnAllDaySeriesAreDates() {
        EventSeries s = read("exdates-all-day.ics");

        assertThat(s.master().recurrence().exdates())
                .containsExactly(
                        EventTime.date(LocalDate.of(2026, 1, 12)),
                        EventTime.date(LocalDate.of(2026, 1, 19)),
                        EventTime.date(LocalDate.of(2026, 2, 2)));
        assertThat(s.allCancelledOccurrences()).contains(new RecurrenceId.OnDate(LocalDate.of(2026, 1, 19)));
    }

    @Test
    void withoutDtendATimedEventEndsWhenItStarts() {
        EventComponent c = read("missing-dtend.ics").master();

        assertThat(c.end()).isEqualTo(c.start()).isEqualTo(EventTime.utc(Instant.parse("2026-03-01T09:00:00Z")));
    }

    @Test
    void withoutDtendAnAllDayEventLastsOneDay() {
        EventComponent c = read("missing-dtend-all-day.ics").master();

        assertThat(c.start()).isEqualTo(EventTime.date(LocalDate.of(2026, 3, 1)));
        assertThat(c.end()).isEqualTo(EventTime.date(LocalDate.of(2026, 3, 2)));
    }

    @Test
    void durationGivesTheEndWithDaysInLocalTimeAcrossADstChange() {
        EventComponent c = read("duration.ics").master();

        // 22:00 + one calendar day = 22:00 the next (shorter) day, + 1h30 = 23:30 local.
        assertThat(c.start()).isEqualTo(berlin(2026, 3, 28, 22, 0));
        assertThat(c.end()).isEqualTo(berlin(2026, 3, 29, 23, 30));
    }

    @Test
    void outlooksWindowsZoneNameIsTheIanaZone() {
        EventComponent c = read("outlook-windows-tzid.ics").master();

        assertThat(c.start()).isEqualTo(berlin(2026, 7, 1, 14, 0));
        assertThat(c.end()).isEqualTo(berlin(2026, 7, 1, 15, 30));
        assertThat(c.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(c.summary()).isEqualTo("Quarterly review");
    }

    @Test
    void outlooksDisplayNameOfAZoneIsTheIanaZone() {
        EventComponent c = read("outlook-display-tzid.ics").master();

        assertThat(c.start()).isEqualTo(berlin(2026, 7, 1, 14, 0));
    }

    @Test
    void aZoneOnlyTheResourceDefinesGivesUtcInstantsByItsRules() {
        EventComponent c = read("custom-vtimezone.ics").master();

        // Winter: +03:00; summer (after the last Sunday of March): +04:00.
        assertThat(c.start()).isEqualTo(EventTime.utc(Instant.parse("2026-01-15T09:00:00Z")));
        assertThat(c.end()).isEqualTo(EventTime.utc(Instant.parse("2026-01-15T10:00:00Z")));
        assertThat(c.recurrence().exdates()).containsExactly(EventTime.utc(Instant.parse("2026-07-15T08:00:00Z")));
    }

    @Test
    void anIanaTzidWithoutVtimezoneIsThatZone() {
        String body =
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\n"
                        + "DTSTART;TZID=America/New_York:20260105T090000\r\nDTEND;TZID=America/New_York:20260105T100000\r\n"
                        + "END:VEVENT\r\nEND:VCALENDAR\r\n";

        EventComponent c = ICalendarCodec.parse(body).orElseThrow().master();

        assertThat(c.start()).isEqualTo(EventTime.of(LocalDateTime.of(2026, 1, 5, 9, 0), NEW_YORK));
    }

    @Test
    void aResourceWithoutVeventIsEmpty() {
        assertThat(ICalendarCodec.parse(fixture("vtodo-only.ics"))).isEmpty();
    }

    @Test
    void lfLineEndsAByteOrderMarkFoldsWithTabsAndTrailingBlanksAreRead() {
        String body = fixture("folded-lf-bom.ics");
        assertThat(body).startsWith("\uFEFF").doesNotContain("\r");

        EventComponent c = ICalendarCodec.parse(body).orElseThrow().master();

        assertThat(c.uid()).isEqualTo("lf-bom@example.com");
        assertThat(c.summary()).isEqualTo("A summary folded with a space and a tab");
        assertThat(c.end()).isEqualTo(EventTime.utc(Instant.parse("2026-03-01T10:00:00Z")));
    }

    @Test
    void unicodeAndEscapedTextIsReadExactly() {
        EventComponent c = read("unicode.ics").master();

        assertThat(c.uid()).isEqualTo("unicode-会議-🎉@example.com");
        assertThat(c.summary()).isEqualTo("Réunion d'équipe 会議 📅 Встреча");
        assertThat(c.description())
                .isEqualTo("Zeile 1: äöü ß\nZeile 2 with ;semicolon, comma and back\\slash\nשיחה emoji 🎉 at the end");
        assertThat(c.location()).isEqualTo("東京オフィス");
        assertThat(c.categories()).containsExactly("仕事", "Travel ✈", "Comma, inside");
    }

    @Test
    void everyMappedPropertyOfAnAppleEventIsRead() {
        EventSeries s = read("apple-x-props.ics");
        EventComponent m = s.master();

        assertThat(m.location()).isEqualTo("Room 4.12\nHauptstraße 1, Berlin");
        assertThat(m.sequence()).isEqualTo(2);
        assertThat(m.lastModified()).isEqualTo(Instant.parse("2025-12-02T08:00:00Z"));
        assertThat(m.status()).isEqualTo(EventStatus.CONFIRMED);
        assertThat(m.transparency()).isEqualTo(Transparency.OPAQUE);
        assertThat(m.visibility()).isEqualTo(Visibility.DEFAULT);
        assertThat(m.organizer()).isEqualTo(new Organizer("ann@example.com", "Ann Example"));
        assertThat(m.attendees())
                .containsExactly(
                        new Attendee("bob@example.com", "Bob", ParticipationStatus.ACCEPTED, false, false),
                        new Attendee("room-412@example.com", "Room 4.12", ParticipationStatus.ACCEPTED, true, true));
        // The ACTION:NONE alarm with an absolute trigger is no reminder calsync can say.
        assertThat(m.reminders()).containsExactly(new Reminder(Reminder.Method.DISPLAY, 15));
        assertThat(m.extras()).isEmpty();
        assertThat(s.overrides())
                .extracting(EventComponent::summary)
                .containsExactly("Team sync (moved)", "Team sync (second override)");
    }

    @Test
    void aResourceWithoutProdidAndWithTwoDtstampsIsReadAndWrittenBackWithOneOfEach() {
        // CALDAV.md §7.8: clients in the wild omit PRODID and repeat DTSTAMP; neither loses the event.
        String body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:stamps@example.com\r\n"
                + "DTSTAMP:20260101T100000Z\r\nDTSTAMP:20260102T100000Z\r\n"
                + "DTSTART:20260105T090000Z\r\nDTEND:20260105T100000Z\r\nSUMMARY:Stamped twice\r\n"
                + "END:VEVENT\r\nEND:VCALENDAR\r\n";

        EventSeries s = ICalendarCodec.parse(body).orElseThrow();
        String written = ICalendarCodec.render(s, body);

        assertThat(s.master().summary()).isEqualTo("Stamped twice");
        assertThat(written.lines().filter(l -> l.startsWith("PRODID:"))).hasSize(1);
        assertThat(written.lines().filter(l -> l.startsWith("DTSTAMP:"))).hasSize(1);
        assertThat(ICalendarCodec.parse(written).orElseThrow().master()).isEqualTo(s.master());
    }

    @Test
    void statusTranspClassUrlAndAlarmsOfEveryKindAreMapped() {
        String body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\n"
                + "DTSTART;VALUE=DATE:20260105\r\nDTEND;VALUE=DATE:20260107\r\nSTATUS:tentative\r\n"
                + "TRANSP:TRANSPARENT\r\nCLASS:X-SECRET\r\nURL:https://example.com/e/1\r\nSEQUENCE:99999999999\r\n"
                + "ATTENDEE;PARTSTAT=DELEGATED;ROLE=OPT-PARTICIPANT:MAILTO:Eve@Example.org\r\n"
                + "BEGIN:VALARM\r\nACTION:EMAIL\r\nTRIGGER:-P1D\r\nEND:VALARM\r\n"
                + "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;RELATED=START:PT0S\r\nEND:VALARM\r\n"
                + "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;RELATED=END:-PT5M\r\nEND:VALARM\r\n"
                + "BEGIN:VALARM\r\nACTION:AUDIO\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\n"
                + "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:PT5M\r\nEND:VALARM\r\n"
                + "END:VEVENT\r\nEND:VCALENDAR\r\n";

        EventComponent c = ICalendarCodec.parse(body).orElseThrow().master();

        assertThat(c.end()).isEqualTo(EventTime.date(LocalDate.of(2026, 1, 7)));
        assertThat(c.status()).isEqualTo(EventStatus.TENTATIVE);
        assertThat(c.transparency()).isEqualTo(Transparency.TRANSPARENT);
        // RFC 5545: an unknown CLASS is treated as PRIVATE.
        assertThat(c.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(c.url()).isEqualTo("https://example.com/e/1");
        assertThat(c.sequence()).isEqualTo(Integer.MAX_VALUE);
        assertThat(c.attendees())
                .containsExactly(new Attendee("eve@example.org", null, ParticipationStatus.DELEGATED, true, false));
        assertThat(c.reminders())
                .containsExactly(new Reminder(Reminder.Method.EMAIL, 1440), new Reminder(Reminder.Method.DISPLAY, 0));
    }

    @Test
    void theRangeOfARecurrenceIdDoesNotStopTheOverrideFromBeingRead() {
        EventSeries s = read("range.ics");

        assertThat(s.overrides())
                .singleElement()
                .satisfies(o -> assertThat(o.recurrenceId())
                        .isEqualTo(new RecurrenceId.AtInstant(Instant.parse("2026-01-19T09:00:00Z"))));
    }

    @Test
    void theSameBodyWithLfOrCrlfReadsTheSame() {
        String crlf = fixture("apple-x-props.ics");
        assertThat(crlf).contains("\r\n");

        assertThat(ICalendarCodec.parse(crlf.replace("\r\n", "\n"))).isEqualTo(ICalendarCodec.parse(crlf));
        assertThat(List.of(ICalendarCodec.parse(crlf).orElseThrow().master().summary()))
                .containsExactly("Team sync");
    }

    @Test
    void parsingAndRenderingFromManyThreadsAtOnceGiveWhatOneThreadGives() throws Exception {
        List<String> bodies = List.of(
                fixture("custom-vtimezone.ics"), fixture("apple-x-props.ics"), fixture("outlook-display-tzid.ics"));
        List<EventSeries> expected =
                bodies.stream().map(b -> ICalendarCodec.parse(b).orElseThrow()).toList();
        List<String> rendered =
                expected.stream().map(e -> ICalendarCodec.render(e, null)).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int k = i % bodies.size();
                results.add(pool.submit(() -> {
                    EventSeries s = ICalendarCodec.parse(bodies.get(k)).orElseThrow();
                    return s.equals(expected.get(k))
                            && ICalendarCodec.render(s, null).equals(rendered.get(k));
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
