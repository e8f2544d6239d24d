package dev.calsync.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.ParticipationStatus;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.Reminder;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The content hash of a component is stored in every mapping and compared on every sync, so it must
 * not change between versions for the same content: a change would make every series of every pair
 * look edited after an upgrade. This pins the hash of one component that uses every mapped field;
 * a change to the canonical form that moves it must be a deliberate, migrated one.
 */
class ContentHashStabilityTest {

    static EventComponent everyField() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        return EventComponent.builder(
                        "stability-1@calsync.test", EventTime.of(LocalDateTime.of(2027, 3, 1, 9, 30), berlin))
                .end(EventTime.of(LocalDateTime.of(2027, 3, 1, 10, 15), berlin))
                .summary("Planning, Q2 \u2013 \u00e9t\u00e9")
                .description("Agenda:\r\n1. budget\r\n2. hiring  ")
                .location("Room 4")
                .organizer(new Organizer("boss@example.com", "Boss"))
                .attendees(List.of(
                        new Attendee("b@example.com", "B", ParticipationStatus.ACCEPTED, false, false),
                        new Attendee("a@example.com", null, ParticipationStatus.TENTATIVE, true, false),
                        new Attendee("room@example.com", "Room", ParticipationStatus.NEEDS_ACTION, false, true)))
                .reminders(List.of(new Reminder(Reminder.Method.EMAIL, 60), new Reminder(Reminder.Method.DISPLAY, 10)))
                .recurrence(new Recurrence(
                        List.of("RRULE:FREQ=WEEKLY;BYDAY=WE,MO;INTERVAL=1;UNTIL=20270630T000000Z"),
                        List.of(EventTime.of(LocalDateTime.of(2027, 3, 4, 9, 30), berlin)),
                        List.of(EventTime.of(LocalDateTime.of(2027, 3, 8, 9, 30), berlin))))
                .categories(List.of(" work ", "planning", ""))
                .url("https://example.com/plan")
                .build();
    }

    @Test
    void theHashOfAComponentWithEveryFieldIsTheOneEarlierVersionsStored() {
        assertThat(ContentHash.of(everyField()).value()).isEqualTo(GOLDEN);
    }

    @Test
    void anAllDayComponentKeepsItsHashToo() {
        EventComponent allDay = EventComponent.builder(
                        "stability-2@calsync.test", EventTime.date(LocalDate.of(2027, 5, 1)))
                .end(EventTime.date(LocalDate.of(2027, 5, 2)))
                .summary("Holiday")
                .build();

        assertThat(ContentHash.of(allDay).value()).isEqualTo(GOLDEN_ALL_DAY);
    }

    private static final String GOLDEN = "74f4d6edd43fbbd48dff926eb0718d9ffcee48cfbab41280b4daa9b216a8c508";
    private static final String GOLDEN_ALL_DAY = "c6f2793df4841c80836fd0b834766fd556e37645c59b2d502259f83118ec4b96";
}
