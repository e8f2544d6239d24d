package dev.calsync.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventComponentTest {

    private static final EventTime NINE = EventTime.utc(Instant.parse("2025-06-02T09:00:00Z"));
    private static final EventTime TEN = EventTime.utc(Instant.parse("2025-06-02T10:00:00Z"));
    private static final EventTime JUNE_2 = EventTime.date(LocalDate.of(2025, 6, 2));
    private static final RecurrenceId RID = new RecurrenceId.AtInstant(Instant.parse("2025-06-09T09:00:00Z"));

    @Test
    void allDayEventWithoutEndLastsOneDay() {
        EventComponent c = EventComponent.builder("u", JUNE_2).build();

        assertThat(c.end()).isEqualTo(EventTime.date(LocalDate.of(2025, 6, 3)));
    }

    @Test
    void timedEventWithoutEndEndsAtItsStart() {
        assertThat(EventComponent.builder("u", NINE).build().end()).isEqualTo(NINE);

        EventTime zoned = EventTime.of(LocalDateTime.of(2025, 6, 2, 9, 0), ZoneId.of("Europe/Berlin"));
        assertThat(EventComponent.builder("u", zoned).build().end()).isEqualTo(zoned);
    }

    @Test
    void endBeforeStartIsMalformedDtend() {
        assertThatThrownBy(() -> EventComponent.builder("u", TEN).end(NINE).build())
                .isInstanceOfSatisfying(
                        MalformedEventException.class,
                        e -> assertThat(e.field()).isEqualTo("DTEND"))
                .hasMessageContaining("before");
        assertThatThrownBy(() -> EventComponent.builder("u", JUNE_2)
                        .end(EventTime.date(LocalDate.of(2025, 6, 1)))
                        .build())
                .isInstanceOfSatisfying(
                        MalformedEventException.class,
                        e -> assertThat(e.field()).isEqualTo("DTEND"));
    }

    @Test
    void endBeforeStartIsDetectedAcrossZones() {
        // 10:30 in Berlin (08:30Z) is before 09:00Z even though 10:30 > 09:00 on the clock.
        EventTime berlin1030 = EventTime.of(LocalDateTime.of(2025, 6, 2, 10, 30), ZoneId.of("Europe/Berlin"));

        assertThatThrownBy(
                        () -> EventComponent.builder("u", NINE).end(berlin1030).build())
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void zeroLengthTimedEventIsAllowed() {
        assertThat(EventComponent.builder("u", NINE).end(NINE).build().end()).isEqualTo(NINE);
    }

    @Test
    void dateStartWithDateTimeEndIsMalformed() {
        assertThatThrownBy(() -> EventComponent.builder("u", JUNE_2).end(TEN).build())
                .isInstanceOfSatisfying(
                        MalformedEventException.class,
                        e -> assertThat(e.field()).isEqualTo("DTEND"));
        assertThatThrownBy(() -> EventComponent.builder("u", NINE)
                        .end(EventTime.date(LocalDate.of(2025, 6, 3)))
                        .build())
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void blankOrMissingUidIsMalformedUid() {
        for (String uid : new String[] {"", "   ", "\t\n"}) {
            assertThatThrownBy(() -> EventComponent.builder(uid, NINE).build())
                    .as("uid '%s'", uid)
                    .isInstanceOfSatisfying(
                            MalformedEventException.class,
                            e -> assertThat(e.field()).isEqualTo("UID"))
                    .hasMessageStartingWith("UID:");
        }
        assertThatThrownBy(() -> EventComponent.builder(null, NINE).build())
                .isInstanceOfSatisfying(
                        MalformedEventException.class,
                        e -> assertThat(e.field()).isEqualTo("UID"));
    }

    @Test
    void missingStartIsMalformedDtstart() {
        assertThatThrownBy(() -> EventComponent.builder("u", null).build())
                .isInstanceOfSatisfying(
                        MalformedEventException.class,
                        e -> assertThat(e.field()).isEqualTo("DTSTART"));
    }

    @Test
    void unsetFieldsTakeTheProvidersDefaults() {
        EventComponent c = EventComponent.builder("u", NINE).build();

        assertThat(c.status()).isEqualTo(EventStatus.CONFIRMED);
        assertThat(c.transparency()).isEqualTo(Transparency.OPAQUE);
        assertThat(c.visibility()).isEqualTo(Visibility.DEFAULT);
        assertThat(c.recurrence()).isEqualTo(Recurrence.NONE);
        assertThat(c.attendees()).isEmpty();
        assertThat(c.reminders()).isEmpty();
        assertThat(c.categories()).isEmpty();
        assertThat(c.extras()).isEmpty();
        assertThat(c.sequence()).isZero();
        assertThat(c.lastModified()).isNull();
        assertThat(c.recurrenceId()).isNull();
    }

    @Test
    void nonRecurringEventIsSingle() {
        assertThat(EventComponent.builder("u", NINE).build().kind()).isEqualTo(ComponentKind.SINGLE);
    }

    @Test
    void eventWithOnlyExdatesIsStillSingle() {
        EventComponent c = EventComponent.builder("u", NINE)
                .recurrence(new Recurrence(List.of(), List.of(), List.of(TEN)))
                .build();

        assertThat(c.kind()).isEqualTo(ComponentKind.SINGLE);
    }

    @Test
    void eventWithRruleOrRdateIsAMaster() {
        assertThat(EventComponent.builder("u", NINE)
                        .recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY"))
                        .build()
                        .kind())
                .isEqualTo(ComponentKind.MASTER);
        assertThat(EventComponent.builder("u", NINE)
                        .recurrence(new Recurrence(List.of(), List.of(TEN), List.of()))
                        .build()
                        .kind())
                .isEqualTo(ComponentKind.MASTER);
    }

    @Test
    void deletedMasterIsStillAMaster() {
        EventComponent c = EventComponent.builder("u", NINE)
                .recurrence(Recurrence.ofRules("RRULE:FREQ=DAILY"))
                .status(EventStatus.CANCELLED)
                .build();

        assertThat(c.kind()).isEqualTo(ComponentKind.MASTER);
    }

    @Test
    void componentWithRecurrenceIdIsAnOverride() {
        for (EventStatus status : new EventStatus[] {null, EventStatus.CONFIRMED, EventStatus.TENTATIVE}) {
            EventComponent c = EventComponent.builder("u", NINE)
                    .recurrenceId(RID)
                    .status(status)
                    .build();
            assertThat(c.kind()).as("status %s", status).isEqualTo(ComponentKind.OVERRIDE);
        }
    }

    @Test
    void cancelledComponentWithRecurrenceIdIsACancelledOccurrence() {
        EventComponent c = EventComponent.builder("u", NINE)
                .recurrenceId(RID)
                .status(EventStatus.CANCELLED)
                .build();

        assertThat(c.kind()).isEqualTo(ComponentKind.CANCELLED_OCCURRENCE);
        assertThat(c.key()).isEqualTo(EventKey.occurrence("u", RID));
    }

    @Test
    void listsPassedToTheBuilderAreCopied() {
        List<Attendee> attendees = new ArrayList<>(List.of(Attendee.of("ann@example.org")));
        List<String> categories = new ArrayList<>(List.of("Work"));
        Map<String, String> extras = new HashMap<>(Map.of("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR", "AUTOMATIC"));

        EventComponent c = EventComponent.builder("u", NINE)
                .attendees(attendees)
                .categories(categories)
                .extras(extras)
                .build();
        attendees.add(Attendee.of("eve@example.org"));
        categories.add("Private");
        extras.put("colorId", "5");

        assertThat(c.attendees()).extracting(Attendee::email).containsExactly("ann@example.org");
        assertThat(c.categories()).containsExactly("Work");
        assertThat(c.extras()).containsOnlyKeys("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR");
    }

    @Test
    void changingTheBuilderAfterBuildLeavesTheComponentAlone() {
        EventComponent.Builder b = EventComponent.builder("u", NINE)
                .summary("Standup")
                .attendee(Attendee.of("ann@example.org"))
                .categories(List.of("Work"))
                .extra("colorId", "5");
        EventComponent built = b.build();

        b.summary("Changed")
                .attendee(Attendee.of("eve@example.org"))
                .categories(List.of("Other"))
                .extra("colorId", "9")
                .end(TEN);

        assertThat(built.summary()).isEqualTo("Standup");
        assertThat(built.attendees()).hasSize(1);
        assertThat(built.categories()).containsExactly("Work");
        assertThat(built.extras()).containsEntry("colorId", "5");
        assertThat(built.end()).isEqualTo(NINE);
    }

    @Test
    void componentListsCannotBeModified() {
        EventComponent c = EventComponent.builder("u", NINE)
                .attendee(Attendee.of("ann@example.org"))
                .reminders(List.of(new Reminder(Reminder.Method.DISPLAY, 10)))
                .categories(List.of("Work"))
                .extra("colorId", "5")
                .build();

        assertThatThrownBy(() -> c.attendees().add(Attendee.of("eve@example.org")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.reminders().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.categories().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.extras().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void extrasAreSortedByName() {
        EventComponent c = EventComponent.builder("u", NINE)
                .extra("X-B", "2")
                .extra("X-A", "1")
                .extra("colorId", "3")
                .build();

        assertThat(c.extras().keySet()).containsExactly("X-A", "X-B", "colorId");
    }

    @Test
    void toBuilderRoundTripGivesAnEqualComponent() {
        EventComponent full = fullComponent();

        assertThat(full.toBuilder().build()).isEqualTo(full).hasSameHashCodeAs(full);
    }

    @Test
    void changingACopyLeavesTheOriginalAlone() {
        EventComponent original = fullComponent();

        EventComponent copy = original.toBuilder()
                .summary("Moved")
                .attendee(Attendee.of("eve@example.org"))
                .extra("X-NEW", "1")
                .build();

        assertThat(original).isEqualTo(fullComponent());
        assertThat(copy.summary()).isEqualTo("Moved");
        assertThat(copy.attendees()).hasSize(3);
        assertThat(copy.uid()).isEqualTo(original.uid());
    }

    @Test
    void hugeSequenceIsClampedToInt32() {
        assertThat(EventComponent.builder("u", NINE)
                        .sequence(5_000_000_000L)
                        .build()
                        .sequence())
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(EventComponent.builder("u", NINE).sequence(-3).build().sequence())
                .isZero();
    }

    @Test
    void lastModifiedIsKeptToTheMillisecond() {
        EventComponent c = EventComponent.builder("u", NINE)
                .lastModified(Instant.parse("2025-06-01T12:00:00.123456789Z"))
                .build();

        assertThat(c.lastModified()).isEqualTo(Instant.parse("2025-06-01T12:00:00.123Z"));
    }

    @Test
    void emailAddressesAreNormalised() {
        assertThat(Attendee.of("MAILTO:Ann@Example.ORG").email()).isEqualTo("ann@example.org");
        assertThat(Attendee.of("  mailto:Ann@Example.ORG ").email()).isEqualTo("ann@example.org");
        assertThat(new Organizer("mailto:Bob@Example.org", "Bob").email()).isEqualTo("bob@example.org");
        assertThat(Attendee.of("MAILTO:Ann@Example.ORG")).isEqualTo(Attendee.of("ann@example.org"));
    }

    @Test
    void blankAddressesAreRefused() {
        assertThatThrownBy(() -> Attendee.of("mailto:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attendee.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Organizer(null, "Bob")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void attendeeDefaultsToARequiredAttendeeWhoHasNotReplied() {
        Attendee a = new Attendee("ann@example.org", " ", null, false, false);

        assertThat(a.participation()).isEqualTo(ParticipationStatus.NEEDS_ACTION);
        assertThat(a.displayName()).isNull();
    }

    @Test
    void negativeReminderIsRefused() {
        assertThatThrownBy(() -> new Reminder(Reminder.Method.EMAIL, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recurrenceRefusesLinesThatAreNotRules() {
        assertThatThrownBy(() -> Recurrence.ofRules("DTSTART:20250101T090000Z"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Recurrence.ofRules("rrule:freq=daily").recurs()).isTrue();
    }

    private static EventComponent fullComponent() {
        return EventComponent.builder("full@example.org", NINE)
                .end(TEN)
                .summary("Planning")
                .description("Agenda")
                .location("Room 1")
                .status(EventStatus.TENTATIVE)
                .transparency(Transparency.TRANSPARENT)
                .visibility(Visibility.PRIVATE)
                .organizer(new Organizer("bob@example.org", "Bob"))
                .attendee(Attendee.of("ann@example.org"))
                .attendee(new Attendee("carl@example.org", "Carl", ParticipationStatus.ACCEPTED, true, false))
                .reminders(List.of(new Reminder(Reminder.Method.DISPLAY, 10)))
                .recurrence(new Recurrence(List.of("RRULE:FREQ=WEEKLY"), List.of(), List.of(TEN)))
                .categories(List.of("Work", "Team"))
                .url("https://example.org/planning")
                .sequence(4)
                .lastModified(Instant.parse("2025-06-01T12:00:00Z"))
                .extra("X-APPLE-STRUCTURED-LOCATION", "geo:52.5,13.4")
                .build();
    }
}
