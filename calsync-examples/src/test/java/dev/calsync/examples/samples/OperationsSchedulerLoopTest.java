package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.examples.samples.OperationsSchedulerLoop.Outcome;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OperationsSchedulerLoop} on in-memory calendars and store: a refused mass deletion holds
 * the pair until approved, a transient failure is left to the next round and loses nothing, and an
 * inaccessible calendar holds the pair until resumed.
 */
class OperationsSchedulerLoopTest {
    private final InMemoryCalendarProvider google = InMemoryCalendarProvider.googleLike();
    private final InMemoryCalendarProvider icloud = InMemoryCalendarProvider.caldavLike();
    private final InMemoryMappingStore store = new InMemoryMappingStore();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private OperationsSchedulerLoop loop;

    @BeforeEach
    void engineAndLoop() {
        SyncEngine engine = SyncEngine.builder()
                .sideA(google)
                .sideB(icloud)
                .store(store)
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100)))
                .sleeper(waits::add) // records the waits instead of sleeping
                .build();
        loop = new OperationsSchedulerLoop(engine, store);
    }

    private void pair(String pairId, String googleCalendar, String caldavCalendar) {
        store.useTransaction(tx -> tx.putPair(CalendarPair.of(pairId, googleCalendar, caldavCalendar)));
    }

    private static EventSeries event(int n) {
        return EventSeries.of(EventComponent.builder(
                        "event-" + n + "@example.org", EventTime.utc(Instant.parse("2030-06-03T09:00:00Z")))
                .summary("Event " + n)
                .build());
    }

    @Test
    void aRefusedMassDeletionHoldsThePairUntilAPersonApprovesIt() {
        pair("work", google.createCalendar("g"), icloud.createCalendar("c"));
        for (int i = 0; i < 10; i++) {
            google.userPut("g", event(i));
        }
        assertThat(loop.runRound()).containsExactlyEntriesOf(Map.of("work", Outcome.SYNCED));
        assertThat(icloud.series("c")).hasSize(10);

        google.series("g").keySet().forEach(uid -> google.userDelete("g", uid));

        assertThat(loop.runRound()).containsExactlyEntriesOf(Map.of("work", Outcome.MASS_DELETION_REFUSED));
        assertThat(icloud.series("c")).as("nothing was deleted").hasSize(10);
        assertThat(loop.runRound()).containsExactlyEntriesOf(Map.of("work", Outcome.HELD));
        assertThat(loop.held()).containsExactlyEntriesOf(Map.of("work", Outcome.MASS_DELETION_REFUSED));

        loop.approveMassDeletion("work");

        assertThat(loop.runRound()).containsExactlyEntriesOf(Map.of("work", Outcome.SYNCED));
        assertThat(icloud.series("c")).isEmpty();
        assertThat(loop.held()).isEmpty();
    }

    @Test
    void aTransientFailureIsLeftToTheNextRoundAndLosesNothing() {
        pair("work", google.createCalendar("g"), icloud.createCalendar("c"));
        google.userPut("g", event(1));
        // More rate limits in a row than the engine's three attempts: reading side A fails.
        google.faults().rateLimitNext(3, Duration.ofSeconds(2));

        assertThat(loop.runRound()).containsExactlyEntriesOf(Map.of("work", Outcome.RETRY_NEXT_ROUND));
        assertThat(waits).as("Retry-After honoured").contains(Duration.ofSeconds(2));
        assertThat(icloud.series("c")).isEmpty();
        assertThat(store.inTransaction(tx -> tx.pair("work")).orElseThrow().syncTokenA())
                .as("token not advanced")
                .isNull();
        assertThat(loop.held()).isEmpty();

        // One rate limit only: retried within the sync.
        google.faults().rateLimitNext(1, null);
        assertThat(loop.runRound()).containsExactlyEntriesOf(Map.of("work", Outcome.SYNCED));
        assertThat(icloud.series("c")).containsOnlyKeys("event-1@example.org");
    }

    @Test
    void anInaccessibleCalendarHoldsThePairUntilResumed() {
        pair("work", google.createCalendar("g"), icloud.createCalendar("c"));
        pair("typo", google.createCalendar("g2"), "no-such-calendar");
        google.userPut("g2", event(2));

        assertThat(loop.runRound())
                .containsExactlyInAnyOrderEntriesOf(Map.of("work", Outcome.SYNCED, "typo", Outcome.NEEDS_ATTENTION));
        assertThat(loop.runRound())
                .containsExactlyInAnyOrderEntriesOf(Map.of("work", Outcome.SYNCED, "typo", Outcome.HELD));

        icloud.createCalendar("no-such-calendar");
        loop.resume("typo");

        assertThat(loop.runRound())
                .containsExactlyInAnyOrderEntriesOf(Map.of("work", Outcome.SYNCED, "typo", Outcome.SYNCED));
        assertThat(icloud.series("no-such-calendar")).containsOnlyKeys("event-2@example.org");
    }

    @Test
    void disabledPairsAreNotSynced() {
        pair("work", google.createCalendar("g"), icloud.createCalendar("c"));
        store.useTransaction(tx -> tx.putPair(new CalendarPair("off", "g", "c", null, null, null, null, false)));

        assertThat(loop.runRound()).containsOnlyKeys("work");
    }
}
