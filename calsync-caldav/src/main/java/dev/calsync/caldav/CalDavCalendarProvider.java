package dev.calsync.caldav;

import dev.calsync.caldav.internal.DavClient;
import dev.calsync.caldav.internal.DavDepth;
import dev.calsync.caldav.internal.DavETag;
import dev.calsync.caldav.internal.DavError;
import dev.calsync.caldav.internal.DavMultiStatus;
import dev.calsync.caldav.internal.DavProps;
import dev.calsync.caldav.internal.DavRequests;
import dev.calsync.caldav.internal.DavResponse;
import dev.calsync.caldav.internal.DavTransientException;
import dev.calsync.caldav.internal.Hrefs;
import dev.calsync.caldav.internal.ICalendarCodec;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.MalformedEventException;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.spi.QuarantinedItem;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.TransientProviderException;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.core.sync.Sleeper;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CalendarProvider} for CalDAV servers (RFC 4791, RFC 6578): iCloud, Radicale, Xandikos,
 * sabre/dav and others. A calendar id is the absolute URL of a calendar collection, ending in
 * {@code /} (see {@link #calendars()}); a series is one calendar object resource holding the master
 * and its overrides.
 *
 * <h2>How it uses the protocol</h2>
 *
 * <ul>
 *   <li><b>Discovery</b> ({@link #calendars()}): {@code current-user-principal} on the configured
 *       URL, then on {@code /.well-known/caldav}, then on {@code /}; the principal's {@code
 *       calendar-home-set}, which may lie on another host (iCloud's partition hosts: only hosts the
 *       builder {@linkplain Builder#allowHosts allows} are followed, and a home elsewhere is an
 *       error); a Depth 1 PROPFIND of each home, keeping the calendars that accept VEVENTs.
 *   <li><b>Reading</b>: a {@code sync-collection} REPORT (Depth 0, sync-level 1, no limit) with the
 *       stored token, repeated while the server truncates its answer (507 on the collection); the
 *       collection's own href and duplicate hrefs are ignored; a 404 member is a tombstone (in a
 *       delta only: a full listing never holds tombstones, although Radicale lists 404s in initial
 *       syncs). Changed resources are read with {@code calendar-multiget} in batches of {@link
 *       Builder#multigetBatchSize}; a batch the server refuses as a whole with 404 (sabre/dav 1.8) is
 *       split, down to single GETs. A token the server refuses ({@code DAV:valid-sync-token} with any
 *       status; a bare 403 on a collection that still exists; 409; 410; a 500 to a tokened request,
 *       as Xandikos answers) makes the listing a full one that says {@linkplain
 *       ChangeListing#tokenRejected() the token was rejected}. A server without sync-collection
 *       (403 {@code supported-report}) is listed with the collection's ctag and a Depth 1 PROPFIND
 *       of the ETags: an unchanged ctag is an empty delta, any other state a full listing.
 *   <li><b>Unreadable resources</b>: a resource whose iCalendar cannot be read is {@linkplain
 *       QuarantinedItem quarantined} with the parser's reason, and the rest of the calendar is
 *       listed. A resource that the sync listed but that answers 404 to the multiget (iCloud's
 *       eventual consistency), even after two more tries (fewer if the {@linkplain Builder#retryPolicy
 *       retry policy} allows fewer attempts), is quarantined as well, and the listing's
 *       {@linkplain ChangeListing#nextSyncToken() next token} is held back: a delta returns the
 *       token it was asked with, a full listing a token meaning "list in full again". The next sync
 *       therefore reads the resource again; nothing is lost and nothing is deleted because of it.
 *       Resources holding no VEVENT (tasks) are not events and are skipped.
 *   <li><b>Writing</b>: a series calsync creates goes to the href {@link #resourceNameFor} derives
 *       from its UID, with {@code If-None-Match: *}; 412, or a {@code no-uid-conflict} (another
 *       client's resource in the calendar holds the UID) is {@link WriteOutcome.AlreadyExists}.
 *       Updates and deletes carry {@code If-Match} with the ETag exactly as read; an update renders
 *       the series over the resource's current body, so properties calsync does not map (X-APPLE-*,
 *       alarms it cannot express, ...) survive. When a PUT answers without a strong ETag (iCloud), a
 *       Depth 0 PROPFIND reads it. A 207 to a PUT or DELETE is a failure unless every status in it
 *       is 2xx (Xandikos answers refused writes so).
 *   <li><b>Finding a series</b> ({@link #fetchSeries}): at the hrefs the engine knows, at the href
 *       derived from the UID, then with a {@code calendar-query} on the UID, whose answer (checked
 *       UID by UID) is what confirms an absence.
 *   <li><b>Errors</b>: 401, 403 (other than the cases above) and a missing calendar are {@link
 *       CalendarAccessException}s naming the calendar and the request; 429, 503 and (for reads) 5xx
 *       and lost connections are retried with the {@link Builder#retryPolicy} honouring {@code
 *       Retry-After}, then thrown as {@link TransientProviderException}. Credentials go only to the
 *       configured server's origin and to allowed hosts, never into a message or a log.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} releases the connections.
 */
public final class CalDavCalendarProvider implements CalendarProvider, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CalDavCalendarProvider.class);

    /** A token of a calendar without sync-collection: this prefix and the collection's ctag. */
    static final String CTAG_TOKEN_PREFIX = "calsync-ctag:";
    /** A token that asks for a full listing (a full listing that could not read everything). */
    static final String RELIST_TOKEN = "calsync-relist";

    private static final String ICLOUD = "https://caldav.icloud.com/";
    private static final int LAG_RETRIES = 2;
    private static final int BODY_CACHE_SIZE = 256;
    private static final char[] BASE32HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();

    private final DavClient client;
    private final URI serverUri;
    private final int multigetBatchSize;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final Map<URI, CachedBody> bodies = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<URI, CachedBody> eldest) {
            return size() > BODY_CACHE_SIZE;
        }
    };

    /** A resource body as last read or written, with the ETag it had. */
    private record CachedBody(String etag, String body) {}

    private CalDavCalendarProvider(Builder b) {
        this.serverUri = b.serverUri;
        this.multigetBatchSize = b.multigetBatchSize;
        this.retryPolicy = b.retryPolicy;
        this.sleeper = b.sleeper;
        DavClient.Builder cb = DavClient.builder(b.serverUri)
                .connectTimeout(b.connectTimeout)
                .responseTimeout(b.responseTimeout)
                .retryPolicy(b.retryPolicy)
                .sleeper(b.sleeper)
                .allowHosts(b.allowedHosts.toArray(String[]::new));
        if (b.username != null) {
            cb.credentials(b.username, b.password);
        }
        this.client = cb.build();
    }

    /** {@return a builder; {@link Builder#serverUri} is required} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder preset for iCloud: server {@code https://caldav.icloud.com/}, the account's
     * credentials, and {@code *.icloud.com} allowed (the calendars live on partition hosts such as
     * {@code p42-caldav.icloud.com}).
     *
     * @param appleId the Apple ID (an e-mail address)
     * @param appSpecificPassword an app-specific password (appleid.apple.com, Sign-In and Security);
     *     the account password does not work over CalDAV when two-factor authentication is on
     * @return a builder with server, credentials and allowed hosts set
     */
    public static Builder icloud(String appleId, String appSpecificPassword) {
        return builder()
                .serverUri(URI.create(ICLOUD))
                .credentials(appleId, appSpecificPassword)
                .allowHosts("*.icloud.com");
    }

    /**
     * The resource name calsync gives a series it creates: the SHA-256 of the UID (UTF-8) in
     * lower-case base32hex without padding, then {@code .ics} (56 characters of {@code [0-9a-v.]}).
     * A fixed function, so a retried create meets the first one; never the raw UID, which may hold
     * {@code /}, {@code @} or {@code %}.
     *
     * @param uid the series' UID
     * @return the resource name
     */
    public static String resourceNameFor(String uid) {
        Objects.requireNonNull(uid, "uid");
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
        StringBuilder sb = new StringBuilder(56);
        int buffer = 0;
        int bits = 0;
        for (byte b : hash) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32HEX[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(BASE32HEX[(buffer << (5 - bits)) & 31]);
        }
        return sb.append(".ics").toString();
    }

    /** {@code caldav}. */
    @Override
    public String kind() {
        return "caldav";
    }

    /** True: a series is one resource, listed whole. */
    @Override
    public boolean deltaListsWholeSeries() {
        return true;
    }

    /** 1: CalDAV has no batch writes. */
    @Override
    public int writeBatchSize() {
        return 1;
    }

    /** {@return how many HTTP requests this provider sent so far (every attempt and redirect hop)} */
    public long httpRequests() {
        return client.requests();
    }

    /**
     * How many bytes of response bodies this provider received so far, over every request counted
     * by {@link #httpRequests()}: the bodies after content decoding (a gzip answer counts as its
     * unpacked size), without status lines and headers.
     *
     * @return the number of bytes received
     */
    public long httpBytesReceived() {
        return client.bytesReceived();
    }

    // ------------------------------------------------------------------ discovery

    /**
     * The account's calendars that can hold events, found as the class comment says.
     *
     * @return the calendars, as discovered
     * @throws CalendarAccessException if the server refuses the credentials or access
     * @throws ProviderException if no principal or home set can be found, or a home set lies on a
     *     host that is not allowed
     */
    public List<CalDavCalendar> calendars() {
        URI principal = findPrincipal();
        List<CalDavCalendar> found = new ArrayList<>();
        for (URI home : homeSets(principal)) {
            DavResponse r = client.propfind(home, DavDepth.ONE, DavRequests.propfindCalendars());
            if (r.status() != 207) {
                throw failure(home, "PROPFIND (Depth 1) of the calendar home", r);
            }
            for (DavMultiStatus.Entry e : r.multiStatus().responses()) {
                if (e.uri() == null || Hrefs.sameResource(e.uri(), home) || !client.allowed(e.uri())) {
                    continue;
                }
                DavProps p = e.props();
                if (!p.isCalendar() || !p.supportsComponent("VEVENT")) {
                    continue;
                }
                found.add(new CalDavCalendar(
                        withSlash(e.uri()),
                        p.displayName(),
                        p.has(DavProps.SUPPORTED_CALENDAR_COMPONENT_SET) ? p.supportedComponents() : Set.of(),
                        p.ctag(),
                        p.syncToken(),
                        p.supportsSyncCollection(),
                        p.canWrite(),
                        p.calendarColor()));
            }
        }
        return List.copyOf(found);
    }

    private URI findPrincipal() {
        Set<URI> starts = new LinkedHashSet<>();
        starts.add(serverUri);
        starts.add(serverUri.resolve("/.well-known/caldav"));
        starts.add(serverUri.resolve("/"));
        List<String> tried = new ArrayList<>();
        for (URI start : starts) {
            DavResponse r = client.propfind(start, DavDepth.ZERO, DavRequests.propfindPrincipal());
            tried.add(Hrefs.redacted(start) + " -> " + r.status());
            if (r.status() != 207) {
                continue;
            }
            for (DavMultiStatus.Entry e : r.multiStatus().responses()) {
                String href = e.props().currentUserPrincipal();
                if (href != null) {
                    return Hrefs.resolve(r.uri(), href)
                            .orElseThrow(() -> new ProviderException(
                                    "the server named an unusable principal href at " + Hrefs.redacted(r.uri())));
                }
            }
        }
        throw new ProviderException("no current-user-principal found: " + String.join(", ", tried));
    }

    private List<URI> homeSets(URI principal) {
        if (!client.allowed(principal)) {
            throw new ProviderException("the principal " + Hrefs.redacted(principal)
                    + " is on a host credentials may not go to; allow it with allowHosts(...)");
        }
        DavResponse r = client.propfind(principal, DavDepth.ZERO, DavRequests.propfindHomeSet());
        if (r.status() != 207) {
            throw failure(principal, "PROPFIND of the principal", r);
        }
        List<DavMultiStatus.Entry> entries = r.multiStatus().responses();
        List<String> hrefs = new ArrayList<>();
        for (DavMultiStatus.Entry e : entries) {
            // iCloud has answered /principal/ for /<dsid>/principal/: one response is the principal.
            if (entries.size() == 1 || (e.uri() != null && Hrefs.sameResource(e.uri(), principal))) {
                hrefs.addAll(e.props().calendarHomeSet());
            }
        }
        if (hrefs.isEmpty()) {
            throw new ProviderException("the principal " + Hrefs.redacted(principal) + " names no calendar-home-set");
        }
        List<URI> homes = new ArrayList<>();
        for (String href : hrefs) {
            URI home = Hrefs.resolve(r.uri(), href)
                    .orElseThrow(() ->
                            new ProviderException("unusable calendar-home-set href at " + Hrefs.redacted(principal)));
            if (!client.allowed(home)) {
                throw new ProviderException("the calendar home " + Hrefs.redacted(home)
                        + " is on a host credentials may not go to; allow it with allowHosts(...)");
            }
            homes.add(withSlash(home));
        }
        return homes;
    }

    // ------------------------------------------------------------------ listing

    /**
     * {@inheritDoc}
     *
     * <p>The first REPORT (or, without sync-collection, the PROPFIND of the ctag) is sent here, so
     * that {@link ChangeListing#isFull()} is known; the multigets follow page by page.
     */
    @Override
    public ChangeListing listChanges(String calendarId, String syncToken) {
        URI collection = collection(calendarId);
        if (syncToken != null && syncToken.startsWith(CTAG_TOKEN_PREFIX)) {
            return ctagListing(collection, syncToken.substring(CTAG_TOKEN_PREFIX.length()), false);
        }
        String asked = RELIST_TOKEN.equals(syncToken) ? null : syncToken;
        SyncStart start = startSync(collection, asked);
        if (start.multiStatus() != null) {
            return CalDavListing.sync(
                    this,
                    collection,
                    asked == null,
                    false,
                    start.multiStatus(),
                    asked == null ? RELIST_TOKEN : asked,
                    multigetBatchSize);
        }
        if (start.notSupported()) {
            return ctagListing(collection, null, asked != null);
        }
        log.info("the sync token of {} was rejected; listing it in full", Hrefs.redacted(collection));
        SyncStart again = startSync(collection, null);
        if (again.multiStatus() != null) {
            return CalDavListing.sync(
                    this, collection, true, true, again.multiStatus(), RELIST_TOKEN, multigetBatchSize);
        }
        if (again.notSupported()) {
            return ctagListing(collection, null, true);
        }
        throw new ProviderException("REPORT sync-collection on " + Hrefs.redacted(collection)
                + " refused even the initial (empty) sync token");
    }

    /** The first answer of a sync: a multistatus, or "token rejected", or "no sync-collection". */
    private record SyncStart(DavMultiStatus multiStatus, boolean notSupported) {}

    private SyncStart startSync(URI collection, String token) {
        DavResponse r;
        try {
            r = client.report(collection, DavDepth.ZERO, DavRequests.syncCollection(token));
        } catch (DavTransientException e) {
            if (token != null && e.status() == 500) {
                // Xandikos 0.2.8 fails with 500 on a token it does not know.
                return new SyncStart(null, false);
            }
            throw e;
        }
        if (r.status() == 207) {
            return new SyncStart(r.multiStatus(), false);
        }
        DavError error = r.error();
        if (error.reportNotSupported()) {
            return new SyncStart(null, true);
        }
        if (error.invalidSyncToken()) {
            return new SyncStart(null, false);
        }
        if (token != null && (r.status() == 409 || r.status() == 410)) {
            return new SyncStart(null, false);
        }
        if (token != null && r.status() == 403) {
            // iCloud reportedly answers an expired token with a bare 403; 403 is also "forbidden".
            requireCollection(collection, "REPORT sync-collection");
            return new SyncStart(null, false);
        }
        if (r.status() == 501) {
            return new SyncStart(null, true);
        }
        throw failure(collection, "REPORT sync-collection", r);
    }

    /** The next chunk of a truncated sync. */
    DavMultiStatus continueSync(URI collection, String token) {
        DavResponse r = client.report(collection, DavDepth.ZERO, DavRequests.syncCollection(token));
        if (r.status() != 207) {
            throw failure(collection, "REPORT sync-collection (continuing a truncated answer)", r);
        }
        return r.multiStatus();
    }

    private ChangeListing ctagListing(URI collection, String storedCtag, boolean rejected) {
        DavResponse r = client.propfind(collection, DavDepth.ZERO, DavRequests.propfindCollectionState());
        if (r.status() != 207) {
            throw failure(collection, "PROPFIND (Depth 0) of the calendar", r);
        }
        String ctag =
                own(r.multiStatus(), collection).map(e -> e.props().ctag()).orElse(null);
        String token = CTAG_TOKEN_PREFIX + (ctag == null ? "" : ctag);
        if (storedCtag != null && !storedCtag.isEmpty() && storedCtag.equals(ctag)) {
            return CalDavListing.fixed(
                    this, collection, false, false, List.of(), Map.of(), token, token, multigetBatchSize);
        }
        DavResponse members = client.propfind(collection, DavDepth.ONE, DavRequests.propfindEtags());
        if (members.status() != 207) {
            throw failure(collection, "PROPFIND (Depth 1) of the calendar's ETags", members);
        }
        List<URI> hrefs = new ArrayList<>();
        Map<URI, DavETag> etags = new HashMap<>();
        for (DavMultiStatus.Entry e : members.multiStatus().members(collection)) {
            if (e.succeeded()) {
                hrefs.add(e.uri());
                etags.put(e.uri(), e.etag());
            }
        }
        return CalDavListing.fixed(
                this, collection, true, rejected, hrefs, etags, token, CTAG_TOKEN_PREFIX, multigetBatchSize);
    }

    /** What reading some resources of a listing gave. */
    record PageContent(List<RemoteComponent> components, List<QuarantinedItem> quarantined, boolean unreadable) {}

    /**
     * Reads the resources of one page: from the body cache when the listed ETag is the cached one,
     * else with calendar-multiget.
     */
    PageContent readPage(URI collection, List<URI> hrefs, Map<URI, DavETag> listedEtags) {
        Map<URI, Fetched> found = new LinkedHashMap<>();
        List<URI> toFetch = new ArrayList<>();
        for (URI href : hrefs) {
            DavETag listed = listedEtags.get(href);
            CachedBody cached = cached(href);
            if (listed != null && cached != null && listed.value().equals(cached.etag())) {
                found.put(href, new Fetched(href, listed, cached.body()));
            } else {
                toFetch.add(href);
            }
        }
        Map<URI, String> problems = new LinkedHashMap<>();
        if (!toFetch.isEmpty()) {
            found.putAll(read(collection, toFetch, problems));
        }
        List<RemoteComponent> components = new ArrayList<>();
        List<QuarantinedItem> quarantined = new ArrayList<>();
        boolean unreadable = false;
        for (URI href : hrefs) {
            Fetched f = found.get(href);
            if (f == null) {
                unreadable = true;
                String why = problems.getOrDefault(href, "not returned by the server");
                quarantined.add(new QuarantinedItem(
                        href.getRawPath(),
                        href.toString(),
                        why + "; the sync token is held back so that it is read again next time"));
                continue;
            }
            try {
                Optional<EventSeries> series = ICalendarCodec.parse(f.body());
                if (series.isEmpty()) {
                    continue; // a task or journal, not an event
                }
                remember(href, f.etag(), f.body());
                components.addAll(components(series.get(), ref(href, f.etag())));
            } catch (MalformedEventException e) {
                quarantined.add(new QuarantinedItem(
                        href.getRawPath(), href.toString(), "unreadable iCalendar: " + e.getMessage()));
            }
        }
        return new PageContent(components, quarantined, unreadable);
    }

    /** A resource read: its URI, ETag and iCalendar text. */
    private record Fetched(URI uri, DavETag etag, String body) {}

    /**
     * Reads resources with calendar-multiget, trying those answered 404 again (twice, after a
     * pause: iCloud lists hrefs before it serves them); what is still unreadable is in {@code
     * problems} with the reason.
     */
    private Map<URI, Fetched> read(URI collection, List<URI> hrefs, Map<URI, String> problems) {
        Map<URI, Fetched> found = new LinkedHashMap<>();
        List<URI> pending = hrefs;
        for (int round = 0; ; round++) {
            Map<URI, String> missing = new LinkedHashMap<>();
            for (int i = 0; i < pending.size(); i += multigetBatchSize) {
                multiget(
                        collection,
                        pending.subList(i, Math.min(pending.size(), i + multigetBatchSize)),
                        found,
                        missing);
            }
            if (missing.isEmpty() || round >= Math.min(LAG_RETRIES, retryPolicy.maxAttempts() - 1)) {
                problems.putAll(missing);
                return found;
            }
            pause(round + 1, "calendar-multiget of " + missing.size() + " listed resources answered 404");
            pending = new ArrayList<>(missing.keySet());
        }
    }

    private void multiget(URI collection, List<URI> batch, Map<URI, Fetched> found, Map<URI, String> missing) {
        DavResponse r = client.report(collection, null, DavRequests.calendarMultiget(batch));
        if (r.status() == 207) {
            Map<URI, DavMultiStatus.Entry> byUri = new HashMap<>();
            for (DavMultiStatus.Entry e : r.multiStatus().members(collection)) {
                byUri.put(e.uri(), e);
            }
            for (URI href : batch) {
                DavMultiStatus.Entry e = byUri.get(href);
                if (e == null) {
                    missing.put(href, "calendar-multiget did not answer for it");
                } else if (!e.succeeded()) {
                    int status = e.status() != 0
                            ? e.status()
                            : e.propStats().isEmpty() ? 0 : e.propStats().get(0).status();
                    missing.put(
                            href,
                            "calendar-multiget answered " + status
                                    + " for it (not yet readable, or deleted meanwhile)");
                } else if (e.props().calendarData() == null) {
                    missing.put(href, "calendar-multiget returned no calendar-data for it");
                } else {
                    found.put(href, new Fetched(href, e.etag(), e.props().calendarData()));
                }
            }
            return;
        }
        if (r.status() == 404 || r.status() == 410) {
            // sabre/dav 1.8 fails the whole multiget when one href is missing: split it.
            if (batch.size() > 1) {
                int half = batch.size() / 2;
                multiget(collection, batch.subList(0, half), found, missing);
                multiget(collection, batch.subList(half, batch.size()), found, missing);
                return;
            }
            URI href = batch.get(0);
            DavResponse g = client.get(href);
            if (g.status() == 200) {
                found.put(href, new Fetched(href, g.etag(), g.body()));
            } else if (g.status() == 404 || g.status() == 410) {
                missing.put(href, "GET answered " + g.status() + " (not yet readable, or deleted meanwhile)");
            } else {
                throw failure(collection, "GET " + Hrefs.redacted(href), g);
            }
            return;
        }
        throw failure(collection, "REPORT calendar-multiget", r);
    }

    private void pause(int attempt, String why) {
        Duration wait = retryPolicy.delayAfter(attempt, null, random);
        log.debug("{}; trying again in {} ms", why, wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientProviderException(why + "; interrupted while waiting", null, e);
        }
    }

    /** The components a listing shows for a series: its components and its cancelled occurrences. */
    static List<RemoteComponent> components(EventSeries s, RemoteRef ref) {
        List<RemoteComponent> out = new ArrayList<>();
        s.components().forEach(c -> out.add(new RemoteComponent(c, ref)));
        for (RecurrenceId rid : s.cancelledOccurrences()) {
            if (s.override(rid).isEmpty()) {
                out.add(new RemoteComponent(cancelledOccurrence(s.uid(), rid), ref));
            }
        }
        return out;
    }

    private static EventComponent cancelledOccurrence(String uid, RecurrenceId rid) {
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

    // ------------------------------------------------------------------ fetch

    /**
     * {@inheritDoc}
     *
     * <p>Tries the hrefs in {@code known}, then the href derived from the UID ({@link
     * #resourceNameFor}), then a {@code calendar-query} on the UID (a server that cannot filter
     * on UIDs answers with every event, which is then searched). Empty only when that search found
     * nothing; a resource that holds the UID but cannot be read is a {@link ProviderException}, not
     * an absence.
     */
    @Override
    public Optional<RemoteSeries> fetchSeries(String calendarId, String uid, List<RemoteRef> known) {
        Objects.requireNonNull(uid, "uid");
        URI collection = collection(calendarId);
        Set<URI> candidates = new LinkedHashSet<>();
        for (RemoteRef ref : known == null ? List.<RemoteRef>of() : known) {
            resource(collection, ref).ifPresent(candidates::add);
        }
        candidates.add(Hrefs.child(collection, resourceNameFor(uid)));
        for (URI href : candidates) {
            DavResponse r = client.get(href);
            if (r.status() == 404 || r.status() == 410) {
                continue;
            }
            if (r.status() != 200) {
                throw failure(collection, "GET " + Hrefs.redacted(href), r);
            }
            Optional<RemoteSeries> s = seriesIn(href, r.etag(), r.body(), uid);
            if (s.isPresent()) {
                return s;
            }
        }
        DavResponse q = client.report(collection, DavDepth.ONE, DavRequests.calendarQueryByUid(uid));
        if (q.status() == 207) {
            for (DavMultiStatus.Entry e : q.multiStatus().members(collection)) {
                if (e.succeeded() && e.props().calendarData() != null) {
                    Optional<RemoteSeries> s =
                            seriesIn(e.uri(), e.etag(), e.props().calendarData(), uid);
                    if (s.isPresent()) {
                        return s;
                    }
                }
            }
            return Optional.empty();
        }
        if (q.status() == 404 || q.status() == 410) {
            throw failure(collection, "REPORT calendar-query", q);
        }
        log.debug("calendar-query on {} answered {}; searching every resource", Hrefs.redacted(collection), q.status());
        return scan(collection, uid);
    }

    /** Searches every resource of the calendar for the UID. */
    private Optional<RemoteSeries> scan(URI collection, String uid) {
        DavResponse r = client.propfind(collection, DavDepth.ONE, DavRequests.propfindEtags());
        if (r.status() != 207) {
            throw failure(collection, "PROPFIND (Depth 1) of the calendar's ETags", r);
        }
        List<URI> hrefs = new ArrayList<>();
        r.multiStatus().members(collection).forEach(e -> hrefs.add(e.uri()));
        Map<URI, String> problems = new LinkedHashMap<>();
        Map<URI, Fetched> found = hrefs.isEmpty() ? Map.of() : read(collection, hrefs, problems);
        for (Fetched f : found.values()) {
            Optional<RemoteSeries> s = seriesIn(f.uri(), f.etag(), f.body(), uid);
            if (s.isPresent()) {
                return s;
            }
        }
        if (!problems.isEmpty()) {
            throw new TransientProviderException(
                    "cannot tell whether " + Hrefs.redacted(collection) + " holds " + uid + ": " + problems.size()
                            + " resources could not be read",
                    null);
        }
        return Optional.empty();
    }

    /** The series {@code uid} if the body holds it; a body that cannot be read but names the UID throws. */
    private Optional<RemoteSeries> seriesIn(URI href, DavETag etag, String body, String uid) {
        try {
            Optional<EventSeries> s = ICalendarCodec.parse(body);
            if (s.isEmpty() || !s.get().uid().equals(uid)) {
                return Optional.empty();
            }
            remember(href, etag, body);
            return Optional.of(RemoteSeries.inOneResource(s.get(), ref(href, etag)));
        } catch (MalformedEventException e) {
            if (body.contains(uid)) {
                throw new ProviderException(
                        Hrefs.redacted(href) + " seems to hold " + uid + " but cannot be read: " + e.getMessage(), e);
            }
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ writes

    /**
     * {@inheritDoc}
     *
     * <p>PUT with {@code If-None-Match: *} at {@link #resourceNameFor}{@code (uid)} in the calendar.
     *
     * @throws ProviderException if the server refuses the body, or the UID is held by a resource of
     *     another calendar of the account (iCloud)
     */
    @Override
    public WriteOutcome createSeries(String calendarId, EventSeries series) {
        Objects.requireNonNull(series, "series");
        URI collection = collection(calendarId);
        URI href = Hrefs.child(collection, resourceNameFor(series.uid()));
        String body = ICalendarCodec.render(series, null);
        DavResponse r = client.put(href, body, null, true);
        String what = "PUT (create) " + Hrefs.redacted(href);
        if (r.status() == 207) {
            DavMultiStatus ms = r.multiStatus();
            if (!ms.allSucceeded()) {
                DavMultiStatus.Entry failed = ms.firstFailure().orElseThrow();
                if (innerStatus(failed) == 412
                        && (failed.error().uidConflict()
                                || failed.error().conditions().isEmpty())) {
                    return uidConflict(collection, failed.error(), what);
                }
                throw new ProviderException(what + " answered 207 with " + describe(failed));
            }
        } else if (r.status() == 412) {
            return new WriteOutcome.AlreadyExists();
        } else if (r.error().uidConflict()) {
            return uidConflict(collection, r.error(), what);
        } else if (!r.isSuccess()) {
            throw writeFailure(collection, what, r);
        }
        return new WriteOutcome.Written(written(href, r, series, body));
    }

    private WriteOutcome uidConflict(URI collection, DavError error, String what) {
        Optional<URI> holder = error.uidConflictHref().flatMap(h -> Hrefs.resolve(collection, h));
        if (holder.isPresent() && !Hrefs.isMember(collection, holder.get())) {
            throw new ProviderException(what + ": the UID is held by " + Hrefs.redacted(holder.get())
                    + " in another calendar of the account (no-uid-conflict)");
        }
        return new WriteOutcome.AlreadyExists();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the resource's current body (unless this provider read or wrote it at that ETag
     * already), renders {@code desired} over it so that unmapped properties survive, and PUTs it
     * with {@code If-Match}.
     */
    @Override
    public WriteOutcome updateSeries(String calendarId, SeriesVersion current, EventSeries desired) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(desired, "desired");
        if (!current.uid().equals(desired.uid())) {
            throw new IllegalArgumentException("current is " + current.uid() + ", desired is " + desired.uid());
        }
        URI collection = collection(calendarId);
        RemoteRef ref = onlyRef(current);
        URI href = hrefOf(collection, current, ref);
        String etag = ref == null ? null : usable(ref.etag());
        String previous;
        CachedBody cached = cached(href);
        if (cached != null && etag != null && etag.equals(cached.etag())) {
            previous = cached.body();
        } else {
            DavResponse g = client.get(href);
            if (g.status() == 404 || g.status() == 410) {
                requireCollection(collection, "GET " + Hrefs.redacted(href));
                return new WriteOutcome.NotFound();
            }
            if (g.status() != 200) {
                throw failure(collection, "GET " + Hrefs.redacted(href), g);
            }
            if (etag != null && (g.etag() == null || !etag.equals(g.etag().value()))) {
                return new WriteOutcome.PreconditionFailed();
            }
            previous = g.body();
        }
        String body = ICalendarCodec.render(desired, previous);
        DavResponse r = client.put(href, body, etag, false);
        String what = "PUT (update) " + Hrefs.redacted(href);
        if (r.status() == 207) {
            DavMultiStatus ms = r.multiStatus();
            if (!ms.allSucceeded()) {
                DavMultiStatus.Entry failed = ms.firstFailure().orElseThrow();
                if (innerStatus(failed) == 412 && failed.error().conditions().isEmpty()) {
                    return goneOrChanged(href);
                }
                throw new ProviderException(what + " answered 207 with " + describe(failed));
            }
        } else if (r.status() == 412) {
            return goneOrChanged(href);
        } else if (r.status() == 404 || r.status() == 410) {
            requireCollection(collection, what);
            return new WriteOutcome.NotFound();
        } else if (!r.isSuccess()) {
            throw writeFailure(collection, what, r);
        }
        return new WriteOutcome.Written(written(href, r, desired, body));
    }

    /**
     * {@inheritDoc}
     *
     * <p>DELETE with {@code If-Match}.
     */
    @Override
    public WriteOutcome deleteSeries(String calendarId, SeriesVersion current) {
        Objects.requireNonNull(current, "current");
        URI collection = collection(calendarId);
        RemoteRef ref = onlyRef(current);
        URI href = hrefOf(collection, current, ref);
        String etag = ref == null ? null : usable(ref.etag());
        DavResponse r = client.delete(href, etag);
        forget(href);
        String what = "DELETE " + Hrefs.redacted(href);
        if (r.status() == 207) {
            DavMultiStatus ms = r.multiStatus();
            if (!ms.allSucceeded()) {
                DavMultiStatus.Entry failed = ms.firstFailure().orElseThrow();
                if (innerStatus(failed) == 412) {
                    return goneOrChanged(href);
                }
                if (failed.notFound()) {
                    requireCollection(collection, what);
                    return new WriteOutcome.NotFound();
                }
                throw new ProviderException(what + " answered 207 with " + describe(failed));
            }
            return new WriteOutcome.Deleted();
        }
        if (r.status() == 404 || r.status() == 410) {
            requireCollection(collection, what);
            return new WriteOutcome.NotFound();
        }
        if (r.status() == 412) {
            return goneOrChanged(href);
        }
        if (!r.isSuccess()) {
            throw writeFailure(collection, what, r);
        }
        return new WriteOutcome.Deleted();
    }

    /** After a 412 (some servers answer 412 for a missing resource too): NotFound or PreconditionFailed. */
    private WriteOutcome goneOrChanged(URI href) {
        forget(href);
        DavResponse g = client.get(href);
        return g.status() == 404 || g.status() == 410
                ? new WriteOutcome.NotFound()
                : new WriteOutcome.PreconditionFailed();
    }

    /** How a written series stands: its ETag from the PUT, or read with a PROPFIND (iCloud sends none). */
    private RemoteSeries written(URI href, DavResponse put, EventSeries series, String body) {
        DavETag etag = put.etag() != null && put.etag().usableForIfMatch() ? put.etag() : null;
        if (etag == null) {
            DavResponse p = client.propfind(href, DavDepth.ZERO, DavRequests.propfindEtags());
            if (p.status() == 207) {
                etag = own(p.multiStatus(), href)
                        .map(DavMultiStatus.Entry::etag)
                        .filter(DavETag::usableForIfMatch)
                        .orElse(null);
            }
            forget(href); // the server may have changed the body: read it again before the next update
        } else {
            remember(href, etag, body);
        }
        EventSeries stored = series;
        try {
            stored = ICalendarCodec.parse(body).orElse(series);
        } catch (MalformedEventException e) {
            log.warn("calsync cannot read back what it wrote to {}: {}", Hrefs.redacted(href), e.getMessage());
        }
        return RemoteSeries.inOneResource(stored, ref(href, etag));
    }

    // ------------------------------------------------------------------ helpers

    private static RemoteRef onlyRef(SeriesVersion current) {
        Set<String> ids = new TreeSet<>();
        RemoteRef any = null;
        for (RemoteRef r : current.refs()) {
            ids.add(r.remoteId());
            any = r;
        }
        if (ids.size() > 1) {
            throw new IllegalArgumentException("series " + current.uid() + " is one resource, not " + ids);
        }
        if (any == null) {
            return null;
        }
        // Several refs of one resource may differ in ETag only if the caller mixed versions: use the first.
        return current.refs().iterator().next();
    }

    /** Where the series of {@code current} lives: its reference, or the href derived from its UID. */
    private URI hrefOf(URI collection, SeriesVersion current, RemoteRef ref) {
        if (ref == null) {
            return Hrefs.child(collection, resourceNameFor(current.uid()));
        }
        Optional<URI> href = resource(collection, ref);
        if (href.isEmpty()) {
            requireCollection(collection, "a write of " + current.uid());
            throw new IllegalArgumentException(ref.remoteId() + " is not a resource of " + Hrefs.redacted(collection));
        }
        return href.get();
    }

    private static String usable(String etag) {
        DavETag e = DavETag.of(etag);
        return e != null && e.usableForIfMatch() ? e.value() : null;
    }

    private static int innerStatus(DavMultiStatus.Entry e) {
        if (e.status() != 0) {
            return e.status();
        }
        return e.propStats().stream()
                .mapToInt(DavMultiStatus.PropStat::status)
                .filter(s -> s / 100 != 2)
                .findFirst()
                .orElse(0);
    }

    private static String describe(DavMultiStatus.Entry e) {
        StringBuilder sb = new StringBuilder("status ").append(innerStatus(e));
        e.error().conditions().forEach(c -> sb.append(", ").append(c.name().getLocalPart()));
        if (e.description() != null) {
            sb.append(" (").append(e.description()).append(')');
        }
        return sb.toString();
    }

    /** The entry of a multistatus for {@code uri} itself, or its only entry. */
    private static Optional<DavMultiStatus.Entry> own(DavMultiStatus ms, URI uri) {
        for (DavMultiStatus.Entry e : ms.responses()) {
            if (e.uri() != null && Hrefs.sameResource(e.uri(), uri)) {
                return Optional.of(e);
            }
        }
        return ms.responses().size() == 1 ? Optional.of(ms.responses().get(0)) : Optional.empty();
    }

    /** The collection a calendar id names, in canonical form with a trailing slash. */
    private URI collection(String calendarId) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(calendarId, "calendarId"));
        } catch (URISyntaxException e) {
            throw new CalendarAccessException(
                    CalendarAccessException.Reason.INVALID_CALENDAR_ID, "not a calendar URL: " + calendarId);
        }
        if (!client.allowed(uri)) {
            throw new CalendarAccessException(
                    CalendarAccessException.Reason.INVALID_CALENDAR_ID,
                    "the calendar " + calendarId + " is not a URL on the account's server or an allowed host");
        }
        try {
            return withSlash(Hrefs.canonical(uri));
        } catch (IllegalArgumentException e) {
            throw new CalendarAccessException(
                    CalendarAccessException.Reason.INVALID_CALENDAR_ID, "not a usable calendar URL: " + calendarId);
        }
    }

    private static URI withSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? uri : URI.create(s + "/");
    }

    /** Where a reference points, if it names a member of the collection. */
    private static Optional<URI> resource(URI collection, RemoteRef ref) {
        if (ref.resourceUrl() != null) {
            Optional<URI> u = Hrefs.member(collection, collection, ref.resourceUrl());
            if (u.isPresent()) {
                return u;
            }
        }
        return Hrefs.member(collection, collection, ref.remoteId());
    }

    /** The reference of a resource: the path as remote id, the URL, the ETag if strong. */
    static RemoteRef ref(URI resource, DavETag etag) {
        String tag = etag != null && etag.usableForIfMatch() ? etag.value() : null;
        return new RemoteRef(resource.getRawPath(), tag, resource.toString());
    }

    /** Fails with CalendarAccessException if the collection is gone or forbidden. */
    private void requireCollection(URI collection, String request) {
        DavResponse r = client.propfind(collection, DavDepth.ZERO, DavRequests.propfindCollectionState());
        if (r.status() == 207) {
            // Xandikos answers a PROPFIND of a missing collection with a 207 holding a 404.
            Optional<DavMultiStatus.Entry> own = own(r.multiStatus(), collection);
            if (own.isEmpty()
                    || own.get().succeeded()
                    || !own.get().propStats().isEmpty() && own.get().status() == 0) {
                return;
            }
            r = new DavResponse(r.method(), own.get().status(), r.uri(), null, null, null, null, "");
        }
        throw failure(collection, request + " (then PROPFIND of the calendar)", r);
    }

    private ProviderException writeFailure(URI collection, String what, DavResponse r) {
        if (r.status() == 403 || r.status() == 404 || r.status() == 409) {
            requireCollection(collection, what);
        }
        return failure(collection, what, r);
    }

    /** The exception for an unexpected answer: access problems are CalendarAccessExceptions. */
    static ProviderException failure(URI collection, String request, DavResponse r) {
        int s = r.status();
        String what = request + " on calendar " + Hrefs.redacted(collection) + " answered " + s;
        if (s == 404 || s == 410) {
            return new CalendarAccessException(
                    CalendarAccessException.Reason.NOT_FOUND, what + ": the calendar does not exist");
        }
        if (s == 403) {
            return new CalendarAccessException(
                    CalendarAccessException.Reason.FORBIDDEN, what + ": access is forbidden");
        }
        if (s == 401) {
            return new CalendarAccessException(
                    CalendarAccessException.Reason.CREDENTIALS_REFUSED, what + ": the credentials were refused");
        }
        if (s >= 500 || s == 429) {
            return new TransientProviderException(what, r.retryAfter());
        }
        DavError error = r.error();
        if (!error.conditions().isEmpty()) {
            StringBuilder sb = new StringBuilder(what).append(" (");
            error.conditions().forEach(c -> sb.append(c.name().getLocalPart()).append(' '));
            return new ProviderException(sb.toString().strip() + ")");
        }
        return new ProviderException(what);
    }

    private CachedBody cached(URI href) {
        synchronized (bodies) {
            return bodies.get(href);
        }
    }

    private void remember(URI href, DavETag etag, String body) {
        if (etag == null || !etag.usableForIfMatch()) {
            return;
        }
        synchronized (bodies) {
            bodies.put(href, new CachedBody(etag.value(), body));
        }
    }

    private void forget(URI href) {
        synchronized (bodies) {
            bodies.remove(href);
        }
    }

    /** Releases the connections and wipes the provider's copy of the password. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "CalDavCalendarProvider[" + Hrefs.redacted(serverUri) + "]";
    }

    /**
     * Configures a {@link CalDavCalendarProvider}. Required: {@link #serverUri}. Defaults: no
     * credentials, no other hosts, connect timeout 10 s, response timeout 60 s, {@link
     * RetryPolicy#DEFAULT}, {@link Sleeper#THREAD}, multiget batches of 50.
     */
    public static final class Builder {
        private URI serverUri;
        private String username;
        private char[] password;
        private final List<String> allowedHosts = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofSeconds(60);
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Sleeper sleeper = Sleeper.THREAD;
        private int multigetBatchSize = 50;

        private Builder() {}

        /**
         * Where discovery starts and where credentials may always go: a user's URL (a principal or
         * calendar home) or the server's root, http or https.
         *
         * @param serverUri the server's or the user's URL
         * @return this builder
         */
        public Builder serverUri(URI serverUri) {
            Objects.requireNonNull(serverUri, "serverUri");
            String scheme =
                    serverUri.getScheme() == null ? "" : serverUri.getScheme().toLowerCase(Locale.ROOT);
            if (!serverUri.isAbsolute()
                    || serverUri.getHost() == null
                    || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new IllegalArgumentException(
                        "the server URI must be an absolute http(s) URI: " + Hrefs.redacted(serverUri));
            }
            if (serverUri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("put credentials in credentials(), not in the URI");
            }
            this.serverUri = serverUri;
            return this;
        }

        /**
         * The account's user name and password (copied), sent only to the server and allowed hosts.
         *
         * @param username the user name
         * @param password the password, copied
         * @return this builder
         */
        public Builder credentials(String username, char[] password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * The account's user name and password; see {@link #credentials(String, char[])}.
         *
         * @param username the user name
         * @param password the password
         * @return this builder
         */
        public Builder credentials(String username, String password) {
            return credentials(
                    username, Objects.requireNonNull(password, "password").toCharArray());
        }

        /**
         * Hosts besides the server's that requests and credentials may go to (https only): exact
         * names, or {@code *.domain} for any host below a domain of at least two labels.
         *
         * @param patterns host names or {@code *.domain} patterns
         * @return this builder
         */
        public Builder allowHosts(String... patterns) {
            allowedHosts.addAll(List.of(patterns));
            return this;
        }

        /**
         * How long to wait for a connection.
         *
         * @param timeout the connect timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * How long to wait for the data of an answer.
         *
         * @param timeout the response timeout
         * @return this builder
         */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * How often and how long to retry answers that may pass (429, 503, 5xx on reads, lost connections).
         *
         * @param retryPolicy the provider's own retry policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * What waits between retries (tests pass one that returns at once).
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * How many resources one calendar-multiget asks for, and so how many resources a listing page
         * holds at most; default 50.
         *
         * @param size resources per multiget, positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder multigetBatchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("the multiget batch size must be positive: " + size);
            }
            this.multigetBatchSize = size;
            return this;
        }

        /**
         * The provider. The builder's copy of the password is wiped afterwards.
         *
         * @return the provider
         * @throws IllegalStateException without a server URI
         */
        public CalDavCalendarProvider build() {
            if (serverUri == null) {
                throw new IllegalStateException("serverUri is required");
            }
            try {
                return new CalDavCalendarProvider(this);
            } finally {
                if (password != null) {
                    java.util.Arrays.fill(password, '\0');
                    password = null;
                }
            }
        }

        /** The server, without credentials. */
        @Override
        public String toString() {
            return "CalDavCalendarProvider.Builder[" + (serverUri == null ? "no server" : Hrefs.redacted(serverUri))
                    + "]";
        }
    }
}
