package dev.calsync.caldav.internal;

import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.core.sync.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicAuthCache;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CalDAV client: WebDAV methods over Apache HttpClient 5 (classic), one account's credentials,
 * and the rules about where they may go.
 *
 * <p><b>Where requests go.</b> Only to the origin (scheme, host, port) of the configured URI and to
 * hosts on the allow-list ({@code p01-caldav.icloud.com} exactly, or {@code *.icloud.com} for any
 * subdomain), the latter only over https unless the origin itself is http (local test servers); an
 * https origin is never downgraded to http. A request to any other URI fails with {@link
 * DavProtocolException} before anything is sent. Basic credentials are sent preemptively to those
 * hosts only (through a per-request {@code AuthCache}/{@code CredentialsProvider} scoped to the target
 * host; Digest works through the challenge).
 *
 * <p><b>Redirects</b> are followed by this class, never by HttpClient, and only to allowed URIs
 * (another host is a {@link DavProtocolException}), at most 5 hops. GET, PROPFIND and REPORT follow
 * 301, 302, 303, 307 and 308 keeping method and body (a PROPFIND on {@code /.well-known/caldav} must
 * stay a PROPFIND); PUT, DELETE and MKCALENDAR follow only 307 and 308, and otherwise get the 3xx
 * back. {@link DavResponse#uri()} is the URI that answered.
 *
 * <p><b>Retries</b> use the {@link RetryPolicy} and the {@link Sleeper}: 429 and 503 are retried for
 * every method (the server did not act), waiting at least the {@code Retry-After}; no answer (I/O
 * error, timeout) and 500, 502, 504 are retried only for the idempotent GET, PROPFIND and REPORT.
 * PUT, DELETE and MKCALENDAR are not retried then: the first attempt may have been applied, and a
 * repeat would answer 412, 404 or 405 for the caller's own change; the caller refetches instead. When
 * the attempts are spent, or the server asks for a wait longer than the policy's {@code maxDelay},
 * a {@link DavTransientException} carries the last answer and the {@code Retry-After}.
 *
 * <p><b>Statuses</b> come back as {@link DavResponse}s, except 401, which is a {@link
 * CalendarAccessException} naming the request (never the password).
 *
 * <p><b>Logging</b>: one SLF4J DEBUG line per exchange (method, URI without query, status, body
 * size, time); never a body or a header value. (HttpClient's own {@code org.apache.hc.client5.http.headers}
 * logger would print the Authorization header at DEBUG: keep it off.)
 *
 * <p>Thread-safe; at most {@code maxConnectionsPerHost} requests in flight per host.
 */
public final class DavClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DavClient.class);
    private static final int MAX_REDIRECTS = 5;
    private static final ContentType XML = ContentType.parse("application/xml; charset=utf-8");
    private static final ContentType ICALENDAR = ContentType.parse("text/calendar; charset=utf-8");
    private static final Set<String> IDEMPOTENT = Set.of("GET", "PROPFIND", "REPORT");

    private final URI origin;
    private final String username;
    private final char[] password;
    private final List<String> allowedHosts;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Clock clock;
    private final long maxBodyBytes;
    private final CloseableHttpClient http;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();

    private DavClient(Builder b) {
        this.origin = b.origin;
        this.username = b.username;
        this.password = b.password == null ? null : b.password.clone();
        this.allowedHosts = List.copyOf(b.allowedHosts);
        this.retryPolicy = b.retryPolicy;
        this.sleeper = b.sleeper;
        this.random = b.random;
        this.clock = b.clock;
        this.maxBodyBytes = b.maxBodyBytes;
        ConnectionConfig connectionConfig = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(b.connectTimeout))
                .setSocketTimeout(Timeout.of(b.responseTimeout))
                .build();
        RequestConfig requestConfig = RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setResponseTimeout(Timeout.of(b.responseTimeout))
                .setConnectionRequestTimeout(Timeout.of(b.responseTimeout))
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(b.maxConnectionsPerHost)
                        .setMaxConnTotal(b.maxConnectionsPerHost * 4)
                        .setDefaultConnectionConfig(connectionConfig)
                        .build())
                .setDefaultRequestConfig(requestConfig)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent(b.userAgent)
                .build();
    }

    /**
     * Starts configuring a client.
     *
     * @param origin the account's URI (e.g. {@code https://caldav.icloud.com/}); its scheme, host and
     *     port are where credentials always may go
     */
    public static Builder builder(URI origin) {
        return new Builder(origin);
    }

    /** The configured origin URI. */
    public URI origin() {
        return origin;
    }

    /** How many HTTP requests this client sent: every attempt and every redirect hop counts. */
    public long requests() {
        return requests.get();
    }

    /** How many body bytes this client received (after content decoding), in all. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /**
     * Whether requests (and credentials) may go to the URI: the origin, or an allow-listed host over
     * https (or over http when the origin is http).
     */
    public boolean allowed(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return false;
        }
        if (Hrefs.sameOrigin(origin, uri)) {
            return true;
        }
        if (!scheme.equals("https") && !origin.getScheme().equalsIgnoreCase("http")) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        for (String pattern : allowedHosts) {
            if (pattern.startsWith("*.")) {
                String suffix = pattern.substring(1);
                if (host.endsWith(suffix) && host.length() > suffix.length()) {
                    return true;
                }
            } else if (host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /**
     * PROPFIND.
     *
     * @param uri the resource
     * @param depth the Depth header
     * @param body the request body (see {@link DavRequests}), sent as {@code application/xml}
     */
    public DavResponse propfind(URI uri, DavDepth depth, String body) {
        Objects.requireNonNull(depth, "depth");
        return execute("PROPFIND", uri, depth, xml(body), XML, null, false);
    }

    /**
     * REPORT.
     *
     * @param uri the collection
     * @param depth the Depth header, or null for none (calendar-multiget SHOULD NOT send one)
     * @param body the report (see {@link DavRequests}), sent as {@code application/xml}
     */
    public DavResponse report(URI uri, DavDepth depth, String body) {
        return execute("REPORT", uri, depth, xml(body), XML, null, false);
    }

    /** GET. */
    public DavResponse get(URI uri) {
        return execute("GET", uri, null, null, null, null, false);
    }

    /**
     * PUT of a calendar object resource, as {@code text/calendar; charset=utf-8}.
     *
     * @param uri the resource
     * @param icalendar the iCalendar text (CRLF line ends are the codec's business)
     * @param ifMatch the ETag the change is based on, sent verbatim as {@code If-Match}, or null
     * @param ifNoneMatchStar whether to send {@code If-None-Match: *} (create only)
     * @throws IllegalArgumentException if both conditions are given, or {@code ifMatch} is {@code *}
     *     or a weak ETag (servers answer 412 to those)
     */
    public DavResponse put(URI uri, String icalendar, String ifMatch, boolean ifNoneMatchStar) {
        Objects.requireNonNull(icalendar, "icalendar");
        checkIfMatch(ifMatch);
        if (ifMatch != null && ifNoneMatchStar) {
            throw new IllegalArgumentException("If-Match and If-None-Match: * together can never both hold");
        }
        return execute(
                "PUT", uri, null, icalendar.getBytes(StandardCharsets.UTF_8), ICALENDAR, ifMatch, ifNoneMatchStar);
    }

    /**
     * DELETE.
     *
     * @param uri the resource
     * @param ifMatch the ETag, sent verbatim as {@code If-Match}, or null for an unconditional delete
     * @throws IllegalArgumentException if {@code ifMatch} is {@code *} or a weak ETag
     */
    public DavResponse delete(URI uri, String ifMatch) {
        checkIfMatch(ifMatch);
        return execute("DELETE", uri, null, null, null, ifMatch, false);
    }

    /**
     * MKCALENDAR (RFC 4791 §5.3.1).
     *
     * @param uri the new calendar's URI
     * @param body the body ({@link DavRequests#mkcalendar}), or null for none
     */
    public DavResponse mkcalendar(URI uri, String body) {
        return execute(
                "MKCALENDAR", uri, null, body == null ? null : xml(body), body == null ? null : XML, null, false);
    }

    /** Closes the connections and wipes this client's copy of the password. */
    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    /** The origin and whether credentials are set; never the username or password. */
    @Override
    public String toString() {
        return "DavClient[" + Hrefs.redacted(origin) + (password != null ? ", with credentials" : "") + "]";
    }

    private static void checkIfMatch(String ifMatch) {
        if (ifMatch == null) {
            return;
        }
        DavETag tag = DavETag.of(ifMatch);
        if (tag == null || !tag.usableForIfMatch()) {
            throw new IllegalArgumentException("If-Match needs a strong ETag, not " + ifMatch);
        }
    }

    private static byte[] xml(String body) {
        Objects.requireNonNull(body, "body");
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private DavResponse execute(
            String method,
            URI uri,
            DavDepth depth,
            byte[] body,
            ContentType contentType,
            String ifMatch,
            boolean ifNoneMatchStar) {
        Objects.requireNonNull(uri, "uri");
        String what = method + " " + Hrefs.redacted(uri);
        for (int attempt = 1; ; attempt++) {
            DavResponse response;
            try {
                response = followRedirects(method, uri, depth, body, contentType, ifMatch, ifNoneMatchStar);
            } catch (IOException e) {
                String why = what + " got no answer (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
                if (!IDEMPOTENT.contains(method) || attempt >= retryPolicy.maxAttempts()) {
                    throw new DavTransientException(
                            why + (IDEMPOTENT.contains(method) ? " after " + attempt + " attempts" : ""),
                            null,
                            null,
                            e);
                }
                pause(attempt, null, why, null);
                continue;
            }
            int status = response.status();
            if (status == 401) {
                throw new CalendarAccessException(
                        CalendarAccessException.Reason.CREDENTIALS_REFUSED,
                        what + " answered 401 Unauthorized: the server refused the"
                                + " credentials (iCloud needs an app-specific password)");
            }
            boolean retried = status == 429
                    || status == 503
                    || (IDEMPOTENT.contains(method) && (status == 500 || status == 502 || status == 504));
            if (!retried) {
                return response;
            }
            Duration retryAfter = response.retryAfter();
            String why = what + " answered " + status;
            if (attempt >= retryPolicy.maxAttempts()) {
                throw new DavTransientException(why + " after " + attempt + " attempts", retryAfter, response, null);
            }
            if (retryAfter != null && retryAfter.compareTo(retryPolicy.maxDelay()) > 0) {
                throw new DavTransientException(
                        why + " and asked to wait " + retryAfter.toSeconds()
                                + " s, longer than the retry policy allows",
                        retryAfter,
                        response,
                        null);
            }
            pause(attempt, retryAfter, why, response);
        }
    }

    private void pause(int attempt, Duration retryAfter, String why, DavResponse response) {
        Duration wait = retryPolicy.delayAfter(attempt, retryAfter, random);
        log.debug("{}, retrying in {} ms", why, wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DavTransientException(why + "; interrupted while waiting to retry", retryAfter, response, e);
        }
    }

    private DavResponse followRedirects(
            String method,
            URI uri,
            DavDepth depth,
            byte[] body,
            ContentType contentType,
            String ifMatch,
            boolean ifNoneMatchStar)
            throws IOException {
        URI current = uri;
        for (int hop = 0; ; hop++) {
            if (!allowed(current)) {
                throw new DavProtocolException("refusing " + method + " " + Hrefs.redacted(current)
                        + (hop == 0 ? "" : " (redirected from " + Hrefs.redacted(uri) + ")")
                        + ": not the account's origin " + Hrefs.redacted(origin)
                        + " nor an allowed host, so credentials may not go there");
            }
            DavResponse response = send(method, current, depth, body, contentType, ifMatch, ifNoneMatchStar);
            int status = response.status();
            boolean follows = IDEMPOTENT.contains(method)
                    ? status == 301 || status == 302 || status == 303 || status == 307 || status == 308
                    : status == 307 || status == 308;
            if (!follows || response.location() == null) {
                return response;
            }
            if (hop >= MAX_REDIRECTS) {
                throw new DavProtocolException(
                        method + " " + Hrefs.redacted(uri) + " was redirected more than " + MAX_REDIRECTS + " times");
            }
            URI next = response.locationUri()
                    .orElseThrow(() -> new DavProtocolException(method + " " + Hrefs.redacted(response.uri())
                            + " was redirected to an unreadable Location"));
            log.debug("{} {} redirected ({}) to {}", method, Hrefs.redacted(current), status, Hrefs.redacted(next));
            current = next;
        }
    }

    private DavResponse send(
            String method,
            URI uri,
            DavDepth depth,
            byte[] body,
            ContentType contentType,
            String ifMatch,
            boolean ifNoneMatchStar)
            throws IOException {
        ClassicRequestBuilder rb = ClassicRequestBuilder.create(method).setUri(uri);
        if (depth != null) {
            rb.setHeader("Depth", depth.header());
        }
        if (ifMatch != null) {
            rb.setHeader("If-Match", ifMatch);
        }
        if (ifNoneMatchStar) {
            rb.setHeader("If-None-Match", "*");
        }
        if (body != null) {
            rb.setEntity(new ByteArrayEntity(body, contentType));
        }
        ClassicHttpRequest request = rb.build();
        HttpHost target =
                new HttpHost(uri.getScheme().toLowerCase(Locale.ROOT), uri.getHost(), Hrefs.effectivePort(uri));
        HttpClientContext context = HttpClientContext.create();
        if (username != null) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(
                    new AuthScope(target.getHostName(), target.getPort()),
                    new UsernamePasswordCredentials(username, password));
            context.setCredentialsProvider(credentials);
            BasicScheme basic = new BasicScheme(StandardCharsets.UTF_8);
            basic.initPreemptive(new UsernamePasswordCredentials(username, password));
            BasicAuthCache cache = new BasicAuthCache();
            cache.put(target, basic);
            context.setAuthCache(cache);
        }
        long started = System.nanoTime();
        requests.incrementAndGet();
        DavResponse response;
        try {
            response = http.execute(target, request, context, r -> read(method, uri, r));
        } catch (BodyTooLarge e) {
            throw new DavProtocolException("the answer to " + method + " " + Hrefs.redacted(uri) + " is larger than "
                    + maxBodyBytes + " bytes");
        }
        if (log.isDebugEnabled()) {
            log.debug(
                    "{} {} -> {} ({} chars, {} ms)",
                    method,
                    Hrefs.redacted(uri),
                    response.status(),
                    response.body().length(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        return response;
    }

    private DavResponse read(String method, URI uri, ClassicHttpResponse r) throws IOException {
        HttpEntity entity = r.getEntity();
        String body = "";
        String contentType = header(r, "Content-Type");
        if (entity != null) {
            byte[] bytes;
            try (InputStream in = entity.getContent()) {
                bytes = readCapped(in);
            }
            bytesReceived.addAndGet(bytes.length);
            body = new String(bytes, charset(contentType));
        }
        return new DavResponse(
                method,
                r.getCode(),
                uri,
                DavETag.of(header(r, "ETag")),
                header(r, "Location"),
                DavResponse.parseRetryAfter(header(r, "Retry-After"), clock.instant()),
                contentType,
                body);
    }

    /**
     * Reads a body of at most {@code maxBodyBytes}, in pieces joined at the end (no buffer that
     * doubles past the cap). Past the cap the connection is dropped, not drained: closing a body
     * HttpClient has not read to its end reads the rest, all of a hostile 100 MB answer.
     */
    private byte[] readCapped(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        List<byte[]> pieces = new ArrayList<>();
        byte[] buf = new byte[16384];
        long total = 0;
        for (int n; (n = in.read(buf)) != -1; ) {
            total += n;
            if (total > maxBodyBytes) {
                if (in instanceof EofSensorInputStream sensor) {
                    sensor.abort();
                }
                throw new BodyTooLarge();
            }
            pieces.add(Arrays.copyOf(buf, n));
        }
        byte[] body = new byte[(int) total];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, body, at, piece.length);
            at += piece.length;
        }
        return body;
    }

    private static String header(ClassicHttpResponse r, String name) {
        Header h = r.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            try {
                Charset c = ContentType.parse(contentType).getCharset();
                if (c != null) {
                    return c;
                }
            } catch (RuntimeException unreadable) {
                // fall through to UTF-8
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The body went over the cap. */
    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Configures a {@link DavClient}. Defaults: no credentials, no extra hosts, connect timeout 10 s,
     * response timeout 60 s, {@link RetryPolicy#DEFAULT}, {@link Sleeper#THREAD}, body cap 20 MB, 4
     * connections per host.
     */
    public static final class Builder {
        private final URI origin;
        private String username;
        private char[] password;
        private final List<String> allowedHosts = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofSeconds(60);
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Sleeper sleeper = Sleeper.THREAD;
        private RandomGenerator random = RandomGenerator.getDefault();
        private Clock clock = Clock.systemUTC();
        private long maxBodyBytes = 20L * 1024 * 1024;
        private int maxConnectionsPerHost = 4;
        private String userAgent = "calsync-caldav";
        private boolean built;

        private Builder(URI origin) {
            Objects.requireNonNull(origin, "origin");
            if (!origin.isAbsolute()
                    || origin.getHost() == null
                    || !(origin.getScheme().equalsIgnoreCase("https")
                            || origin.getScheme().equalsIgnoreCase("http"))) {
                throw new IllegalArgumentException(
                        "the origin must be an absolute http(s) URI: " + Hrefs.redacted(origin));
            }
            if (origin.getRawUserInfo() != null) {
                throw new IllegalArgumentException("put credentials in credentials(), not in the URI");
            }
            this.origin = origin;
        }

        /**
         * The account's credentials, sent as preemptive Basic (or Digest on challenge) to allowed
         * hosts only. The password array is copied.
         */
        public Builder credentials(String username, char[] password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /** The account's credentials; see {@link #credentials(String, char[])}. */
        public Builder credentials(String username, String password) {
            return credentials(
                    username, Objects.requireNonNull(password, "password").toCharArray());
        }

        /**
         * Hosts besides the origin's that requests and credentials may go to: an exact host name
         * ({@code p01-caldav.icloud.com}) or {@code *.} and a domain of at least two labels ({@code
         * *.icloud.com}: any host below it, not the domain itself).
         *
         * @throws IllegalArgumentException for a pattern like {@code *} or {@code *.com}
         */
        public Builder allowHosts(String... patterns) {
            for (String p : patterns) {
                String pattern = p.strip().toLowerCase(Locale.ROOT);
                boolean wildcard = pattern.startsWith("*.");
                String domain = wildcard ? pattern.substring(2) : pattern;
                if (domain.isEmpty()
                        || domain.contains("*")
                        || domain.contains("/")
                        || (wildcard && !domain.contains("."))) {
                    throw new IllegalArgumentException("not a host or *.domain pattern: " + p);
                }
                allowedHosts.add(pattern);
            }
            return this;
        }

        /** How long to wait for a connection. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        /** How long to wait for data of an answer. */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = positive(timeout);
            return this;
        }

        /** How often and how long to retry answers that may pass. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Waits between retries (tests record the waits instead). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Jitter for the retry waits. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The clock HTTP-date {@code Retry-After} values are measured against. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The largest body accepted; a larger one is a {@link DavProtocolException}. */
        public Builder maxBodyBytes(long max) {
            if (max < 1 || max > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("the body cap must be positive and fit an array: " + max);
            }
            this.maxBodyBytes = max;
            return this;
        }

        /** Requests in flight per host at most. */
        public Builder maxConnectionsPerHost(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("need at least one connection: " + max);
            }
            this.maxConnectionsPerHost = max;
            return this;
        }

        /** The User-Agent header. */
        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
            return this;
        }

        /**
         * The client. The builder's copy of the password is wiped, so a builder builds once.
         *
         * @throws IllegalStateException on a second call
         */
        public DavClient build() {
            if (built) {
                throw new IllegalStateException("this builder already built its client");
            }
            built = true;
            DavClient client = new DavClient(this);
            if (password != null) {
                Arrays.fill(password, '\0');
                password = null;
            }
            return client;
        }

        /** Builder state without credentials. */
        @Override
        public String toString() {
            return "DavClient.Builder[" + Hrefs.redacted(origin) + "]";
        }

        private static Duration positive(Duration d) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a timeout must be positive: " + d);
            }
            return d;
        }
    }
}
