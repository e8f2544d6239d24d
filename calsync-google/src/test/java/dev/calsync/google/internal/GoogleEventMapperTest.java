package dev.calsync.google.internal;

import static dev.calsync.google.internal.GoogleJson.json;
import static dev.calsync.google.internal.GoogleJson.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.util.Data;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventAttendee;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.ComponentKind;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.MalformedEventException;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.ParticipationStatus;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.event.Reminder;
import dev.calsync.core.event.Transparency;
import dev.calsync.core.event.Visibility;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GoogleEventMapperTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId KIEV = ZoneId.of("Europe/Kiev");
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    // ------------------------------------------------------------ Appendix A fixtures

    static final String TIMED_SINGLE = """
            {
              "kind": "calendar#event",
              "etag": "\\"3346892308754000\\"",
              "id": "19odqf555q7g754pi4d4r06bhr",
              "status": "confirmed",
              "htmlLink": "https://www.google.com/calendar/event?eid=MTlvZHFmNTU1cTdnNzU0cGk0ZDRyMDZiaHIgbWFyaW5hLnRzeW1iYWxAd2lsZGl4LmNvbQ",
              "created": "2023-01-11T14:09:13.000Z",
              "updated": "2023-01-11T14:09:14.377Z",
              "summary": "2023",
              "creator": { "email": "user@example.com", "self": true },
              "organizer": { "email": "user@example.com", "self": true },
              "start": { "dateTime": "2023-01-11T16:30:00+02:00", "timeZone": "Europe/Kiev" },
              "end":   { "dateTime": "2023-01-11T17:30:00+02:00", "timeZone": "Europe/Kiev" },
              "iCalUID": "19odqf555q7g754pi4d4r06bhr@google.com",
              "sequence": 0,
              "reminders": { "useDefault": true },
              "eventType": "default"
            }
            """;

    static final String MASTER = """
            { "kind":"calendar#event","etag":"\\"1\\"","id":"go6ijb0b46hlpbu4eeu92njevo","status":"confirmed",
              "summary":"New Event","start":{"dateTime":"2006-06-10T18:00:00+02:00","timeZone":"Europe/Berlin"},
              "end":{"dateTime":"2006-06-10T20:00:00+02:00","timeZone":"Europe/Berlin"},
              "recurrence":["RRULE:FREQ=WEEKLY"],"iCalUID":"go6ijb0b46hlpbu4eeu92njevo@google.com","sequence":0 }
            """;

    static final String MODIFIED_INSTANCE = """
            { "kind":"calendar#event","etag":"\\"2\\"","id":"go6ijb0b46hlpbu4eeu92njevo_20060617T160000Z","status":"confirmed",
              "summary":"New Event changed","start":{"dateTime":"2006-06-17T18:00:00+02:00"},"end":{"dateTime":"2006-06-17T20:00:00+02:00"},
              "recurringEventId":"go6ijb0b46hlpbu4eeu92njevo","originalStartTime":{"dateTime":"2006-06-17T18:00:00+02:00","timeZone":"Europe/Berlin"},
              "iCalUID":"go6ijb0b46hlpbu4eeu92njevo@google.com","sequence":1 }
            """;

    static final String CANCELLED_INSTANCE = """
            { "kind":"calendar#event","etag":"\\"3\\"","id":"go6ijb0b46hlpbu4eeu92njevo_20060624T160000Z","status":"cancelled",
              "recurringEventId":"go6ijb0b46hlpbu4eeu92njevo","originalStartTime":{"dateTime":"2006-06-24T18:00:00+02:00","timeZone":"Europe/Berlin"} }
            """;

    static final String TOMBSTONE = """
            { "kind": "calendar#event", "etag": "\\"3181161784712000\\"", "id": "nmuurbk5ru22jknkuchj1ug7cs", "status": "cancelled" }
            """;

    static final String SERIES_UID = "go6ijb0b46hlpbu4eeu92njevo@google.com";

    static EventComponent map(String json, ZoneId calendarZone) {
        Event e = parse(json);
        return GoogleEventMapper.toComponent(e, GoogleEventMapper.uidOf(e), calendarZone, null);
    }

    @Nested
    class AppendixA {
        @Test
        void aTimedSingleEventMapsToAZonedComponent() {
            Event e = parse(TIMED_SINGLE);
            assertThat(GoogleEventMapper.uidOf(e)).isEqualTo("19odqf555q7g754pi4d4r06bhr@google.com");

            EventComponent c = GoogleEventMapper.toComponent(e, GoogleEventMapper.uidOf(e), KIEV, null);

            EventComponent expected = EventComponent.builder(
                            "19odqf555q7g754pi4d4r06bhr@google.com",
                            EventTime.of(LocalDateTime.parse("2023-01-11T16:30:00"), KIEV))
                    .end(EventTime.of(LocalDateTime.parse("2023-01-11T17:30:00"), KIEV))
                    .summary("2023")
                    .status(EventStatus.CONFIRMED)
                    .organizer(new Organizer("user@example.com", null))
                    .sequence(0)
                    .lastModified(Instant.parse("2023-01-11T14:09:14.377Z"))
                    .build();
            assertThat(c).isEqualTo(expected);
            assertThat(c.kind()).isEqualTo(ComponentKind.SINGLE);
        }

        @Test
        void theRecurringMasterKeepsItsZoneAndRule() {
            EventComponent master = map(MASTER, BERLIN);

            assertThat(master.uid()).isEqualTo(SERIES_UID);
            assertThat(master.recurrenceId()).isNull();
            assertThat(master.kind()).isEqualTo(ComponentKind.MASTER);
            assertThat(master.start()).isEqualTo(EventTime.of(LocalDateTime.parse("2006-06-10T18:00:00"), BERLIN));
            assertThat(master.end()).isEqualTo(EventTime.of(LocalDateTime.parse("2006-06-10T20:00:00"), BERLIN));
            assertThat(master.recurrence()).isEqualTo(Recurrence.ofRules("RRULE:FREQ=WEEKLY"));
            assertThat(master.summary()).isEqualTo("New Event");
        }

        @Test
        void theModifiedInstanceGetsItsRecurrenceIdFromOriginalStartTime() {
            EventComponent master = map(MASTER, BERLIN);
            Event e = parse(MODIFIED_INSTANCE);

            EventComponent c = GoogleEventMapper.toComponent(e, GoogleEventMapper.uidOf(e), BERLIN, master.start());

            assertThat(c.kind()).isEqualTo(ComponentKind.OVERRIDE);
            assertThat(c.recurrenceId())
                    .isEqualTo(new RecurrenceId.AtInstant(Instant.parse("2006-06-17T16:00:00Z")))
                    .isEqualTo(RecurrenceId.of(EventTime.of(LocalDateTime.parse("2006-06-17T18:00:00"), BERLIN)));
            // Without timeZone, start and end are instants.
            assertThat(c.start()).isEqualTo(EventTime.utc(Instant.parse("2006-06-17T16:00:00Z")));
            assertThat(c.end()).isEqualTo(EventTime.utc(Instant.parse("2006-06-17T18:00:00Z")));
            assertThat(c.summary()).isEqualTo("New Event changed");
            assertThat(c.sequence()).isEqualTo(1);
            assertThat(c.recurrence()).isEqualTo(Recurrence.NONE);
        }

        @Test
        void theMinimalCancelledInstanceMapsToACancelledOccurrence() {
            Event e = parse(CANCELLED_INSTANCE);
            assertThat(GoogleEventMapper.uidOf(e)).isNull();

            EventComponent c = GoogleEventMapper.toComponent(e, SERIES_UID, BERLIN, null);

            assertThat(c.kind()).isEqualTo(ComponentKind.CANCELLED_OCCURRENCE);
            assertThat(c.status()).isEqualTo(EventStatus.CANCELLED);
            assertThat(c.recurrenceId()).isEqualTo(new RecurrenceId.AtInstant(Instant.parse("2006-06-24T16:00:00Z")));
            assertThat(c.start()).isEqualTo(EventTime.of(LocalDateTime.parse("2006-06-24T18:00:00"), BERLIN));
            assertThat(c.end()).isEqualTo(c.start());
        }

        @Test
        void theSeriesHashesAsTheSameSeriesWithAnExdateOnTheMaster() {
            EventComponent master = map(MASTER, BERLIN);
            EventComponent changed =
                    GoogleEventMapper.toComponent(parse(MODIFIED_INSTANCE), SERIES_UID, BERLIN, master.start());
            EventComponent cancelled =
                    GoogleEventMapper.toComponent(parse(CANCELLED_INSTANCE), SERIES_UID, BERLIN, master.start());
            EventSeries google = new EventSeries(
                    SERIES_UID, master, List.of(changed), new TreeSet<>(List.of(cancelled.recurrenceId())));

            EventComponent caldavMaster = master.toBuilder()
                    .recurrence(new Recurrence(
                            List.of("RRULE:FREQ=WEEKLY"),
                            List.of(),
                            List.of(EventTime.of(LocalDateTime.parse("2006-06-24T18:00:00"), BERLIN))))
                    .build();
            EventSeries caldav = new EventSeries(SERIES_UID, caldavMaster, List.of(changed), new TreeSet<>());

            assertThat(ContentHash.of(google)).isEqualTo(ContentHash.of(caldav));
        }

        @Test
        void aTombstoneHasNoUidAndCannotBeMapped() {
            Event e = parse(TOMBSTONE);
            assertThat(GoogleEventMapper.uidOf(e)).isNull();
            assertThatThrownBy(() -> GoogleEventMapper.toComponent(e, "x", BERLIN, null))
                    .isInstanceOfSatisfying(
                            MalformedEventException.class,
                            m -> assertThat(m.field()).isEqualTo("start"));
        }

        @Test
        void theUidPropertyWinsOverICalUid() {
            Event e = parse(TIMED_SINGLE);
            e.setExtendedProperties(new Event.ExtendedProperties().setPrivate(Map.of("calsyncUid", "mine@calsync")));
            assertThat(GoogleEventMapper.uidOf(e)).isEqualTo("mine@calsync");
        }
    }

    // ------------------------------------------------------------ times

    @Nested
    class Times {
        @Test
        void allDayEndsAreExclusiveBothWays() {
            EventComponent c = map("""
                    {"iCalUID":"a","start":{"date":"2025-03-01"},"end":{"date":"2025-03-02"}}""", BERLIN);
            assertThat(c.start()).isEqualTo(EventTime.date(LocalDate.of(2025, 3, 1)));
            assertThat(c.end()).isEqualTo(EventTime.date(LocalDate.of(2025, 3, 2)));

            String body = json(GoogleEventMapper.toEvent(c, BERLIN));
            assertThat(body)
                    .contains("\"start\":{\"date\":\"2025-03-01\"}")
                    .contains("\"end\":{\"date\":\"2025-03-02\"}");
        }

        @Test
        void anAllDayEventWithoutEndLastsOneDay() {
            EventComponent c = map("""
                    {"iCalUID":"a","start":{"date":"2025-03-01"}}""", BERLIN);
            assertThat(c.end()).isEqualTo(EventTime.date(LocalDate.of(2025, 3, 2)));
        }

        @Test
        void aDateTimeRenderedInTheCalendarsOffsetIsReadInTheEventsZone() {
            // A Los Angeles calendar renders a Berlin event on the night Europe springs forward
            // (America is already on summer time, Europe switches at 01:00Z).
            EventComponent c = map("""
                    {"iCalUID":"a","start":{"dateTime":"2025-03-29T17:30:00-07:00","timeZone":"Europe/Berlin"},
                     "end":{"dateTime":"2025-03-30T00:30:00-07:00","timeZone":"Europe/Berlin"}}""", LA);
            assertThat(c.start()).isEqualTo(EventTime.of(LocalDateTime.parse("2025-03-30T01:30:00"), BERLIN));
            assertThat(c.end()).isEqualTo(EventTime.of(LocalDateTime.parse("2025-03-30T09:30:00"), BERLIN));

            Event written = GoogleEventMapper.toEvent(c, LA);
            assertThat(written.getStart().getDateTime().toStringRfc3339()).isEqualTo("2025-03-30T01:30:00.000+01:00");
            assertThat(written.getEnd().getDateTime().toStringRfc3339()).isEqualTo("2025-03-30T09:30:00.000+02:00");
            assertThat(written.getStart().getTimeZone()).isEqualTo("Europe/Berlin");
        }

        @Test
        void theSecondHalfOfAnOverlapStaysAnInstant() {
            // 02:30 happens twice in Berlin on 2025-10-26; +01:00 is the second time.
            EventComponent c = map("""
                    {"iCalUID":"a","start":{"dateTime":"2025-10-26T02:30:00+01:00","timeZone":"Europe/Berlin"}}""", BERLIN);
            assertThat(c.start()).isEqualTo(EventTime.utc(Instant.parse("2025-10-26T01:30:00Z")));
        }

        @Test
        void aDateTimeWithoutTimeZoneIsAnInstant() {
            EventComponent c = map("""
                    {"iCalUID":"a","start":{"dateTime":"2025-01-01T10:00:00+05:30"}}""", BERLIN);
            assertThat(c.start()).isEqualTo(EventTime.utc(Instant.parse("2025-01-01T04:30:00Z")));
            Event written = GoogleEventMapper.toEvent(c, BERLIN);
            assertThat(written.getStart().getDateTime().toStringRfc3339()).isEqualTo("2025-01-01T04:30:00.000Z");
            assertThat(written.getStart().getTimeZone()).isNull();
        }

        @Test
        void windowsZoneNamesResolve() {
            EventComponent c = map("""
                    {"iCalUID":"a","start":{"dateTime":"2025-01-01T10:00:00+01:00","timeZone":"W. Europe Standard Time"}}""", BERLIN);
            assertThat(c.start()).isEqualTo(EventTime.of(LocalDateTime.parse("2025-01-01T10:00:00"), BERLIN));
        }

        @Test
        void aRecurringMasterWithAUtcStartIsWrittenWithTimeZoneUtc() {
            EventComponent c = EventComponent.builder("u", EventTime.utc(Instant.parse("2025-01-01T10:00:00Z")))
                    .end(EventTime.utc(Instant.parse("2025-01-01T11:00:00Z")))
                    .recurrence(Recurrence.ofRules("RRULE:FREQ=DAILY;COUNT=3"))
                    .build();
            Event e = GoogleEventMapper.toEvent(c, BERLIN);
            assertThat(e.getStart().getTimeZone()).isEqualTo("UTC");
            assertThat(e.getEnd().getTimeZone()).isEqualTo("UTC");
            assertThat(GoogleEventMapper.toComponent(GoogleJson.wire(e), "u", BERLIN, null))
                    .isEqualTo(c);
        }

        @Test
        void floatingTimesAreWrittenInTheCalendarZone() {
            EventComponent c = EventComponent.builder(
                            "u", EventTime.floating(LocalDateTime.parse("2025-07-01T09:00:00")))
                    .end(EventTime.floating(LocalDateTime.parse("2025-07-01T10:00:00")))
                    .recurrence(new Recurrence(
                            List.of("RRULE:FREQ=DAILY;UNTIL=20250705T090000"),
                            List.of(),
                            List.of(EventTime.floating(LocalDateTime.parse("2025-07-03T09:00:00")))))
                    .build();

            Event e = GoogleEventMapper.toEvent(c, BERLIN);

            assertThat(e.getStart().getDateTime().toStringRfc3339()).isEqualTo("2025-07-01T09:00:00.000+02:00");
            assertThat(e.getStart().getTimeZone()).isEqualTo("Europe/Berlin");
            assertThat(e.getRecurrence())
                    .containsExactly(
                            "RRULE:FREQ=DAILY;UNTIL=20250705T070000Z", "EXDATE;TZID=Europe/Berlin:20250703T090000");
            EventComponent back = GoogleEventMapper.toComponent(GoogleJson.wire(e), "u", BERLIN, null);
            assertThat(back.start()).isEqualTo(EventTime.of(LocalDateTime.parse("2025-07-01T09:00:00"), BERLIN));
            assertThat(back.recurrence().exdates())
                    .containsExactly(EventTime.of(LocalDateTime.parse("2025-07-03T09:00:00"), BERLIN));
        }
    }

    // ------------------------------------------------------------ instances and masterStart

    @Nested
    class Instances {
        @Test
        void aCancelledInstanceWithoutTimeZoneStartsInTheMastersZone() {
            EventTime masterStart = EventTime.of(LocalDateTime.parse("2025-06-03T09:00:00"), BERLIN);
            Event e = parse("""
                    {"id":"m_20250610T070000Z","status":"cancelled","recurringEventId":"m",
                     "originalStartTime":{"dateTime":"2025-06-10T00:00:00-07:00"}}""");
            EventComponent c = GoogleEventMapper.toComponent(e, "u", LA, masterStart);
            assertThat(c.recurrenceId()).isEqualTo(new RecurrenceId.AtInstant(Instant.parse("2025-06-10T07:00:00Z")));
            assertThat(c.start()).isEqualTo(EventTime.of(LocalDateTime.parse("2025-06-10T09:00:00"), BERLIN));
        }

        @Test
        void aCancelledAllDayInstanceIsOnItsDate() {
            Event e = parse("""
                    {"id":"m_20250610","status":"cancelled","recurringEventId":"m","originalStartTime":{"date":"2025-06-10"}}""");
            EventComponent c = GoogleEventMapper.toComponent(e, "u", BERLIN, null);
            assertThat(c.recurrenceId()).isEqualTo(new RecurrenceId.OnDate(LocalDate.of(2025, 6, 10)));
            assertThat(c.start()).isEqualTo(EventTime.date(LocalDate.of(2025, 6, 10)));
            assertThat(c.end()).isEqualTo(EventTime.date(LocalDate.of(2025, 6, 11)));
        }

        @Test
        void aTimedOriginalStartOfAnAllDaySeriesGivesItsDate() {
            Event e = parse("""
                    {"status":"cancelled","recurringEventId":"m",
                     "originalStartTime":{"dateTime":"2025-06-09T23:00:00Z","timeZone":"Europe/Berlin"}}""");
            EventComponent c = GoogleEventMapper.toComponent(e, "u", LA, EventTime.date(LocalDate.of(2025, 6, 3)));
            assertThat(c.recurrenceId()).isEqualTo(new RecurrenceId.OnDate(LocalDate.of(2025, 6, 10)));
            assertThat(c.start()).isEqualTo(EventTime.date(LocalDate.of(2025, 6, 10)));
        }

        @Test
        void aDateOriginalStartOfATimedSeriesTakesTheMastersTimeOfDay() {
            Event e = parse("""
                    {"status":"cancelled","recurringEventId":"m","originalStartTime":{"date":"2025-06-10"}}""");
            EventTime masterStart = EventTime.of(LocalDateTime.parse("2025-06-03T09:00:00"), BERLIN);
            EventComponent c = GoogleEventMapper.toComponent(e, "u", LA, masterStart);
            assertThat(c.recurrenceId()).isEqualTo(new RecurrenceId.AtInstant(Instant.parse("2025-06-10T07:00:00Z")));
        }

        @Test
        void theInstancesOfAFloatingMasterHaveFloatingRecurrenceIds() {
            Event e = parse("""
                    {"status":"cancelled","recurringEventId":"m",
                     "originalStartTime":{"dateTime":"2025-06-10T09:00:00+02:00","timeZone":"Europe/Berlin"}}""");
            EventTime masterStart = EventTime.floating(LocalDateTime.parse("2025-06-03T09:00:00"));
            EventComponent c = GoogleEventMapper.toComponent(e, "u", BERLIN, masterStart);
            assertThat(c.recurrenceId())
                    .isEqualTo(new RecurrenceId.AtFloating(LocalDateTime.parse("2025-06-10T09:00:00")));
            assertThat(c.start()).isEqualTo(EventTime.floating(LocalDateTime.parse("2025-06-10T09:00:00")));
        }

        @Test
        void anInstanceBodyHasNoRecurrenceNorInstanceFields() {
            EventComponent override = EventComponent.builder(
                            "u", EventTime.of(LocalDateTime.parse("2025-06-10T10:00:00"), BERLIN))
                    .recurrenceId(new RecurrenceId.AtInstant(Instant.parse("2025-06-10T07:00:00Z")))
                    .summary("moved")
                    .build();
            Event e = GoogleEventMapper.toEvent(override, BERLIN);
            assertThat(e.getRecurrence()).isNull();
            assertThat(e.getRecurringEventId()).isNull();
            assertThat(e.getOriginalStartTime()).isNull();
            assertThat(e.getId()).isNull();
            assertThat(e.getICalUID()).isNull();
            assertThat(e.getExtendedProperties().getPrivate()).containsEntry("calsyncUid", "u");
            Event patch = GoogleEventMapper.toPatch(override, BERLIN, null);
            assertThat(json(patch)).doesNotContain("recurrence");
        }
    }

    // ------------------------------------------------------------ details

    @Nested
    class Details {
        static final String DETAILED = """
                {"iCalUID":"d@x","start":{"dateTime":"2025-01-01T10:00:00Z","timeZone":"Europe/Berlin"},
                 "end":{"dateTime":"2025-01-01T11:00:00Z","timeZone":"Europe/Berlin"},
                 "summary":"Review","description":"line 1\\nline 2","location":"Room 4.12",
                 "status":"tentative","transparency":"transparent","visibility":"private",
                 "organizer":{"email":"Boss@Example.com","displayName":"The Boss","self":true},
                 "attendees":[
                   {"email":"Ann@Example.com","displayName":"Ann","responseStatus":"accepted"},
                   {"email":"bob@example.com","responseStatus":"declined","optional":true,"comment":"away"},
                   {"email":"room-1@resource.calendar.google.com","responseStatus":"tentative","resource":true},
                   {"email":"eve@example.com"}],
                 "reminders":{"useDefault":false,"overrides":[{"method":"popup","minutes":10},{"method":"email","minutes":1440}]},
                 "extendedProperties":{"private":{"calsyncCategories":"[\\"Work\\",\\"a, \\\\\\"b\\\\\\"\\"]",
                                                  "calsyncUrl":"https://cal.example.com/e/1","other":"kept"}},
                 "colorId":"11","sequence":7,"updated":"2025-01-02T03:04:05.678Z"}
                """;

        @Test
        void attendeesRemindersVisibilityAndTheRestAreRead() {
            EventComponent c = map(DETAILED, BERLIN);
            assertThat(c.summary()).isEqualTo("Review");
            assertThat(c.description()).isEqualTo("line 1\nline 2");
            assertThat(c.location()).isEqualTo("Room 4.12");
            assertThat(c.status()).isEqualTo(EventStatus.TENTATIVE);
            assertThat(c.transparency()).isEqualTo(Transparency.TRANSPARENT);
            assertThat(c.visibility()).isEqualTo(Visibility.PRIVATE);
            assertThat(c.organizer()).isEqualTo(new Organizer("boss@example.com", "The Boss"));
            assertThat(c.attendees())
                    .containsExactly(
                            new Attendee("ann@example.com", "Ann", ParticipationStatus.ACCEPTED, false, false),
                            new Attendee("bob@example.com", null, ParticipationStatus.DECLINED, true, false),
                            new Attendee(
                                    "room-1@resource.calendar.google.com",
                                    null,
                                    ParticipationStatus.TENTATIVE,
                                    false,
                                    true),
                            new Attendee("eve@example.com", null, ParticipationStatus.NEEDS_ACTION, false, false));
            assertThat(c.reminders())
                    .containsExactly(
                            new Reminder(Reminder.Method.DISPLAY, 10), new Reminder(Reminder.Method.EMAIL, 1440));
            assertThat(c.categories()).containsExactly("Work", "a, \"b\"");
            assertThat(c.url()).isEqualTo("https://cal.example.com/e/1");
            assertThat(c.sequence()).isEqualTo(7);
            assertThat(c.lastModified()).isEqualTo(Instant.parse("2025-01-02T03:04:05.678Z"));
            assertThat(c.extras()).isEmpty();
        }

        @Test
        void theyAreWrittenBack() {
            EventComponent c = map(DETAILED, BERLIN);
            Event e = GoogleEventMapper.toEvent(c, BERLIN);
            assertThat(e.getStatus()).isEqualTo("tentative");
            assertThat(e.getTransparency()).isEqualTo("transparent");
            assertThat(e.getVisibility()).isEqualTo("private");
            assertThat(e.getSequence()).isEqualTo(7);
            assertThat(e.getUpdated()).isNull();
            assertThat(e.getReminders().getUseDefault()).isFalse();
            assertThat(e.getReminders().getOverrides())
                    .extracting(r -> r.getMethod() + "/" + r.getMinutes())
                    .containsExactly("popup/10", "email/1440");
            assertThat(e.getAttendees())
                    .extracting(EventAttendee::getEmail, EventAttendee::getResponseStatus, EventAttendee::getOptional)
                    .startsWith(org.assertj.core.groups.Tuple.tuple("ann@example.com", "accepted", false));
            assertThat(e.getExtendedProperties().getPrivate())
                    .containsOnlyKeys("calsyncUid", "calsyncCategories", "calsyncUrl")
                    .containsEntry("calsyncUid", "d@x");
            assertThat(e.getColorId()).isNull();
            assertThat(GoogleEventMapper.toComponent(GoogleJson.wire(e), "d@x", BERLIN, null))
                    .isEqualTo(c.toBuilder().lastModified(null).build());
        }

        @Test
        void defaultRemindersAreTheEmptyList() {
            EventComponent absent = map("""
                    {"iCalUID":"a","start":{"date":"2025-03-01"}}""", BERLIN);
            EventComponent none = map("""
                    {"iCalUID":"a","start":{"date":"2025-03-01"},"reminders":{"useDefault":false}}""", BERLIN);
            assertThat(absent.reminders()).isEmpty();
            assertThat(none.reminders()).isEmpty();
            assertThat(GoogleEventMapper.toEvent(absent, BERLIN).getReminders().getUseDefault())
                    .isTrue();
        }

        @Test
        void aDelegatedReplyTravelsInAPrivateProperty() {
            EventComponent c = EventComponent.builder("u", EventTime.date(LocalDate.of(2025, 1, 1)))
                    .attendee(new Attendee("ann@example.com", null, ParticipationStatus.DELEGATED, false, false))
                    .attendee(Attendee.of("bob@example.com"))
                    .build();
            Event e = GoogleEventMapper.toEvent(c, BERLIN);
            assertThat(e.getAttendees())
                    .extracting(EventAttendee::getResponseStatus)
                    .containsOnly("needsAction");
            assertThat(e.getExtendedProperties().getPrivate())
                    .containsEntry(GoogleEventMapper.DELEGATED_PROPERTY, "[\"ann@example.com\"]");
            assertThat(GoogleEventMapper.toComponent(GoogleJson.wire(e), "u", BERLIN, null))
                    .isEqualTo(c);

            // A reply given on Google wins over the property.
            e.getAttendees().get(0).setResponseStatus("accepted");
            assertThat(GoogleEventMapper.toComponent(e, "u", BERLIN, null)
                            .attendees()
                            .get(0)
                            .participation())
                    .isEqualTo(ParticipationStatus.ACCEPTED);
        }
    }

    // ------------------------------------------------------------ recurrence lines

    @Nested
    class RecurrenceLines {
        @Test
        void exdatesWithTzidDateUtcAndFloatingValuesAreRead() {
            EventComponent c = map("""
                    {"iCalUID":"r","start":{"dateTime":"2025-06-03T09:00:00+02:00","timeZone":"Europe/Berlin"},
                     "recurrence":["RRULE:FREQ=WEEKLY;UNTIL=20250729T070000Z",
                                   "EXDATE;TZID=Europe/Berlin:20250610T090000,20250617T090000",
                                   "EXDATE:20250624T070000Z",
                                   "EXDATE:20250701T090000",
                                   "RDATE;VALUE=DATE-TIME;TZID=\\"Europe/Berlin\\":20250801T090000"]}""", BERLIN);
            assertThat(c.recurrence().rules()).containsExactly("RRULE:FREQ=WEEKLY;UNTIL=20250729T070000Z");
            assertThat(c.recurrence().exdates())
                    .containsExactly(
                            EventTime.of(LocalDateTime.parse("2025-06-10T09:00:00"), BERLIN),
                            EventTime.of(LocalDateTime.parse("2025-06-17T09:00:00"), BERLIN),
                            EventTime.utc(Instant.parse("2025-06-24T07:00:00Z")),
                            // no zone on Google: the event's zone
                            EventTime.of(LocalDateTime.parse("2025-07-01T09:00:00"), BERLIN));
            assertThat(c.recurrence().rdates())
                    .containsExactly(EventTime.of(LocalDateTime.parse("2025-08-01T09:00:00"), BERLIN));

            List<String> lines = GoogleEventMapper.toEvent(c, BERLIN).getRecurrence();
            assertThat(lines)
                    .containsExactly(
                            "RRULE:FREQ=WEEKLY;UNTIL=20250729T070000Z",
                            "RDATE;TZID=Europe/Berlin:20250801T090000",
                            "EXDATE;TZID=Europe/Berlin:20250610T090000,20250617T090000",
                            "EXDATE:20250624T070000Z",
                            "EXDATE;TZID=Europe/Berlin:20250701T090000");
        }

        @Test
        void allDayExdatesAndRdatesUseValueDate() {
            EventComponent c = map("""
                    {"iCalUID":"r","start":{"date":"2015-06-02"},"end":{"date":"2015-06-03"},
                     "recurrence":["RRULE:FREQ=WEEKLY;UNTIL=20150701","EXDATE;VALUE=DATE:20150610",
                                   "RDATE;VALUE=DATE:20150609,20150611"]}""", BERLIN);
            assertThat(c.recurrence().exdates()).containsExactly(EventTime.date(LocalDate.of(2015, 6, 10)));
            assertThat(c.recurrence().rdates())
                    .containsExactly(
                            EventTime.date(LocalDate.of(2015, 6, 9)), EventTime.date(LocalDate.of(2015, 6, 11)));
            assertThat(GoogleEventMapper.toEvent(c, BERLIN).getRecurrence())
                    .containsExactly(
                            "RRULE:FREQ=WEEKLY;UNTIL=20150701",
                            "RDATE;VALUE=DATE:20150609,20150611",
                            "EXDATE;VALUE=DATE:20150610");
        }
    }

    // ------------------------------------------------------------ malformed input

    @Nested
    class Malformed {
        void assertMalformed(String json, String field) {
            Event e = parse(json);
            assertThatThrownBy(() -> GoogleEventMapper.toComponent(e, "u", BERLIN, null))
                    .isInstanceOfSatisfying(
                            MalformedEventException.class,
                            m -> assertThat(m.field()).as(m.getMessage()).isEqualTo(field));
        }

        @Test
        void missingStart() {
            assertMalformed("""
                    {"status":"confirmed","end":{"date":"2025-01-02"}}""", "start");
        }

        @Test
        void anImpossibleDateIsRolledOverByTheGoogleClientBeforeTheMapperSeesIt() {
            // google-http-client's DateTime parses leniently: 2030-02-30 arrives as 2030-03-02. The
            // raw text is gone by then, so the mapper cannot refuse it (see the class Javadoc).
            EventComponent c = map("""
                    {"iCalUID":"a","start":{"date":"2030-02-30"}}""", BERLIN);
            assertThat(c.start()).isEqualTo(EventTime.date(LocalDate.of(2030, 3, 2)));
        }

        @Test
        void aDateTimeInTheDateSlotOrBothSet() {
            assertMalformed("""
                    {"start":{"date":"2030-02-03T10:00:00Z"}}""", "start");
            assertMalformed("""
                    {"start":{"date":"2030-02-03","dateTime":"2030-02-03T10:00:00Z"}}""", "start");
            assertMalformed("""
                    {"start":{}}""", "start");
        }

        @Test
        void anUnknownTimeZone() {
            assertMalformed("""
                    {"start":{"dateTime":"2030-02-03T10:00:00Z","timeZone":"Mars/Olympus_Mons"}}""", "start");
            assertMalformed("""
                    {"start":{"dateTime":"2030-02-03T10:00:00Z"},"end":{"dateTime":"2030-02-03T10:00:00Z","timeZone":"EST"}}""", "end");
        }

        @Test
        void endBeforeStartOrOfAnotherKind() {
            assertMalformed("""
                    {"start":{"dateTime":"2030-02-03T10:00:00Z"},"end":{"dateTime":"2030-02-03T09:59:59Z"}}""", "end");
            assertMalformed("""
                    {"start":{"date":"2030-02-03"},"end":{"date":"2030-02-02"}}""", "end");
            assertMalformed("""
                    {"start":{"date":"2030-02-03"},"end":{"dateTime":"2030-02-04T00:00:00Z"}}""", "end");
        }

        @Test
        void unknownEnumValues() {
            assertMalformed("""
                    {"start":{"date":"2030-02-03"},"status":"maybe"}""", "status");
            assertMalformed("""
                    {"start":{"date":"2030-02-03"},"transparency":"glass"}""", "transparency");
            assertMalformed("""
                    {"start":{"date":"2030-02-03"},"visibility":"secret"}""", "visibility");
            assertMalformed("""
                    {"start":{"date":"2030-02-03"},"attendees":[{"email":"a@x","responseStatus":"delegated"}]}""", "attendees[0].responseStatus");
            assertMalformed("""
                    {"start":{"date":"2030-02-03"},"reminders":{"useDefault":false,"overrides":[{"method":"sms","minutes":5}]}}""", "reminders.overrides[0].method");
        }

        @Test
        void anAttendeeWithoutEmail() {
            assertMalformed("""
                    {"start":{"date":"2030-02-03"},"attendees":[{"email":"a@x"},{"displayName":"Nobody"}]}""", "attendees[1].email");
        }

        @Test
        void badRecurrenceLines() {
            for (String line : List.of(
                    "RRULE:FREQ=FORTNIGHTLY",
                    "RRULE:COUNT=3",
                    "RRULE:FREQ=DAILY;COUNT=x",
                    "RRULE:FREQ=DAILY;COUNT=0",
                    "RRULE:FREQ=DAILY;COUNT=3;UNTIL=20300301T000000Z",
                    "RRULE:FREQ=DAILY;FREQ=WEEKLY",
                    "RRULE:FREQ=DAILY;UNTIL=2030-03-01",
                    "RRULE:FREQ=DAILY;BOGUS=1",
                    "RRULE:FREQ=DAILY;BYDAY=M O",
                    "RRULE:",
                    "RRULE;X=1:FREQ=DAILY",
                    "RRULE FREQ=DAILY",
                    "DTSTART:20300203T100000Z",
                    "EXDATE;VALUE=DATE:20301301",
                    "EXDATE;VALUE=DATE:20300203T100000Z",
                    "EXDATE:20300203T100000Z,",
                    "RDATE;VALUE=PERIOD:20300203T100000Z/PT1H",
                    "EXDATE;TZID=Nowhere/Special:20300203T100000")) {
                String json = "{\"start\":{\"dateTime\":\"2030-02-03T10:00:00Z\",\"timeZone\":\"UTC\"},"
                        + "\"recurrence\":[\"RRULE:FREQ=DAILY\",\"" + line.replace("\"", "\\\"") + "\"]}";
                assertThatThrownBy(() -> GoogleEventMapper.toComponent(parse(json), "u", BERLIN, null))
                        .as(line)
                        .isInstanceOfSatisfying(
                                MalformedEventException.class,
                                m -> assertThat(m.field()).isEqualTo("recurrence"));
            }
        }

        @Test
        void anInstanceWithoutOriginalStartTime() {
            assertMalformed("""
                    {"recurringEventId":"m","start":{"date":"2030-02-03"}}""", "originalStartTime");
        }

        @Test
        void aCategoriesPropertyThatIsNotAJsonArray() {
            assertMalformed("""
                    {"start":{"date":"2030-02-03"},"extendedProperties":{"private":{"calsyncCategories":"Work,Home"}}}""", "extendedProperties.private.calsyncCategories");
        }
    }

    // ------------------------------------------------------------ patch bodies

    @Nested
    class Patches {
        @Test
        void whatTheComponentLacksIsClearedAndUnmappedFieldsAreLeftOut() {
            Event current = parse(Details.DETAILED);
            EventComponent bare = EventComponent.builder("d@x", EventTime.date(LocalDate.of(2025, 1, 1)))
                    .build();

            Event patch = GoogleEventMapper.toPatch(bare, BERLIN, current);
            String body = json(patch);

            assertThat(body)
                    .contains("\"summary\":null", "\"description\":null", "\"location\":null")
                    .contains("\"attendees\":[]", "\"recurrence\":[]")
                    .contains("\"start\":{\"date\":\"2025-01-01\",\"dateTime\":null,\"timeZone\":null}")
                    .contains("\"reminders\":{\"overrides\":[],\"useDefault\":true}")
                    .doesNotContain("colorId", "organizer", "\"id\"", "iCalUID", "updated");
            Map<String, String> props = patch.getExtendedProperties().getPrivate();
            assertThat(props).containsEntry("other", "kept").containsEntry("calsyncUid", "d@x");
            assertThat(Data.isNull(props.get("calsyncCategories"))).isTrue();
            assertThat(Data.isNull(props.get("calsyncUrl"))).isTrue();
        }

        @Test
        void aUtcTimeClearsTheStoredTimeZoneAndDate() {
            EventComponent c = EventComponent.builder("u", EventTime.utc(Instant.parse("2025-01-01T10:00:00Z")))
                    .build();
            String body = json(GoogleEventMapper.toPatch(c, BERLIN, null));
            assertThat(body)
                    .contains("\"start\":{\"date\":null,\"dateTime\":\"2025-01-01T10:00:00.000Z\",\"timeZone\":null}");
        }

        @Test
        void attendeesKeepTheirUnmappedFields() {
            Event current = parse(Details.DETAILED);
            EventComponent c = map(Details.DETAILED, BERLIN);
            List<Attendee> attendees = new ArrayList<>(c.attendees());
            attendees.set(1, new Attendee("bob@example.com", null, ParticipationStatus.ACCEPTED, false, false));
            Event patch =
                    GoogleEventMapper.toPatch(c.toBuilder().attendees(attendees).build(), BERLIN, current);

            EventAttendee bob = patch.getAttendees().get(1);
            assertThat(bob.getComment()).isEqualTo("away");
            assertThat(bob.getResponseStatus()).isEqualTo("accepted");
            assertThat(bob.getOptional()).isFalse();
            // The current event is not changed.
            assertThat(current.getAttendees().get(1).getResponseStatus()).isEqualTo("declined");
        }

        @Test
        void noRemindersOnGoogleStayWhenTheComponentHasNoExplicitOnes() {
            Event current = parse("""
                    {"start":{"date":"2025-01-01"},"reminders":{"useDefault":false}}""");
            EventComponent c = EventComponent.builder("u", EventTime.date(LocalDate.of(2025, 1, 1)))
                    .build();
            assertThat(GoogleEventMapper.toPatch(c, BERLIN, current).getReminders())
                    .isNull();
            Event withOverrides = parse("""
                    {"start":{"date":"2025-01-01"},"reminders":{"useDefault":false,"overrides":[{"method":"popup","minutes":5}]}}""");
            assertThat(GoogleEventMapper.toPatch(c, BERLIN, withOverrides)
                            .getReminders()
                            .getUseDefault())
                    .isTrue();
        }

        @Test
        void ownPropertiesAreOverlaidOnTheCurrentOnes() {
            Event current = new Event();
            Map<String, String> old = new HashMap<>();
            old.put("calsyncUid", "old");
            old.put("calsyncCategories", "[\"x\"]");
            old.put("someoneElse", "1");
            current.setExtendedProperties(new Event.ExtendedProperties().setPrivate(old));
            EventComponent c = EventComponent.builder("u", EventTime.date(LocalDate.of(2025, 1, 1)))
                    .categories(List.of("Work"))
                    .build();
            Map<String, String> props = GoogleEventMapper.toPatch(c, BERLIN, current)
                    .getExtendedProperties()
                    .getPrivate();
            assertThat(props)
                    .containsEntry("calsyncUid", "u")
                    .containsEntry("calsyncCategories", "[\"Work\"]")
                    .containsEntry("someoneElse", "1");
        }
    }

    @Test
    void jsonStringArraysRoundTrip() {
        List<String> values = List.of("", "a,b", "\"quoted\"", "back\\slash", "line\nbreak\ttab\u0001", "日本語 🎉");
        String json = JsonStrings.encode(values);
        assertThat(JsonStrings.decode(json)).isEqualTo(values);
        assertThat(JsonStrings.decode(" [ \"a\" , \"\\u00e4\\/\" ] ")).containsExactly("a", "ä/");
        assertThat(JsonStrings.decode("[]")).isEmpty();
        for (String bad : List.of("", "[", "[\"a\"", "[\"a\",]", "[1]", "{}", "[\"a\"] x", "[\"\\x\"]")) {
            assertThatThrownBy(() -> JsonStrings.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
