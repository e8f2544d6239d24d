package dev.calsync.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.ParticipationStatus;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.event.Reminder;
import dev.calsync.core.event.Transparency;
import dev.calsync.core.event.Visibility;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** "Did this side change?": the hash moves with every mapped field and with nothing else. */
class ContentHashTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final EventTime START = EventTime.of(LocalDateTime.of(2025, 6, 2, 9, 0), BERLIN);
    private static final EventTime END = EventTime.of(LocalDateTime.of(2025, 6, 2, 10, 0), BERLIN);
    private static final EventTime EX1 = EventTime.of(LocalDateTime.of(2025, 6, 9, 9, 0), BERLIN);
    private static final EventTime EX2 = EventTime.of(LocalDateTime.of(2025, 6, 16, 9, 0), BERLIN);

    private static EventComponent.Builder base() {
        return EventComponent.builder("weekly@example.org", START)
                .end(END)
                .summary("Planning")
                .description("Agenda:\n1. Budget")
                .location("Room 1")
                .status(EventStatus.CONFIRMED)
                .transparency(Transparency.OPAQUE)
                .visibility(Visibility.DEFAULT)
                .organizer(new Organizer("bob@example.org", "Bob"))
                .attendees(List.of(
                        Attendee.of("ann@example.org"),
                        new Attendee("carl@example.org", "Carl", ParticipationStatus.ACCEPTED, false, false)))
                .reminders(List.of(new Reminder(Reminder.Method.DISPLAY, 10), new Reminder(Reminder.Method.EMAIL, 60)))
                .recurrence(new Recurrence(List.of("RRULE:FREQ=WEEKLY;BYDAY=MO"), List.of(), List.of(EX1, EX2)))
                .categories(List.of("Work", "Team"))
                .url("https://example.org/planning")
                .sequence(3)
                .lastModified(Instant.parse("2025-05-01T10:00:00Z"))
                .extra("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR", "AUTOMATIC");
    }

    private static ContentHash hash(EventComponent.Builder b) {
        return ContentHash.of(b.build());
    }

    private static final ContentHash BASE = hash(base());

    @Test
    void hashIsSixtyFourLowerCaseHexDigits() {
        assertThat(BASE.value()).matches("[0-9a-f]{64}");
        assertThat(BASE).hasToString(BASE.value());
        assertThatThrownBy(() -> new ContentHash("ABC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContentHash(BASE.value().toUpperCase(java.util.Locale.ROOT)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashIsTheSameForAnEqualComponentBuiltAgain() {
        assertThat(hash(base())).isEqualTo(BASE);
    }

    @Test
    void sequenceLastModifiedAndExtrasDoNotChangeTheHash() {
        // Otherwise the mere act of syncing would look like an edit, and updates would ping-pong.
        assertThat(hash(base().sequence(99))).isEqualTo(BASE);
        assertThat(hash(base().lastModified(Instant.parse("2030-01-01T00:00:00Z"))))
                .isEqualTo(BASE);
        assertThat(hash(base().lastModified(null))).isEqualTo(BASE);
        assertThat(hash(base().extras(Map.of("colorId", "5", "X-MOZ-GENERATION", "7"))))
                .isEqualTo(BASE);
        assertThat(hash(base().extras(Map.of()))).isEqualTo(BASE);
    }

    @Test
    void displayNamesFilledInByServersDoNotChangeTheHash() {
        assertThat(hash(base().organizer(new Organizer("bob@example.org", null))))
                .isEqualTo(BASE);
        assertThat(hash(base().attendees(List.of(
                        new Attendee("ann@example.org", "Ann Smith", ParticipationStatus.NEEDS_ACTION, false, false),
                        new Attendee("carl@example.org", null, ParticipationStatus.ACCEPTED, false, false)))))
                .isEqualTo(BASE);
    }

    @Test
    void everyMappedFieldChangesTheHash() {
        Map<String, UnaryOperator<EventComponent.Builder>> edits = new LinkedHashMap<>();
        edits.put("summary", b -> b.summary("Planning (moved)"));
        edits.put("summary removed", b -> b.summary(null));
        edits.put("description", b -> b.description("Agenda:\n1. Budget\n2. Hiring"));
        edits.put("location", b -> b.location("Room 2"));
        edits.put("status", b -> b.status(EventStatus.TENTATIVE));
        edits.put("transparency", b -> b.transparency(Transparency.TRANSPARENT));
        edits.put("visibility", b -> b.visibility(Visibility.PRIVATE));
        edits.put("organizer", b -> b.organizer(new Organizer("eve@example.org", "Bob")));
        edits.put("organizer removed", b -> b.organizer(null));
        edits.put("attendee added", b -> b.attendee(Attendee.of("dan@example.org")));
        edits.put("attendee removed", b -> b.attendees(List.of(Attendee.of("ann@example.org"))));
        edits.put(
                "attendee reply",
                b -> b.attendees(List.of(
                        new Attendee("ann@example.org", null, ParticipationStatus.DECLINED, false, false),
                        new Attendee("carl@example.org", "Carl", ParticipationStatus.ACCEPTED, false, false))));
        edits.put(
                "attendee optional",
                b -> b.attendees(List.of(
                        new Attendee("ann@example.org", null, ParticipationStatus.NEEDS_ACTION, true, false),
                        new Attendee("carl@example.org", "Carl", ParticipationStatus.ACCEPTED, false, false))));
        edits.put(
                "attendee resource",
                b -> b.attendees(List.of(
                        new Attendee("ann@example.org", null, ParticipationStatus.NEEDS_ACTION, false, true),
                        new Attendee("carl@example.org", "Carl", ParticipationStatus.ACCEPTED, false, false))));
        edits.put(
                "reminder minutes",
                b -> b.reminders(
                        List.of(new Reminder(Reminder.Method.DISPLAY, 15), new Reminder(Reminder.Method.EMAIL, 60))));
        edits.put(
                "reminder method",
                b -> b.reminders(
                        List.of(new Reminder(Reminder.Method.EMAIL, 10), new Reminder(Reminder.Method.EMAIL, 60))));
        edits.put("reminders back to defaults", b -> b.reminders(List.of()));
        edits.put(
                "rrule",
                b -> b.recurrence(new Recurrence(List.of("RRULE:FREQ=WEEKLY;BYDAY=TU"), List.of(), List.of(EX1, EX2))));
        edits.put(
                "rrule count",
                b -> b.recurrence(
                        new Recurrence(List.of("RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10"), List.of(), List.of(EX1, EX2))));
        edits.put(
                "exrule added",
                b -> b.recurrence(new Recurrence(
                        List.of("RRULE:FREQ=WEEKLY;BYDAY=MO", "EXRULE:FREQ=MONTHLY;BYDAY=1MO"),
                        List.of(),
                        List.of(EX1, EX2))));
        edits.put(
                "rdate",
                b -> b.recurrence(new Recurrence(
                        List.of("RRULE:FREQ=WEEKLY;BYDAY=MO"),
                        List.of(EventTime.of(LocalDateTime.of(2025, 6, 4, 9, 0), BERLIN)),
                        List.of(EX1, EX2))));
        edits.put(
                "exdate removed",
                b -> b.recurrence(new Recurrence(List.of("RRULE:FREQ=WEEKLY;BYDAY=MO"), List.of(), List.of(EX1))));
        edits.put(
                "exdate moved",
                b -> b.recurrence(new Recurrence(
                        List.of("RRULE:FREQ=WEEKLY;BYDAY=MO"),
                        List.of(),
                        List.of(EX1, EventTime.of(LocalDateTime.of(2025, 6, 23, 9, 0), BERLIN)))));
        edits.put("recurrence removed", b -> b.recurrence(Recurrence.NONE));
        edits.put("category added", b -> b.categories(List.of("Work", "Team", "Budget")));
        edits.put("category renamed", b -> b.categories(List.of("Work", "Teams")));
        edits.put("url", b -> b.url("https://example.org/planning-2"));
        edits.put("url removed", b -> b.url(null));
        edits.put("start", b -> b.start(EventTime.of(LocalDateTime.of(2025, 6, 2, 8, 30), BERLIN)));
        edits.put("end", b -> b.end(EventTime.of(LocalDateTime.of(2025, 6, 2, 10, 30), BERLIN)));
        edits.put(
                "zone of start and end",
                b -> b.start(EventTime.of(LocalDateTime.of(2025, 6, 2, 9, 0), ZoneId.of("Europe/Paris")))
                        .end(EventTime.of(LocalDateTime.of(2025, 6, 2, 10, 0), ZoneId.of("Europe/Paris"))));
        edits.put("uid", b -> b.uid("other@example.org"));

        for (Map.Entry<String, UnaryOperator<EventComponent.Builder>> edit : edits.entrySet()) {
            assertThat(hash(edit.getValue().apply(base())))
                    .as("changing %s must change the hash", edit.getKey())
                    .isNotEqualTo(BASE);
        }
    }

    @Test
    void overridesOfDifferentOccurrencesHaveDifferentHashes() {
        EventComponent.Builder override = base().recurrence(Recurrence.NONE);
        RecurrenceId june9 = new RecurrenceId.AtInstant(Instant.parse("2025-06-09T07:00:00Z"));
        RecurrenceId june16 = new RecurrenceId.AtInstant(Instant.parse("2025-06-16T07:00:00Z"));

        assertThat(hash(override.recurrenceId(june9))).isNotEqualTo(hash(override.recurrenceId(june16)));
        assertThat(hash(override.recurrenceId(june9))).isNotEqualTo(hash(override.recurrenceId(null)));
    }

    @Test
    void attendeeOrderDoesNotChangeTheHash() {
        assertThat(hash(base().attendees(List.of(
                        new Attendee("carl@example.org", "Carl", ParticipationStatus.ACCEPTED, false, false),
                        Attendee.of("ann@example.org")))))
                .isEqualTo(BASE);
    }

    @Test
    void attendeeListedTwiceCountsOnce() {
        assertThat(hash(base().attendee(Attendee.of("MAILTO:Ann@Example.org")))).isEqualTo(BASE);
    }

    @Test
    void categoryOrderDuplicatesAndPaddingDoNotChangeTheHash() {
        assertThat(hash(base().categories(List.of("Team", "Work")))).isEqualTo(BASE);
        assertThat(hash(base().categories(List.of(" Work ", "Team", "Work", ""))))
                .isEqualTo(BASE);
    }

    @Test
    void reminderOrderDoesNotChangeTheHash() {
        assertThat(hash(base().reminders(List.of(
                        new Reminder(Reminder.Method.EMAIL, 60), new Reminder(Reminder.Method.DISPLAY, 10)))))
                .isEqualTo(BASE);
    }

    @Test
    void exdateOrderAndRepresentationDoNotChangeTheHash() {
        EventTime ex1Utc = EventTime.parseICalendar("EXDATE", "20250609T070000Z", null);
        EventTime ex2Utc = EventTime.parseICalendar("EXDATE", "20250616T070000Z", null);

        assertThat(hash(base().recurrence(
                                new Recurrence(List.of("RRULE:FREQ=WEEKLY;BYDAY=MO"), List.of(), List.of(EX2, EX1)))))
                .isEqualTo(BASE);
        assertThat(hash(base().recurrence(new Recurrence(
                        List.of("RRULE:FREQ=WEEKLY;BYDAY=MO"), List.of(), List.of(ex2Utc, ex1Utc, EX1)))))
                .isEqualTo(BASE);
    }

    @Test
    void lineEndingsAndTrailingWhitespaceInTextDoNotChangeTheHash() {
        assertThat(hash(base().description("Agenda:\r\n1. Budget"))).isEqualTo(BASE);
        assertThat(hash(base().description("Agenda:\r1. Budget"))).isEqualTo(BASE);
        assertThat(hash(base().description("Agenda:\n1. Budget\n  \n"))).isEqualTo(BASE);
        assertThat(hash(base().summary("Planning "))).isEqualTo(BASE);
    }

    @Test
    void leadingWhitespaceAndInnerLineBreaksAreContent() {
        assertThat(hash(base().summary(" Planning"))).isNotEqualTo(BASE);
        assertThat(hash(base().description("Agenda: 1. Budget"))).isNotEqualTo(BASE);
    }

    @Test
    void emptyTextIsTheSameAsNone() {
        assertThat(hash(base().location(""))).isEqualTo(hash(base().location(null)));
        assertThat(hash(base().url(" "))).isEqualTo(hash(base().url(null)));
        assertThat(hash(base().description("\r\n"))).isEqualTo(hash(base().description(null)));
    }

    @Test
    void equivalentRruleSpellingsGiveTheSameHash() {
        EventComponent.Builder googleStyle = base().recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;BYDAY=MO,WE"))
                .attendees(List.of());
        EventComponent.Builder calDavStyle = base().recurrence(
                        Recurrence.ofRules("rrule:byday=we,mo;freq=weekly;interval=1"))
                .attendees(List.of());

        assertThat(hash(calDavStyle)).isEqualTo(hash(googleStyle));
        assertThat(hash(base().recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=MO,WE"))))
                .isEqualTo(hash(base().recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;BYDAY=MO,WE"))));
    }

    @Test
    void nonDefaultIntervalAndWeekStartAreContent() {
        ContentHash weekly = hash(base().recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;BYDAY=MO,WE")));

        assertThat(hash(base().recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE"))))
                .isNotEqualTo(weekly);
        assertThat(hash(base().recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;WKST=SU;BYDAY=MO,WE"))))
                .isNotEqualTo(weekly);
    }

    @Test
    void mailtoPrefixAndCaseOfAddressesDoNotChangeTheHash() {
        assertThat(hash(base().organizer(new Organizer("MAILTO:Bob@Example.ORG", "Bob"))))
                .isEqualTo(BASE);
    }

    @Test
    void oneZoneUnderItsOldAndNewIanaNameHashesAlike() {
        // Asia/Calcutta is an IANA link to Asia/Kolkata: one zone, one meaning. Outlook's TZID
        // "India Standard Time" resolves (via CLDR) to the old name, other clients write the new one.
        LocalDateTime nine = LocalDateTime.of(2025, 6, 2, 9, 0);
        EventComponent outlook = EventComponent.builder(
                        "u", EventTime.parseICalendar("DTSTART", "20250602T090000", "India Standard Time"))
                .build();
        EventComponent calcutta = EventComponent.builder("u", EventTime.of(nine, ZoneId.of("Asia/Calcutta")))
                .build();
        EventComponent kolkata = EventComponent.builder("u", EventTime.of(nine, ZoneId.of("Asia/Kolkata")))
                .build();

        assertThat(ContentHash.of(outlook)).isEqualTo(ContentHash.of(calcutta));
        assertThat(ContentHash.of(kolkata))
                .as("same zone, same local time:%n%s%nvs%n%s", CanonicalForm.of(kolkata), CanonicalForm.of(calcutta))
                .isEqualTo(ContentHash.of(calcutta));
    }

    @Test
    void sameInstantAsZonedAndAsUtcAreDifferentContent() {
        // The zone decides how a series recurs across DST, so it is mapped.
        EventComponent zoned = EventComponent.builder("u", START).build();
        EventComponent utc = EventComponent.builder("u", EventTime.utc(Instant.parse("2025-06-02T07:00:00Z")))
                .build();

        assertThat(ContentHash.of(zoned)).isNotEqualTo(ContentHash.of(utc));
    }
}
