package dev.calsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.id.GoogleEventIds;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The README's "Using the core" sample, run as written. */
class ReadmeExampleTest {

    @Test
    void readmeSampleBehavesAsTheReadmeSays() {
        EventComponent standup = EventComponent.builder(
                        "standup-42@example.org",
                        EventTime.of(LocalDateTime.of(2026, 3, 2, 9, 30), ZoneId.of("Europe/Berlin")))
                .end(EventTime.of(LocalDateTime.of(2026, 3, 2, 9, 45), ZoneId.of("Europe/Berlin")))
                .summary("Stand-up")
                .recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR"))
                .build();

        String googleId = GoogleEventIds.forUid(standup.uid());
        ContentHash hash = ContentHash.of(standup);

        RecurrenceId fromGoogle = RecurrenceId.fromGoogle(null, "2026-03-04T09:30:00+01:00", "Europe/Berlin");
        RecurrenceId fromCalDav = RecurrenceId.fromICalendar("20260304T093000", "Europe/Berlin");

        assertThat(googleId).matches("[a-v0-9]{52}");
        assertThat(hash)
                .isEqualTo(ContentHash.of(standup.toBuilder().sequence(7).build()));
        assertThat(hash)
                .isNotEqualTo(
                        ContentHash.of(standup.toBuilder().summary("Stand-up!").build()));
        assertThat(fromGoogle).isEqualTo(fromCalDav);
    }
}
