package dev.calsync.store.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.spi.RetryItem;
import dev.calsync.core.spi.SideMapping;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.store.jdbi.internal.JdbiTransaction;
import dev.calsync.testkit.generate.CalendarGens;
import dev.calsync.testkit.generate.Generator;
import dev.calsync.testkit.generate.Source;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the kit does not check, on each database: every value the columns hold round-trips (every
 * enumeration constant, UIDs of every kind, times to the microsecond), transactions are refused
 * where the SPI says so, database errors name the store, and random sequences of operations give
 * exactly what {@link InMemoryMappingStore} gives.
 */
abstract class StoreBehaviourContract {

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final Duration TTL = Duration.ofMinutes(5);

    /** The store under test, new for each test. */
    protected JdbiMappingStore store;

    /** A new, empty store. */
    protected abstract JdbiMappingStore newStore();

    /** Drops the table {@code table} behind the store's back. */
    protected abstract void dropTable(String table);

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static ContentHash hash(int n) {
        return ContentHash.ofCancelledOccurrence(
                EventKey.occurrence("h" + n, new RecurrenceId.OnDate(LocalDate.of(2030, 1, 1))));
    }

    <T> T tx(Function<MappingTransaction, T> work) {
        return store.inTransaction(work);
    }

    /** Removes every pair, and with them everything else. */
    void empty(MappingStore s) {
        s.useTransaction(tx -> tx.pairs().forEach(p -> tx.removePair(p.pairId())));
    }

    // --- values

    @Test
    void everyEnumerationConstantRoundTrips() {
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("p", "a", "b")));
        List<EventMapping> mappings = new ArrayList<>();
        for (SyncStatus status : SyncStatus.values()) {
            SideMapping side = new SideMapping("r-" + status, "u-" + status, null, null, 1, hash(1));
            mappings.add(new EventMapping("p", EventKey.master("u-" + status), side, side, status, T0));
        }
        List<SyncOperation> ops = new ArrayList<>();
        int i = 0;
        for (SyncOperation.Kind kind : SyncOperation.Kind.values()) {
            for (SyncOperation.Outcome outcome : SyncOperation.Outcome.values()) {
                for (DeletionEvidence evidence : DeletionEvidence.values()) {
                    Side target = i % 3 == 0 ? null : Side.values()[i % 2];
                    DecidingRule rule = i % 6 == 0 ? null : DecidingRule.values()[i % DecidingRule.values().length];
                    ops.add(new SyncOperation(
                            "p", T0.plusMillis(i), "u" + i, target, kind, evidence, rule, outcome, "e" + i));
                    i++;
                }
            }
        }
        for (DecidingRule rule : DecidingRule.values()) {
            ops.add(new SyncOperation(
                    "p",
                    T0.plusMillis(i++),
                    null,
                    Side.A,
                    SyncOperation.Kind.UPDATE,
                    DeletionEvidence.NONE,
                    rule,
                    SyncOperation.Outcome.APPLIED,
                    null));
        }
        store.useTransaction(tx -> {
            mappings.forEach(tx::putMapping);
            ops.forEach(tx::record);
        });

        store.useTransaction(tx -> {
            for (EventMapping m : mappings) {
                assertThat(tx.mappings("p", m.status())).containsExactly(m);
            }
            assertThat(tx.operations("p", Instant.EPOCH)).containsExactlyElementsOf(ops);
        });
    }

    @Test
    void uidsOfEveryKindAreKeysAndFoundByEveryLookup() {
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("p", "a", "b")));
        qt().withExamples(150).forAll(CalendarGens.uids()).checkAssert(uid -> {
            // A CalDAV-like href and a Google-like id derived from the UID: as long and as odd.
            String href = "/calendars/user/" + uid + ".ics";
            String remoteA = "g_" + uid;
            EventKey master = EventKey.master(uid);
            EventKey override =
                    EventKey.occurrence(uid, new RecurrenceId.AtFloating(LocalDateTime.of(2030, 1, 1, 9, 0)));
            EventMapping m1 = new EventMapping(
                    "p",
                    master,
                    new SideMapping(remoteA, uid, "https://x.invalid" + href, "\"" + uid + "\"", 1, hash(1)),
                    new SideMapping(href, uid, null, null, 0, hash(2)),
                    SyncStatus.ACTIVE,
                    T0);
            EventMapping m2 = new EventMapping(
                    "p", override, null, new SideMapping(href, uid, null, null, 0, hash(3)), SyncStatus.DELETED, T0);
            RetryItem retry = new RetryItem("p", uid, 1, uid, T0);
            store.useTransaction(tx -> {
                tx.putMapping(m1);
                tx.putMapping(m2);
                tx.putRetry(retry);
                tx.record(new SyncOperation(
                        "p",
                        T0,
                        uid,
                        Side.B,
                        SyncOperation.Kind.CREATE,
                        DeletionEvidence.NONE,
                        null,
                        SyncOperation.Outcome.APPLIED,
                        uid));
            });
            store.useTransaction(tx -> {
                assertThat(tx.mapping("p", master)).contains(m1);
                assertThat(tx.mapping("p", override)).contains(m2);
                assertThat(tx.mappingsOfUid("p", uid)).containsExactly(m1, m2);
                assertThat(tx.mappingsByRemoteId("p", Side.B, href)).containsExactly(m1, m2);
                assertThat(tx.mappingsByRemoteId("p", Side.A, remoteA)).containsExactly(m1);
                assertThat(tx.retries("p")).contains(retry);
                assertThat(tx.removeRetry("p", uid)).isTrue();
                List<SyncOperation> ops = tx.operations("p", T0);
                assertThat(ops.get(ops.size() - 1).uid()).isEqualTo(uid);
            });
        });
    }

    @Test
    void timesAreKeptToTheMicrosecond() {
        Instant fine = Instant.parse("2030-01-01T00:00:00.123456789Z");
        store.useTransaction(tx -> tx.putPair(new CalendarPair("p", "a", "b", "t", null, fine, null, true)));

        assertThat(tx((MappingTransaction t) -> t.pair("p")).orElseThrow().lastUpdatedA())
                .isEqualTo(Instant.parse("2030-01-01T00:00:00.123456Z"));
        assertThat(tx((MappingTransaction t) -> t.claim("p", "w", fine, TTL)))
                .contains(new Lease("p", "w", Instant.parse("2030-01-01T00:05:00.123456Z")));
        assertThat(tx((MappingTransaction t) -> t.lease("p")).orElseThrow().expiresAt())
                .isEqualTo(Instant.parse("2030-01-01T00:05:00.123456Z"));
    }

    @Test
    void aTimeTheStoreCannotKeepIsRefusedBeforeTheDatabaseIsTouched() {
        Instant farFuture = Instant.parse("+10000-01-01T00:00:00Z");
        store.useTransaction(tx -> {
            assertThatThrownBy(() -> tx.putPair(new CalendarPair("p", "a", "b", "t", null, farFuture, null, true)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lastUpdatedA");
            // The transaction goes on (on PostgreSQL, no statement failed).
            tx.putPair(CalendarPair.of("p", "a", "b"));
        });
        assertThat(tx((MappingTransaction t) -> t.pair("p"))).isPresent();
        // Query bounds outside the range are clamped, not refused.
        assertThat(tx((MappingTransaction t) -> t.operations("p", Instant.MIN))).isEmpty();
        assertThat(tx((MappingTransaction t) -> t.operations("p", Instant.MAX))).isEmpty();
        assertThat(tx((MappingTransaction t) -> t.health(Instant.MAX)).tokens().enabledPairs())
                .isEqualTo(1);
    }

    // --- leases

    @Test
    void claimDueTakesPairsNeverSyncedOrSyncedBeforeTheBoundAndNotThoseSyncedSince() {
        // calsync-core's next MappingTransaction.claimDue (its kit's test, run here through the class).
        store.useTransaction(tx -> {
            tx.putPair(CalendarPair.of("never", "a0", "b0"));
            tx.putPair(CalendarPair.of("old", "a1", "b1")
                    .withSyncToken(Side.A, "ta", T0.minusSeconds(60))
                    .withSyncToken(Side.B, "tb", T0.minusSeconds(60)));
            tx.putPair(CalendarPair.of("fresh", "a2", "b2")
                    .withSyncToken(Side.A, "ta", T0.plusSeconds(1))
                    .withSyncToken(Side.B, "tb", T0.plusSeconds(1)));
            tx.putPair(CalendarPair.of("half", "a3", "b3").withSyncToken(Side.A, "ta", T0.plusSeconds(1)));
        });

        List<Lease> due =
                tx((MappingTransaction tx) -> ((JdbiTransaction) tx).claimDue("w1", T0.plusSeconds(5), TTL, T0, 10));

        assertThat(due).extracting(Lease::pairId).containsExactly("half", "never", "old");
        assertThat(tx((MappingTransaction tx) -> tx.claimAvailable("w2", T0.plusSeconds(5), TTL, 10)))
                .extracting(Lease::pairId)
                .containsExactly("fresh");
        assertThat(tx((MappingTransaction tx) ->
                        ((JdbiTransaction) tx).claimDue("w3", T0.plus(TTL).plusSeconds(10), TTL, Instant.MAX, 10)))
                .extracting(Lease::pairId)
                .containsExactly("fresh", "half", "never", "old");
    }

    // --- transactions

    @Test
    void aNestedTransactionIsRefused() {
        store.useTransaction(outer -> assertThatThrownBy(() -> store.useTransaction(inner -> inner.pairs()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nesting"));
        // The outer transaction ended normally, and the store is usable.
        assertThat(tx(MappingTransaction::pairs)).isEmpty();
    }

    @Test
    void aTransactionUsedAfterItEndedIsRefused() {
        AtomicReference<MappingTransaction> leaked = new AtomicReference<>();
        store.useTransaction(leaked::set);

        assertThatThrownBy(() -> leaked.get().pairs())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ended");
        assertThatThrownBy(() -> leaked.get().putPair(CalendarPair.of("p", "a", "b")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anErrorRollsBackAndIsRethrownAsItIs() {
        Error crash = new StackOverflowError("simulated");
        assertThatThrownBy(() -> store.useTransaction(tx -> {
                    tx.putPair(CalendarPair.of("p", "a", "b"));
                    throw crash;
                }))
                .isSameAs(crash);
        assertThat(tx(MappingTransaction::pairs)).isEmpty();
    }

    @Test
    void aMappingAndItsJournalEntryCommitTogetherOrNotAtAll() {
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("p", "a", "b")));
        EventMapping m = new EventMapping(
                "p",
                EventKey.master("u"),
                new SideMapping("r", "u", null, null, 0, hash(1)),
                null,
                SyncStatus.ACTIVE,
                T0);
        SyncOperation op = new SyncOperation(
                "p",
                T0,
                "u",
                Side.B,
                SyncOperation.Kind.CREATE,
                DeletionEvidence.NONE,
                null,
                SyncOperation.Outcome.APPLIED,
                null);
        SyncOperation forMissingPair = new SyncOperation(
                "gone",
                T0,
                "u",
                Side.B,
                SyncOperation.Kind.CREATE,
                DeletionEvidence.NONE,
                null,
                SyncOperation.Outcome.APPLIED,
                null);

        assertThatThrownBy(() -> store.useTransaction(tx -> {
                    tx.putMapping(m);
                    tx.record(op);
                    tx.record(forMissingPair);
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gone");
        store.useTransaction(tx -> {
            assertThat(tx.mapping("p", m.key())).isEmpty();
            assertThat(tx.operations("p", Instant.EPOCH)).isEmpty();
        });

        store.useTransaction(tx -> {
            tx.putMapping(m);
            tx.record(op);
        });
        store.useTransaction(tx -> {
            assertThat(tx.mapping("p", m.key())).contains(m);
            assertThat(tx.operations("p", Instant.EPOCH)).containsExactly(op);
        });
    }

    @Test
    void aDatabaseErrorIsAStoreAccessExceptionNamingTheStoreButNotTheValues() {
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("p", "a", "b")));
        dropTable("retry_queue");

        assertThatThrownBy(() ->
                        store.useTransaction(tx -> tx.putRetry(new RetryItem("p", "uid-value", 1, "error-value", T0))))
                .isInstanceOfSatisfying(StoreAccessException.class, e -> {
                    assertThat(e.location()).isEqualTo(store.location());
                    assertThat(e.getMessage())
                            .contains(store.location())
                            .contains("queue retry")
                            .doesNotContain("uid-value")
                            .doesNotContain("error-value");
                });
        // Other tables still work.
        assertThat(tx((MappingTransaction t) -> t.pair("p"))).isPresent();
    }

    // --- the in-memory reference, differentially

    /** One operation of a random sequence, run in its own transaction on both stores. */
    private record Step(String description, Function<MappingTransaction, Object> action) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static final List<String> PAIRS = List.of("p1", "p2", "p3");
    private static final List<String> UIDS = List.of("u1", "u2", "ü-ß", "u1 ");
    private static final List<String> REMOTE = List.of("r1", "r2", "/cal/u.ics");
    /** UIDs and URLs as the health figures judge them: Java's white space, and a non-breaking space that is not. */
    private static final List<String> TEXTS = List.of("x", "", " ", "\t\n", "\u2003", "\u00a0", "\u3000y");

    private static Generator<Step> steps() {
        return in -> {
            String pair = in.pick(PAIRS);
            String uid = in.pick(UIDS);
            Instant at = T0.plusSeconds(in.between(0, 20) * 60L);
            return switch (in.weighted(8, 1, 14, 6, 4, 2, 4, 3, 2)) {
                case 0 -> {
                    CalendarPair p = new CalendarPair(
                            pair,
                            "a",
                            "b",
                            in.bool() ? null : in.pick(TEXTS),
                            in.bool() ? null : "tb",
                            in.bool() ? null : at,
                            null,
                            in.between(0, 3) > 0);
                    yield new Step("putPair " + p, tx -> {
                        tx.putPair(p);
                        return null;
                    });
                }
                case 1 -> new Step("removePair " + pair, tx -> tx.removePair(pair));
                case 2 -> {
                    RecurrenceId rid = switch (in.between(0, 3)) {
                        case 0 -> null;
                        case 1 -> new RecurrenceId.OnDate(LocalDate.of(2030, 1, in.between(1, 3)));
                        case 2 -> new RecurrenceId.AtInstant(T0.plusSeconds(in.between(0, 2) * 3600L));
                        default -> new RecurrenceId.AtFloating(LocalDateTime.of(2030, 1, 1, in.between(0, 2), 0));
                    };
                    EventMapping m = new EventMapping(
                            pair,
                            new EventKey(uid, rid),
                            side(in),
                            side(in),
                            in.pick(List.of(SyncStatus.values())),
                            at);
                    yield new Step("putMapping " + m, tx -> {
                        tx.putMapping(m);
                        return null;
                    });
                }
                case 3 -> {
                    SyncOperation op = new SyncOperation(
                            pair,
                            at,
                            in.bool() ? null : uid,
                            in.bool() ? null : in.pick(List.of(Side.values())),
                            in.pick(List.of(SyncOperation.Kind.values())),
                            in.pick(List.of(DeletionEvidence.values())),
                            in.bool() ? null : in.pick(List.of(DecidingRule.values())),
                            in.pick(List.of(SyncOperation.Outcome.values())),
                            in.bool() ? null : "err");
                    yield new Step("record " + op, tx -> {
                        tx.record(op);
                        return null;
                    });
                }
                case 4 -> {
                    RetryItem item = new RetryItem(pair, uid, in.between(1, 3), in.bool() ? null : "e", at);
                    yield new Step("putRetry " + item, tx -> {
                        tx.putRetry(item);
                        return null;
                    });
                }
                case 5 -> new Step("removeRetry " + pair + " " + uid, tx -> tx.removeRetry(pair, uid));
                case 6 -> {
                    String owner = in.pick(List.of("w1", "w2"));
                    yield new Step("claim " + pair + " " + owner + " " + at, tx -> tx.claim(pair, owner, at, TTL));
                }
                case 7 -> {
                    String owner = in.pick(List.of("w1", "w2"));
                    int limit = in.between(0, 3);
                    yield new Step(
                            "claimAvailable " + owner + " " + at + " " + limit,
                            tx -> tx.claimAvailable(owner, at, TTL, limit));
                }
                default -> {
                    Lease lease = new Lease(pair, in.pick(List.of("w1", "w2")), at);
                    yield new Step("release " + lease, tx -> {
                        tx.release(lease);
                        return null;
                    });
                }
            };
        };
    }

    private static SideMapping side(Source in) {
        if (in.between(0, 4) == 0) {
            return null;
        }
        return new SideMapping(
                in.pick(REMOTE),
                in.pick(TEXTS),
                in.bool() ? null : in.pick(TEXTS),
                in.bool() ? null : "\"e\"",
                in.between(0, 3),
                hash(in.between(0, 2)));
    }

    /** What a transaction returned, or the class of what it threw. */
    private static Object outcome(MappingStore s, Function<MappingTransaction, Object> action) {
        try {
            return s.inTransaction(action);
        } catch (IllegalArgumentException e) {
            return IllegalArgumentException.class;
        }
    }

    /** Everything the read API tells of the store. */
    private static Map<String, Object> snapshot(MappingStore s) {
        return s.inTransaction(tx -> {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("pairs", tx.pairs());
            for (String p : PAIRS) {
                all.put(p + " lease", tx.lease(p));
                for (SyncStatus status : SyncStatus.values()) {
                    all.put(p + " " + status, tx.mappings(p, status));
                }
                for (String uid : UIDS) {
                    all.put(p + " uid " + uid, tx.mappingsOfUid(p, uid));
                }
                for (Side side : Side.values()) {
                    for (String r : REMOTE) {
                        all.put(p + " " + side + " " + r, tx.mappingsByRemoteId(p, side, r));
                    }
                }
                all.put(p + " journal", tx.operations(p, Instant.EPOCH));
                all.put(p + " journal since", tx.operations(p, T0.plusSeconds(600)));
                all.put(p + " retries", tx.retries(p));
            }
            all.put("health", tx.health(Instant.EPOCH));
            all.put("health since", tx.health(T0.plusSeconds(600)));
            return all;
        });
    }

    @Test
    void randomOperationsGiveWhatTheInMemoryStoreGives() {
        Generator<List<Step>> sequences = in -> {
            List<Step> out = new ArrayList<>();
            int n = in.between(1, 40);
            for (int i = 0; i < n; i++) {
                out.add(steps().apply(in));
            }
            return out;
        };
        qt().withExamples(60)
                .withShrinkCycles(50)
                .forAll(CalendarGens.gen(sequences))
                .checkAssert(steps -> {
                    empty(store);
                    InMemoryMappingStore reference = new InMemoryMappingStore();
                    int i = 0;
                    for (Step step : steps) {
                        i++;
                        Object expected = outcome(reference, step.action());
                        Object actual = outcome(store, step.action());
                        assertThat(actual).as("step %d: %s", i, step).isEqualTo(expected);
                    }
                    Map<String, Object> expected = snapshot(reference);
                    Map<String, Object> actual = snapshot(store);
                    for (String key : expected.keySet()) {
                        assertThat(actual.get(key))
                                .as("after %d steps: %s", steps.size(), key)
                                .isEqualTo(expected.get(key));
                    }
                });
    }
}
