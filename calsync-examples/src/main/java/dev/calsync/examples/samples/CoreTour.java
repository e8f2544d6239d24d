package dev.calsync.examples.samples;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.id.GoogleEventIds;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The README's tour of the core, as code that runs: an event component built from values, its
 * deterministic Google id and its content hash, and one occurrence named the Google way and the
 * CalDAV way.
 */
public final class CoreTour {
    private CoreTour() {}

    /**
     * What the tour computes.
     *
     * @param googleId the Google event id of the series
     * @param hash the series master's content hash
     * @param fromGoogle the occurrence as Google names it
     * @param fromCalDav the same occurrence as CalDAV names it
     */
    public record Result(String googleId, ContentHash hash, RecurrenceId fromGoogle, RecurrenceId fromCalDav) {}

    /**
     * Runs the tour.
     *
     * @return the values it computed
     */
    public static Result run() {
        // core-tour:begin
        EventComponent standup = EventComponent.builder(
                        "standup-42@example.org",
                        EventTime.of(LocalDateTime.of(2026, 3, 2, 9, 30), ZoneId.of("Europe/Berlin")))
                .end(EventTime.of(LocalDateTime.of(2026, 3, 2, 9, 45), ZoneId.of("Europe/Berlin")))
                .summary("Stand-up")
                .recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR"))
                .build();

        String googleId = GoogleEventIds.forUid(standup.uid()); // 52 chars of [a-v0-9], stable forever
        ContentHash hash = ContentHash.of(standup); // changes only when a mapped field changes

        // Google's originalStartTime and CalDAV's RECURRENCE-ID name the same occurrence:
        RecurrenceId fromGoogle = RecurrenceId.fromGoogle(null, "2026-03-04T09:30:00+01:00", "Europe/Berlin");
        RecurrenceId fromCalDav = RecurrenceId.fromICalendar("20260304T093000", "Europe/Berlin");
        assert fromGoogle.equals(fromCalDav);
        // core-tour:end
        return new Result(googleId, hash, fromGoogle, fromCalDav);
    }
}
