package dev.calsync.google;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.apache.v5.Apache5HttpTransport;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.jackson2.JacksonFactory;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.event.TimeZones;
import dev.calsync.core.id.GoogleEventIds;
import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.SeriesWrite;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.core.spi.WriteResult;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.core.sync.Sleeper;
import dev.calsync.google.internal.Answer;
import dev.calsync.google.internal.Call;
import dev.calsync.google.internal.GoogleEventMapper;
import dev.calsync.google.internal.GoogleExecutor;
import dev.calsync.google.internal.ResponseCap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.apache.hc.client5.http.classic.HttpClient;

/**
 * A {@link CalendarProvider} for Google Calendar API v3.
 *
 * <h2>How it uses the API</h2>
 *
 * <ul>
 *   <li><b>Reading</b>: {@code events.list} with {@code showDeleted=true}, {@code singleEvents=false},
 *       over every page, with the stored {@code nextSyncToken}; a token Google refuses (410 {@code
 *       fullSyncRequired}, or 400 "Invalid sync token value.") turns the listing into a full one. A
 *       cancelled master or single event in a delta is a tombstone; a cancelled instance is a
 *       cancelled occurrence of its series. An item that cannot be read is quarantined.
 *   <li><b>Ids and UIDs</b>: a series calsync creates gets the id {@link GoogleEventIds#forUid} and
 *       keeps its UID in the private extended property {@code calsyncUid} (Google refuses an insert
 *       that names both {@code id} and {@code iCalUID}, and sets {@code iCalUID} to {@code
 *       <id>@google.com}); events made elsewhere are known by their {@code iCalUID}.
 *   <li><b>Writing</b>: inserts with that id (a 409 means it exists: a live event is adopted, a
 *       cancelled one is restored with a PUT, or, where Google refuses that, imported under its
 *       UID); updates are PATCHes of the mapped fields only, so fields calsync does not map survive,
 *       and carry {@code If-Match}; no write sends {@code sequence} lower than Google's, so none is
 *       refused for it. Overrides and cancelled occurrences are written to their instances, whose
 *       ids are looked up when Google's id format is not the documented one. The writes of several
 *       series go together in batch requests of {@link Builder#batchSize}; notifications are not sent
 *       ({@code sendUpdates=none}).
 *   <li><b>Failures</b>: 403 {@code rateLimitExceeded}/{@code userRateLimitExceeded}, 429, 5xx and
 *       dropped connections are retried with jittered exponential backoff that honours {@code
 *       Retry-After}, failed batch parts alone; once the retries are spent they are {@link
 *       dev.calsync.core.spi.TransientProviderException}s. 401, 403 forbidden and a 404 calendar are
 *       {@link CalendarAccessException}s naming the calendar and the request, never retried.
 * </ul>
 *
 * <p>Thread-safe: one instance serves every calendar of one account.
 */
public final class GoogleCalendarProvider implements CalendarProvider {

    /** The private extended property that holds a series' UID on the events calsync writes. */
    public static final String UID_PROPERTY = GoogleEventMapper.UID_PROPERTY;

    private final GoogleExecutor executor;
    private final int pageSize;
    private final int batchSize;
    private final JsonFactory json;
    private final String baseUrl;
    private final Map<String, ZoneId> zones = new ConcurrentHashMap<>();
    private final Map<String, MasterInfo> masters = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MasterInfo> eldest) {
            return size() > 100_000;
        }
    });

    /** What is known of a master event, to place its instances. */
    record MasterInfo(String uid, EventComponent component, boolean cancelled) {
        EventTime start() {
            return component == null ? null : component.start();
        }
    }

    private GoogleCalendarProvider(Builder b) {
        Calendar client = b.client;
        if (client == null) {
            HttpRequestInitializer credentials = new HttpCredentialsAdapter(b.credentials);
            int connectMillis = (int) b.connectTimeout.toMillis();
            int readMillis = (int) b.readTimeout.toMillis();
            HttpRequestInitializer init = request -> {
                credentials.initialize(request);
                request.setConnectTimeout(connectMillis);
                request.setReadTimeout(readMillis);
                // A redirect would take the request (without its Authorization, which the client
                // drops) to whatever host the Location names: never followed, an error instead.
                request.setFollowRedirects(false);
            };
            HttpClient http = Apache5HttpTransport.newDefaultHttpClientBuilder()
                    .disableRedirectHandling()
                    .addResponseInterceptorLast(new ResponseCap(b.maxResponseBytes))
                    .build();
            Calendar.Builder cb = new Calendar.Builder(
                            new Apache5HttpTransport(http), JacksonFactory.getDefaultInstance(), init)
                    .setApplicationName(b.applicationName);
            if (b.rootUrl != null) {
                cb.setRootUrl(b.rootUrl);
            }
            client = cb.build();
        }
        this.executor = new GoogleExecutor(client, b.batchSize, b.retryPolicy, b.sleeper, b.random);
        this.pageSize = b.pageSize;
        this.batchSize = b.batchSize;
        this.json = client.getJsonFactory();
        this.baseUrl = client.getBaseUrl();
    }

    /** {@return a builder to assemble a provider} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String kind() {
        return "google";
    }

    /** False: a delta holds the events that changed, e.g. one instance without its master. */
    @Override
    public boolean deltaListsWholeSeries() {
        return false;
    }

    /** As built ({@link Builder#batchSize}); the engine hands over this many writes at once. */
    @Override
    public int writeBatchSize() {
        return batchSize;
    }

    /** {@return how many HTTP requests this provider made so far (a batch request counts once)} */
    public long httpRequests() {
        return executor.httpRequests();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The first page is read at once, so that a refused token is known: a {@link
     * dev.calsync.core.spi.TransientProviderException} from here may be retried by calling again.
     */
    @Override
    public ChangeListing listChanges(String calendarId, String syncToken) {
        Objects.requireNonNull(calendarId, "calendarId");
        return new GoogleChangeListing(this, calendarId, syncToken);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One request for a single event, two for a recurring series (its master, then its
     * exceptions by {@code iCalUID}); more only when the series is not where calsync would put it.
     */
    @Override
    public Optional<RemoteSeries> fetchSeries(String calendarId, String uid, List<RemoteRef> known) {
        Objects.requireNonNull(uid, "uid");
        Event master = null;
        for (RemoteRef ref : known == null ? List.<RemoteRef>of() : known) {
            Event found = getEvent(calendarId, ref.remoteId());
            if (found != null) {
                master =
                        found.getRecurringEventId() == null ? found : getEvent(calendarId, found.getRecurringEventId());
                break;
            }
        }
        if (master == null || isCancelled(master)) {
            Event atId = getEvent(calendarId, GoogleEventIds.forUid(uid));
            if (atId != null) {
                master = atId;
            }
        }
        List<Event> byUid = null;
        if (master == null || isCancelled(master)) {
            // Made elsewhere (known by its iCalUID), or imported under its UID after a refused restore.
            byUid = listByICalUid(calendarId, uid);
            for (Event e : byUid) {
                if (e.getRecurringEventId() == null && !isCancelled(e)) {
                    master = e;
                }
            }
        }
        if (master == null || isCancelled(master)) {
            return Optional.empty();
        }
        ZoneId zone = zone(calendarId);
        remember(calendarId, master, uid, zone);
        List<Event> instances = new ArrayList<>();
        if (master.getRecurrence() != null && !master.getRecurrence().isEmpty()) {
            List<Event> all = master.getICalUID() != null && master.getICalUID().equals(uid) && byUid != null
                    ? byUid
                    : listByICalUid(calendarId, master.getICalUID() != null ? master.getICalUID() : uid);
            for (Event e : all) {
                if (master.getId().equals(e.getRecurringEventId())) {
                    instances.add(e);
                }
            }
        }
        try {
            return Optional.of(assemble(calendarId, uid, master, instances, zone));
        } catch (RuntimeException e) {
            throw new ProviderException(
                    "Google calendar " + calendarId + ": series " + master.getId() + " cannot be read: "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public WriteOutcome createSeries(String calendarId, EventSeries series) {
        return single(calendarId, new SeriesWrite.Create(series));
    }

    @Override
    public WriteOutcome updateSeries(String calendarId, SeriesVersion current, EventSeries desired) {
        return single(calendarId, new SeriesWrite.Update(current, desired));
    }

    @Override
    public WriteOutcome deleteSeries(String calendarId, SeriesVersion current) {
        return single(calendarId, new SeriesWrite.Delete(current));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The writes go in phases (masters, then instances), each phase's requests together in batch
     * requests.
     */
    @Override
    public List<WriteResult> writeSeries(String calendarId, List<SeriesWrite> writes) {
        Objects.requireNonNull(calendarId, "calendarId");
        return new SeriesWriter(this, calendarId, zone(calendarId)).write(writes);
    }

    @Override
    public String toString() {
        return "GoogleCalendarProvider[" + baseUrl + "]";
    }

    // ------------------------------------------------------------------ for the listing and writer

    GoogleExecutor executor() {
        return executor;
    }

    Calendar client() {
        return executor.client();
    }

    JsonFactory json() {
        return json;
    }

    int pageSize() {
        return pageSize;
    }

    /** The calendar's zone as its last listing said, or UTC before any. */
    ZoneId zone(String calendarId) {
        return zones.getOrDefault(calendarId, ZoneOffset.UTC);
    }

    void zone(String calendarId, String timeZone) {
        if (timeZone != null) {
            try {
                zones.put(calendarId, TimeZones.resolve("timeZone", timeZone));
            } catch (RuntimeException unknownZone) {
                // keep what was known: the zone only places floating times
            }
        }
    }

    MasterInfo master(String calendarId, String masterId) {
        return masters.get(calendarId + '\u0000' + masterId);
    }

    void remember(String calendarId, Event master, String uid, ZoneId zone) {
        EventComponent component = null;
        try {
            if (!isCancelled(master) || master.getStart() != null) {
                component = read(master, uid, zone, null);
            }
        } catch (RuntimeException unreadable) {
            // an unreadable master places nothing
        }
        masters.put(calendarId + '\u0000' + master.getId(), new MasterInfo(uid, component, isCancelled(master)));
    }

    /** Marks a master deleted: its instances belong to no live series. */
    void forget(String calendarId, String masterId) {
        masters.put(calendarId + '\u0000' + masterId, new MasterInfo(null, null, true));
    }

    /** The self link of an event. */
    String selfLink(String calendarId, String eventId) {
        return baseUrl + "calendars/" + URLEncoder.encode(calendarId, StandardCharsets.UTF_8) + "/events/" + eventId;
    }

    RemoteRef ref(String calendarId, Event event) {
        return new RemoteRef(event.getId(), event.getEtag(), selfLink(calendarId, event.getId()));
    }

    static boolean isCancelled(Event event) {
        return "cancelled".equals(event.getStatus());
    }

    /** The event at {@code eventId} (cancelled ones included), or null if Google has none there. */
    Event getEvent(String calendarId, String eventId) {
        try {
            Call<Event> call = new Call<>(client().events().get(calendarId, eventId), "GET events/" + eventId);
            Answer<Event> answer = executor.one(call);
            if (answer.ok()) {
                return answer.value();
            }
            if (answer.status() == 404 || answer.status() == 410) {
                return null;
            }
            throw GoogleErrors.failure(calendarId, call.description(), answer, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every event (cancelled ones included, not expanded) whose iCalUID is {@code iCalUid}. */
    List<Event> listByICalUid(String calendarId, String iCalUid) {
        List<Event> all = new ArrayList<>();
        String pageToken = null;
        do {
            EventPage page;
            try {
                Calendar.Events.List request = client().events()
                        .list(calendarId)
                        .setICalUID(iCalUid)
                        .setShowDeleted(true)
                        .setSingleEvents(false)
                        .setMaxResults(pageSize)
                        .setPageToken(pageToken);
                Answer<String> answer = executor.unparsed(request);
                if (!answer.ok()) {
                    throw GoogleErrors.failure(calendarId, "GET events?iCalUID", answer, true);
                }
                page = EventPage.parse(json, answer.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            zone(calendarId, page.timeZone());
            all.addAll(page.events());
            pageToken = page.nextPageToken();
        } while (pageToken != null);
        return all;
    }

    /** A series from its master and the instances Google stores for it (exceptions, cancellations). */
    RemoteSeries assemble(String calendarId, String uid, Event master, List<Event> instances, ZoneId zone) {
        EventComponent masterComponent = read(master, uid, zone, null);
        Map<EventKey, RemoteRef> refs = new TreeMap<>();
        refs.put(masterComponent.key(), ref(calendarId, master));
        Map<RecurrenceId, EventComponent> overrides = new TreeMap<>();
        TreeSet<RecurrenceId> cancelled = new TreeSet<>();
        for (Event instance : instances) {
            EventComponent c = read(instance, uid, zone, masterComponent.start());
            if (followsPattern(c, masterComponent, zone)) {
                continue; // an instance put back to the series' pattern is no exception
            }
            if (c.status() == EventStatus.CANCELLED) {
                cancelled.add(c.recurrenceId());
                overrides.remove(c.recurrenceId());
            } else if (!cancelled.contains(c.recurrenceId())) {
                overrides.put(c.recurrenceId(), c);
            }
            refs.put(c.key(), ref(calendarId, instance));
        }
        return new RemoteSeries(
                new EventSeries(uid, masterComponent, new ArrayList<>(overrides.values()), cancelled), refs);
    }

    /**
     * Maps one Google event to calsync's model. Google gives every event an organizer: the calendar's
     * owner ({@code self: true}) for the events made in it. That is no scheduling organizer, and
     * its iCalendar copy has none, so it is read as none.
     */
    static EventComponent read(Event event, String uid, ZoneId zone, EventTime masterStart) {
        EventComponent c = GoogleEventMapper.toComponent(event, uid, zone, masterStart);
        if (c.organizer() != null
                && event.getOrganizer() != null
                && Boolean.TRUE.equals(event.getOrganizer().getSelf())) {
            c = c.toBuilder().organizer(null).build();
        }
        return c;
    }

    /**
     * Whether an instance holds exactly what its series' pattern gives that occurrence. Google cannot
     * turn an exception back into a plain occurrence; calsync writes the pattern's content to it
     * instead, and reads such an instance as no exception.
     */
    static boolean followsPattern(EventComponent instance, EventComponent master, ZoneId zone) {
        if (instance.status() == EventStatus.CANCELLED
                || master == null
                || !instance.key().isOccurrence()) {
            return false;
        }
        return ContentHash.of(instance).equals(ContentHash.of(occurrence(master, instance.recurrenceId(), zone)));
    }

    /** The occurrence {@code rid} of {@code master} as its pattern makes it. */
    static EventComponent occurrence(EventComponent master, RecurrenceId rid, ZoneId zone) {
        EventTime start = at(rid, master.start(), zone);
        Duration length =
                Duration.between(master.start().toInstant(zone), master.end().toInstant(zone));
        EventTime end;
        if (start instanceof EventTime.AllDay d) {
            end = EventTime.date(d.date().plusDays(Math.max(1, length.toDays())));
        } else if (start instanceof EventTime.Zoned z) {
            Instant e = z.toInstant(ZoneOffset.UTC).plus(length);
            end = EventTime.of(LocalDateTime.ofInstant(e, z.zone()), z.zone());
        } else {
            end = EventTime.utc(start.toInstant(ZoneOffset.UTC).plus(length));
        }
        return master.toBuilder()
                .recurrenceId(rid)
                .recurrence(Recurrence.NONE)
                .start(start)
                .end(end)
                .status(EventStatus.CONFIRMED)
                .build();
    }

    /** The time of occurrence {@code rid} in the form of the series' start. */
    static EventTime at(RecurrenceId rid, EventTime seriesStart, ZoneId zone) {
        if (rid instanceof RecurrenceId.OnDate d) {
            return EventTime.date(d.date());
        }
        Instant instant = rid instanceof RecurrenceId.AtInstant i
                ? i.instant()
                : ((RecurrenceId.AtFloating) rid).local().atZone(zone).toInstant();
        if (seriesStart instanceof EventTime.Zoned z) {
            return EventTime.of(LocalDateTime.ofInstant(instant, z.zone()), z.zone());
        }
        return EventTime.utc(instant);
    }

    private WriteOutcome single(String calendarId, SeriesWrite write) {
        WriteResult result = writeSeries(calendarId, List.of(write)).get(0);
        if (result.failure() != null) {
            throw result.failure();
        }
        return result.outcome();
    }

    /** Builds a {@link GoogleCalendarProvider}. Not thread-safe. */
    public static final class Builder {
        private Calendar client;
        private GoogleCredentials credentials;
        private String rootUrl;
        private String applicationName = "calsync";
        private int pageSize = 2500;
        private int batchSize = 100;
        private RetryPolicy retryPolicy = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(60));
        private Duration connectTimeout = Duration.ofSeconds(20);
        private Duration readTimeout = Duration.ofSeconds(20);
        private Sleeper sleeper = Sleeper.THREAD;
        private RandomGenerator random = new SplittableRandom();
        private long maxResponseBytes = 16L * 1024 * 1024;

        private Builder() {}

        /**
         * The host application's client, with its transport, credentials and root URL. Either this or
         * {@link #credentials} is required.
         *
         * @param client the host application's client
         * @return this builder
         */
        public Builder client(Calendar client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Credentials for a client the provider builds itself, on {@code Apache5HttpTransport}. Either
         * this or {@link #client} is required.
         *
         * @param credentials the account's credentials
         * @return this builder
         */
        public Builder credentials(GoogleCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * The API's root URL for a client built from {@link #credentials}; default Google's own ({@code
         * https://www.googleapis.com/}). Tests point it at the emulator.
         *
         * @param rootUrl the root URL
         * @return this builder
         */
        public Builder rootUrl(String rootUrl) {
            this.rootUrl = Objects.requireNonNull(rootUrl, "rootUrl");
            return this;
        }

        /**
         * How long a client built from {@link #credentials} waits for a connection; default 20 s (the
         * Google HTTP client's own default). A client given with {@link #client} keeps its own.
         *
         * @param timeout the connect timeout
         * @return this builder
         * @throws IllegalArgumentException if not positive or longer than {@link Integer#MAX_VALUE} ms
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout(timeout);
            return this;
        }

        /**
         * How long a client built from {@link #credentials} waits for data on a connection (the
         * answer, or its next bytes) before the request counts as unanswered and is retried; default
         * 20 s (the Google HTTP client's own default). A client given with {@link #client} keeps its own.
         *
         * @param timeout the read timeout
         * @return this builder
         * @throws IllegalArgumentException if not positive or longer than {@link Integer#MAX_VALUE} ms
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout(timeout);
            return this;
        }

        private static Duration timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "a timeout must be positive and at most Integer.MAX_VALUE ms: " + timeout);
            }
            return timeout;
        }

        /**
         * The application name in the {@code User-Agent} of a client built here; default {@code calsync}.
         *
         * @param applicationName the application name
         * @return this builder
         */
        public Builder applicationName(String applicationName) {
            this.applicationName = Objects.requireNonNull(applicationName, "applicationName");
            return this;
        }

        /**
         * Events per listing page ({@code maxResults}), 1 to 2500; default 2500, Google's maximum, so
         * that a sync reads as few pages as it can.
         *
         * @param pageSize events per page, 1 to 2500
         * @return this builder
         */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 2500) {
                throw new IllegalArgumentException("page size must be 1 to 2500: " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * Requests per batch request, 1 to 1000 (Google's limit); default 100.
         *
         * @param batchSize requests per batch, 1 to 1000
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 1000) {
                throw new IllegalArgumentException("batch size must be 1 to 1000: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How requests that may pass are retried before the failure reaches the engine (which retries
         * with its own policy); default 5 attempts, waits from 0.5 s doubling up to 60 s.
         *
         * @param retryPolicy the provider's own retry policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * The largest response body a client built from {@link #credentials} reads, in bytes; a larger
         * one fails the request with a {@link ProviderException} (not retried). Default 16 MB: a full
         * listing page of 2500 events of several kilobytes each fits, and a hostile or broken endpoint
         * cannot make the provider hold more than about twice that (the body, then its text) even in a
         * 64 MB heap. A calendar whose pages are larger needs a smaller {@link #pageSize} or a larger
         * cap.
         *
         * @param maxResponseBytes the cap, in bytes
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxResponseBytes(long maxResponseBytes) {
            if (maxResponseBytes < 1) {
                throw new IllegalArgumentException("the response cap must be positive: " + maxResponseBytes);
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /**
         * How the provider waits between retries; default {@link Sleeper#THREAD}.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * The source of backoff jitter; default a new {@link SplittableRandom}.
         *
         * @param random the source of jitter
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @return the provider
         * @throws IllegalStateException if neither a client nor credentials were given
         */
        public GoogleCalendarProvider build() {
            if (client == null && credentials == null) {
                throw new IllegalStateException("a Google Calendar client or credentials are required");
            }
            return new GoogleCalendarProvider(this);
        }
    }
}
