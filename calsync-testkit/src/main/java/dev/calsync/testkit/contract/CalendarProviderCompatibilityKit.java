package dev.calsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.ParticipationStatus;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.event.Reminder;
import dev.calsync.core.event.Transparency;
import dev.calsync.core.event.Visibility;
import dev.calsync.core.recurrence.RecurrenceGrouper;
import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.QuarantinedItem;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.WriteOutcome;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link CalendarProvider}, as tests. A provider proves itself with a subclass
 * that supplies the provider, a new empty calendar for each test, and a {@link ProviderTestHarness}
 * to act on that calendar as a user:
 *
 * <pre>{@code
 * class InMemoryGoogleLikeProviderCompatibilityTest extends CalendarProviderCompatibilityKit {
 *     private InMemoryCalendarProvider server;
 *
 *     protected CalendarProvider createProvider() {
 *         server = InMemoryCalendarProvider.googleLike();
 *         return server;
 *     }
 *
 *     protected String createCalendar() {
 *         return server.createCalendar("kit-" + UUID.randomUUID());
 *     }
 *
 *     protected ProviderTestHarness harness() {
 *         return server;
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #createProvider()}, {@link #createCalendar()} and {@link #harness()} are called in this
 * order before each test. Every UID the kit uses is new ({@link #uid}), events lie in 2030, and
 * content is compared by {@link ContentHash#perComponent}: what a provider does not map need not
 * round-trip, what it maps must. Tests that need a feature the harness lacks are skipped, not
 * failed.
 */
public abstract class CalendarProviderCompatibilityKit {

    /** The zone of the kit's zoned events. */
    protected static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** The provider under test. */
    protected CalendarProvider provider;

    /** The calendar of the current test: new and empty. */
    protected String calendar;

    /** Acts on {@link #calendar} as a user. */
    protected ProviderTestHarness harness;

    /** Subclasses supply the instances; the kit holds no other state. */
    protected CalendarProviderCompatibilityKit() {}

    /** {@return the provider under test; called before each test} */
    protected abstract CalendarProvider createProvider();

    /** {@return a new, empty calendar the provider can read and write; called after {@link #createProvider()}} */
    protected abstract String createCalendar();

    /** {@return what acts on the provider's server as a user; called after {@link #createCalendar()}} */
    protected abstract ProviderTestHarness harness();

    /**
     * How many series the paging tests put into one calendar; it should exceed the provider's page
     * size, so that listings span several pages. Default 25.
     *
     * @return the number of series, more than a page
     */
    protected int pagingSeriesCount() {
        return 25;
    }

    /** {@return a calendar id that does not exist (or cannot be accessed) on the provider's server} */
    protected String unknownCalendar() {
        return "calsync-kit-no-such-calendar-" + UUID.randomUUID();
    }

    /** Sets up the provider, the calendar and the harness before each test. */
    @BeforeEach
    protected void setUpProvider() {
        provider = createProvider();
        calendar = createCalendar();
        harness = harness();
    }

    // --- sample content

    /**
     * {@return a UID never used before: {@code name}, a random part, {@code @calsync.test}}
     *
     * @param name a readable part, e.g. the test's name
     */
    protected static String uid(String name) {
        return name + "-" + UUID.randomUUID() + "@calsync.test";
    }

    /**
     * {@return a zoned single event on 4 March 2030, 10:00 to 11:00 in Berlin}
     *
     * @param uid the UID
     * @param summary the title
     */
    protected static EventSeries single(String uid, String summary) {
        return EventSeries.of(EventComponent.builder(uid, berlin(2030, 3, 4, 10))
                .end(berlin(2030, 3, 4, 11))
                .summary(summary)
                .build());
    }

    /**
     * {@return a weekly zoned master (Mondays 9:00 in Berlin from 4 March 2030), without exceptions}
     *
     * @param uid the UID
     */
    protected static EventComponent weeklyMaster(String uid) {
        return EventComponent.builder(uid, berlin(2030, 3, 4, 9))
                .end(berlin(2030, 3, 4, 10))
                .summary("Weekly")
                .recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;COUNT=10"))
                .build();
    }

    /**
     * {@return the occurrence {@code week} (0 for the first) of {@link #weeklyMaster}}
     *
     * @param week the week, from 0
     */
    protected static RecurrenceId weeklyOccurrence(int week) {
        return new RecurrenceId.AtInstant(
                ZonedDateTime.of(2030, 3, 4, 9, 0, 0, 0, BERLIN).plusWeeks(week).toInstant());
    }

    /**
     * A weekly series with an override (week 2 moved to 14:00 and renamed) and a cancelled
     * occurrence (week 4).
     *
     * @param uid the UID
     * @return the series
     */
    protected static EventSeries weeklyWithExceptions(String uid) {
        LocalDateTime week2 = LocalDateTime.of(2030, 3, 18, 14, 0);
        EventComponent override = EventComponent.builder(uid, EventTime.of(week2, BERLIN))
                .end(EventTime.of(week2.plusHours(1), BERLIN))
                .recurrenceId(weeklyOccurrence(2))
                .summary("Weekly (moved)")
                .build();
        return new EventSeries(uid, weeklyMaster(uid), List.of(override), new TreeSet<>(List.of(weeklyOccurrence(4))));
    }

    /**
     * A yearly all-day series (1 May 2030) with an override of 2031 renamed and 2032 cancelled.
     *
     * @param uid the UID
     * @return the series
     */
    protected static EventSeries allDayYearly(String uid) {
        EventComponent master = EventComponent.builder(uid, EventTime.date(LocalDate.of(2030, 5, 1)))
                .end(EventTime.date(LocalDate.of(2030, 5, 2)))
                .summary("May Day")
                .transparency(Transparency.TRANSPARENT)
                .recurrence(Recurrence.ofRules("RRULE:FREQ=YEARLY;COUNT=5"))
                .build();
        EventComponent override = EventComponent.builder(uid, EventTime.date(LocalDate.of(2031, 5, 1)))
                .end(EventTime.date(LocalDate.of(2031, 5, 3)))
                .recurrenceId(new RecurrenceId.OnDate(LocalDate.of(2031, 5, 1)))
                .summary("May Day, long weekend")
                .transparency(Transparency.TRANSPARENT)
                .build();
        return new EventSeries(
                uid,
                master,
                List.of(override),
                new TreeSet<>(List.of(new RecurrenceId.OnDate(LocalDate.of(2032, 5, 1)))));
    }

    /**
     * {@return a single event with most mapped fields set}
     *
     * @param uid the UID
     */
    protected static EventSeries rich(String uid) {
        return EventSeries.of(EventComponent.builder(
                        uid,
                        EventTime.utc(ZonedDateTime.of(2030, 6, 1, 8, 30, 0, 0, BERLIN)
                                .toInstant()))
                .end(EventTime.utc(
                        ZonedDateTime.of(2030, 6, 1, 10, 0, 0, 0, BERLIN).toInstant()))
                .summary("Planning")
                .description("Agenda:\n1. budget\n2. hiring")
                .location("Room 4")
                .visibility(Visibility.PRIVATE)
                .organizer(new Organizer("alice@example.org", null))
                .attendee(new Attendee("alice@example.org", null, ParticipationStatus.ACCEPTED, false, false))
                .attendee(new Attendee("bob@example.org", null, ParticipationStatus.TENTATIVE, true, false))
                .reminders(List.of(new Reminder(Reminder.Method.DISPLAY, 15)))
                .build());
    }

    /**
     * {@return {@code series} with its master renamed}
     *
     * @param series the series
     * @param summary the new title
     */
    protected static EventSeries renamed(EventSeries series, String summary) {
        return new EventSeries(
                series.uid(),
                series.master().toBuilder().summary(summary).build(),
                series.overrides(),
                series.cancelledOccurrences());
    }

    private static EventTime berlin(int year, int month, int day, int hour) {
        return EventTime.of(LocalDateTime.of(year, month, day, hour, 0), BERLIN);
    }

    // --- reading helpers

    /** Everything one listing gave, read to the end. */
    protected record Listed(
            boolean full,
            boolean tokenRejected,
            List<RemoteComponent> components,
            List<String> tombstones,
            List<QuarantinedItem> quarantined,
            String nextSyncToken,
            int pages) {

        /** {@return the listed components grouped into series, by UID} */
        public Map<String, EventSeries> series() {
            Map<String, EventSeries> byUid = new TreeMap<>();
            RecurrenceGrouper.group(
                            components.stream().map(RemoteComponent::component).toList())
                    .series()
                    .forEach(s -> byUid.put(s.uid(), s));
            return byUid;
        }

        /**
         * {@return where the listed component {@code key} lives}
         *
         * @param key the component's key
         */
        public Optional<RemoteRef> ref(EventKey key) {
            return components.stream()
                    .filter(c -> c.component().key().equals(key))
                    .map(RemoteComponent::ref)
                    .findFirst();
        }
    }

    /**
     * Reads a whole listing, checking on the way that {@link ChangeListing#nextSyncToken()} throws
     * until {@link ChangeListing#nextPage()} returned empty.
     *
     * @param syncToken the token to list from, or null for a full listing
     * @return what was listed
     */
    protected Listed list(String syncToken) {
        try (ChangeListing listing = provider.listChanges(calendar, syncToken)) {
            List<RemoteComponent> components = new ArrayList<>();
            List<String> tombstones = new ArrayList<>();
            List<QuarantinedItem> quarantined = new ArrayList<>();
            int pages = 0;
            while (true) {
                assertThatThrownBy(listing::nextSyncToken)
                        .as("nextSyncToken before the listing is complete")
                        .isInstanceOf(IllegalStateException.class);
                Optional<ChangePage> page = listing.nextPage();
                if (page.isEmpty()) {
                    break;
                }
                pages++;
                components.addAll(page.get().components());
                tombstones.addAll(page.get().tombstones());
                quarantined.addAll(page.get().quarantined());
            }
            String token = listing.nextSyncToken();
            assertThat(token).as("next sync token").isNotBlank();
            return new Listed(
                    listing.isFull(), listing.tokenRejected(), components, tombstones, quarantined, token, pages);
        }
    }

    /** {@return the token after a full listing, i.e. "now"} */
    protected String currentToken() {
        return list(null).nextSyncToken();
    }

    /**
     * {@return the series {@code uid} as the provider reads it directly; fails if absent}
     *
     * @param uid the UID
     */
    protected RemoteSeries fetch(String uid) {
        Optional<RemoteSeries> s = provider.fetchSeries(calendar, uid, List.of());
        assertThat(s).as("series %s", uid).isPresent();
        return s.get();
    }

    /**
     * {@return the result of {@code outcome}, which must be {@link WriteOutcome.Written}}
     *
     * @param outcome a write's outcome
     */
    protected static RemoteSeries written(WriteOutcome outcome) {
        assertThat(outcome).isInstanceOf(WriteOutcome.Written.class);
        return ((WriteOutcome.Written) outcome).result();
    }

    /**
     * Creates {@code series} through the provider.
     *
     * @param series the series
     * @return how it now stands
     */
    protected RemoteSeries create(EventSeries series) {
        return written(provider.createSeries(calendar, series));
    }

    /**
     * {@return the hashes that must round-trip}
     *
     * @param series the series as written
     */
    protected static SortedMap<EventKey, ContentHash> hashes(EventSeries series) {
        return ContentHash.perComponent(series);
    }

    /**
     * Asserts that what a listing showed of a series matches {@code expected}: exactly, if deltas
     * list whole series; component by component for what was listed, otherwise.
     *
     * @param listed what a listing showed
     * @param expected the series as written
     */
    protected void assertListedAs(Listed listed, EventSeries expected) {
        EventSeries shown = listed.series().get(expected.uid());
        assertThat(shown).as("listed series %s", expected.uid()).isNotNull();
        if (provider.deltaListsWholeSeries() || listed.full()) {
            assertThat(hashes(shown)).isEqualTo(hashes(expected));
        } else {
            assertThat(hashes(expected)).containsAllEntriesOf(hashes(shown));
        }
    }

    // --- listings

    /** Full listings, deltas and sync tokens. */
    @Nested
    @DisplayName("change listings")
    class Listings {

        @Test
        @DisplayName("kind() names the provider")
        void kindIsNamed() {
            assertThat(provider.kind()).isNotBlank();
        }

        @Test
        @DisplayName("a full listing of an empty calendar lists nothing and gives a token")
        void emptyCalendar() {
            Listed listed = list(null);

            assertThat(listed.full()).isTrue();
            assertThat(listed.tokenRejected()).isFalse();
            assertThat(listed.components()).isEmpty();
            assertThat(listed.tombstones()).isEmpty();
            assertThat(listed.quarantined()).isEmpty();
        }

        @Test
        @DisplayName("a full listing without token lists every series the user put, whole")
        void fullListingListsEverySeries() {
            List<EventSeries> put = List.of(
                    single(uid("single"), "Dentist"), weeklyWithExceptions(uid("weekly")), allDayYearly(uid("allday")));
            put.forEach(s -> harness.userPut(calendar, s));

            Listed listed = list(null);

            assertThat(listed.full()).isTrue();
            assertThat(listed.tokenRejected()).isFalse();
            assertThat(listed.series()).hasSize(3);
            put.forEach(s -> assertListedAs(listed, s));
        }

        @Test
        @DisplayName("a full listing has no tombstones: deleted series are simply absent")
        void fullListingHasNoTombstones() {
            EventSeries kept = single(uid("kept"), "Kept");
            EventSeries gone = weeklyWithExceptions(uid("gone"));
            harness.userPut(calendar, kept);
            harness.userPut(calendar, gone);
            harness.userDelete(calendar, gone.uid());

            Listed listed = list(null);

            assertThat(listed.tombstones()).isEmpty();
            assertThat(listed.series()).containsOnlyKeys(kept.uid());
        }

        @Test
        @DisplayName("a delta with no change in between is empty, and not a full listing")
        void deltaOfNothingIsEmpty() {
            harness.userPut(calendar, single(uid("there"), "There"));
            String token = currentToken();

            Listed delta = list(token);

            assertThat(delta.full()).isFalse();
            assertThat(delta.tokenRejected()).isFalse();
            assertThat(delta.components()).isEmpty();
            assertThat(delta.tombstones()).isEmpty();
            assertThat(delta.quarantined()).isEmpty();
        }

        @Test
        @DisplayName("a delta lists new and edited series, and not the unchanged ones")
        void deltaShowsChanges() {
            EventSeries unchanged = single(uid("unchanged"), "Unchanged");
            EventSeries edited = weeklyWithExceptions(uid("edited"));
            harness.userPut(calendar, unchanged);
            harness.userPut(calendar, edited);
            String token = currentToken();
            EventSeries added = allDayYearly(uid("added"));
            harness.userPut(calendar, added);
            harness.userEdit(calendar, edited.uid(), s -> renamed(s, "Weekly, renamed"));

            Listed delta = list(token);

            assertThat(delta.full()).isFalse();
            assertThat(delta.series()).containsOnlyKeys(added.uid(), edited.uid());
            assertListedAs(delta, added);
            assertListedAs(delta, renamed(edited, "Weekly, renamed"));
            assertThat(delta.series().get(edited.uid()).master().summary()).isEqualTo("Weekly, renamed");
        }

        @Test
        @DisplayName("a delta reports a deleted series as a tombstone at the id it was listed under")
        void deltaShowsTombstones() {
            EventSeries doomed = weeklyWithExceptions(uid("doomed"));
            harness.userPut(calendar, doomed);
            Listed before = list(null);
            String masterId =
                    before.ref(EventKey.master(doomed.uid())).orElseThrow().remoteId();

            harness.userDelete(calendar, doomed.uid());
            Listed delta = list(before.nextSyncToken());

            assertThat(delta.tombstones()).contains(masterId);
            assertThat(delta.series()).doesNotContainKey(doomed.uid());
        }

        @Test
        @DisplayName("a delta's token leads to the next delta, which holds only later changes")
        void tokensChain() {
            String t0 = currentToken();
            EventSeries first = single(uid("first"), "First");
            harness.userPut(calendar, first);
            Listed d1 = list(t0);
            EventSeries second = single(uid("second"), "Second");
            harness.userPut(calendar, second);

            Listed d2 = list(d1.nextSyncToken());

            assertThat(d1.series()).containsOnlyKeys(first.uid());
            assertThat(d2.series()).containsOnlyKeys(second.uid());
            assertThat(list(d2.nextSyncToken()).components()).isEmpty();
        }

        @Test
        @DisplayName("a token can be used again: the same delta comes back")
        void tokenIsReusable() {
            String token = currentToken();
            EventSeries added = single(uid("added"), "Added");
            harness.userPut(calendar, added);

            Listed once = list(token);
            Listed twice = list(token);

            assertThat(once.series()).containsOnlyKeys(added.uid());
            assertThat(hashes(twice.series().get(added.uid())))
                    .isEqualTo(hashes(once.series().get(added.uid())));
            assertThat(twice.full()).isFalse();
        }

        @Test
        @DisplayName("an unusable token gives a full listing that says the token was rejected")
        void garbageTokenIsRejected() {
            EventSeries there = single(uid("there"), "There");
            harness.userPut(calendar, there);

            Listed listed = list("calsync-kit-not-a-sync-token");

            assertThat(listed.full()).isTrue();
            assertThat(listed.tokenRejected()).isTrue();
            assertListedAs(listed, there);
            assertThat(listed.tombstones()).isEmpty();
        }

        @Test
        @DisplayName("an invalidated or forgotten token gives a full listing that says the token was rejected")
        void invalidatedTokenIsRejected() {
            EventSeries there = single(uid("there"), "There");
            harness.userPut(calendar, there);
            String token = currentToken();
            String rejected = harness.invalidateSyncTokens(calendar)
                    ? token
                    : harness.forgottenSyncToken(calendar, token).orElse(null);
            assumeThat(rejected)
                    .as("the harness can invalidate tokens or name one the server forgot")
                    .isNotNull();

            Listed listed = list(rejected);

            assertThat(listed.full()).isTrue();
            assertThat(listed.tokenRejected()).isTrue();
            assertListedAs(listed, there);
            assertThat(list(listed.nextSyncToken()).full()).isFalse();
        }

        @Test
        @DisplayName("a listing spanning several pages lists every series exactly once, full or delta")
        void pagingListsEverySeriesOnce() {
            int n = pagingSeriesCount();
            List<String> uids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String uid = uid("page-" + i);
                uids.add(uid);
                harness.userPut(calendar, single(uid, "Item " + i));
            }

            Listed full = list(null);
            assertThat(full.components())
                    .extracting(c -> c.component().uid())
                    .containsExactlyInAnyOrderElementsOf(uids);

            for (String uid : uids) {
                harness.userEdit(calendar, uid, s -> renamed(s, "Edited"));
            }
            Listed delta = list(full.nextSyncToken());
            assertThat(delta.components())
                    .extracting(c -> c.component().uid())
                    .containsExactlyInAnyOrderElementsOf(uids);
            assertThat(delta.components())
                    .allSatisfy(c -> assertThat(c.component().summary()).isEqualTo("Edited"));
        }

        @Test
        @DisplayName("an unreadable item is reported as quarantined, and every other series is still listed")
        void malformedItemIsQuarantined() {
            List<EventSeries> put = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                put.add(single(uid("fine-" + i), "Fine " + i));
            }
            put.forEach(s -> harness.userPut(calendar, s));
            String token = currentToken();
            assumeThat(harness.userPutMalformed(calendar, "calsync-kit-broken"))
                    .as("the harness can store an unreadable item")
                    .isTrue();
            EventSeries after = single(uid("after"), "After");
            harness.userPut(calendar, after);

            Listed full = list(null);
            Listed delta = list(token);

            assertThat(full.quarantined()).hasSize(1);
            assertThat(full.quarantined().get(0).reason()).isNotBlank();
            assertThat(full.series()).hasSize(4);
            put.forEach(s -> assertListedAs(full, s));
            assertThat(delta.quarantined()).hasSize(1);
            assertThat(delta.series()).containsOnlyKeys(after.uid());
        }

        @Test
        @DisplayName("nextSyncToken throws IllegalStateException until nextPage returned empty")
        void tokenOnlyAfterLastPage() {
            harness.userPut(calendar, single(uid("one"), "One"));
            try (ChangeListing listing = provider.listChanges(calendar, null)) {
                assertThatThrownBy(listing::nextSyncToken).isInstanceOf(IllegalStateException.class);
                while (listing.nextPage().isPresent()) {
                    assertThatThrownBy(listing::nextSyncToken).isInstanceOf(IllegalStateException.class);
                }
                assertThat(listing.nextSyncToken()).isNotBlank();
                assertThat(listing.nextPage()).isEmpty();
            }
        }

        @Test
        @DisplayName("a listing can be closed before it is read to the end, and closing twice is harmless")
        void closeEarly() {
            harness.userPut(calendar, single(uid("one"), "One"));
            ChangeListing listing = provider.listChanges(calendar, null);
            listing.nextPage();
            listing.close();
            listing.close();
        }

        @Test
        @DisplayName("listing a calendar that does not exist throws CalendarAccessException")
        void unknownCalendarListing() {
            String unknown = unknownCalendar();
            assertThatThrownBy(() -> {
                        try (ChangeListing listing = provider.listChanges(unknown, null)) {
                            while (listing.nextPage().isPresent()) {
                                // read to the end
                            }
                        }
                    })
                    .isInstanceOf(CalendarAccessException.class);
        }
    }

    // --- fetch

    /** Reading one series directly. */
    @Nested
    @DisplayName("fetchSeries")
    class Fetch {

        @Test
        @DisplayName("a series that never existed is empty")
        void missingIsEmpty() {
            assertThat(provider.fetchSeries(calendar, uid("never"), List.of())).isEmpty();
        }

        @Test
        @DisplayName("a series the user deleted is empty")
        void deletedIsEmpty() {
            EventSeries s = weeklyWithExceptions(uid("deleted"));
            harness.userPut(calendar, s);
            List<RemoteRef> known = new ArrayList<>(fetch(s.uid()).refs().values());
            harness.userDelete(calendar, s.uid());

            assertThat(provider.fetchSeries(calendar, s.uid(), known)).isEmpty();
        }

        @Test
        @DisplayName("a series reads back whole, with a reference for every component")
        void wholeSeriesWithRefs() {
            EventSeries s = weeklyWithExceptions(uid("whole"));
            harness.userPut(calendar, s);

            RemoteSeries read = fetch(s.uid());

            assertThat(hashes(read.series())).isEqualTo(hashes(s));
            assertThat(SeriesVersion.of(read).components().keySet())
                    .containsExactlyElementsOf(hashes(s).keySet());
            assertThat(read.ref(EventKey.master(s.uid()))).isPresent();
        }

        @Test
        @DisplayName("fetching from a calendar that does not exist throws CalendarAccessException")
        void unknownCalendarFetch() {
            String unknown = unknownCalendar();
            assertThatThrownBy(() -> provider.fetchSeries(unknown, uid("x"), List.of()))
                    .isInstanceOf(CalendarAccessException.class);
        }
    }

    // --- writes

    /** Creating, updating and deleting, with preconditions. */
    @Nested
    @DisplayName("writes")
    class Writes {

        @Test
        @DisplayName("a created series is returned, fetched and listed with the hashes written (echo)")
        void createEchoes() {
            String token = currentToken();
            EventSeries s = weeklyWithExceptions(uid("created"));

            RemoteSeries result = create(s);

            assertThat(hashes(result.series())).isEqualTo(hashes(s));
            assertThat(hashes(fetch(s.uid()).series())).isEqualTo(hashes(s));
            Listed delta = list(token);
            assertListedAs(delta, s);
            assertThat(hashes(result.series()))
                    .containsAllEntriesOf(hashes(delta.series().get(s.uid())));
        }

        @Test
        @DisplayName("a second create of the same UID is AlreadyExists and changes nothing")
        void createTwice() {
            EventSeries s = single(uid("twice"), "First");
            create(s);

            assertThat(provider.createSeries(calendar, single(s.uid(), "Second")))
                    .isInstanceOf(WriteOutcome.AlreadyExists.class);
            assertThat(fetch(s.uid()).series().master().summary()).isEqualTo("First");
        }

        @Test
        @DisplayName("creating a UID the user already put is AlreadyExists")
        void createOverUserSeries() {
            EventSeries s = weeklyWithExceptions(uid("users"));
            harness.userPut(calendar, s);

            assertThat(provider.createSeries(calendar, s)).isInstanceOf(WriteOutcome.AlreadyExists.class);
        }

        @Test
        @DisplayName("a UID deleted by the user can be created again, and the new content reads back")
        void createAfterUserDelete() {
            EventSeries old = weeklyWithExceptions(uid("again"));
            harness.userPut(calendar, old);
            harness.userDelete(calendar, old.uid());
            EventSeries renewed = single(old.uid(), "Back again");

            RemoteSeries result = create(renewed);

            assertThat(hashes(result.series())).isEqualTo(hashes(renewed));
            assertThat(hashes(fetch(old.uid()).series())).isEqualTo(hashes(renewed));
        }

        @Test
        @DisplayName("a UID deleted through the provider can be created again")
        void createAfterDelete() {
            EventSeries s = single(uid("cycle"), "Once");
            RemoteSeries first = create(s);
            assertThat(provider.deleteSeries(calendar, SeriesVersion.of(first)))
                    .isInstanceOf(WriteOutcome.Deleted.class);

            RemoteSeries second = create(single(s.uid(), "Twice"));

            assertThat(second.series().master().summary()).isEqualTo("Twice");
        }

        @Test
        @DisplayName("an update is returned, fetched and listed with the hashes written (echo), and changes the ETag")
        void updateEchoes() {
            EventSeries s = weeklyWithExceptions(uid("updated"));
            RemoteSeries before = create(s);
            String token = currentToken();
            EventSeries desired = renamed(s, "Weekly, renamed");

            RemoteSeries result = written(provider.updateSeries(calendar, SeriesVersion.of(before), desired));

            assertThat(hashes(result.series())).isEqualTo(hashes(desired));
            assertThat(hashes(fetch(s.uid()).series())).isEqualTo(hashes(desired));
            Listed delta = list(token);
            assertListedAs(delta, desired);
            assertThat(delta.series().get(s.uid()).master().summary()).isEqualTo("Weekly, renamed");
            String etagBefore =
                    before.ref(EventKey.master(s.uid())).orElseThrow().etag();
            String etagAfter =
                    result.ref(EventKey.master(s.uid())).orElseThrow().etag();
            if (etagBefore != null && etagAfter != null) {
                assertThat(etagAfter).isNotEqualTo(etagBefore);
            }
        }

        @Test
        @DisplayName("an update can add an override and a cancellation, then take them away again")
        void updateExceptions() {
            String uid = uid("exceptions");
            EventSeries plain = EventSeries.of(weeklyMaster(uid));
            RemoteSeries v1 = create(plain);
            EventSeries withExceptions = weeklyWithExceptions(uid);

            RemoteSeries v2 = written(provider.updateSeries(calendar, SeriesVersion.of(v1), withExceptions));
            assertThat(hashes(v2.series())).isEqualTo(hashes(withExceptions));
            assertThat(hashes(fetch(uid).series())).isEqualTo(hashes(withExceptions));

            RemoteSeries v3 = written(provider.updateSeries(calendar, SeriesVersion.of(v2), plain));
            assertThat(hashes(v3.series())).isEqualTo(hashes(plain));
            RemoteSeries read = fetch(uid);
            assertThat(hashes(read.series())).isEqualTo(hashes(plain));
            assertThat(read.series().overrides()).isEmpty();
            assertThat(read.series().allCancelledOccurrences()).isEmpty();
        }

        @Test
        @DisplayName("an override can become a cancellation and a cancellation an override")
        void updateSwapsExceptionKinds() {
            String uid = uid("swap");
            EventSeries s = weeklyWithExceptions(uid);
            RemoteSeries v1 = create(s);
            EventComponent week4 = s.overrides().get(0).toBuilder()
                    .recurrenceId(weeklyOccurrence(4))
                    .start(EventTime.of(LocalDateTime.of(2030, 4, 1, 15, 0), BERLIN))
                    .end(EventTime.of(LocalDateTime.of(2030, 4, 1, 16, 0), BERLIN))
                    .summary("Weekly (week 4 moved)")
                    .build();
            EventSeries swapped =
                    new EventSeries(uid, s.master(), List.of(week4), new TreeSet<>(List.of(weeklyOccurrence(2))));

            RemoteSeries v2 = written(provider.updateSeries(calendar, SeriesVersion.of(v1), swapped));

            assertThat(hashes(v2.series())).isEqualTo(hashes(swapped));
            assertThat(hashes(fetch(uid).series())).isEqualTo(hashes(swapped));
        }

        @Test
        @DisplayName("a series the user put can be updated with the version read from the provider")
        void updateWhatTheUserPut() {
            EventSeries s = allDayYearly(uid("users"));
            harness.userPut(calendar, s);
            EventSeries desired = renamed(s, "Labour Day");

            RemoteSeries result = written(provider.updateSeries(calendar, SeriesVersion.of(fetch(s.uid())), desired));

            assertThat(hashes(result.series())).isEqualTo(hashes(desired));
        }

        @Test
        @DisplayName("an update with an ETag older than the user's edit is PreconditionFailed and writes nothing")
        void staleUpdate() {
            EventSeries s = weeklyWithExceptions(uid("stale"));
            RemoteSeries ours = create(s);
            harness.userEdit(calendar, s.uid(), x -> renamed(x, "User's"));

            assertThat(provider.updateSeries(calendar, SeriesVersion.of(ours), renamed(s, "Ours")))
                    .isInstanceOf(WriteOutcome.PreconditionFailed.class);
            assertThat(fetch(s.uid()).series().master().summary()).isEqualTo("User's");
        }

        @Test
        @DisplayName("an update of a series the user deleted is NotFound and creates nothing")
        void updateOfDeleted() {
            EventSeries s = single(uid("vanished"), "Vanished");
            RemoteSeries ours = create(s);
            harness.userDelete(calendar, s.uid());

            assertThat(provider.updateSeries(calendar, SeriesVersion.of(ours), renamed(s, "Back?")))
                    .isInstanceOf(WriteOutcome.NotFound.class);
            assertThat(provider.fetchSeries(calendar, s.uid(), List.of())).isEmpty();
        }

        @Test
        @DisplayName("an update leaves other series alone")
        void updateIsolated() {
            EventSeries mine = single(uid("mine"), "Mine");
            EventSeries other = weeklyWithExceptions(uid("other"));
            RemoteSeries v = create(mine);
            harness.userPut(calendar, other);
            RemoteSeries otherBefore = fetch(other.uid());
            String token = currentToken();

            written(provider.updateSeries(calendar, SeriesVersion.of(v), renamed(mine, "Mine, renamed")));

            assertThat(hashes(fetch(other.uid()).series())).isEqualTo(hashes(otherBefore.series()));
            assertThat(list(token).series()).containsOnlyKeys(mine.uid());
        }

        @Test
        @DisplayName("a delete removes the series: fetch is empty and the next delta has its tombstone")
        void deleteRemoves() {
            EventSeries s = weeklyWithExceptions(uid("deleted"));
            RemoteSeries v = create(s);
            String token = currentToken();

            assertThat(provider.deleteSeries(calendar, SeriesVersion.of(v))).isInstanceOf(WriteOutcome.Deleted.class);

            assertThat(provider.fetchSeries(calendar, s.uid(), List.of())).isEmpty();
            Listed delta = list(token);
            assertThat(delta.tombstones())
                    .contains(v.ref(EventKey.master(s.uid())).orElseThrow().remoteId());
            assertThat(delta.series()).doesNotContainKey(s.uid());
            assertThat(list(null).series()).doesNotContainKey(s.uid());
        }

        @Test
        @DisplayName("a delete with an ETag older than the user's edit is PreconditionFailed and deletes nothing")
        void staleDelete() {
            EventSeries s = single(uid("edited"), "Original");
            RemoteSeries ours = create(s);
            harness.userEdit(calendar, s.uid(), x -> renamed(x, "User's"));

            assertThat(provider.deleteSeries(calendar, SeriesVersion.of(ours)))
                    .isInstanceOf(WriteOutcome.PreconditionFailed.class);
            assertThat(fetch(s.uid()).series().master().summary()).isEqualTo("User's");
        }

        @Test
        @DisplayName("a delete of a series already gone is NotFound")
        void deleteOfDeleted() {
            EventSeries s = single(uid("gone"), "Gone");
            RemoteSeries ours = create(s);
            harness.userDelete(calendar, s.uid());

            assertThat(provider.deleteSeries(calendar, SeriesVersion.of(ours)))
                    .isInstanceOf(WriteOutcome.NotFound.class);
        }

        @Test
        @DisplayName("writes to a calendar that does not exist throw CalendarAccessException")
        void unknownCalendarWrites() {
            String unknown = unknownCalendar();
            EventSeries s = single(uid("nowhere"), "Nowhere");
            RemoteSeries v = create(s);

            assertThatThrownBy(() -> provider.createSeries(unknown, s)).isInstanceOf(CalendarAccessException.class);
            assertThatThrownBy(() -> provider.updateSeries(unknown, SeriesVersion.of(v), s))
                    .isInstanceOf(CalendarAccessException.class);
            assertThatThrownBy(() -> provider.deleteSeries(unknown, SeriesVersion.of(v)))
                    .isInstanceOf(CalendarAccessException.class);
        }
    }

    // --- content round trips

    /** Kinds of content that must come back with the hashes written. */
    @Nested
    @DisplayName("content round trips")
    class RoundTrips {

        private void roundTrips(EventSeries s) {
            String token = currentToken();
            RemoteSeries result = create(s);

            assertThat(hashes(result.series())).as("written").isEqualTo(hashes(s));
            assertThat(hashes(fetch(s.uid()).series())).as("fetched").isEqualTo(hashes(s));
            assertListedAs(list(null), s);
            assertListedAs(list(token), s);
        }

        @Test
        @DisplayName("a recurring zoned series with an override and a cancelled occurrence")
        void recurringWithExceptions() {
            roundTrips(weeklyWithExceptions(uid("weekly")));
        }

        @Test
        @DisplayName("a recurring series whose master cancels occurrences with EXDATEs")
        void exdates() {
            String uid = uid("exdates");
            EventComponent master = weeklyMaster(uid).toBuilder()
                    .recurrence(new Recurrence(
                            List.of("RRULE:FREQ=WEEKLY;COUNT=10"),
                            List.of(),
                            List.of(
                                    EventTime.of(LocalDateTime.of(2030, 3, 11, 9, 0), BERLIN),
                                    EventTime.of(LocalDateTime.of(2030, 3, 25, 9, 0), BERLIN))))
                    .build();
            roundTrips(EventSeries.of(master));
        }

        @Test
        @DisplayName("an all-day yearly series with an all-day override and cancellation")
        void allDay() {
            roundTrips(allDayYearly(uid("allday")));
        }

        @Test
        @DisplayName("a single all-day event spanning several days")
        void allDaySpan() {
            String uid = uid("holiday");
            roundTrips(EventSeries.of(EventComponent.builder(uid, EventTime.date(LocalDate.of(2030, 7, 1)))
                    .end(EventTime.date(LocalDate.of(2030, 7, 15)))
                    .summary("Holiday")
                    .build()));
        }

        @Test
        @DisplayName("zoned events in several zones and a UTC event")
        void zonedAndUtc() {
            roundTrips(single(uid("berlin"), "Berlin"));
            String ny = uid("new-york");
            roundTrips(EventSeries.of(EventComponent.builder(
                            ny, EventTime.of(LocalDateTime.of(2030, 11, 3, 1, 30), ZoneId.of("America/New_York")))
                    .end(EventTime.of(LocalDateTime.of(2030, 11, 3, 3, 0), ZoneId.of("America/New_York")))
                    .summary("Across the DST change")
                    .build()));
            String utc = uid("utc");
            roundTrips(EventSeries.of(
                    EventComponent.builder(utc, EventTime.utc(java.time.Instant.parse("2030-02-01T12:00:00Z")))
                            .end(EventTime.utc(java.time.Instant.parse("2030-02-01T12:45:00Z")))
                            .summary("UTC")
                            .build()));
        }

        @Test
        @DisplayName("description, location, visibility, organizer, attendees and reminders")
        void richFields() {
            roundTrips(rich(uid("rich")));
        }

        @Test
        @DisplayName("many series written one after another all read back, in one listing")
        void manySeries() {
            Map<String, EventSeries> written = new HashMap<>();
            for (int i = 0; i < 5; i++) {
                EventSeries s = i % 2 == 0 ? weeklyWithExceptions(uid("w" + i)) : allDayYearly(uid("a" + i));
                create(s);
                written.put(s.uid(), s);
            }

            Listed listed = list(null);

            assertThat(listed.series()).containsOnlyKeys(written.keySet());
            written.values().forEach(s -> assertListedAs(listed, s));
        }
    }
}
