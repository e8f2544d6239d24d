package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.HealthReport;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link OperationsHealthCheck} reads a store's figures after real syncs and raises the alerts the page names. */
class OperationsHealthCheckTest {

    @Test
    void afterHealthySyncsThereIsNoAlertAndTheFiguresCountWhatHappened() {
        InMemoryCalendarProvider google = InMemoryCalendarProvider.googleLike();
        InMemoryCalendarProvider icloud = InMemoryCalendarProvider.caldavLike();
        InMemoryMappingStore store = new InMemoryMappingStore();
        store.useTransaction(
                tx -> tx.putPair(CalendarPair.of("work", google.createCalendar("g"), icloud.createCalendar("c"))));
        google.userPut(
                "g",
                EventSeries.of(
                        EventComponent.builder("a@example.org", EventTime.utc(Instant.parse("2030-06-03T09:00:00Z")))
                                .summary("A")
                                .build()));
        SyncEngine engine =
                SyncEngine.builder().sideA(google).sideB(icloud).store(store).build();
        engine.sync("work");
        google.userDelete("g", "a@example.org");
        engine.sync("work");

        HealthReport health = OperationsHealthCheck.read(store, Duration.ofHours(24));

        assertThat(health.tokens()).isEqualTo(new HealthReport.TokenCoverage(1, 1, 1));
        assertThat(health.deletionsByEvidence()).containsEntry(DeletionEvidence.TOKEN_DELTA, 1L);
        assertThat(OperationsHealthCheck.alerts(health, 10, 0.5)).isEmpty();
    }

    @Test
    void eachFigureOutOfBoundsIsAnAlert() {
        HealthReport bad = new HealthReport(
                new HealthReport.TokenCoverage(3, 3, 2),
                new HealthReport.MappingCompleteness(10, 10, 9),
                Map.of(DeletionEvidence.NONE, 1L, DeletionEvidence.TOKEN_DELTA, 4L),
                Map.of(DecidingRule.CONTENT_EQUAL, 50L, DecidingRule.SEQUENCE, 2L, DecidingRule.TIMESTAMP, 9L));

        assertThat(OperationsHealthCheck.alerts(bad, 10, 0.5))
                .containsExactly(
                        "at least 1 enabled pairs lack a sync token on a side",
                        "at least 1 active mappings lack a UID or a resource URL on a side",
                        "1 deletions without evidence",
                        "9 of 11 conflicts decided without SEQUENCE");
    }

    @Test
    void aNewPairWithoutTokensIsReportedUntilItsFirstSync() {
        InMemoryMappingStore store = new InMemoryMappingStore();
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("new", "g", "c")));

        assertThat(OperationsHealthCheck.alerts(OperationsHealthCheck.read(store, Duration.ofDays(7)), 10, 0.5))
                .containsExactly("at least 1 enabled pairs lack a sync token on a side");
    }
}
