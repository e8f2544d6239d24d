package dev.calsync.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.spi.RetryItem;
import dev.calsync.core.spi.SideMapping;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What {@link InMemoryMappingStore} does beyond the kit: its own rules, stated in its Javadoc. */
class InMemoryMappingStoreTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final InMemoryMappingStore store = new InMemoryMappingStore();

    @Test
    void aTransactionCannotBeUsedAfterItEnded() {
        AtomicReference<MappingTransaction> leaked = new AtomicReference<>();
        store.useTransaction(leaked::set);

        assertThatThrownBy(() -> leaked.get().pairs()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> leaked.get().putPair(CalendarPair.of("p", "a", "b")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nestedTransactionsOnOneThreadAreRefused() {
        assertThatThrownBy(() -> store.useTransaction(outer -> store.useTransaction(inner -> {})))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nesting");
        // the store is still usable
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("p", "a", "b")));
        assertThat(store.inTransaction((MappingTransaction tx) -> tx.pairs())).hasSize(1);
    }

    @Test
    void anErrorRollsBackLikeAnException() {
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("p", "a", "b")));
        SimulatedCrash crash = new SimulatedCrash("dies mid-transaction", false);

        assertThatThrownBy(() -> store.useTransaction(tx -> {
                    tx.removePair("p");
                    throw crash;
                }))
                .isSameAs(crash);

        assertThat(store.inTransaction((MappingTransaction tx) -> tx.pair("p"))).isPresent();
    }

    @Test
    void rowsOfAnUnknownPairAreRefusedAsAForeignKeyWould() {
        ContentHash hash = ContentHash.ofCancelledOccurrence(
                EventKey.occurrence("u", new RecurrenceId.OnDate(LocalDate.of(2030, 1, 1))));
        EventMapping mapping = new EventMapping(
                "nope",
                EventKey.master("u"),
                new SideMapping("x", "u", null, null, 0, hash),
                null,
                SyncStatus.ACTIVE,
                T0);

        assertThatThrownBy(() -> store.useTransaction(tx -> tx.putMapping(mapping)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.useTransaction(tx -> tx.record(new SyncOperation(
                        "nope",
                        T0,
                        "u",
                        null,
                        SyncOperation.Kind.ADOPT,
                        DeletionEvidence.NONE,
                        null,
                        SyncOperation.Outcome.APPLIED,
                        null))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.useTransaction(tx -> tx.putRetry(new RetryItem("nope", "u", 1, null, T0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLeaseExpiresExactlyAtItsExpiryAndClaimAvailableSkipsTheOwnersOwnLease() {
        store.useTransaction(tx -> {
            tx.putPair(CalendarPair.of("p1", "a", "b"));
            tx.putPair(CalendarPair.of("p2", "a", "b"));
        });
        Duration ttl = Duration.ofMinutes(1);
        store.useTransaction(tx -> tx.claim("p1", "w1", T0, ttl));

        assertThat(store.inTransaction((MappingTransaction tx) -> tx.claimAvailable("w1", T0, ttl, 10)))
                .extracting(l -> l.pairId())
                .containsExactly("p2");
        assertThat(store.inTransaction((MappingTransaction tx) -> tx.claim("p1", "w2", T0.plus(ttl), ttl)))
                .isPresent();
    }

    @Test
    void aNonPositiveTtlIsRefused() {
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("p1", "a", "b")));

        assertThatThrownBy(() -> store.useTransaction(tx -> tx.claim("p1", "w", T0, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void claimAvailableWithLimitZeroClaimsNothing() {
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("p1", "a", "b")));

        assertThat(store.inTransaction((MappingTransaction tx) -> tx.claimAvailable("w", T0, Duration.ofMinutes(1), 0)))
                .isEmpty();
        assertThat(store.inTransaction((MappingTransaction tx) -> tx.lease("p1")))
                .isEmpty();
    }
}
