package dev.calsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.HealthReport;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.spi.RetryItem;
import dev.calsync.core.spi.SideMapping;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link MappingStore}, as tests. A store proves itself with a subclass that
 * supplies a fresh, empty store for each test:
 *
 * <pre>{@code
 * class JdbiSqliteMappingStoreCompatibilityTest extends MappingStoreCompatibilityKit {
 *     @Override
 *     protected MappingStore createStore() {
 *         return JdbiMappingStore.sqlite(tempDir.resolve("calsync.db"));
 *     }
 * }
 * }</pre>
 *
 * <p>The kit only writes mappings, journal entries and retries for pairs it created first. Times
 * are whole milliseconds, so a store keeping millisecond precision passes.
 */
public abstract class MappingStoreCompatibilityKit {

    /** A moment all tests count from. */
    protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static final Duration TTL = Duration.ofMinutes(5);

    /** The store under test, new for each test. */
    protected MappingStore store;

    /** Subclasses make the store constructor public-facing; the kit has nothing to set up itself. */
    protected MappingStoreCompatibilityKit() {}

    /** {@return a new, empty store; called before each test} */
    protected abstract MappingStore createStore();

    /** Sets {@link #store} up before each test. */
    @BeforeEach
    protected void setUpStore() {
        store = createStore();
    }

    // --- helpers

    /**
     * Runs {@code work} in one transaction of the store under test.
     *
     * @param <T> what {@code work} returns
     * @param work the work
     * @return what {@code work} returned
     */
    protected <T> T tx(Function<MappingTransaction, T> work) {
        return store.inTransaction(work);
    }

    /**
     * Creates enabled pairs {@code ids} with calendars {@code a-<id>} and {@code b-<id>}.
     *
     * @param ids the pairs' ids
     */
    protected void pairs(String... ids) {
        store.useTransaction(tx -> {
            for (String id : ids) {
                tx.putPair(CalendarPair.of(id, "a-" + id, "b-" + id));
            }
        });
    }

    /**
     * {@return a hash that stands for some content {@code n}}
     *
     * @param n the content's number
     */
    protected static ContentHash hash(int n) {
        return ContentHash.ofCancelledOccurrence(
                EventKey.occurrence("hash-" + n, new RecurrenceId.OnDate(java.time.LocalDate.of(2030, 1, 1))));
    }

    /**
     * {@return a side state at {@code remoteId} with full details}
     *
     * @param remoteId the id on the side
     * @param uid the UID the side reports
     */
    protected static SideMapping side(String remoteId, String uid) {
        return new SideMapping(
                remoteId, uid, "https://example.invalid/" + remoteId, "\"etag-" + remoteId + "\"", 0, hash(1));
    }

    /**
     * {@return an ACTIVE mapping of {@code key} in {@code pairId} present on both sides}
     *
     * @param pairId the pair
     * @param key the component's key
     * @param remoteA the id on side A
     * @param remoteB the id on side B
     */
    protected static EventMapping mapping(String pairId, EventKey key, String remoteA, String remoteB) {
        return new EventMapping(pairId, key, side(remoteA, key.uid()), side(remoteB, key.uid()), SyncStatus.ACTIVE, T0);
    }

    /**
     * {@return the occurrence {@code day} (of January 2030) of {@code uid}}
     *
     * @param uid the UID
     * @param day the day of the month
     */
    protected static EventKey occurrence(String uid, int day) {
        return EventKey.occurrence(uid, new RecurrenceId.AtInstant(T0.plus(Duration.ofDays(day - 1L))));
    }

    /**
     * {@return a journal entry of {@code pairId} at {@code at}}
     *
     * @param pairId the pair
     * @param at when it happened
     * @param uid the series' UID
     * @param kind what was done
     * @param evidence what proved a deletion
     * @param rule the deciding rule, or null
     */
    protected static SyncOperation op(
            String pairId,
            Instant at,
            String uid,
            SyncOperation.Kind kind,
            DeletionEvidence evidence,
            DecidingRule rule) {
        return new SyncOperation(pairId, at, uid, Side.B, kind, evidence, rule, SyncOperation.Outcome.APPLIED, null);
    }

    // --- pairs and tokens

    /** Pairs: creation, replacement, listing, removal, tokens. */
    @Nested
    @DisplayName("pairs and tokens")
    class Pairs {

        @Test
        @DisplayName("a stored pair reads back equal, and an unknown pair is empty")
        void storedPairReadsBack() {
            CalendarPair pair = new CalendarPair("p1", "cal-a", "cal-b", "ta", "tb", T0, T0.plusSeconds(1), false);
            store.useTransaction(tx -> tx.putPair(pair));

            assertThat(tx((MappingTransaction tx) -> tx.pair("p1"))).contains(pair);
            assertThat(tx((MappingTransaction tx) -> tx.pair("nope"))).isEmpty();
        }

        @Test
        @DisplayName("pairs() lists every pair sorted by id")
        void pairsSortedById() {
            pairs("p2", "p10", "p1", "a");

            assertThat(tx(MappingTransaction::pairs))
                    .extracting(CalendarPair::pairId)
                    .containsExactly("a", "p1", "p10", "p2");
        }

        @Test
        @DisplayName("putPair replaces the pair, tokens included")
        void putPairReplaces() {
            pairs("p1");
            CalendarPair withToken = CalendarPair.of("p1", "a-p1", "b-p1").withSyncToken(Side.A, "token-1", T0);
            store.useTransaction(tx -> tx.putPair(withToken));
            CalendarPair disabled = new CalendarPair("p1", "a-p1", "b-p1", null, null, null, null, false);
            store.useTransaction(tx -> tx.putPair(disabled));

            assertThat(tx((MappingTransaction tx) -> tx.pair("p1"))).contains(disabled);
            assertThat(tx(MappingTransaction::pairs)).hasSize(1);
        }

        @Test
        @DisplayName("each side keeps its own token and timestamp")
        void tokensPerSide() {
            pairs("p1");
            store.useTransaction(tx -> tx.putPair(tx.pair("p1").orElseThrow().withSyncToken(Side.A, "a-1", T0)));
            store.useTransaction(
                    tx -> tx.putPair(tx.pair("p1").orElseThrow().withSyncToken(Side.B, "b-1", T0.plusSeconds(5))));
            store.useTransaction(
                    tx -> tx.putPair(tx.pair("p1").orElseThrow().withSyncToken(Side.A, "a-2", T0.plusSeconds(9))));

            CalendarPair pair = tx((MappingTransaction tx) -> tx.pair("p1")).orElseThrow();
            assertThat(pair.syncToken(Side.A)).isEqualTo("a-2");
            assertThat(pair.lastUpdatedA()).isEqualTo(T0.plusSeconds(9));
            assertThat(pair.syncToken(Side.B)).isEqualTo("b-1");
            assertThat(pair.lastUpdatedB()).isEqualTo(T0.plusSeconds(5));
        }

        @Test
        @DisplayName("a token can be cleared back to null")
        void tokenCleared() {
            pairs("p1");
            store.useTransaction(tx -> tx.putPair(tx.pair("p1").orElseThrow().withSyncToken(Side.B, "b-1", T0)));
            store.useTransaction(tx -> tx.putPair(tx.pair("p1").orElseThrow().withSyncToken(Side.B, null, null)));

            assertThat(tx((MappingTransaction tx) -> tx.pair("p1"))
                            .orElseThrow()
                            .syncTokenB())
                    .isNull();
        }

        @Test
        @DisplayName("removePair removes the pair with its mappings, journal, retries and lease, and no other pair's")
        void removePairRemovesEverything() {
            pairs("p1", "p2");
            for (String p : List.of("p1", "p2")) {
                store.useTransaction(tx -> {
                    tx.putMapping(mapping(p, EventKey.master("u1"), "ga", "hb"));
                    tx.record(op(p, T0, "u1", SyncOperation.Kind.CREATE, DeletionEvidence.NONE, null));
                    tx.putRetry(new RetryItem(p, "u1", 1, "boom", T0));
                    tx.claim(p, "w1", T0, TTL);
                });
            }

            assertThat(tx((MappingTransaction tx) -> tx.removePair("p1"))).isTrue();
            assertThat(tx((MappingTransaction tx) -> tx.removePair("p1"))).isFalse();

            store.useTransaction(tx -> {
                assertThat(tx.pair("p1")).isEmpty();
                assertThat(tx.mapping("p1", EventKey.master("u1"))).isEmpty();
                assertThat(tx.mappingsOfUid("p1", "u1")).isEmpty();
                assertThat(tx.operations("p1", Instant.EPOCH)).isEmpty();
                assertThat(tx.retries("p1")).isEmpty();
                assertThat(tx.lease("p1")).isEmpty();

                assertThat(tx.pair("p2")).isPresent();
                assertThat(tx.mappingsOfUid("p2", "u1")).hasSize(1);
                assertThat(tx.operations("p2", Instant.EPOCH)).hasSize(1);
                assertThat(tx.retries("p2")).hasSize(1);
                assertThat(tx.lease("p2")).isPresent();
            });
        }

        @Test
        @DisplayName("a pair removed and created again starts empty")
        void recreatedPairStartsEmpty() {
            pairs("p1");
            store.useTransaction(tx -> tx.putMapping(mapping("p1", EventKey.master("u1"), "ga", "hb")));
            store.useTransaction(tx -> tx.removePair("p1"));
            pairs("p1");

            store.useTransaction(tx -> {
                assertThat(tx.mappingsOfUid("p1", "u1")).isEmpty();
                assertThat(tx.lease("p1")).isEmpty();
            });
        }
    }

    // --- mappings

    /** Event mappings: by key, by UID, by remote id, by status. */
    @Nested
    @DisplayName("event mappings")
    class Mappings {

        @Test
        @DisplayName("a stored mapping reads back equal by its key; another key is empty")
        void mappingByKey() {
            pairs("p1");
            EventMapping m = new EventMapping(
                    "p1",
                    occurrence("u1", 3),
                    new SideMapping("ga", "u1", null, null, 7, hash(2)),
                    null,
                    SyncStatus.ORPHANED,
                    T0.plusMillis(123));
            store.useTransaction(tx -> tx.putMapping(m));

            assertThat(tx((MappingTransaction tx) -> tx.mapping("p1", occurrence("u1", 3))))
                    .contains(m);
            assertThat(tx((MappingTransaction tx) -> tx.mapping("p1", EventKey.master("u1"))))
                    .isEmpty();
            assertThat(tx((MappingTransaction tx) -> tx.mapping("other", occurrence("u1", 3))))
                    .isEmpty();
        }

        @Test
        @DisplayName("putMapping replaces the mapping of the same key")
        void putMappingReplaces() {
            pairs("p1");
            EventMapping first = mapping("p1", EventKey.master("u1"), "ga", "hb");
            EventMapping second = first.withSide(Side.B, side("hb2", "u1"), T0.plusSeconds(1))
                    .withStatus(SyncStatus.DELETED, T0.plusSeconds(2));
            store.useTransaction(tx -> tx.putMapping(first));
            store.useTransaction(tx -> tx.putMapping(second));

            assertThat(tx((MappingTransaction tx) -> tx.mappingsOfUid("p1", "u1")))
                    .containsExactly(second);
        }

        @Test
        @DisplayName(
                "mappingsOfUid gives the master, then overrides and cancellations in key order, of that UID and pair only")
        void mappingsOfUidInKeyOrder() {
            pairs("p1", "p2");
            EventMapping master = mapping("p1", EventKey.master("u1"), "m", "m");
            EventMapping day2 = mapping("p1", occurrence("u1", 2), "o2", "o2");
            EventMapping day9 = mapping("p1", occurrence("u1", 9), "o9", "o9");
            store.useTransaction(tx -> {
                tx.putMapping(day9);
                tx.putMapping(mapping("p1", EventKey.master("u10"), "x", "x"));
                tx.putMapping(mapping("p1", EventKey.master("u0"), "y", "y"));
                tx.putMapping(master);
                tx.putMapping(day2);
                tx.putMapping(mapping("p2", EventKey.master("u1"), "z", "z"));
            });

            assertThat(tx((MappingTransaction tx) -> tx.mappingsOfUid("p1", "u1")))
                    .containsExactly(master, day2, day9);
            assertThat(tx((MappingTransaction tx) -> tx.mappingsOfUid("p1", "u")))
                    .isEmpty();
        }

        @Test
        @DisplayName("mappingsByRemoteId finds every component sharing one CalDAV href, on the side asked")
        void mappingsByRemoteIdSharesHref() {
            pairs("p1");
            String href = "/cal/u1.ics";
            EventMapping master = mapping("p1", EventKey.master("u1"), "g-master", href);
            EventMapping override = mapping("p1", occurrence("u1", 4), "g-inst-4", href);
            EventMapping other = mapping("p1", EventKey.master("u2"), "g-2", "/cal/u2.ics");
            EventMapping onlyA =
                    new EventMapping("p1", EventKey.master("u3"), side(href, "u3"), null, SyncStatus.ACTIVE, T0);
            store.useTransaction(tx -> {
                tx.putMapping(override);
                tx.putMapping(other);
                tx.putMapping(master);
                tx.putMapping(onlyA);
            });

            assertThat(tx((MappingTransaction tx) -> tx.mappingsByRemoteId("p1", Side.B, href)))
                    .containsExactly(master, override);
            assertThat(tx((MappingTransaction tx) -> tx.mappingsByRemoteId("p1", Side.A, "g-inst-4")))
                    .containsExactly(override);
            assertThat(tx((MappingTransaction tx) -> tx.mappingsByRemoteId("p1", Side.A, href)))
                    .containsExactly(onlyA);
            assertThat(tx((MappingTransaction tx) -> tx.mappingsByRemoteId("p1", Side.B, "/cal/none.ics")))
                    .isEmpty();
        }

        @Test
        @DisplayName("mappings(status) lists the pair's mappings with that status in key order")
        void mappingsByStatus() {
            pairs("p1", "p2");
            EventMapping a = mapping("p1", EventKey.master("a"), "1", "1");
            EventMapping b = mapping("p1", EventKey.master("b"), "2", "2").withStatus(SyncStatus.ORPHANED, T0);
            EventMapping c = mapping("p1", EventKey.master("c"), "3", "3");
            EventMapping d = mapping("p1", EventKey.master("d"), "4", "4").withStatus(SyncStatus.QUARANTINED, T0);
            store.useTransaction(tx -> {
                tx.putMapping(c);
                tx.putMapping(d);
                tx.putMapping(b);
                tx.putMapping(a);
                tx.putMapping(mapping("p2", EventKey.master("a"), "9", "9"));
            });

            assertThat(tx((MappingTransaction tx) -> tx.mappings("p1", SyncStatus.ACTIVE)))
                    .containsExactly(a, c);
            assertThat(tx((MappingTransaction tx) -> tx.mappings("p1", SyncStatus.ORPHANED)))
                    .containsExactly(b);
            assertThat(tx((MappingTransaction tx) -> tx.mappings("p1", SyncStatus.QUARANTINED)))
                    .containsExactly(d);
            assertThat(tx((MappingTransaction tx) -> tx.mappings("p1", SyncStatus.DELETED)))
                    .isEmpty();
        }

        @Test
        @DisplayName("DELETED mappings are kept as tombstones and found by every query")
        void deletedRowsKept() {
            pairs("p1");
            EventMapping deleted =
                    mapping("p1", EventKey.master("u1"), "ga", "hb").withStatus(SyncStatus.DELETED, T0.plusSeconds(1));
            store.useTransaction(tx -> tx.putMapping(deleted));

            store.useTransaction(tx -> {
                assertThat(tx.mapping("p1", EventKey.master("u1"))).contains(deleted);
                assertThat(tx.mappingsOfUid("p1", "u1")).containsExactly(deleted);
                assertThat(tx.mappingsByRemoteId("p1", Side.A, "ga")).containsExactly(deleted);
                assertThat(tx.mappings("p1", SyncStatus.DELETED)).containsExactly(deleted);
            });
        }

        @Test
        @DisplayName("side states keep every field, nulls included")
        void sideStatesRoundTrip() {
            pairs("p1");
            SideMapping full = new SideMapping("id-1", "uid@x", "https://x/1", "W/\"1\"", 2_000_000_000, hash(5));
            SideMapping sparse = new SideMapping("id-2", "uid@x", null, null, 0, hash(6));
            EventMapping m = new EventMapping("p1", EventKey.master("uid@x"), full, sparse, SyncStatus.ACTIVE, T0);
            store.useTransaction(tx -> tx.putMapping(m));

            EventMapping read = tx((MappingTransaction tx) -> tx.mapping("p1", EventKey.master("uid@x")))
                    .orElseThrow();
            assertThat(read.a()).isEqualTo(full);
            assertThat(read.b()).isEqualTo(sparse);
        }

        @Test
        @DisplayName("recurrence ids of every kind are distinct keys")
        void recurrenceIdKindsAreDistinctKeys() {
            pairs("p1");
            EventKey onDate = EventKey.occurrence("u", new RecurrenceId.OnDate(java.time.LocalDate.of(2030, 1, 1)));
            EventKey atInstant = EventKey.occurrence("u", new RecurrenceId.AtInstant(T0));
            EventKey floating =
                    EventKey.occurrence("u", new RecurrenceId.AtFloating(java.time.LocalDateTime.of(2030, 1, 1, 0, 0)));
            store.useTransaction(tx -> {
                tx.putMapping(mapping("p1", floating, "f", "f"));
                tx.putMapping(mapping("p1", atInstant, "i", "i"));
                tx.putMapping(mapping("p1", onDate, "d", "d"));
            });

            assertThat(tx((MappingTransaction tx) -> tx.mappingsOfUid("p1", "u")))
                    .extracting(EventMapping::key)
                    .containsExactly(onDate, atInstant, floating);
            assertThat(tx((MappingTransaction tx) -> tx.mapping("p1", atInstant))
                            .orElseThrow()
                            .a()
                            .remoteId())
                    .isEqualTo("i");
        }
    }

    // --- journal

    /** The operation journal. */
    @Nested
    @DisplayName("journal")
    class Journal {

        @Test
        @DisplayName("operations come back oldest first, whatever order they were recorded in")
        void oldestFirst() {
            pairs("p1");
            SyncOperation late =
                    op("p1", T0.plusSeconds(30), "u3", SyncOperation.Kind.UPDATE, DeletionEvidence.NONE, null);
            SyncOperation early =
                    op("p1", T0.plusSeconds(10), "u1", SyncOperation.Kind.CREATE, DeletionEvidence.NONE, null);
            SyncOperation middle =
                    op("p1", T0.plusSeconds(20), "u2", SyncOperation.Kind.DELETE, DeletionEvidence.TOKEN_DELTA, null);
            store.useTransaction(tx -> {
                tx.record(late);
                tx.record(early);
            });
            store.useTransaction(tx -> tx.record(middle));

            assertThat(tx((MappingTransaction tx) -> tx.operations("p1", Instant.EPOCH)))
                    .containsExactly(early, middle, late);
        }

        @Test
        @DisplayName("operations(since) includes entries at since and excludes earlier ones")
        void sinceIsInclusive() {
            pairs("p1");
            List<SyncOperation> ops = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ops.add(op("p1", T0.plusSeconds(i), "u" + i, SyncOperation.Kind.CREATE, DeletionEvidence.NONE, null));
            }
            store.useTransaction(tx -> ops.forEach(tx::record));

            assertThat(tx((MappingTransaction tx) -> tx.operations("p1", T0.plusSeconds(2))))
                    .containsExactlyElementsOf(ops.subList(2, 5));
            assertThat(tx((MappingTransaction tx) -> tx.operations("p1", T0.plusSeconds(5))))
                    .isEmpty();
        }

        @Test
        @DisplayName("every field of an entry round-trips, nulls included")
        void fieldsRoundTrip() {
            pairs("p1");
            SyncOperation full = new SyncOperation(
                    "p1",
                    T0.plusMillis(7),
                    "u1",
                    Side.A,
                    SyncOperation.Kind.UPDATE,
                    DeletionEvidence.NONE,
                    DecidingRule.TIMESTAMP,
                    SyncOperation.Outcome.RETRY_QUEUED,
                    "503 from the server");
            SyncOperation sparse = new SyncOperation(
                    "p1",
                    T0.plusMillis(8),
                    null,
                    null,
                    SyncOperation.Kind.ORPHAN,
                    DeletionEvidence.NONE,
                    null,
                    SyncOperation.Outcome.APPLIED,
                    null);
            store.useTransaction(tx -> {
                tx.record(full);
                tx.record(sparse);
            });

            assertThat(tx((MappingTransaction tx) -> tx.operations("p1", T0))).containsExactly(full, sparse);
        }

        @Test
        @DisplayName("each pair has its own journal")
        void journalPerPair() {
            pairs("p1", "p2");
            SyncOperation one = op("p1", T0, "u", SyncOperation.Kind.CREATE, DeletionEvidence.NONE, null);
            SyncOperation two = op("p2", T0, "u", SyncOperation.Kind.ADOPT, DeletionEvidence.NONE, null);
            store.useTransaction(tx -> {
                tx.record(one);
                tx.record(two);
            });

            assertThat(tx((MappingTransaction tx) -> tx.operations("p1", Instant.EPOCH)))
                    .containsExactly(one);
            assertThat(tx((MappingTransaction tx) -> tx.operations("p2", Instant.EPOCH)))
                    .containsExactly(two);
        }
    }

    // --- retry queue

    /** The retry queue. */
    @Nested
    @DisplayName("retry queue")
    class Retries {

        @Test
        @DisplayName("queued series come back oldest first")
        void oldestFirst() {
            pairs("p1");
            RetryItem second = new RetryItem("p1", "u2", 1, "429", T0.plusSeconds(2));
            RetryItem first = new RetryItem("p1", "u1", 3, null, T0.plusSeconds(1));
            store.useTransaction(tx -> {
                tx.putRetry(second);
                tx.putRetry(first);
            });

            assertThat(tx((MappingTransaction tx) -> tx.retries("p1"))).containsExactly(first, second);
        }

        @Test
        @DisplayName("putRetry of a queued series replaces it")
        void putReplaces() {
            pairs("p1");
            store.useTransaction(tx -> tx.putRetry(new RetryItem("p1", "u1", 1, "first", T0)));
            RetryItem again = new RetryItem("p1", "u1", 2, "second", T0.plusSeconds(60));
            store.useTransaction(tx -> tx.putRetry(again));

            assertThat(tx((MappingTransaction tx) -> tx.retries("p1"))).containsExactly(again);
        }

        @Test
        @DisplayName("removeRetry removes a queued series and says false when there was none")
        void removeRetry() {
            pairs("p1", "p2");
            store.useTransaction(tx -> {
                tx.putRetry(new RetryItem("p1", "u1", 1, "x", T0));
                tx.putRetry(new RetryItem("p1", "u2", 1, "x", T0));
                tx.putRetry(new RetryItem("p2", "u1", 1, "x", T0));
            });

            assertThat(tx((MappingTransaction tx) -> tx.removeRetry("p1", "u1")))
                    .isTrue();
            assertThat(tx((MappingTransaction tx) -> tx.removeRetry("p1", "u1")))
                    .isFalse();
            assertThat(tx((MappingTransaction tx) -> tx.retries("p1")))
                    .extracting(RetryItem::uid)
                    .containsExactly("u2");
            assertThat(tx((MappingTransaction tx) -> tx.retries("p2")))
                    .extracting(RetryItem::uid)
                    .containsExactly("u1");
        }
    }

    // --- leases

    /** Leases: who may sync a pair. */
    @Nested
    @DisplayName("leases")
    class Leases {

        @Test
        @DisplayName("a free pair is claimed until now + ttl, and lease() shows it")
        void claimFreePair() {
            pairs("p1");
            Optional<Lease> lease = tx((MappingTransaction tx) -> tx.claim("p1", "w1", T0, TTL));

            assertThat(lease).contains(new Lease("p1", "w1", T0.plus(TTL)));
            assertThat(tx((MappingTransaction tx) -> tx.lease("p1"))).isEqualTo(lease);
        }

        @Test
        @DisplayName("an unexpired lease is refused to another owner")
        void refusedToAnotherOwner() {
            pairs("p1");
            store.useTransaction(tx -> tx.claim("p1", "w1", T0, TTL));

            assertThat(tx((MappingTransaction tx) ->
                            tx.claim("p1", "w2", T0.plus(TTL).minusSeconds(1), TTL)))
                    .isEmpty();
            assertThat(tx((MappingTransaction tx) -> tx.lease("p1"))
                            .orElseThrow()
                            .owner())
                    .isEqualTo("w1");
        }

        @Test
        @DisplayName("the owner renews its own lease")
        void ownerRenews() {
            pairs("p1");
            store.useTransaction(tx -> tx.claim("p1", "w1", T0, TTL));

            Optional<Lease> renewed = tx((MappingTransaction tx) -> tx.claim("p1", "w1", T0.plusSeconds(60), TTL));

            assertThat(renewed)
                    .contains(new Lease("p1", "w1", T0.plusSeconds(60).plus(TTL)));
            assertThat(tx((MappingTransaction tx) -> tx.lease("p1"))).isEqualTo(renewed);
        }

        @Test
        @DisplayName("after expiry another owner may claim the pair, and the expired lease is still visible until then")
        void claimableAfterExpiry() {
            pairs("p1");
            store.useTransaction(tx -> tx.claim("p1", "w1", T0, TTL));
            Instant later = T0.plus(TTL).plusSeconds(1);

            assertThat(tx((MappingTransaction tx) -> tx.lease("p1"))).contains(new Lease("p1", "w1", T0.plus(TTL)));
            assertThat(tx((MappingTransaction tx) -> tx.claim("p1", "w2", later, TTL)))
                    .contains(new Lease("p1", "w2", later.plus(TTL)));
            assertThat(tx((MappingTransaction tx) -> tx.claim("p1", "w1", later, TTL)))
                    .isEmpty();
        }

        @Test
        @DisplayName("release frees the pair only when the releasing owner still holds it")
        void releaseOnlyByOwner() {
            pairs("p1");
            Lease w1 =
                    tx((MappingTransaction tx) -> tx.claim("p1", "w1", T0, TTL)).orElseThrow();

            store.useTransaction(tx -> tx.release(new Lease("p1", "w2", w1.expiresAt())));
            assertThat(tx((MappingTransaction tx) -> tx.claim("p1", "w2", T0.plusSeconds(1), TTL)))
                    .isEmpty();

            store.useTransaction(tx -> tx.release(w1));
            assertThat(tx((MappingTransaction tx) -> tx.claim("p1", "w2", T0.plusSeconds(2), TTL)))
                    .isPresent();
        }

        @Test
        @DisplayName("a stale owner's release does not free a lease another owner took after expiry")
        void staleReleaseIsIgnored() {
            pairs("p1");
            Lease w1 =
                    tx((MappingTransaction tx) -> tx.claim("p1", "w1", T0, TTL)).orElseThrow();
            Instant later = T0.plus(TTL).plusSeconds(1);
            Lease w2 = tx((MappingTransaction tx) -> tx.claim("p1", "w2", later, TTL))
                    .orElseThrow();

            store.useTransaction(tx -> tx.release(w1));

            assertThat(tx((MappingTransaction tx) -> tx.lease("p1"))).contains(w2);
            assertThat(tx((MappingTransaction tx) -> tx.claim("p1", "w3", later.plusSeconds(1), TTL)))
                    .isEmpty();
        }

        @Test
        @DisplayName("claiming an unknown pair throws IllegalArgumentException")
        void claimUnknownPair() {
            assertThatThrownBy(() -> tx((MappingTransaction tx) -> tx.claim("nope", "w1", T0, TTL)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("claimAvailable claims free enabled pairs in pair-id order, up to the limit")
        void claimAvailableInOrder() {
            pairs("p3", "p1", "p4", "p2");

            List<Lease> first = tx((MappingTransaction tx) -> tx.claimAvailable("w1", T0, TTL, 2));
            List<Lease> second = tx((MappingTransaction tx) -> tx.claimAvailable("w2", T0, TTL, 10));

            assertThat(first).containsExactly(new Lease("p1", "w1", T0.plus(TTL)), new Lease("p2", "w1", T0.plus(TTL)));
            assertThat(second).extracting(Lease::pairId).containsExactly("p3", "p4");
            assertThat(tx((MappingTransaction tx) -> tx.lease("p2"))
                            .orElseThrow()
                            .owner())
                    .isEqualTo("w1");
        }

        @Test
        @DisplayName("claimAvailable skips disabled pairs and pairs another owner holds, and takes expired ones")
        void claimAvailableSkipsHeldAndDisabled() {
            pairs("p1", "p2", "p3", "p4");
            store.useTransaction(tx -> {
                tx.putPair(new CalendarPair("p2", "a", "b", null, null, null, null, false));
                tx.claim("p3", "other", T0, TTL);
                tx.claim("p4", "other", T0.minus(TTL).minusSeconds(1), TTL);
            });

            assertThat(tx((MappingTransaction tx) -> tx.claimAvailable("w1", T0, TTL, 10)))
                    .extracting(Lease::pairId)
                    .containsExactly("p1", "p4");
            assertThat(tx((MappingTransaction tx) -> tx.claimAvailable("w2", T0, TTL, 10)))
                    .isEmpty();
        }

        @Test
        @DisplayName("claimDue takes pairs never synced or synced before the bound, and not those synced since")
        void claimDueTakesOnlyDuePairs() {
            tx((MappingTransaction tx) -> {
                tx.putPair(CalendarPair.of("never", "a0", "b0"));
                tx.putPair(CalendarPair.of("old", "a1", "b1")
                        .withSyncToken(Side.A, "ta", T0.minusSeconds(60))
                        .withSyncToken(Side.B, "tb", T0.minusSeconds(60)));
                tx.putPair(CalendarPair.of("fresh", "a2", "b2")
                        .withSyncToken(Side.A, "ta", T0.plusSeconds(1))
                        .withSyncToken(Side.B, "tb", T0.plusSeconds(1)));
                tx.putPair(CalendarPair.of("half", "a3", "b3").withSyncToken(Side.A, "ta", T0.plusSeconds(1)));
                return null;
            });

            List<Lease> due = tx((MappingTransaction tx) -> tx.claimDue("w1", T0.plusSeconds(5), TTL, T0, 10));

            assertThat(due).extracting(Lease::pairId).containsExactly("half", "never", "old");
            assertThat(tx((MappingTransaction tx) -> tx.claimAvailable("w2", T0.plusSeconds(5), TTL, 10)))
                    .extracting(Lease::pairId)
                    .containsExactly("fresh");
        }

        @Test
        @DisplayName("claimAvailable never gives one pair to two owners, even when they race")
        void claimAvailableNeverDoubleBooks() throws Exception {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(String.format("p%02d", i));
            }
            pairs(ids.toArray(String[]::new));
            int workers = 4;
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Lease>>> results = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    String owner = "w" + w;
                    results.add(pool.submit(() -> {
                        start.await();
                        List<Lease> mine = new ArrayList<>();
                        for (int round = 0; round < 20; round++) {
                            mine.addAll(tx((MappingTransaction tx) -> tx.claimAvailable(owner, T0, TTL, 3)));
                        }
                        return mine;
                    }));
                }
                start.countDown();
                Set<String> claimed = new HashSet<>();
                int total = 0;
                for (Future<List<Lease>> f : results) {
                    for (Lease lease : f.get(60, TimeUnit.SECONDS)) {
                        claimed.add(lease.pairId());
                        total++;
                    }
                }
                assertThat(total).as("leases handed out").isEqualTo(claimed.size());
                assertThat(claimed).containsExactlyInAnyOrderElementsOf(ids);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // --- transactions

    /** Transactions: atomicity and isolation. */
    @Nested
    @DisplayName("transactions")
    class Transactions {

        @Test
        @DisplayName("inTransaction returns what the work returns, and its changes are visible afterwards")
        void commitIsVisible() {
            String result = tx((MappingTransaction tx) -> {
                tx.putPair(CalendarPair.of("p1", "a", "b"));
                return "done";
            });

            assertThat(result).isEqualTo("done");
            assertThat(tx((MappingTransaction tx) -> tx.pair("p1"))).isPresent();
        }

        @Test
        @DisplayName("a transaction sees its own uncommitted changes")
        void seesOwnWrites() {
            store.useTransaction(tx -> {
                tx.putPair(CalendarPair.of("p1", "a", "b"));
                tx.putMapping(mapping("p1", EventKey.master("u1"), "x", "y"));
                assertThat(tx.pair("p1")).isPresent();
                assertThat(tx.mappingsOfUid("p1", "u1")).hasSize(1);
            });
        }

        @Test
        @DisplayName("an exception inside inTransaction rolls back everything done in it and is rethrown as is")
        void exceptionRollsBackEverything() {
            pairs("p1");
            store.useTransaction(tx -> tx.putMapping(mapping("p1", EventKey.master("kept"), "k", "k")));
            IllegalStateException boom = new IllegalStateException("boom");

            assertThatThrownBy(() -> store.useTransaction(tx -> {
                        tx.putPair(CalendarPair.of("p1", "a-p1", "b-p1").withSyncToken(Side.A, "t", T0));
                        tx.putPair(CalendarPair.of("p2", "a", "b"));
                        tx.putMapping(mapping("p1", EventKey.master("u1"), "x", "y"));
                        tx.putMapping(mapping("p1", EventKey.master("kept"), "changed", "changed"));
                        tx.record(op("p1", T0, "u1", SyncOperation.Kind.CREATE, DeletionEvidence.NONE, null));
                        tx.putRetry(new RetryItem("p1", "u1", 1, "x", T0));
                        tx.claim("p1", "w1", T0, TTL);
                        throw boom;
                    }))
                    .isSameAs(boom);

            store.useTransaction(tx -> {
                assertThat(tx.pair("p1")).contains(CalendarPair.of("p1", "a-p1", "b-p1"));
                assertThat(tx.pair("p2")).isEmpty();
                assertThat(tx.mapping("p1", EventKey.master("u1"))).isEmpty();
                assertThat(tx.mapping("p1", EventKey.master("kept"))
                                .orElseThrow()
                                .a()
                                .remoteId())
                        .isEqualTo("k");
                assertThat(tx.operations("p1", Instant.EPOCH)).isEmpty();
                assertThat(tx.retries("p1")).isEmpty();
                assertThat(tx.lease("p1")).isEmpty();
            });
        }

        @Test
        @DisplayName("a rolled-back removePair leaves the pair and all it holds")
        void rolledBackRemoveKeepsPair() {
            pairs("p1");
            store.useTransaction(tx -> tx.putMapping(mapping("p1", EventKey.master("u1"), "x", "y")));

            assertThatThrownBy(() -> store.useTransaction(tx -> {
                        tx.removePair("p1");
                        throw new RuntimeException("abort");
                    }))
                    .hasMessage("abort");

            assertThat(tx((MappingTransaction tx) -> tx.mappingsOfUid("p1", "u1")))
                    .hasSize(1);
        }

        @Test
        @DisplayName("an uncommitted change is never visible to another transaction (no dirty reads)")
        void noDirtyReads() throws Exception {
            pairs("p1");
            CountDownLatch written = new CountDownLatch(1);
            CountDownLatch readerDone = new CountDownLatch(1);
            AtomicReference<Optional<CalendarPair>> seen = new AtomicReference<>();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> writer = pool.submit(() -> {
                    try {
                        store.useTransaction(tx -> {
                            tx.putPair(tx.pair("p1").orElseThrow().withSyncToken(Side.A, "dirty", T0));
                            tx.putPair(CalendarPair.of("p-dirty", "a", "b"));
                            written.countDown();
                            try {
                                // A store that blocks the reader makes this wait time out; one with
                                // snapshots lets the reader finish first. Either way, roll back.
                                readerDone.await(300, TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            throw new IllegalStateException("roll back");
                        });
                    } catch (IllegalStateException expected) {
                        // rolled back
                    }
                });
                assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
                Future<?> reader = pool.submit(() -> {
                    seen.set(tx((MappingTransaction tx) ->
                            tx.pair("p-dirty").or(() -> tx.pair("p1").filter(p -> "dirty".equals(p.syncTokenA())))));
                    readerDone.countDown();
                });
                writer.get(30, TimeUnit.SECONDS);
                reader.get(30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }

            assertThat(seen.get()).isEmpty();
        }

        @Test
        @DisplayName("concurrent transactions each keep all their changes")
        void concurrentTransactionsKeepTheirChanges() throws Exception {
            pairs("p1");
            int threads = 4;
            int each = 25;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            String uid = "u-" + thread + "-" + i;
                            store.useTransaction(tx -> {
                                tx.putMapping(mapping("p1", EventKey.master(uid), uid, uid));
                                tx.record(op("p1", T0, uid, SyncOperation.Kind.CREATE, DeletionEvidence.NONE, null));
                            });
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(tx((MappingTransaction tx) -> tx.mappings("p1", SyncStatus.ACTIVE)))
                    .hasSize(threads * each);
            assertThat(tx((MappingTransaction tx) -> tx.operations("p1", Instant.EPOCH)))
                    .hasSize(threads * each);
        }
    }

    // --- health

    /** The seed's monitoring figures. */
    @Nested
    @DisplayName("health figures")
    class Health {

        @Test
        @DisplayName("an empty store reports zeros, with every evidence and rule present")
        void emptyStore() {
            HealthReport report = tx((MappingTransaction tx) -> tx.health(Instant.EPOCH));

            assertThat(report.tokens()).isEqualTo(new HealthReport.TokenCoverage(0, 0, 0));
            assertThat(report.mappings()).isEqualTo(new HealthReport.MappingCompleteness(0, 0, 0));
            assertThat(report.deletionsByEvidence()).containsOnlyKeys(DeletionEvidence.values());
            assertThat(report.deletionsByEvidence().values()).containsOnly(0L);
            assertThat(report.conflictsByRule()).containsOnlyKeys(DecidingRule.values());
            assertThat(report.conflictsByRule().values()).containsOnly(0L);
        }

        @Test
        @DisplayName("token coverage counts enabled pairs and, of those, the ones holding each side's token")
        void tokenCoverage() {
            store.useTransaction(tx -> {
                tx.putPair(new CalendarPair("p1", "a", "b", "ta", "tb", T0, T0, true));
                tx.putPair(new CalendarPair("p2", "a", "b", "ta", null, T0, null, true));
                tx.putPair(new CalendarPair("p3", "a", "b", null, null, null, null, true));
                tx.putPair(new CalendarPair("p4", "a", "b", "ta", "tb", T0, T0, false));
            });

            assertThat(tx((MappingTransaction tx) -> tx.health(Instant.EPOCH)).tokens())
                    .isEqualTo(new HealthReport.TokenCoverage(3, 2, 1));
        }

        @Test
        @DisplayName(
                "mapping completeness counts active mappings, those with UIDs on both sides and those with URLs on both sides")
        void mappingCompleteness() {
            pairs("p1", "p2");
            SideMapping noUrl = new SideMapping("x", "u", null, null, 0, hash(1));
            store.useTransaction(tx -> {
                // complete on both sides: counts in all three figures
                tx.putMapping(mapping("p1", EventKey.master("full-1"), "a1", "b1"));
                tx.putMapping(mapping("p2", EventKey.master("full-2"), "a2", "b2"));
                // one side only: active, nothing else
                tx.putMapping(new EventMapping(
                        "p1", EventKey.master("one-side"), side("a3", "one-side"), null, SyncStatus.ACTIVE, T0));
                // both sides, one without URL: active and UIDs, not URLs
                tx.putMapping(new EventMapping(
                        "p1", EventKey.master("no-url"), side("a4", "no-url"), noUrl, SyncStatus.ACTIVE, T0));
                // not active: not counted at all
                tx.putMapping(
                        mapping("p1", EventKey.master("deleted"), "a5", "b5").withStatus(SyncStatus.DELETED, T0));
                tx.putMapping(
                        mapping("p1", EventKey.master("orphaned"), "a6", "b6").withStatus(SyncStatus.ORPHANED, T0));
            });

            assertThat(tx((MappingTransaction tx) -> tx.health(Instant.EPOCH)).mappings())
                    .isEqualTo(new HealthReport.MappingCompleteness(4, 3, 2));
        }

        @Test
        @DisplayName("deletions are counted by evidence, from the DELETE entries at or after since, over all pairs")
        void deletionsByEvidence() {
            pairs("p1", "p2");
            Instant since = T0.plusSeconds(100);
            store.useTransaction(tx -> {
                tx.record(op(
                        "p1",
                        since.minusSeconds(1),
                        "old",
                        SyncOperation.Kind.DELETE,
                        DeletionEvidence.TOKEN_DELTA,
                        null));
                tx.record(op("p1", since, "a", SyncOperation.Kind.DELETE, DeletionEvidence.TOKEN_DELTA, null));
                tx.record(op(
                        "p1",
                        since.plusSeconds(1),
                        "b",
                        SyncOperation.Kind.DELETE,
                        DeletionEvidence.TOKEN_DELTA,
                        null));
                tx.record(op(
                        "p2",
                        since.plusSeconds(2),
                        "c",
                        SyncOperation.Kind.DELETE,
                        DeletionEvidence.DIRECT_LOOKUP,
                        null));
                tx.record(op("p2", since.plusSeconds(3), "d", SyncOperation.Kind.UPDATE, DeletionEvidence.NONE, null));
                tx.record(op("p2", since.plusSeconds(4), "e", SyncOperation.Kind.ORPHAN, DeletionEvidence.NONE, null));
            });

            Map<DeletionEvidence, Long> deletions =
                    tx((MappingTransaction tx) -> tx.health(since)).deletionsByEvidence();
            assertThat(deletions)
                    .containsEntry(DeletionEvidence.TOKEN_DELTA, 2L)
                    .containsEntry(DeletionEvidence.DIRECT_LOOKUP, 1L)
                    .containsEntry(DeletionEvidence.NONE, 0L);
        }

        @Test
        @DisplayName("conflicts are counted by deciding rule, from the entries with a rule at or after since")
        void conflictsByRule() {
            pairs("p1", "p2");
            Instant since = T0.plusSeconds(100);
            store.useTransaction(tx -> {
                tx.record(op(
                        "p1",
                        since.minusMillis(1),
                        "old",
                        SyncOperation.Kind.UPDATE,
                        DeletionEvidence.NONE,
                        DecidingRule.SEQUENCE));
                tx.record(
                        op("p1", since, "a", SyncOperation.Kind.UPDATE, DeletionEvidence.NONE, DecidingRule.SEQUENCE));
                tx.record(op(
                        "p1",
                        since.plusSeconds(1),
                        "b",
                        SyncOperation.Kind.UPDATE,
                        DeletionEvidence.NONE,
                        DecidingRule.SEQUENCE));
                tx.record(op(
                        "p2",
                        since.plusSeconds(2),
                        "c",
                        SyncOperation.Kind.UPDATE,
                        DeletionEvidence.NONE,
                        DecidingRule.TIMESTAMP));
                tx.record(op(
                        "p2",
                        since.plusSeconds(3),
                        "d",
                        SyncOperation.Kind.ADOPT,
                        DeletionEvidence.NONE,
                        DecidingRule.CONTENT_EQUAL));
                tx.record(op("p2", since.plusSeconds(4), "e", SyncOperation.Kind.UPDATE, DeletionEvidence.NONE, null));
            });

            assertThat(tx((MappingTransaction tx) -> tx.health(since)).conflictsByRule())
                    .containsEntry(DecidingRule.SEQUENCE, 2L)
                    .containsEntry(DecidingRule.TIMESTAMP, 1L)
                    .containsEntry(DecidingRule.CONTENT_EQUAL, 1L)
                    .containsEntry(DecidingRule.PREFERRED_SIDE, 0L)
                    .containsEntry(DecidingRule.CALLBACK, 0L);
        }
    }
}
