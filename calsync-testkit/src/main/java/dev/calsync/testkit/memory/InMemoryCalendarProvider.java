package dev.calsync.testkit.memory;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.id.GoogleEventIds;
import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.ComponentVersion;
import dev.calsync.core.spi.QuarantinedItem;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.testkit.contract.ProviderTestHarness;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A calendar server in memory that behaves like a real one: sync tokens, paged change listings
 * with tombstones, ETags that change on every write, conditional writes, and a choice of how a
 * series is stored, so that a sync engine can be tested against both kinds of calendar service
 * without a network, and against the faults real servers show ({@link #faults()}).
 *
 * <h2>Two storage modes</h2>
 *
 * <ul>
 *   <li>{@link StorageMode#SERIES_RESOURCES} (CalDAV-like): a series is one resource at an href
 *       derived from its UID ({@link #hrefFor}), with one ETag; a delta lists whole series; the
 *       tombstone of a deleted series is its href. The series is stored exactly as written
 *       (EXDATEs stay on the master, cancelled occurrences are listed as cancelled components).
 *   <li>{@link StorageMode#EVENT_ENTITIES} (Google-like): the master and every override and
 *       cancelled occurrence is an entity of its own, with its own id and ETag: the master at
 *       {@link GoogleEventIds#forUid}, an instance at {@link GoogleEventIds#instanceId} of the
 *       master id (floating occurrences placed in UTC). The master's EXDATEs are stored as cancelled
 *       instances, as Google does when an occurrence is deleted, so a series reads back {@linkplain
 *       EventSeries#normalized() normalised}. A delta lists only the entities that changed; an
 *       update writes only the components whose hash differs from the one in {@code current}, and
 *       removes those of {@code current} that {@code desired} lacks (an override removed, a
 *       cancellation undone). Deleting a series turns every entity of it into a tombstone (Google's
 *       {@code status: cancelled}): the ids stay taken, deltas list them as tombstones, and {@link
 *       #fetchSeries} reports the series absent. A {@link #createSeries} whose id holds only
 *       tombstones <em>restores</em> the series there (Google's documented answer to a 409 on a
 *       cancelled event is to update it back to life; this server does it in one step) and returns
 *       {@code Written}; a live series at the id gives {@code AlreadyExists}. Written components get
 *       the server's clock as {@code lastModified} (Google's {@code updated}).
 * </ul>
 *
 * <p>Either way, the content hashes ({@link ContentHash#perComponent}) of a series as a write
 * returns it, as the next listing shows it and as {@link #fetchSeries} reads it are equal to those
 * of the series written: the sync engine relies on that to recognise its own writes.
 *
 * <h2>Change log and tokens</h2>
 *
 * Each calendar has a version counter that every change increments. A sync token is an opaque
 * string naming the calendar, its version and its token generation. {@code listChanges(cal, null)}
 * is a full listing of what exists (no tombstones); with a token it is a delta of everything changed
 * since, tombstones included; a token that is unknown, of another calendar, or invalidated ({@link
 * #invalidateSyncTokens}) gives a full listing with {@code tokenRejected()}. A listing is a snapshot
 * taken when {@link #listChanges} is called; each page is one request; the listing's token is
 * readable once {@link ChangeListing#nextPage()} returned empty. Quarantined items ({@link
 * #userPutRaw}) are listed in every full listing and in deltas when they changed.
 *
 * <h2>Writes</h2>
 *
 * Updates and deletes compare every {@link ComponentVersion} ETag of {@code current} with the
 * stored one and answer {@code PreconditionFailed} on a mismatch (a null ETag is unconditional, as a
 * request without {@code If-Match}); a series that no longer exists is {@code NotFound}. A create
 * is create-if-absent. The "user" operations ({@link #userPut}, {@link #userEdit}, {@link
 * #userDelete}) change the calendar as another client would: new ETags, a new version, and on each
 * changed component a later {@code lastModified} and a SEQUENCE above the previous one.
 *
 * <p>Every {@link CalendarProvider} call is a counted request ({@link #requestCount(Operation)});
 * user operations are not. Unknown calendars give {@link CalendarAccessException}. Thread-safe: one
 * lock guards the data; listings are read without it.
 */
public final class InMemoryCalendarProvider implements CalendarProvider, ProviderTestHarness {

    /** How series are stored and listed. */
    public enum StorageMode {
        /** CalDAV-like: one resource per series, whole series in deltas. */
        SERIES_RESOURCES,
        /** Google-like: one entity per master, override and cancelled occurrence; deltas list entities. */
        EVENT_ENTITIES
    }

    /** The kinds of request {@link #requestCount(Operation)} counts. */
    public enum Operation {
        /** One page of a change listing. */
        LIST_PAGE,
        /** {@link InMemoryCalendarProvider#fetchSeries}. */
        FETCH_SERIES,
        /** {@link InMemoryCalendarProvider#createSeries}. */
        CREATE_SERIES,
        /** {@link InMemoryCalendarProvider#updateSeries}. */
        UPDATE_SERIES,
        /** {@link InMemoryCalendarProvider#deleteSeries}. */
        DELETE_SERIES
    }

    private static final String TOKEN_PREFIX = "calsync-memory:";

    private final String kind;
    private final StorageMode storage;
    private final int pageSize;
    private final int writeBatchSize;
    private final Clock clock;
    private final String baseUrl;
    private final long seed;
    private final Faults faults;
    private final Object lock = new Object();
    private final Map<String, CalendarState> calendars = new HashMap<>();
    private final Map<Operation, AtomicLong> requests = new EnumMap<>(Operation.class);
    private long etagCounter;

    private InMemoryCalendarProvider(Builder b) {
        this.writeBatchSize = b.writeBatchSize;
        this.kind = b.kind;
        this.storage = b.storage;
        this.pageSize = b.pageSize;
        this.clock = b.clock;
        this.baseUrl = b.baseUrl;
        this.seed = b.seed;
        this.faults = new Faults(b.seed, id -> invalidateSyncTokens(id));
        for (Operation op : Operation.values()) {
            requests.put(op, new AtomicLong());
        }
    }

    /**
     * {@return a builder with the defaults: kind {@code memory}, {@link StorageMode#SERIES_RESOURCES}, pages of 50,
     * seed 0}
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a CalDAV-like provider: kind {@code caldav}, {@link StorageMode#SERIES_RESOURCES}} */
    public static InMemoryCalendarProvider caldavLike() {
        return builder().kind("caldav").storage(StorageMode.SERIES_RESOURCES).build();
    }

    /** {@return a Google-like provider: kind {@code google}, {@link StorageMode#EVENT_ENTITIES}} */
    public static InMemoryCalendarProvider googleLike() {
        return builder().kind("google").storage(StorageMode.EVENT_ENTITIES).build();
    }

    // --- configuration and test controls

    /** {@return how this server stores series} */
    public StorageMode storage() {
        return storage;
    }

    /** {@return how many items (series resources, entities, tombstones, quarantined items) a page holds at most} */
    public int pageSize() {
        return pageSize;
    }

    /** {@return the faults this server injects; arm them at any time} */
    public Faults faults() {
        return faults;
    }

    /**
     * Creates an empty calendar.
     *
     * @param calendarId the calendar's id
     * @return {@code calendarId}
     * @throws IllegalStateException if it exists already
     */
    public String createCalendar(String calendarId) {
        Objects.requireNonNull(calendarId, "calendarId");
        synchronized (lock) {
            if (calendars.containsKey(calendarId)) {
                throw new IllegalStateException("calendar exists already: " + calendarId);
            }
            calendars.put(calendarId, new CalendarState(calendarId));
        }
        return calendarId;
    }

    /** {@return the ids of every calendar, sorted} */
    public List<String> calendars() {
        synchronized (lock) {
            return List.copyOf(new TreeSet<>(calendars.keySet()));
        }
    }

    /** {@return every request answered so far (or refused by a fault), of every kind} */
    public long requestCount() {
        return requests.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /**
     * {@return the requests of one kind answered so far (or refused by a fault)}
     *
     * @param operation the kind of request
     */
    public long requestCount(Operation operation) {
        return requests.get(operation).get();
    }

    /** Sets every request counter back to zero. */
    public void resetRequestCounts() {
        requests.values().forEach(c -> c.set(0));
    }

    /**
     * The href at which {@link StorageMode#SERIES_RESOURCES} stores the series {@code uid} of
     * {@code calendarId}: {@code /calendars/<calendar>/<uid>.ics}, both URL-encoded.
     *
     * @param calendarId the calendar's id
     * @param uid the series' UID
     * @return the href
     */
    public static String hrefFor(String calendarId, String uid) {
        return "/calendars/" + encode(calendarId) + "/" + encode(uid) + ".ics";
    }

    /**
     * The id at which {@link StorageMode#EVENT_ENTITIES} stores a component: {@link
     * GoogleEventIds#forUid} for a master, {@link GoogleEventIds#instanceId} of it for an occurrence
     * (floating occurrences placed in UTC).
     *
     * @param key the component's key
     * @return the entity id
     */
    public static String entityIdFor(EventKey key) {
        String master = GoogleEventIds.forUid(key.uid());
        return key.isOccurrence() ? GoogleEventIds.instanceId(master, key.recurrenceId(), ZoneOffset.UTC) : master;
    }

    /**
     * The live series of a calendar as stored (in {@link StorageMode#EVENT_ENTITIES} normalised), by
     * UID. Not a request.
     *
     * @param calendarId the calendar's id
     * @return the series by UID
     */
    public Map<String, EventSeries> series(String calendarId) {
        synchronized (lock) {
            CalendarState c = calendar(calendarId, "series snapshot");
            Map<String, EventSeries> all = new TreeMap<>();
            for (String uid : c.idsByUid.keySet()) {
                RemoteSeries s = read(c, uid);
                if (s != null) {
                    all.put(uid, s.series());
                }
            }
            return all;
        }
    }

    /**
     * {@return one series as stored, with its references and current ETags, if it exists; not a request}
     *
     * @param calendarId the calendar's id
     * @param uid the series' UID
     */
    public Optional<RemoteSeries> stored(String calendarId, String uid) {
        synchronized (lock) {
            return Optional.ofNullable(read(calendar(calendarId, "stored series"), uid));
        }
    }

    /**
     * Creates or replaces a series as another client would (see {@link ProviderTestHarness#userPut}):
     * each component that is new or changed gets the clock's time as {@code lastModified}, and a
     * changed one a SEQUENCE above its previous one. In {@link StorageMode#EVENT_ENTITIES}, entities
     * the new series lacks become tombstones.
     *
     * @throws CalendarAccessException if the calendar does not exist
     * @throws IllegalArgumentException in {@link StorageMode#EVENT_ENTITIES}, for a cancelled master
     *     or a series without any component
     */
    @Override
    public void userPut(String calendarId, EventSeries series) {
        Objects.requireNonNull(series, "series");
        synchronized (lock) {
            userPutLocked(calendar(calendarId, "user put"), series);
        }
    }

    /**
     * Deletes a series as another client would; the next delta lists its tombstones.
     *
     * @throws NoSuchElementException if the series does not exist
     */
    @Override
    public void userDelete(String calendarId, String uid) {
        synchronized (lock) {
            CalendarState c = calendar(calendarId, "user delete");
            List<Item> live = liveItems(c, uid);
            if (live.isEmpty()) {
                throw new NoSuchElementException("no series " + uid + " in " + calendarId);
            }
            live.forEach(item -> tombstone(c, item));
        }
    }

    /**
     * Changes a series as another client would: {@code edit} gets the series as stored and returns
     * the new content, which is then stored as by {@link #userPut}.
     *
     * @throws NoSuchElementException if the series does not exist
     * @throws IllegalArgumentException if {@code edit} returns a series of another UID
     */
    @Override
    public void userEdit(String calendarId, String uid, UnaryOperator<EventSeries> edit) {
        synchronized (lock) {
            CalendarState c = calendar(calendarId, "user edit");
            RemoteSeries current = read(c, uid);
            if (current == null) {
                throw new NoSuchElementException("no series " + uid + " in " + calendarId);
            }
            EventSeries edited = Objects.requireNonNull(edit.apply(current.series()), "edited series");
            if (!edited.uid().equals(uid)) {
                throw new IllegalArgumentException("the edit returned series " + edited.uid() + " for " + uid);
            }
            userPutLocked(c, edited);
        }
    }

    /**
     * Stores an unreadable item at {@code remoteId} (invalid JSON, broken iCalendar, an event without a
     * start). Listings report it as a {@link QuarantinedItem} and carry on with the rest; it has no
     * UID, so {@link #fetchSeries} never sees it.
     *
     * @param calendarId the calendar's id
     * @param remoteId the item's id or href
     * @param payload the unreadable item
     * @throws IllegalArgumentException if {@code remoteId} holds an event or series
     */
    public void userPutRaw(String calendarId, String remoteId, String payload) {
        Objects.requireNonNull(remoteId, "remoteId");
        Objects.requireNonNull(payload, "payload");
        synchronized (lock) {
            CalendarState c = calendar(calendarId, "user put raw");
            Item existing = c.items.get(remoteId);
            if (existing != null && existing.uid() != null) {
                throw new IllegalArgumentException(remoteId + " holds an event of " + existing.uid());
            }
            c.put(new Item(remoteId, null, null, State.RAW, null, null, payload, nextEtag(), ++c.version));
        }
    }

    /**
     * Stores an unreadable item named {@code name} with a broken payload, as {@link #userPutRaw}.
     *
     * @return true
     */
    @Override
    public boolean userPutMalformed(String calendarId, String name) {
        userPutRaw(calendarId, name, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:no UID, no start, no end");
        return true;
    }

    /**
     * Deletes an item stored by {@link #userPutRaw}; the next delta lists its tombstone.
     *
     * @param calendarId the calendar's id
     * @param remoteId the item's id or href
     * @throws NoSuchElementException if there is no such item
     */
    public void userDeleteRaw(String calendarId, String remoteId) {
        synchronized (lock) {
            CalendarState c = calendar(calendarId, "user delete raw");
            Item existing = c.items.get(remoteId);
            if (existing == null || existing.state() != State.RAW) {
                throw new NoSuchElementException("no raw item " + remoteId + " in " + calendarId);
            }
            tombstone(c, existing);
        }
    }

    /**
     * Makes every sync token issued so far for {@code calendarId} invalid.
     *
     * @return true
     * @throws CalendarAccessException if the calendar does not exist
     */
    @Override
    public boolean invalidateSyncTokens(String calendarId) {
        synchronized (lock) {
            calendar(calendarId, "invalidate tokens").epoch++;
        }
        return true;
    }

    // --- CalendarProvider

    @Override
    public String kind() {
        return kind;
    }

    /** As {@linkplain Builder#writeBatchSize built}; default 1. */
    @Override
    public int writeBatchSize() {
        return writeBatchSize;
    }

    /** True in {@link StorageMode#SERIES_RESOURCES}, false in {@link StorageMode#EVENT_ENTITIES}. */
    @Override
    public boolean deltaListsWholeSeries() {
        return storage == StorageMode.SERIES_RESOURCES;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The listing is a snapshot of the calendar now; no request is made until its first page is
     * read.
     *
     * @throws CalendarAccessException if the calendar does not exist
     */
    @Override
    public ChangeListing listChanges(String calendarId, String syncToken) {
        synchronized (lock) {
            CalendarState c = calendar(calendarId, "list changes");
            Long since = syncToken == null ? null : since(c, syncToken);
            boolean full = since == null;
            List<Item> chosen = new ArrayList<>();
            if (full) {
                if (!faults.takeEmptyFullListing()) {
                    for (Item item : c.items.values()) {
                        if ((item.live() || item.state() == State.RAW) && !faults.omits(item.uid())) {
                            chosen.add(item);
                        }
                    }
                }
            } else {
                // From the version index, in version order: a delta costs what changed, not the
                // calendar's size.
                chosen.addAll(c.changedSince(since));
            }
            List<Entry> entries = new ArrayList<>(chosen.size());
            for (Item item : chosen) {
                entries.add(entry(c, reread(c, item)));
            }
            return new Listing(calendarId, full, syncToken != null && full, entries, token(c));
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code known} is not needed: this server finds a series by its UID.
     */
    @Override
    public Optional<RemoteSeries> fetchSeries(String calendarId, String uid, List<RemoteRef> known) {
        Objects.requireNonNull(uid, "uid");
        request(Operation.FETCH_SERIES, "GET " + calendarId + " " + uid);
        synchronized (lock) {
            CalendarState c = calendar(calendarId, "fetch " + uid);
            for (Item item : liveItems(c, uid)) {
                reread(c, item);
            }
            return Optional.ofNullable(present(read(c, uid)));
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException for a series without any component, or in {@link
     *     StorageMode#EVENT_ENTITIES} one whose master is cancelled (that is a deletion)
     */
    @Override
    public WriteOutcome createSeries(String calendarId, EventSeries series) {
        Objects.requireNonNull(series, "series");
        requireWritable(series);
        return write(Operation.CREATE_SERIES, calendarId, series.uid(), false, c -> {
            if (!liveItems(c, series.uid()).isEmpty()) {
                return new WriteOutcome.AlreadyExists();
            }
            if (storage == StorageMode.SERIES_RESOURCES) {
                putResource(c, series);
            } else {
                writeEntities(c, series, key -> false, clock.instant());
            }
            return new WriteOutcome.Written(read(c, series.uid()));
        });
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code current} and {@code desired} are of different UIDs,
     *     {@code desired} has no component, or (CalDAV-like) {@code current} names more than one href
     */
    @Override
    public WriteOutcome updateSeries(String calendarId, SeriesVersion current, EventSeries desired) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(desired, "desired");
        if (!current.uid().equals(desired.uid())) {
            throw new IllegalArgumentException("current is " + current.uid() + ", desired is " + desired.uid());
        }
        requireWritable(desired);
        return write(Operation.UPDATE_SERIES, calendarId, desired.uid(), true, c -> {
            if (storage == StorageMode.SERIES_RESOURCES) {
                Item item = c.items.get(href(c, current));
                if (item == null || !item.live()) {
                    return new WriteOutcome.NotFound();
                }
                if (!etagsMatch(current, item)) {
                    return new WriteOutcome.PreconditionFailed();
                }
                putResource(c, desired);
                return new WriteOutcome.Written(read(c, desired.uid()));
            }
            WriteOutcome refused = checkEntities(c, current);
            if (refused != null) {
                return refused;
            }
            SortedMap<EventKey, ContentHash> wanted = ContentHash.perComponent(desired);
            Set<EventKey> written = writeEntities(
                    c,
                    desired,
                    key -> {
                        ComponentVersion v = current.components().get(key);
                        return v != null && v.contentHash().equals(wanted.get(key)) && ownEntity(c, v, key) != null;
                    },
                    clock.instant());
            for (Map.Entry<EventKey, ComponentVersion> e : current.components().entrySet()) {
                Item own = ownEntity(c, e.getValue(), e.getKey());
                if (!written.contains(e.getKey()) && own != null && own.live()) {
                    tombstone(c, own);
                }
            }
            return new WriteOutcome.Written(read(c, desired.uid()));
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>In {@link StorageMode#EVENT_ENTITIES} every entity of the series becomes a tombstone.
     */
    @Override
    public WriteOutcome deleteSeries(String calendarId, SeriesVersion current) {
        Objects.requireNonNull(current, "current");
        return write(Operation.DELETE_SERIES, calendarId, current.uid(), true, c -> {
            if (storage == StorageMode.SERIES_RESOURCES) {
                Item item = c.items.get(href(c, current));
                if (item == null || !item.live()) {
                    return new WriteOutcome.NotFound();
                }
                if (!etagsMatch(current, item)) {
                    return new WriteOutcome.PreconditionFailed();
                }
                tombstone(c, item);
                return new WriteOutcome.Deleted();
            }
            WriteOutcome refused = checkEntities(c, current);
            if (refused != null) {
                return refused;
            }
            liveItems(c, current.uid()).forEach(item -> tombstone(c, item));
            return new WriteOutcome.Deleted();
        });
    }

    @Override
    public String toString() {
        return "InMemoryCalendarProvider[" + kind + ", " + storage + "]";
    }

    // --- requests and writes

    private void request(Operation operation, String description) {
        requests.get(operation).incrementAndGet();
        faults.onRequest(description);
    }

    private WriteOutcome write(
            Operation operation,
            String calendarId,
            String uid,
            boolean raceable,
            Function<CalendarState, WriteOutcome> apply) {
        String description = operation + " " + calendarId + " " + uid;
        request(operation, description);
        faults.onWrite(description);
        Faults.CrashPoint crash;
        WriteOutcome outcome;
        synchronized (lock) {
            CalendarState c = calendar(calendarId, description);
            crash = faults.takeCrash();
            if (crash == Faults.CrashPoint.BEFORE_APPLY) {
                throw new SimulatedCrash("crashed before " + description, false);
            }
            if (raceable) {
                UnaryOperator<EventSeries> edit = faults.takeRace();
                if (edit != null) {
                    race(c, uid, edit);
                }
            }
            outcome = apply.apply(c);
            if (outcome instanceof WriteOutcome.Written w) {
                outcome = new WriteOutcome.Written(present(w.result()));
            }
        }
        if (crash == Faults.CrashPoint.AFTER_APPLY) {
            boolean applied = outcome instanceof WriteOutcome.Written || outcome instanceof WriteOutcome.Deleted;
            throw new SimulatedCrash("crashed after the server answered " + description + ": " + outcome, applied);
        }
        faults.writeReturned();
        return outcome;
    }

    /** A concurrent user re-saves (and maybe edits) the series just before a write. */
    private void race(CalendarState c, String uid, UnaryOperator<EventSeries> edit) {
        RemoteSeries current = read(c, uid);
        if (current == null) {
            return;
        }
        EventSeries edited = edit.apply(current.series());
        if (edited != current.series()) {
            userPutLocked(c, edited);
        }
        for (Item item : liveItems(c, uid)) {
            c.put(item.changed(nextEtag(), ++c.version));
        }
    }

    private void userPutLocked(CalendarState c, EventSeries series) {
        requireWritable(series);
        RemoteSeries previous = read(c, series.uid());
        EventSeries stamped = stamp(previous == null ? null : previous.series(), series);
        if (storage == StorageMode.SERIES_RESOURCES) {
            putResource(c, stamped);
            return;
        }
        Set<EventKey> kept = writeEntities(
                c,
                stamped,
                key -> {
                    Item at = c.items.get(entityIdFor(key));
                    return at != null && at.live() && sameEntity(at, stamped, key);
                },
                null);
        for (Item item : liveItems(c, series.uid())) {
            if (!kept.contains(item.key())) {
                tombstone(c, item);
            }
        }
    }

    /** What a user's calendar app does to the components it changed. */
    private EventSeries stamp(EventSeries previous, EventSeries next) {
        Instant now = clock.instant();
        Map<EventKey, ContentHash> before = previous == null ? Map.of() : ContentHash.perComponent(previous);
        Map<EventKey, EventComponent> previousComponents = new HashMap<>();
        if (previous != null) {
            previous.components().forEach(comp -> previousComponents.put(comp.key(), comp));
        }
        Map<EventKey, ContentHash> after = ContentHash.perComponent(next);
        boolean cancellationsChanged =
                previous == null || !previous.allCancelledOccurrences().equals(next.allCancelledOccurrences());
        UnaryOperator<EventComponent> touch = comp -> {
            EventComponent old = previousComponents.get(comp.key());
            if (old == null) {
                return comp.toBuilder().lastModified(now).build();
            }
            boolean changed = !Objects.equals(before.get(comp.key()), after.get(comp.key()))
                    || (!comp.key().isOccurrence() && cancellationsChanged);
            if (!changed) {
                return comp;
            }
            return comp.toBuilder()
                    .sequence(Math.max(comp.sequence(), (long) old.sequence() + 1))
                    .lastModified(now)
                    .build();
        };
        List<EventComponent> overrides = new ArrayList<>();
        next.overrides().forEach(o -> overrides.add(touch.apply(o)));
        return new EventSeries(
                next.uid(),
                next.master() == null ? null : touch.apply(next.master()),
                overrides,
                next.cancelledOccurrences());
    }

    private void requireWritable(EventSeries series) {
        if (series.master() == null
                && series.overrides().isEmpty()
                && series.cancelledOccurrences().isEmpty()) {
            throw new IllegalArgumentException("series " + series.uid() + " has no component: delete it instead");
        }
        if (storage == StorageMode.EVENT_ENTITIES && series.isCancelled()) {
            throw new IllegalArgumentException(
                    "series " + series.uid() + " has a cancelled master, which is a deletion here: delete it instead");
        }
    }

    // --- CalDAV-like storage

    private void putResource(CalendarState c, EventSeries series) {
        String href = hrefFor(c.id, series.uid());
        c.put(new Item(href, series.uid(), null, State.LIVE, series, null, null, nextEtag(), ++c.version));
    }

    private String href(CalendarState c, SeriesVersion current) {
        Set<String> hrefs = new TreeSet<>();
        current.refs().forEach(r -> hrefs.add(r.remoteId()));
        if (hrefs.size() > 1) {
            throw new IllegalArgumentException("series " + current.uid() + " is one resource, not " + hrefs);
        }
        String href = hrefs.isEmpty()
                ? hrefFor(c.id, current.uid())
                : hrefs.iterator().next();
        Item item = c.items.get(href);
        if (item != null && item.uid() != null && !item.uid().equals(current.uid())) {
            throw new IllegalArgumentException(href + " holds series " + item.uid() + ", not " + current.uid());
        }
        return href;
    }

    private static boolean etagsMatch(SeriesVersion current, Item item) {
        for (RemoteRef ref : current.refs()) {
            if (ref.etag() != null && !ref.etag().equals(item.etag())) {
                return false;
            }
        }
        return true;
    }

    // --- Google-like storage

    private record Target(EventKey key, State state, EventComponent component) {}

    private static List<Target> targets(EventSeries series) {
        EventSeries n = series.normalized();
        List<Target> out = new ArrayList<>();
        if (n.master() != null) {
            out.add(new Target(n.master().key(), State.LIVE, n.master()));
        }
        for (EventComponent override : n.overrides()) {
            out.add(new Target(override.key(), State.LIVE, override));
        }
        for (RecurrenceId cancelled : n.cancelledOccurrences()) {
            if (n.override(cancelled).isEmpty()) {
                out.add(new Target(EventKey.occurrence(n.uid(), cancelled), State.CANCELLED_INSTANCE, null));
            }
        }
        return out;
    }

    /**
     * Writes the entities of {@code series} except those {@code skip} accepts; returns the keys of
     * the series (written or skipped).
     */
    private Set<EventKey> writeEntities(
            CalendarState c, EventSeries series, java.util.function.Predicate<EventKey> skip, Instant stampWith) {
        Set<EventKey> keys = new HashSet<>();
        for (Target t : targets(series)) {
            keys.add(t.key());
            if (skip.test(t.key())) {
                continue;
            }
            EventComponent component = t.component();
            if (component != null && stampWith != null) {
                component = component.toBuilder().lastModified(stampWith).build();
            }
            c.put(new Item(
                    entityIdFor(t.key()),
                    t.key().uid(),
                    t.key().recurrenceId(),
                    t.state(),
                    null,
                    component,
                    null,
                    nextEtag(),
                    ++c.version));
        }
        return keys;
    }

    private static boolean sameEntity(Item at, EventSeries series, EventKey key) {
        for (Target t : targets(series)) {
            if (t.key().equals(key)) {
                return at.state() == t.state() && Objects.equals(at.component(), t.component());
            }
        }
        return false;
    }

    /** The entity {@code version} refers to if it is the component's own entity, else null. */
    private static Item ownEntity(CalendarState c, ComponentVersion version, EventKey key) {
        Item item = c.items.get(version.ref().remoteId());
        return item != null && item.uid() != null && item.key().equals(key) ? item : null;
    }

    /** Null if every ETag of {@code current} matches; else the outcome to answer. */
    private WriteOutcome checkEntities(CalendarState c, SeriesVersion current) {
        if (liveItems(c, current.uid()).isEmpty()) {
            return new WriteOutcome.NotFound();
        }
        for (ComponentVersion v : current.components().values()) {
            Item item = c.items.get(v.ref().remoteId());
            if (item == null || !item.live() || !current.uid().equals(item.uid())) {
                return new WriteOutcome.PreconditionFailed();
            }
            if (v.ref().etag() != null && !v.ref().etag().equals(item.etag())) {
                return new WriteOutcome.PreconditionFailed();
            }
        }
        return null;
    }

    // --- reading

    private RemoteSeries read(CalendarState c, String uid) {
        List<Item> live = liveItems(c, uid);
        if (live.isEmpty()) {
            return null;
        }
        if (storage == StorageMode.SERIES_RESOURCES) {
            Item item = live.get(0);
            return RemoteSeries.inOneResource(item.series(), ref(c, item));
        }
        EventComponent master = null;
        List<EventComponent> overrides = new ArrayList<>();
        TreeSet<RecurrenceId> cancelled = new TreeSet<>();
        Map<EventKey, RemoteRef> refs = new TreeMap<>();
        for (Item item : live) {
            if (item.rid() == null) {
                master = item.component();
            } else if (item.state() == State.CANCELLED_INSTANCE) {
                cancelled.add(item.rid());
            } else {
                overrides.add(item.component());
            }
            refs.put(item.key(), ref(c, item));
        }
        return new RemoteSeries(new EventSeries(uid, master, overrides, cancelled), refs);
    }

    private Entry entry(CalendarState c, Item item) {
        if (item.state() == State.RAW) {
            return new Entry(
                    List.of(),
                    null,
                    new QuarantinedItem(
                            item.remoteId(),
                            resourceUrl(c, item.remoteId()),
                            "unparsable item (" + item.raw().length() + " characters): no event could be read"));
        }
        if (item.state() == State.DELETED) {
            return new Entry(List.of(), item.remoteId(), null);
        }
        RemoteRef ref = presentRef(ref(c, item));
        List<RemoteComponent> components = new ArrayList<>();
        if (storage == StorageMode.SERIES_RESOURCES) {
            EventSeries s = item.series();
            s.components().forEach(comp -> components.add(new RemoteComponent(comp, ref)));
            for (RecurrenceId rid : s.cancelledOccurrences()) {
                if (s.override(rid).isEmpty()) {
                    components.add(new RemoteComponent(cancelledOccurrence(s.uid(), rid), ref));
                }
            }
        } else if (item.state() == State.CANCELLED_INSTANCE) {
            components.add(new RemoteComponent(cancelledOccurrence(item.uid(), item.rid()), ref));
        } else {
            components.add(new RemoteComponent(item.component(), ref));
        }
        return new Entry(components, null, null);
    }

    /** A cancelled occurrence as a listing shows it: the occurrence's original start, STATUS:CANCELLED. */
    static EventComponent cancelledOccurrence(String uid, RecurrenceId rid) {
        EventTime start;
        if (rid instanceof RecurrenceId.OnDate d) {
            start = EventTime.date(d.date());
        } else if (rid instanceof RecurrenceId.AtInstant i) {
            start = EventTime.utc(i.instant());
        } else {
            start = EventTime.floating(((RecurrenceId.AtFloating) rid).local());
        }
        return EventComponent.builder(uid, start)
                .recurrenceId(rid)
                .status(EventStatus.CANCELLED)
                .build();
    }

    /** With volatile ETags on, a read gives the item a new ETag (not a change). */
    private Item reread(CalendarState c, Item item) {
        if (!item.live() || !faults.volatileEtagsOn()) {
            return item;
        }
        Item fresh = item.changed(nextEtag(), item.version());
        c.put(fresh);
        return fresh;
    }

    private RemoteSeries present(RemoteSeries s) {
        if (s == null || !faults.omitEtagsOn()) {
            return s;
        }
        Map<EventKey, RemoteRef> refs = new LinkedHashMap<>();
        s.refs().forEach((k, r) -> refs.put(k, r.withEtag(null)));
        return new RemoteSeries(s.series(), refs);
    }

    private RemoteRef presentRef(RemoteRef ref) {
        return faults.omitEtagsOn() ? ref.withEtag(null) : ref;
    }

    private RemoteRef ref(CalendarState c, Item item) {
        return new RemoteRef(item.remoteId(), item.etag(), resourceUrl(c, item.remoteId()));
    }

    private String resourceUrl(CalendarState c, String remoteId) {
        if (storage == StorageMode.SERIES_RESOURCES && remoteId.startsWith("/")) {
            return baseUrl + remoteId;
        }
        return baseUrl + "/calendar/v3/calendars/" + encode(c.id) + "/events/" + encode(remoteId);
    }

    private static List<Item> liveItems(CalendarState c, String uid) {
        Set<String> ids = c.idsByUid.get(uid);
        if (ids == null) {
            return List.of();
        }
        List<Item> live = new ArrayList<>();
        for (String id : ids) {
            Item item = c.items.get(id);
            if (item != null && item.live() && uid.equals(item.uid())) {
                live.add(item);
            }
        }
        return live;
    }

    // --- tokens, ids

    private String token(CalendarState c) {
        String plain = TOKEN_PREFIX + c.epoch + ":" + c.version + ":" + c.id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The version a token was issued at, or null if this calendar does not accept it. */
    private static Long since(CalendarState c, String token) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!plain.startsWith(TOKEN_PREFIX)) {
            return null;
        }
        String[] parts = plain.substring(TOKEN_PREFIX.length()).split(":", 3);
        if (parts.length != 3 || !parts[2].equals(c.id)) {
            return null;
        }
        try {
            int epoch = Integer.parseInt(parts[0]);
            long version = Long.parseLong(parts[1]);
            return epoch == c.epoch && version >= 0 && version <= c.version ? version : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String nextEtag() {
        return "\"" + Long.toHexString(Faults.mix(seed + ++etagCounter)) + "\"";
    }

    private void tombstone(CalendarState c, Item item) {
        c.put(new Item(
                item.remoteId(), item.uid(), item.rid(), State.DELETED, null, null, null, nextEtag(), ++c.version));
    }

    private CalendarState calendar(String calendarId, String request) {
        CalendarState c = calendarId == null ? null : calendars.get(calendarId);
        if (c == null) {
            throw new CalendarAccessException(
                    CalendarAccessException.Reason.NOT_FOUND,
                    "404 Not Found: no calendar " + calendarId + " (" + request + ")");
        }
        return c;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // --- data

    private enum State {
        LIVE,
        CANCELLED_INSTANCE,
        DELETED,
        RAW
    }

    /**
     * One stored thing: a series resource (CalDAV-like), an entity (Google-like), a raw unreadable
     * item, or the tombstone of any of them. Immutable; replaced on every change.
     */
    private record Item(
            String remoteId,
            String uid,
            RecurrenceId rid,
            State state,
            EventSeries series,
            EventComponent component,
            String raw,
            String etag,
            long version) {

        boolean live() {
            return state == State.LIVE || state == State.CANCELLED_INSTANCE;
        }

        EventKey key() {
            return new EventKey(uid, rid);
        }

        Item changed(String newEtag, long newVersion) {
            return new Item(remoteId, uid, rid, state, series, component, raw, newEtag, newVersion);
        }
    }

    private static final class CalendarState {
        final String id;
        long version;
        int epoch;
        final TreeMap<String, Item> items = new TreeMap<>();
        final Map<String, TreeSet<String>> idsByUid = new HashMap<>();
        /** Each item's id by its version (every write gives an item a version of its own). */
        final TreeMap<Long, String> idsByVersion = new TreeMap<>();

        CalendarState(String id) {
            this.id = id;
        }

        void put(Item item) {
            Item before = items.put(item.remoteId(), item);
            if (before != null && before.version() != item.version()) {
                idsByVersion.remove(before.version());
            }
            idsByVersion.put(item.version(), item.remoteId());
            if (item.uid() != null) {
                idsByUid.computeIfAbsent(item.uid(), u -> new TreeSet<>()).add(item.remoteId());
            }
        }

        /** The items written after version {@code since}, in version order: what a delta lists. */
        List<Item> changedSince(long since) {
            List<Item> changed = new ArrayList<>();
            for (String remoteId : idsByVersion.tailMap(since, false).values()) {
                changed.add(items.get(remoteId));
            }
            return changed;
        }
    }

    /** One listed item: components of one resource or entity, a tombstone, or a quarantined item. */
    private record Entry(List<RemoteComponent> components, String tombstone, QuarantinedItem quarantined) {}

    private final class Listing implements ChangeListing {
        private final String calendarId;
        private final boolean full;
        private final boolean rejected;
        private final List<Entry> entries;
        private final String nextToken;
        private int next;
        private boolean served;
        private boolean complete;
        private boolean closed;

        Listing(String calendarId, boolean full, boolean rejected, List<Entry> entries, String nextToken) {
            this.calendarId = calendarId;
            this.full = full;
            this.rejected = rejected;
            this.entries = entries;
            this.nextToken = nextToken;
        }

        @Override
        public boolean isFull() {
            return full;
        }

        @Override
        public boolean tokenRejected() {
            return rejected;
        }

        @Override
        public Optional<ChangePage> nextPage() {
            if (closed) {
                throw new IllegalStateException("listing of " + calendarId + " is closed");
            }
            if (complete) {
                return Optional.empty();
            }
            if (served && next >= entries.size()) {
                complete = true;
                return Optional.empty();
            }
            request(Operation.LIST_PAGE, "list " + calendarId + " page " + (next / pageSize + 1));
            int end = Math.min(next + pageSize, entries.size());
            List<RemoteComponent> components = new ArrayList<>();
            List<String> tombstones = new ArrayList<>();
            List<QuarantinedItem> quarantined = new ArrayList<>();
            for (Entry e : entries.subList(next, end)) {
                components.addAll(e.components());
                if (e.tombstone() != null) {
                    tombstones.add(e.tombstone());
                }
                if (e.quarantined() != null) {
                    quarantined.add(e.quarantined());
                }
            }
            next = end;
            served = true;
            return Optional.of(new ChangePage(components, tombstones, quarantined));
        }

        @Override
        public String nextSyncToken() {
            if (!complete) {
                throw new IllegalStateException(
                        "the sync token of " + calendarId + " is known only after the last page was read");
            }
            return nextToken;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Builds an {@link InMemoryCalendarProvider}. Not thread-safe. */
    public static final class Builder {
        private String kind = "memory";
        private StorageMode storage = StorageMode.SERIES_RESOURCES;
        private int pageSize = 50;
        private int writeBatchSize = 1;
        private Clock clock = Clock.systemUTC();
        private String baseUrl = "https://calsync-memory.invalid";
        private long seed;

        private Builder() {}

        /**
         * What {@link CalendarProvider#kind()} answers; default {@code memory}.
         *
         * @param kind the kind
         * @return this builder
         */
        public Builder kind(String kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /**
         * How series are stored; default {@link StorageMode#SERIES_RESOURCES}.
         *
         * @param storage the storage mode
         * @return this builder
         */
        public Builder storage(StorageMode storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * How many items a listing page holds at most; default 50.
         *
         * @param pageSize items per page
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1) {
                throw new IllegalArgumentException("page size must be positive: " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * How many writes the engine hands over in one {@link CalendarProvider#writeSeries} call;
         * default 1 (series written one by one). The provider carries them out one by one either way,
         * each counted as its own request; a larger size exercises an engine's batching.
         *
         * @param writeBatchSize writes per call
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder writeBatchSize(int writeBatchSize) {
            if (writeBatchSize < 1) {
                throw new IllegalArgumentException("write batch size must be positive: " + writeBatchSize);
            }
            this.writeBatchSize = writeBatchSize;
            return this;
        }

        /**
         * The clock that stamps user edits and Google-like writes; default the system clock (UTC).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The prefix of resource URLs and self links; default {@code https://calsync-memory.invalid}.
         *
         * @param baseUrl the prefix
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /**
         * The seed of everything random (ETags, probabilistic faults); default 0.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the provider, with no calendar yet.
         *
         * @return the provider
         */
        public InMemoryCalendarProvider build() {
            return new InMemoryCalendarProvider(this);
        }
    }
}
