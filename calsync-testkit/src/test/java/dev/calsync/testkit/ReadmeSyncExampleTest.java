package dev.calsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The README's "Syncing two calendars" sample, run as written. */
class ReadmeSyncExampleTest {

    @Test
    void readmeSyncSampleCopiesTheSeriesAndTheSecondSyncWritesNothing() {
        EventComponent standup = EventComponent.builder(
                        "standup-42@example.org",
                        EventTime.of(LocalDateTime.of(2026, 3, 2, 9, 30), ZoneId.of("Europe/Berlin")))
                .end(EventTime.of(LocalDateTime.of(2026, 3, 2, 9, 45), ZoneId.of("Europe/Berlin")))
                .summary("Stand-up")
                .recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR"))
                .build();

        InMemoryCalendarProvider google = InMemoryCalendarProvider.googleLike();
        InMemoryCalendarProvider icloud = InMemoryCalendarProvider.caldavLike();
        google.createCalendar("work");
        icloud.createCalendar("home");
        MappingStore store = new InMemoryMappingStore();
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("work-home", "work", "home")));

        SyncEngine engine = SyncEngine.builder()
                .sideA(google)
                .sideB(icloud)
                .store(store)
                .conflictResolver(ConflictResolvers.standard())
                .build();

        google.userPut("work", EventSeries.of(standup));
        SyncReport report = engine.sync("work-home");
        SyncReport again = engine.sync("work-home");

        assertThat(report.writes()).isEqualTo(1);
        assertThat(icloud.series("home")).containsKey("standup-42@example.org");
        assertThat(ContentHash.perComponent(icloud.series("home").get("standup-42@example.org")))
                .isEqualTo(ContentHash.perComponent(google.series("work").get("standup-42@example.org")));
        assertThat(again.writes()).isZero();
    }
}
