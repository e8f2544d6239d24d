package dev.calsync.testkit.memory;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.QuarantinedItem;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.WriteOutcome;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Shared bits of the in-memory provider's own tests. */
final class ProviderTestSupport {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private ProviderTestSupport() {}

    /** Everything a listing gave, read to the end. */
    record Read(
            boolean full,
            boolean rejected,
            List<ChangePage> pages,
            List<RemoteComponent> components,
            List<String> tombstones,
            List<QuarantinedItem> quarantined,
            String token) {}

    static Read readAll(ChangeListing listing) {
        try (listing) {
            List<ChangePage> pages = new ArrayList<>();
            List<RemoteComponent> components = new ArrayList<>();
            List<String> tombstones = new ArrayList<>();
            List<QuarantinedItem> quarantined = new ArrayList<>();
            Optional<ChangePage> page;
            while ((page = listing.nextPage()).isPresent()) {
                pages.add(page.get());
                components.addAll(page.get().components());
                tombstones.addAll(page.get().tombstones());
                quarantined.addAll(page.get().quarantined());
            }
            return new Read(
                    listing.isFull(),
                    listing.tokenRejected(),
                    pages,
                    components,
                    tombstones,
                    quarantined,
                    listing.nextSyncToken());
        }
    }

    static EventSeries single(String uid, String summary) {
        return EventSeries.of(EventComponent.builder(uid, EventTime.of(LocalDateTime.of(2030, 3, 4, 10, 0), BERLIN))
                .end(EventTime.of(LocalDateTime.of(2030, 3, 4, 11, 0), BERLIN))
                .summary(summary)
                .build());
    }

    static RecurrenceId week(int n) {
        return new RecurrenceId.AtInstant(
                ZonedDateTime.of(2030, 3, 4, 9, 0, 0, 0, BERLIN).plusWeeks(n).toInstant());
    }

    static EventComponent master(String uid) {
        return EventComponent.builder(uid, EventTime.of(LocalDateTime.of(2030, 3, 4, 9, 0), BERLIN))
                .end(EventTime.of(LocalDateTime.of(2030, 3, 4, 10, 0), BERLIN))
                .summary("Weekly")
                .recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;COUNT=10"))
                .build();
    }

    static EventComponent override(String uid, int week, String summary) {
        LocalDateTime start = LocalDateTime.of(2030, 3, 4, 15, 0).plusWeeks(week);
        return EventComponent.builder(uid, EventTime.of(start, BERLIN))
                .end(EventTime.of(start.plusHours(1), BERLIN))
                .recurrenceId(week(week))
                .summary(summary)
                .build();
    }

    /** A weekly series with an override of week 2 and week 4 cancelled. */
    static EventSeries weekly(String uid) {
        return new EventSeries(uid, master(uid), List.of(override(uid, 2, "Moved")), new TreeSet<>(List.of(week(4))));
    }

    static EventSeries renamed(EventSeries s, String summary) {
        return new EventSeries(
                s.uid(), s.master().toBuilder().summary(summary).build(), s.overrides(), s.cancelledOccurrences());
    }

    static dev.calsync.core.spi.RemoteSeries written(WriteOutcome outcome) {
        if (!(outcome instanceof WriteOutcome.Written w)) {
            throw new AssertionError("expected Written, got " + outcome);
        }
        return w.result();
    }
}
