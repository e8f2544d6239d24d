package dev.calsync.testkit.memory;

import static dev.calsync.testkit.memory.ProviderTestSupport.BERLIN;
import static dev.calsync.testkit.memory.ProviderTestSupport.master;
import static dev.calsync.testkit.memory.ProviderTestSupport.override;
import static dev.calsync.testkit.memory.ProviderTestSupport.readAll;
import static dev.calsync.testkit.memory.ProviderTestSupport.renamed;
import static dev.calsync.testkit.memory.ProviderTestSupport.single;
import static dev.calsync.testkit.memory.ProviderTestSupport.week;
import static dev.calsync.testkit.memory.ProviderTestSupport.weekly;
import static dev.calsync.testkit.memory.ProviderTestSupport.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.id.GoogleEventIds;
import dev.calsync.core.recurrence.RecurrenceGrouper;
import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.testkit.memory.InMemoryCalendarProvider.Operation;
import dev.calsync.testkit.memory.InMemoryCalendarProvider.StorageMode;
import dev.calsync.testkit.memory.ProviderTestSupport.Read;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How {@link InMemoryCalendarProvider} stores, lists and writes, beyond what the kit checks. */
class InMemoryCalendarProviderTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final ManualClock clock = new ManualClock(T0);

    private InMemoryCalendarProvider provider(StorageMode mode) {
        return InMemoryCalendarProvider.builder()
                .storage(mode)
                .clock(clock)
                .pageSize(3)
                .build();
    }

    @Nested
    class GoogleLike {
        private final InMemoryCalendarProvider google = provider(StorageMode.EVENT_ENTITIES);
        private final String cal = google.createCalendar("primary");

        @Test
        void everyComponentIsAnEntityAtItsGoogleId() {
            RemoteSeries s = written(google.createSeries(cal, weekly("u1")));
            String masterId = GoogleEventIds.forUid("u1");

            assertThat(google.deltaListsWholeSeries()).isFalse();
            assertThat(s.refs())
                    .containsOnlyKeys(
                            EventKey.master("u1"),
                            EventKey.occurrence("u1", week(2)),
                            EventKey.occurrence("u1", week(4)));
            assertThat(s.ref(EventKey.master("u1")).orElseThrow().remoteId()).isEqualTo(masterId);
            assertThat(s.ref(EventKey.occurrence("u1", week(2))).orElseThrow().remoteId())
                    .isEqualTo(GoogleEventIds.instanceId(masterId, week(2)));
            assertThat(s.refs().values().stream().map(RemoteRef::etag).distinct())
                    .hasSize(3);
        }

        @Test
        void aDeltaListsOnlyTheEntitiesThatChanged() {
            RemoteSeries v1 = written(google.createSeries(cal, weekly("u1")));
            String token = readAll(google.listChanges(cal, null)).token();
            EventSeries desired = new EventSeries(
                    "u1", master("u1"), List.of(override("u1", 2, "Moved again")), new TreeSet<>(List.of(week(4))));

            RemoteSeries v2 = written(google.updateSeries(cal, SeriesVersion.of(v1), desired));
            Read delta = readAll(google.listChanges(cal, token));

            assertThat(delta.components())
                    .extracting(c -> c.component().key())
                    .containsExactly(EventKey.occurrence("u1", week(2)));
            assertThat(v2.ref(EventKey.master("u1"))).isEqualTo(v1.ref(EventKey.master("u1")));
            assertThat(v2.ref(EventKey.occurrence("u1", week(4))))
                    .isEqualTo(v1.ref(EventKey.occurrence("u1", week(4))));
        }

        @Test
        void removingAnOverrideOrUndoingACancellationLeavesTombstonesOfThoseInstances() {
            RemoteSeries v1 = written(google.createSeries(cal, weekly("u1")));
            String token = readAll(google.listChanges(cal, null)).token();

            written(google.updateSeries(cal, SeriesVersion.of(v1), EventSeries.of(master("u1"))));
            Read delta = readAll(google.listChanges(cal, token));

            String masterId = GoogleEventIds.forUid("u1");
            assertThat(delta.tombstones())
                    .containsExactlyInAnyOrder(
                            GoogleEventIds.instanceId(masterId, week(2)), GoogleEventIds.instanceId(masterId, week(4)));
            assertThat(delta.components()).isEmpty();
        }

        @Test
        void deletingTheMasterCancelsEveryInstance() {
            RemoteSeries v1 = written(google.createSeries(cal, weekly("u1")));
            String token = readAll(google.listChanges(cal, null)).token();

            assertThat(google.deleteSeries(cal, SeriesVersion.of(v1))).isInstanceOf(WriteOutcome.Deleted.class);
            Read delta = readAll(google.listChanges(cal, token));

            assertThat(delta.tombstones())
                    .containsExactlyInAnyOrderElementsOf(
                            v1.refs().values().stream().map(RemoteRef::remoteId).toList());
            assertThat(google.fetchSeries(cal, "u1", List.copyOf(v1.refs().values())))
                    .isEmpty();
            assertThat(google.series(cal)).isEmpty();
        }

        @Test
        void aCreateOverATombstoneRestoresTheSeriesAtTheSameId() {
            google.userPut(cal, weekly("u1"));
            google.userDelete(cal, "u1");
            String token = readAll(google.listChanges(cal, null)).token();
            EventSeries again = ProviderTestSupport.single("u1", "Back");

            RemoteSeries restored = written(google.createSeries(cal, again));
            Read delta = readAll(google.listChanges(cal, token));

            assertThat(restored.ref(EventKey.master("u1")).orElseThrow().remoteId())
                    .isEqualTo(GoogleEventIds.forUid("u1"));
            assertThat(delta.components())
                    .extracting(c -> c.component().summary())
                    .containsExactly("Back");
            assertThat(delta.tombstones()).isEmpty();
            assertThat(google.fetchSeries(cal, "u1", List.of())
                            .orElseThrow()
                            .series()
                            .overrides())
                    .as("the old instances stay cancelled")
                    .isEmpty();
            assertThat(google.createSeries(cal, again)).isInstanceOf(WriteOutcome.AlreadyExists.class);
        }

        @Test
        void exdatesAreStoredAsCancelledInstances() {
            EventComponent withExdate = master("u1").toBuilder()
                    .recurrence(new Recurrence(
                            List.of("RRULE:FREQ=WEEKLY;COUNT=10"),
                            List.of(),
                            List.of(EventTime.of(LocalDateTime.of(2030, 3, 11, 9, 0), BERLIN))))
                    .build();
            EventSeries s = EventSeries.of(withExdate);

            RemoteSeries result = written(google.createSeries(cal, s));

            assertThat(result.series().master().recurrence().exdates()).isEmpty();
            assertThat(result.series().cancelledOccurrences()).containsExactly(week(1));
            assertThat(result.ref(EventKey.occurrence("u1", week(1)))
                            .orElseThrow()
                            .remoteId())
                    .isEqualTo(GoogleEventIds.instanceId(GoogleEventIds.forUid("u1"), week(1)));
            assertThat(ContentHash.perComponent(result.series())).isEqualTo(ContentHash.perComponent(s));
        }

        @Test
        void writtenComponentsCarryTheServersUpdateTime() {
            clock.advance(Duration.ofHours(3));

            RemoteSeries s = written(google.createSeries(cal, weekly("u1")));

            assertThat(s.series().master().lastModified()).isEqualTo(T0.plus(Duration.ofHours(3)));
        }

        @Test
        void aCancelledMasterCannotBeWritten() {
            EventSeries cancelled = EventSeries.of(master("u1").toBuilder()
                    .status(dev.calsync.core.event.EventStatus.CANCELLED)
                    .build());

            assertThatThrownBy(() -> google.createSeries(cal, cancelled)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class CalDavLike {
        private final InMemoryCalendarProvider caldav = provider(StorageMode.SERIES_RESOURCES);
        private final String cal = caldav.createCalendar("/dav/home/work/");

        @Test
        void aSeriesIsOneResourceAtAnHrefFromItsUidWithOneEtag() {
            RemoteSeries s = written(caldav.createSeries(cal, weekly("u 1")));

            assertThat(caldav.deltaListsWholeSeries()).isTrue();
            assertThat(s.refs().values())
                    .hasSize(3)
                    .containsOnly(s.refs().values().iterator().next());
            RemoteRef ref = s.ref(EventKey.master("u 1")).orElseThrow();
            assertThat(ref.remoteId())
                    .isEqualTo(InMemoryCalendarProvider.hrefFor(cal, "u 1"))
                    .isEqualTo("/calendars/%2Fdav%2Fhome%2Fwork%2F/u%201.ics");
            assertThat(ref.resourceUrl()).endsWith(ref.remoteId());
            assertThat(ref.etag()).startsWith("\"").endsWith("\"");
        }

        @Test
        void aDeltaListsTheWholeSeriesWhenOneOverrideChanged() {
            caldav.userPut(cal, weekly("u1"));
            String token = readAll(caldav.listChanges(cal, null)).token();

            caldav.userEdit(
                    cal,
                    "u1",
                    s -> new EventSeries(
                            "u1", s.master(), List.of(override("u1", 2, "Changed")), s.cancelledOccurrences()));
            Read delta = readAll(caldav.listChanges(cal, token));

            assertThat(delta.components())
                    .extracting(c -> c.component().key())
                    .containsExactlyInAnyOrder(
                            EventKey.master("u1"),
                            EventKey.occurrence("u1", week(2)),
                            EventKey.occurrence("u1", week(4)));
            assertThat(delta.components().stream().map(RemoteComponent::ref).distinct())
                    .hasSize(1);
        }

        @Test
        void theSeriesIsStoredAsWrittenWithItsExdates() {
            EventComponent withExdate = master("u1").toBuilder()
                    .recurrence(new Recurrence(
                            List.of("RRULE:FREQ=WEEKLY;COUNT=10"),
                            List.of(),
                            List.of(EventTime.of(LocalDateTime.of(2030, 3, 11, 9, 0), BERLIN))))
                    .build();

            written(caldav.createSeries(cal, EventSeries.of(withExdate)));

            assertThat(caldav.series(cal).get("u1").master()).isEqualTo(withExdate);
        }

        @Test
        void theTombstoneOfADeletedSeriesIsItsHref() {
            RemoteSeries s = written(caldav.createSeries(cal, weekly("u1")));
            String token = readAll(caldav.listChanges(cal, null)).token();

            caldav.deleteSeries(cal, SeriesVersion.of(s));

            assertThat(readAll(caldav.listChanges(cal, token)).tombstones())
                    .containsExactly(InMemoryCalendarProvider.hrefFor(cal, "u1"));
        }
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void aUserEditBumpsSequenceAndModificationTimeOfTheChangedComponentsOnly(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode);
        String cal = p.createCalendar("c");
        p.userPut(cal, weekly("u1"));
        clock.advance(Duration.ofMinutes(10));

        p.userEdit(cal, "u1", s -> renamed(s, "Renamed"));

        EventSeries s = p.series(cal).get("u1");
        assertThat(s.master().sequence()).isEqualTo(1);
        assertThat(s.master().lastModified()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(s.overrides().get(0).sequence()).isZero();
        assertThat(s.overrides().get(0).lastModified()).isEqualTo(T0);
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void tokensBelongToTheirCalendar(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode);
        String a = p.createCalendar("a");
        String b = p.createCalendar("b");
        String tokenOfA = readAll(p.listChanges(a, null)).token();

        Read onB = readAll(p.listChanges(b, tokenOfA));

        assertThat(onB.full()).isTrue();
        assertThat(onB.rejected()).isTrue();
        assertThat(readAll(p.listChanges(a, tokenOfA)).full()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void pagesHoldAtMostThePageSizeAndEachIsOneRequest(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode);
        String cal = p.createCalendar("c");
        for (int i = 0; i < 7; i++) {
            p.userPut(cal, single("u" + i, "Item " + i));
        }

        Read full = readAll(p.listChanges(cal, null));

        assertThat(full.pages()).hasSize(3);
        assertThat(full.pages())
                .allSatisfy(page -> assertThat(page.components()).hasSizeLessThanOrEqualTo(3));
        assertThat(p.requestCount(Operation.LIST_PAGE)).isEqualTo(3);

        readAll(p.listChanges(cal, full.token()));
        assertThat(p.requestCount(Operation.LIST_PAGE))
                .as("an empty delta is one request")
                .isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void everyProviderCallIsCountedAndUserOperationsAreNot(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode);
        String cal = p.createCalendar("c");
        p.userPut(cal, single("user", "User"));
        p.userEdit(cal, "user", s -> renamed(s, "Edited"));

        RemoteSeries v = written(p.createSeries(cal, single("u1", "One")));
        RemoteSeries v2 = written(p.updateSeries(cal, SeriesVersion.of(v), single("u1", "Two")));
        p.fetchSeries(cal, "u1", List.of());
        p.deleteSeries(cal, SeriesVersion.of(v2));
        readAll(p.listChanges(cal, null));

        assertThat(p.requestCount(Operation.CREATE_SERIES)).isEqualTo(1);
        assertThat(p.requestCount(Operation.UPDATE_SERIES)).isEqualTo(1);
        assertThat(p.requestCount(Operation.FETCH_SERIES)).isEqualTo(1);
        assertThat(p.requestCount(Operation.DELETE_SERIES)).isEqualTo(1);
        assertThat(p.requestCount(Operation.LIST_PAGE)).isEqualTo(1);
        assertThat(p.requestCount()).isEqualTo(5);

        p.resetRequestCounts();
        assertThat(p.requestCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void aWriteWithoutEtagsIsUnconditional(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode);
        String cal = p.createCalendar("c");
        RemoteSeries ours = written(p.createSeries(cal, weekly("u1")));
        p.userEdit(cal, "u1", s -> renamed(s, "User's"));
        java.util.TreeMap<EventKey, dev.calsync.core.spi.ComponentVersion> blind = new java.util.TreeMap<>();
        SeriesVersion.of(ours)
                .components()
                .forEach((k, v) -> blind.put(
                        k, new dev.calsync.core.spi.ComponentVersion(v.ref().withEtag(null), v.contentHash())));

        RemoteSeries result =
                written(p.updateSeries(cal, new SeriesVersion("u1", blind), renamed(weekly("u1"), "Ours")));

        assertThat(result.series().master().summary()).isEqualTo("Ours");
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void unknownCalendarsAndDuplicateCalendarsAreRefused(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode);
        p.createCalendar("c");

        assertThatThrownBy(() -> p.createCalendar("c")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.userPut("nope", single("u", "x"))).isInstanceOf(CalendarAccessException.class);
        assertThatThrownBy(() -> p.listChanges("nope", null)).isInstanceOf(CalendarAccessException.class);
        assertThatThrownBy(() -> p.userDelete("c", "missing")).isInstanceOf(java.util.NoSuchElementException.class);
        assertThat(p.calendars()).containsExactly("c");
    }

    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void aListingIsASnapshotAndItsTokenCoversOnlyWhatItListed(StorageMode mode) {
        InMemoryCalendarProvider p = provider(mode);
        String cal = p.createCalendar("c");
        p.userPut(cal, single("before", "Before"));
        var listing = p.listChanges(cal, null);
        p.userPut(cal, single("during", "During"));

        Read full = readAll(listing);
        Read delta = readAll(p.listChanges(cal, full.token()));

        assertThat(full.components()).extracting(c -> c.component().uid()).containsExactly("before");
        assertThat(delta.components()).extracting(c -> c.component().uid()).containsExactly("during");
    }

    /**
     * The property the engine's echo suppression rests on: whatever is written, the write's result,
     * a fetch and a listing show the hashes written. Checked on random series and random updates.
     */
    @ParameterizedTest
    @EnumSource(StorageMode.class)
    void writtenHashesEqualWhatReadsShowForRandomSeries(StorageMode mode) {
        Random random = new Random(20300101L + mode.ordinal());
        InMemoryCalendarProvider p = provider(mode);
        String cal = p.createCalendar("c");
        for (int i = 0; i < 150; i++) {
            String uid = "random-" + i;
            boolean allDay = random.nextBoolean();
            EventSeries first = randomSeries(random, uid, allDay);
            String token = readAll(p.listChanges(cal, null)).token();
            RemoteSeries v1 = written(p.createSeries(cal, first));
            assertEcho(p, cal, token, v1, first);

            EventSeries second = randomSeries(random, uid, allDay);
            token = readAll(p.listChanges(cal, null)).token();
            RemoteSeries v2 = written(p.updateSeries(cal, SeriesVersion.of(v1), second));
            assertEcho(p, cal, token, v2, second);
        }
    }

    private static void assertEcho(
            InMemoryCalendarProvider p, String cal, String token, RemoteSeries result, EventSeries desired) {
        SortedMap<EventKey, ContentHash> expected = ContentHash.perComponent(desired);
        assertThat(ContentHash.perComponent(result.series())).as("written").isEqualTo(expected);
        assertThat(ContentHash.perComponent(p.fetchSeries(cal, desired.uid(), List.of())
                        .orElseThrow()
                        .series()))
                .as("fetched")
                .isEqualTo(expected);
        assertThat(ContentHash.perComponent(listed(readAll(p.listChanges(cal, null)), desired.uid())))
                .as("full listing")
                .isEqualTo(expected);
        SortedMap<EventKey, ContentHash> delta =
                ContentHash.perComponent(listed(readAll(p.listChanges(cal, token)), desired.uid()));
        if (p.deltaListsWholeSeries()) {
            assertThat(delta).as("delta").isEqualTo(expected);
        } else {
            assertThat(expected).as("delta").containsAllEntriesOf(delta);
        }
        assertThat(SeriesVersion.of(result).components().keySet()).isEqualTo(expected.keySet());
    }

    private static EventSeries listed(Read read, String uid) {
        return RecurrenceGrouper.group(read.components().stream()
                        .map(RemoteComponent::component)
                        .filter(c -> c.uid().equals(uid))
                        .collect(Collectors.toList()))
                .series(uid)
                .orElseThrow();
    }

    /** A random weekly series: overrides, cancellations (sometimes overlapping them) and EXDATEs. */
    private static EventSeries randomSeries(Random random, String uid, boolean allDay) {
        String summary = "S" + random.nextInt(3);
        EventComponent.Builder master;
        List<RecurrenceId> occurrences = new ArrayList<>();
        List<EventTime> starts = new ArrayList<>();
        for (int w = 1; w <= 6; w++) {
            if (allDay) {
                LocalDate d = LocalDate.of(2030, 3, 4).plusWeeks(w);
                occurrences.add(new RecurrenceId.OnDate(d));
                starts.add(EventTime.date(d));
            } else {
                occurrences.add(week(w));
                starts.add(EventTime.of(LocalDateTime.of(2030, 3, 4, 9, 0).plusWeeks(w), BERLIN));
            }
        }
        master = allDay
                ? EventComponent.builder(uid, EventTime.date(LocalDate.of(2030, 3, 4)))
                : EventComponent.builder(uid, EventTime.of(LocalDateTime.of(2030, 3, 4, 9, 0), BERLIN))
                        .end(EventTime.of(LocalDateTime.of(2030, 3, 4, 10, 0), BERLIN));
        List<EventTime> exdates = new ArrayList<>();
        List<EventComponent> overrides = new ArrayList<>();
        TreeSet<RecurrenceId> cancelled = new TreeSet<>();
        for (int w = 0; w < occurrences.size(); w++) {
            switch (random.nextInt(5)) {
                case 0 -> exdates.add(starts.get(w));
                case 1 -> cancelled.add(occurrences.get(w));
                case 2 ->
                    overrides.add(EventComponent.builder(uid, starts.get(w))
                            .recurrenceId(occurrences.get(w))
                            .summary("O" + random.nextInt(3))
                            .build());
                case 3 -> {
                    // both an override and an EXDATE of one occurrence: the override wins
                    overrides.add(EventComponent.builder(uid, starts.get(w))
                            .recurrenceId(occurrences.get(w))
                            .summary("Both")
                            .build());
                    exdates.add(starts.get(w));
                }
                default -> {
                    // a plain occurrence
                }
            }
        }
        EventComponent m = master.summary(summary)
                .recurrence(new Recurrence(List.of("RRULE:FREQ=WEEKLY;COUNT=8"), List.of(), exdates))
                .build();
        boolean overrideOnly = random.nextInt(10) == 0 && !(overrides.isEmpty() && cancelled.isEmpty());
        return new EventSeries(uid, overrideOnly ? null : m, overrides, cancelled);
    }

    @Test
    void callsFromManyThreadsOnManyCalendarsLoseNothing() throws Exception {
        InMemoryCalendarProvider p = provider(StorageMode.EVENT_ENTITIES);
        int threads = 4;
        int each = 30;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String cal = p.createCalendar("c" + t);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        RemoteSeries v = written(p.createSeries(cal, weekly("u" + i)));
                        written(p.updateSeries(cal, SeriesVersion.of(v), renamed(weekly("u" + i), "R")));
                        readAll(p.listChanges(cal, null));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (int t = 0; t < threads; t++) {
            Map<String, EventSeries> series = p.series("c" + t);
            assertThat(series).hasSize(each);
            assertThat(series.values())
                    .allSatisfy(s -> assertThat(s.master().summary()).isEqualTo("R"));
        }
    }
}
