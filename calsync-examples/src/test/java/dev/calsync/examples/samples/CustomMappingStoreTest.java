package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.spi.RetryItem;
import dev.calsync.core.spi.SideMapping;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the compatibility kit cannot see: the file. Reopening, rollbacks, and a real sync. */
class CustomMappingStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("store.json");
    }

    private static SideMapping side(String remoteId, String uid, String url, int n) {
        return new SideMapping(
                remoteId,
                uid,
                url,
                url == null ? null : "\"etag-" + n + "\"",
                n,
                ContentHash.ofCancelledOccurrence(EventKey.occurrence("h" + n, new RecurrenceId.AtInstant(T0))));
    }

    @Test
    void everythingCommittedIsThereAfterReopening() {
        CustomMappingStore store = CustomMappingStore.open(file());
        CalendarPair pair = CalendarPair.of("p1", "work@example.org", "https://dav.example.org/cal/work/")
                .withSyncToken(Side.A, "token-a", T0.plusMillis(5))
                .withSyncToken(Side.B, "token-b", T0.plusSeconds(7));
        List<EventMapping> mappings = List.of(
                new EventMapping(
                        "p1",
                        EventKey.master("u1"),
                        side("g1", "u1", "https://g/1", 1),
                        side("/cal/u1.ics", "u1", "https://dav/u1.ics", 2),
                        SyncStatus.ACTIVE,
                        T0),
                new EventMapping(
                        "p1",
                        EventKey.occurrence("u1", new RecurrenceId.OnDate(LocalDate.of(2030, 2, 1))),
                        side("g1_20300201", "u1", null, 3),
                        null,
                        SyncStatus.ORPHANED,
                        T0.plusMillis(1)),
                new EventMapping(
                        "p1",
                        EventKey.occurrence("u1", new RecurrenceId.AtInstant(T0.plusSeconds(3600))),
                        null,
                        side("/cal/u1.ics", "u1", null, 4),
                        SyncStatus.DELETED,
                        T0.plusMillis(2)),
                new EventMapping(
                        "p1",
                        EventKey.occurrence("u1", new RecurrenceId.AtFloating(LocalDateTime.of(2030, 2, 3, 9, 30))),
                        side("g1_f", "u1", null, 5),
                        side("/cal/u1.ics", "u1", null, 5),
                        SyncStatus.QUARANTINED,
                        T0.plusMillis(3)));
        SyncOperation conflict = new SyncOperation(
                "p1",
                T0.plusMillis(9),
                "u1",
                Side.B,
                SyncOperation.Kind.UPDATE,
                DeletionEvidence.NONE,
                DecidingRule.CALLBACK,
                SyncOperation.Outcome.APPLIED,
                null);
        SyncOperation orphan = new SyncOperation(
                "p1",
                T0.plusMillis(10),
                null,
                null,
                SyncOperation.Kind.ORPHAN,
                DeletionEvidence.NONE,
                null,
                SyncOperation.Outcome.FAILED,
                "gone \"quoted\"\nand a new line");
        RetryItem retry = new RetryItem("p1", "u9", 2, "503", T0.plusSeconds(1));
        store.useTransaction(tx -> {
            tx.putPair(pair);
            tx.putPair(CalendarPair.of("p2", "a", "b"));
            mappings.forEach(tx::putMapping);
            tx.record(conflict);
            tx.record(orphan);
            tx.putRetry(retry);
            tx.claim("p1", "worker-1", T0, Duration.ofMinutes(5));
        });

        CustomMappingStore reopened = CustomMappingStore.open(file());

        reopened.useTransaction(tx -> {
            assertThat(tx.pairs()).containsExactly(pair, CalendarPair.of("p2", "a", "b"));
            assertThat(tx.mappingsOfUid("p1", "u1")).containsExactlyElementsOf(mappings);
            assertThat(tx.operations("p1", Instant.EPOCH)).containsExactly(conflict, orphan);
            assertThat(tx.retries("p1")).containsExactly(retry);
            assertThat(tx.lease("p1")).contains(new Lease("p1", "worker-1", T0.plus(Duration.ofMinutes(5))));
            assertThat(tx.lease("p2")).isEmpty();
        });
    }

    @Test
    void aTransactionThatThrowsLeavesTheFileAndTheMemoryAsTheyWere() throws Exception {
        CustomMappingStore store = CustomMappingStore.open(file());
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("p1", "a", "b")));
        byte[] before = Files.readAllBytes(file());

        assertThatThrownBy(() -> store.useTransaction(tx -> {
                    tx.putPair(CalendarPair.of("p2", "a", "b"));
                    throw new IllegalStateException("abort");
                }))
                .hasMessage("abort");

        assertThat(Files.readAllBytes(file())).isEqualTo(before);
        assertThat(store.inTransaction(MappingTransaction::pairs))
                .extracting(CalendarPair::pairId)
                .containsExactly("p1");
        assertThat(CustomMappingStore.open(file()).inTransaction(MappingTransaction::pairs))
                .extracting(CalendarPair::pairId)
                .containsExactly("p1");
    }

    @Test
    void aReadOnlyTransactionDoesNotRewriteTheFile() throws Exception {
        CustomMappingStore store = CustomMappingStore.open(file());
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("p1", "a", "b")));
        FileTime marked = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file(), marked);

        store.useTransaction(tx -> {
            tx.pairs();
            tx.health(Instant.EPOCH);
            tx.lease("p1");
        });
        assertThat(Files.getLastModifiedTime(file())).isEqualTo(marked);

        store.useTransaction(tx -> tx.claim("p1", "w1", Instant.now(), Duration.ofMinutes(1)));
        assertThat(Files.getLastModifiedTime(file())).isNotEqualTo(marked);
    }

    @Test
    void aTransactionOpenedInsideAnotherIsRefused() {
        CustomMappingStore store = CustomMappingStore.open(file());

        assertThatThrownBy(() -> store.useTransaction(outer -> store.useTransaction(inner -> inner.pairs())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFileThatIsNotAStoreIsRefusedWithItsPath() throws Exception {
        Files.writeString(file(), "{\"version\": 99, \"pairs\": []}");

        assertThatThrownBy(() -> CustomMappingStore.open(file()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file().toString());
    }

    @Test
    void theEngineSyncsThroughItAndAfterReopeningWritesNothingMore() {
        InMemoryCalendarProvider google = InMemoryCalendarProvider.googleLike();
        InMemoryCalendarProvider icloud = InMemoryCalendarProvider.caldavLike();
        google.createCalendar("work");
        icloud.createCalendar("home");
        google.userPut(
                "work",
                EventSeries.of(EventComponent.builder("review-1@example.org", EventTime.utc(T0.plusSeconds(3600)))
                        .summary("Review")
                        .build()));
        CustomMappingStore store = CustomMappingStore.open(file());
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("work-home", "work", "home")));

        SyncReport first = SyncEngine.builder()
                .sideA(google)
                .sideB(icloud)
                .store(store)
                .build()
                .sync("work-home");
        SyncReport afterReopening = SyncEngine.builder()
                .sideA(google)
                .sideB(icloud)
                .store(CustomMappingStore.open(file()))
                .build()
                .sync("work-home");

        assertThat(first.count(Side.B, SyncOperation.Kind.CREATE)).isEqualTo(1);
        assertThat(icloud.series("home")).containsKey("review-1@example.org");
        assertThat(afterReopening.side(Side.A).fullListing())
                .as("the tokens came back from the file")
                .isFalse();
        assertThat(afterReopening.writes()).isZero();
    }
}
