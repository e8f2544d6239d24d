package dev.calsync.testkit.memory;

import static dev.calsync.testkit.memory.ProviderTestSupport.readAll;
import static dev.calsync.testkit.memory.ProviderTestSupport.renamed;
import static dev.calsync.testkit.memory.ProviderTestSupport.single;
import static dev.calsync.testkit.memory.ProviderTestSupport.weekly;
import static dev.calsync.testkit.memory.ProviderTestSupport.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.TransientProviderException;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.testkit.memory.Faults.CrashPoint;
import dev.calsync.testkit.memory.InMemoryCalendarProvider.StorageMode;
import dev.calsync.testkit.memory.ProviderTestSupport.Read;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Examples of each fault {@link Faults} injects, and how a test uses it. */
class InMemoryCalendarProviderFaultsTest {

    private static InMemoryCalendarProvider provider(StorageMode mode, long seed) {
        return InMemoryCalendarProvider.builder()
                .storage(mode)
                .seed(seed)
                .pageSize(5)
                .build();
    }

    private static Set<String> uids(Read read) {
        Set<String> uids = new TreeSet<>();
        read.components().forEach(c -> uids.add(c.component().uid()));
        return uids;
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void invalidatedTokensGiveAFullListingThatSaysSo(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        p.userPut(cal, single("u1", "One"));
        String token = readAll(p.listChanges(cal, null)).token();

        p.faults().invalidateTokens(cal);
        Read listed = readAll(p.listChanges(cal, token));

        assertThat(listed.full()).isTrue();
        assertThat(listed.rejected()).isTrue();
        assertThat(uids(listed)).containsExactly("u1");
        assertThat(readAll(p.listChanges(cal, listed.token())).full())
                .as("the new token works")
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void anEmptyFullListingListsNothingOnceAndDeltasAreUnaffected(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        p.userPut(cal, single("u1", "One"));
        p.userPut(cal, weekly("u2"));
        p.faults().emptyFullListings(1);

        Read empty = readAll(p.listChanges(cal, null));
        Read normal = readAll(p.listChanges(cal, null));

        assertThat(empty.full()).isTrue();
        assertThat(empty.components()).isEmpty();
        assertThat(uids(normal)).containsExactly("u1", "u2");
        p.userPut(cal, single("u3", "Three"));
        assertThat(uids(readAll(p.listChanges(cal, empty.token())))).containsExactly("u3");
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void aPartialFullListingOmitsSeriesThatFetchStillFinds(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        p.userPut(cal, single("u1", "One"));
        p.userPut(cal, weekly("u2"));
        p.faults().omitFromFullListings("u2");

        Read full = readAll(p.listChanges(cal, null));

        assertThat(uids(full)).containsExactly("u1");
        assertThat(p.fetchSeries(cal, "u2", List.of())).isPresent();
        p.userEdit(cal, "u2", s -> renamed(s, "Edited"));
        assertThat(uids(readAll(p.listChanges(cal, full.token()))))
                .as("deltas still show it")
                .containsExactly("u2");
    }

    @Test
    void aPartialListingByFractionIsAFunctionOfTheSeed() {
        List<Set<String>> listed = new ArrayList<>();
        for (long seed : new long[] {7, 7, 8}) {
            InMemoryCalendarProvider p = provider(StorageMode.SERIES_RESOURCES, seed);
            String cal = p.createCalendar("c");
            for (int i = 0; i < 100; i++) {
                p.userPut(cal, single("u" + i, "Item"));
            }
            p.faults().omitFromFullListings(0.3);
            Set<String> first = uids(readAll(p.listChanges(cal, null)));
            assertThat(uids(readAll(p.listChanges(cal, null))))
                    .as("the same series are missing every time")
                    .isEqualTo(first);
            listed.add(first);
        }

        assertThat(listed.get(0)).hasSizeBetween(55, 85).isEqualTo(listed.get(1));
        assertThat(listed.get(2)).isNotEqualTo(listed.get(0));
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void aPreconditionRaceMakesTheNextUpdateFailAndShowsInTheNextDelta(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        RemoteSeries v = written(p.createSeries(cal, weekly("u1")));
        String token = readAll(p.listChanges(cal, null)).token();
        p.faults().preconditionRaces(1);

        WriteOutcome raced = p.updateSeries(cal, SeriesVersion.of(v), renamed(weekly("u1"), "Ours"));
        RemoteSeries fresh = p.fetchSeries(cal, "u1", List.of()).orElseThrow();
        WriteOutcome retried = p.updateSeries(cal, SeriesVersion.of(fresh), renamed(weekly("u1"), "Ours"));

        assertThat(raced).isInstanceOf(WriteOutcome.PreconditionFailed.class);
        assertThat(retried).isInstanceOf(WriteOutcome.Written.class);
        assertThat(uids(readAll(p.listChanges(cal, token)))).containsExactly("u1");
        assertThat(p.faults().injected()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void aPreconditionRaceCanCarryTheConcurrentUsersEdit(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        RemoteSeries v = written(p.createSeries(cal, single("u1", "Original")));
        p.faults().preconditionRaces(1, s -> renamed(s, "User's"));

        assertThat(p.deleteSeries(cal, SeriesVersion.of(v))).isInstanceOf(WriteOutcome.PreconditionFailed.class);

        EventSeries now = p.series(cal).get("u1");
        assertThat(now.master().summary()).isEqualTo("User's");
        assertThat(now.master().sequence()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void rateLimitsThrowTransientFailuresWithRetryAfterAndApplyNothing(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        p.faults().rateLimitNext(2, Duration.ofSeconds(3));

        assertThatThrownBy(() -> p.createSeries(cal, single("u1", "One")))
                .isInstanceOfSatisfying(
                        TransientProviderException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
        assertThatThrownBy(() -> p.fetchSeries(cal, "u1", List.of())).isInstanceOf(TransientProviderException.class);
        assertThat(p.series(cal)).isEmpty();

        assertThat(p.createSeries(cal, single("u1", "One"))).isInstanceOf(WriteOutcome.Written.class);
        assertThat(p.requestCount()).as("refused requests count too").isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void aRateLimitedPageIsServedWhenAskedAgain(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        for (int i = 0; i < 12; i++) {
            p.userPut(cal, single("u" + i, "Item"));
        }
        Set<String> seen = new TreeSet<>();
        int refusals = 0;
        try (ChangeListing listing = p.listChanges(cal, null)) {
            listing.nextPage()
                    .orElseThrow()
                    .components()
                    .forEach(c -> seen.add(c.component().uid()));
            p.faults().rateLimitNext(1, null);
            while (true) {
                Optional<ChangePage> page;
                try {
                    page = listing.nextPage();
                } catch (TransientProviderException e) {
                    refusals++;
                    assertThat(e.retryAfter()).isEmpty();
                    continue;
                }
                if (page.isEmpty()) {
                    break;
                }
                page.get().components().forEach(c -> seen.add(c.component().uid()));
            }
        }

        assertThat(refusals).isEqualTo(1);
        assertThat(seen).hasSize(12);
    }

    @Test
    void probabilisticRateLimitsRepeatWithTheSeed() {
        List<List<Boolean>> runs = new ArrayList<>();
        for (long seed : new long[] {42, 42}) {
            InMemoryCalendarProvider p = provider(StorageMode.EVENT_ENTITIES, seed);
            String cal = p.createCalendar("c");
            p.faults().rateLimit(0.3, Duration.ofMillis(10));
            List<Boolean> limited = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                try {
                    p.fetchSeries(cal, "u", List.of());
                    limited.add(false);
                } catch (TransientProviderException e) {
                    limited.add(true);
                }
            }
            runs.add(limited);
        }

        assertThat(runs.get(0)).isEqualTo(runs.get(1));
        assertThat(runs.get(0).stream().filter(b -> b).count()).isBetween(35L, 85L);
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void writeFailuresAreNotTransientAndApplyNothing(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        RemoteSeries v = written(p.createSeries(cal, single("u1", "One")));
        p.faults().failNextWrites(2);

        assertThatThrownBy(() -> p.updateSeries(cal, SeriesVersion.of(v), single("u1", "Two")))
                .isInstanceOf(ProviderException.class)
                .isNotInstanceOf(TransientProviderException.class)
                .hasMessageContaining("400");
        assertThatThrownBy(() -> p.deleteSeries(cal, SeriesVersion.of(v))).isInstanceOf(ProviderException.class);
        assertThat(p.fetchSeries(cal, "u1", List.of()))
                .as("reads are not writes")
                .isPresent();

        assertThat(p.series(cal).get("u1").master().summary()).isEqualTo("One");
        assertThat(p.updateSeries(cal, SeriesVersion.of(v), single("u1", "Two")))
                .isInstanceOf(WriteOutcome.Written.class);
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void aCrashBeforeApplyStopsTheWriteAfterKWrites(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        p.faults().crashAfterWrites(2);

        written(p.createSeries(cal, single("u1", "One")));
        written(p.createSeries(cal, single("u2", "Two")));
        assertThatThrownBy(() -> p.createSeries(cal, single("u3", "Three")))
                .isInstanceOfSatisfying(
                        SimulatedCrash.class, c -> assertThat(c.applied()).isFalse());

        assertThat(p.series(cal)).containsOnlyKeys("u1", "u2");
        assertThat(p.createSeries(cal, single("u3", "Three")))
                .as("a restarted sync carries on")
                .isInstanceOf(WriteOutcome.Written.class);
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void aCrashAfterApplyLosesOnlyTheAnswer(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        p.faults().crashAfterWrites(0, CrashPoint.AFTER_APPLY);

        assertThatThrownBy(() -> p.createSeries(cal, weekly("u1")))
                .isInstanceOfSatisfying(
                        SimulatedCrash.class, c -> assertThat(c.applied()).isTrue());

        assertThat(p.series(cal)).containsOnlyKeys("u1");
        assertThat(p.createSeries(cal, weekly("u1")))
                .as("the replayed create finds it there")
                .isInstanceOf(WriteOutcome.AlreadyExists.class);
    }

    @Test
    void aCrashAfterAWriteThatChangedNothingSaysSo() {
        InMemoryCalendarProvider p = provider(StorageMode.EVENT_ENTITIES, 1);
        String cal = p.createCalendar("c");
        written(p.createSeries(cal, single("u1", "One")));
        p.faults().crashAfterWrites(0, CrashPoint.AFTER_APPLY);

        assertThatThrownBy(() -> p.createSeries(cal, single("u1", "Again")))
                .isInstanceOfSatisfying(
                        SimulatedCrash.class,
                        c -> assertThat(c.applied())
                                .as("the answer lost was AlreadyExists")
                                .isFalse());
    }

    @Test
    void aSimulatedCrashIsAnErrorSoPerItemExceptionHandlersDoNotSwallowIt() {
        InMemoryCalendarProvider p = provider(StorageMode.SERIES_RESOURCES, 1);
        String cal = p.createCalendar("c");
        p.faults().crashAfterWrites(1);
        List<String> failures = new ArrayList<>();

        assertThatThrownBy(() -> {
                    for (String uid : List.of("a", "b", "c")) {
                        try {
                            p.createSeries(cal, single(uid, uid));
                        } catch (RuntimeException perItem) {
                            failures.add(uid);
                        }
                    }
                })
                .isInstanceOf(SimulatedCrash.class);
        assertThat(failures).isEmpty();
        assertThat(p.series(cal)).containsOnlyKeys("a");
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void volatileEtagsChangeOnEveryReadAndOnlyTheLatestGuardsAWrite(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        p.userPut(cal, single("u1", "One"));
        String token = readAll(p.listChanges(cal, null)).token();
        p.faults().volatileEtags(true);

        RemoteSeries first = p.fetchSeries(cal, "u1", List.of()).orElseThrow();
        RemoteSeries second = p.fetchSeries(cal, "u1", List.of()).orElseThrow();

        String e1 = first.ref(EventKey.master("u1")).orElseThrow().etag();
        String e2 = second.ref(EventKey.master("u1")).orElseThrow().etag();
        assertThat(e1).isNotEqualTo(e2);
        assertThat(readAll(p.listChanges(cal, token)).components())
                .as("a read is not a change")
                .isEmpty();
        assertThat(p.updateSeries(cal, SeriesVersion.of(first), single("u1", "Two")))
                .isInstanceOf(WriteOutcome.PreconditionFailed.class);
        assertThat(p.updateSeries(cal, SeriesVersion.of(second), single("u1", "Two")))
                .isInstanceOf(WriteOutcome.Written.class);
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void omittedEtagsAreNullEverywhereAndWritesWithoutThemAreUnconditional(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        p.faults().omitEtags(true);

        RemoteSeries created = written(p.createSeries(cal, weekly("u1")));
        Read listed = readAll(p.listChanges(cal, null));
        p.userEdit(cal, "u1", s -> renamed(s, "User's"));
        RemoteSeries overwritten =
                written(p.updateSeries(cal, SeriesVersion.of(created), renamed(weekly("u1"), "Ours")));

        assertThat(created.refs().values()).extracting(RemoteRef::etag).containsOnlyNulls();
        assertThat(listed.components()).extracting(c -> c.ref().etag()).containsOnlyNulls();
        assertThat(overwritten.series().master().summary()).isEqualTo("Ours");
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void malformedItemsAreQuarantinedAndNeverBreakTheRest(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode, 1);
        String cal = p.createCalendar("c");
        for (int i = 0; i < 8; i++) {
            p.userPut(cal, single("u" + i, "Item"));
        }
        p.userPutRaw(cal, "broken-1", "BEGIN:VCALENDAR\nthis is not iCalendar");
        p.userPutRaw(cal, "broken-2", "{\"id\": ");

        Read full = readAll(p.listChanges(cal, null));
        assertThat(full.quarantined()).extracting(q -> q.remoteId()).containsExactlyInAnyOrder("broken-1", "broken-2");
        assertThat(full.quarantined()).allSatisfy(q -> assertThat(q.reason()).doesNotContain("not iCalendar"));
        assertThat(uids(full)).hasSize(8);

        p.userPutRaw(cal, "broken-1", "still garbage");
        p.userDeleteRaw(cal, "broken-2");
        Read delta = readAll(p.listChanges(cal, full.token()));
        assertThat(delta.quarantined()).extracting(q -> q.remoteId()).containsExactly("broken-1");
        assertThat(delta.tombstones()).containsExactly("broken-2");
        assertThat(delta.components()).extracting(RemoteComponent::component).isEmpty();
    }

    @Test
    void clearDisarmsEveryFault() {
        InMemoryCalendarProvider p = provider(StorageMode.EVENT_ENTITIES, 1);
        String cal = p.createCalendar("c");
        p.userPut(cal, single("u1", "One"));
        p.faults()
                .rateLimitNext(5, null)
                .rateLimit(1.0, null)
                .failNextWrites(5)
                .crashAfterWrites(0)
                .emptyFullListings(3)
                .omitFromFullListings("u1")
                .omitFromFullListings(1.0)
                .preconditionRaces(3)
                .volatileEtags(true)
                .omitEtags(true)
                .clear();

        RemoteSeries v = p.fetchSeries(cal, "u1", List.of()).orElseThrow();
        assertThat(v.ref(EventKey.master("u1")).orElseThrow().etag()).isNotNull();
        assertThat(uids(readAll(p.listChanges(cal, null)))).containsExactly("u1");
        assertThat(p.updateSeries(cal, SeriesVersion.of(v), single("u1", "Two")))
                .isInstanceOf(WriteOutcome.Written.class);
        assertThat(p.faults().injected()).isZero();
    }
}
