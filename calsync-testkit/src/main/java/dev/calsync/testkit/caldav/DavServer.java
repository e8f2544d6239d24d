package dev.calsync.testkit.caldav;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.calsync.testkit.internal.PercentDecoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The HTTP side: one JDK {@link HttpServer} on 127.0.0.1 (two with {@link
 * CalDavEmulatorOptions#crossHostHomeSet()}: discovery, and the partition host serving the home),
 * authentication, faults, the request log, and the WebDAV/CalDAV methods over the {@link Store}.
 */
final class DavServer {
    private static final String XML_TYPE = "text/xml; charset=utf-8";
    private static final DateTimeFormatter UTC_BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");
    private static final List<String> WELL_KNOWN = List.of("/.well-known/caldav", "/.well-known/caldav/");
    private static final String DAV_HEADER = "1, 2, 3, calendar-access, extended-mkcol";

    private final Store store;
    private final CalDavFaults faults;
    private final CalDavEmulatorOptions options;
    private final Paths paths;
    private final ExecutorService executor;
    private final HttpServer discovery;
    private final HttpServer partition; // the same as discovery without crossHostHomeSet
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final String expectedAuth;

    DavServer(Store store, CalDavFaults faults) throws IOException {
        this.store = store;
        this.faults = faults;
        this.options = store.options;
        this.paths = store.layout;
        this.expectedAuth = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (options.username() + ":" + options.password()).getBytes(StandardCharsets.UTF_8));
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "caldav-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.discovery = start(options.crossHostHomeSet());
        this.partition = options.crossHostHomeSet() ? start(false) : discovery;
    }

    private HttpServer start(boolean discoveryOnly) throws IOException {
        // The JDK server writes headers and body apart: with Nagle's algorithm on, every answer waits
        // ~40 ms for a delayed ACK. Read once, when the JVM's first server starts; a host's own value wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        s.setExecutor(executor);
        s.createContext("/", ex -> exchange(ex, discoveryOnly));
        s.start();
        return s;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + discovery.getAddress().getPort() + "/");
    }

    /** The origin serving the calendar home: the partition host with cross-host, else the base. */
    String homeOrigin() {
        return "http://127.0.0.1:" + partition.getAddress().getPort();
    }

    void stop() {
        discovery.stop(0);
        if (partition != discovery) {
            partition.stop(0);
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized void clearRequests() {
        requests.clear();
    }

    private synchronized void record(RecordedRequest r) {
        requests.add(r);
    }

    // ------------------------------------------------------------------------------------------

    /** A response. */
    record Resp(int status, Map<String, String> headers, byte[] body) {
        static Resp of(int status) {
            return new Resp(status, Map.of(), new byte[0]);
        }

        static Resp text(int status, String text) {
            return new Resp(
                    status, Map.of("Content-Type", "text/plain; charset=utf-8"), text.getBytes(StandardCharsets.UTF_8));
        }

        static Resp xml(int status, String xml) {
            return new Resp(status, Map.of("Content-Type", XML_TYPE), xml.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Thrown to make the JDK server close the connection without a response. */
    private static final class Drop extends IOException {
        private static final long serialVersionUID = 1L;

        Drop() {
            super("connection dropped by an injected fault", null);
        }
    }

    private void exchange(HttpExchange ex, boolean discoveryOnly) throws IOException {
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = ex.getRequestURI().getRawPath();
        String path = PercentDecoding.decode(rawPath);
        String depth = ex.getRequestHeaders().getFirst("Depth");
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        CalDavFaults.Fault fault = faults.take(new RecordedRequest(method, path, depth, 0, 0));
        if (fault != null && fault.drop()) {
            record(new RecordedRequest(method, path, depth, 0, 0));
            ex.close();
            throw new Drop();
        }
        Resp resp;
        if (fault != null) {
            Map<String, String> h = new LinkedHashMap<>();
            Duration ra = fault.retryAfter();
            if (ra != null) {
                h.put("Retry-After", Long.toString(ra.getSeconds() + (ra.getNano() > 0 ? 1 : 0)));
            }
            h.put("Content-Type", "text/plain; charset=utf-8");
            resp = new Resp(503, h, "Service Unavailable".getBytes(StandardCharsets.UTF_8));
        } else {
            try {
                resp = serve(ex, method, rawPath, depth, body, discoveryOnly);
            } catch (RuntimeException e) {
                resp = Resp.text(500, "Internal Server Error: " + e);
            }
        }
        record(new RecordedRequest(method, path, depth, resp.status(), resp.body().length));
        try (ex) {
            resp.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            if (resp.body().length == 0) {
                ex.sendResponseHeaders(resp.status(), -1);
            } else {
                ex.sendResponseHeaders(resp.status(), resp.body().length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(resp.body());
                }
            }
        }
    }

    private Resp serve(
            HttpExchange ex, String method, String rawPath, String depth, byte[] body, boolean discoveryOnly) {
        if (WELL_KNOWN.contains(rawPath)) {
            return new Resp(301, Map.of("Location", "/"), new byte[0]); // Radicale: 301 Location: /
        }
        if (method.equals("OPTIONS")) {
            return new Resp(
                    200,
                    Map.of("DAV", DAV_HEADER, "Allow", "DELETE, GET, MKCALENDAR, OPTIONS, PROPFIND, PUT, REPORT"),
                    new byte[0]);
        }
        if (!expectedAuth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            return new Resp(
                    401,
                    Map.of(
                            "WWW-Authenticate",
                            "Basic realm=\"calsync CalDAV emulator - Password Required\"",
                            "Content-Type",
                            "text/plain; charset=utf-8"),
                    "Access to the requested resource forbidden.".getBytes(StandardCharsets.UTF_8));
        }
        Target t = resolve(rawPath);
        if (discoveryOnly && t.kind() != Kind.ROOT && t.kind() != Kind.PRINCIPAL) {
            return Resp.text(404, "The requested resource could not be found.");
        }
        synchronized (store) {
            return switch (method) {
                case "PROPFIND" -> propfind(t, depth, body);
                case "REPORT" -> report(t, body);
                case "GET" -> get(t);
                case "PUT" -> put(t, ex, body);
                case "DELETE" -> delete(t, ex);
                case "MKCALENDAR" -> mkcalendar(t, body);
                default ->
                    new Resp(
                            405,
                            Map.of("Allow", "DELETE, GET, MKCALENDAR, OPTIONS, PROPFIND, PUT, REPORT"),
                            new byte[0]);
            };
        }
    }

    // ------------------------------------------------------------------------------------------
    // targets

    enum Kind {
        ROOT,
        PRINCIPAL,
        HOME,
        CALENDAR,
        ITEM,
        NONE
    }

    /** A request target by the shape of its path; calendars and items may not exist. */
    record Target(Kind kind, String cal, String item) {}

    Target resolve(String rawPath) {
        List<String> seg = Paths.segments(rawPath);
        List<String> home = Paths.segments(paths.home);
        List<String> principal = Paths.segments(paths.principal);
        if (seg.isEmpty()) {
            return new Target(Kind.ROOT, null, null);
        }
        if (seg.equals(principal)) {
            return new Target(Kind.PRINCIPAL, null, null);
        }
        if (seg.equals(home)) {
            return new Target(Kind.HOME, null, null);
        }
        if (seg.size() > home.size() && seg.subList(0, home.size()).equals(home)) {
            List<String> rest = seg.subList(home.size(), seg.size());
            if (rest.size() == 1) {
                return new Target(Kind.CALENDAR, rest.get(0), null);
            }
            if (rest.size() == 2) {
                return new Target(Kind.ITEM, rest.get(0), rest.get(1));
            }
        }
        return new Target(Kind.NONE, null, null);
    }

    private boolean exists(Target t) {
        return switch (t.kind()) {
            case ROOT, PRINCIPAL, HOME -> true;
            case CALENDAR -> store.calendar(t.cal()) != null;
            case ITEM ->
                store.calendar(t.cal()) != null && store.calendar(t.cal()).items.containsKey(t.item());
            case NONE -> false;
        };
    }

    private String href(Target t) {
        return switch (t.kind()) {
            case ROOT -> "/";
            case PRINCIPAL -> paths.principal;
            case HOME -> paths.home;
            case CALENDAR -> paths.calendarHref(t.cal());
            case ITEM -> paths.itemHref(t.cal(), t.item());
            case NONE -> "/";
        };
    }

    private List<Target> members(Target t) {
        List<Target> out = new ArrayList<>();
        boolean home = t.kind() == Kind.HOME || (t.kind() == Kind.PRINCIPAL && paths.principal.equals(paths.home));
        if (t.kind() == Kind.ROOT && !options.crossHostHomeSet()) {
            out.add(new Target(Kind.PRINCIPAL, null, null));
        } else if (home) {
            for (String name : store.calendars.keySet()) {
                out.add(new Target(Kind.CALENDAR, name, null));
            }
        } else if (t.kind() == Kind.CALENDAR) {
            for (String name : store.calendar(t.cal()).items.keySet()) {
                out.add(new Target(Kind.ITEM, t.cal(), name));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // properties

    private static final List<Xml.Name> ALLPROP = List.of(
            new Xml.Name(Xml.DAV, "resourcetype"),
            new Xml.Name(Xml.DAV, "displayname"),
            new Xml.Name(Xml.DAV, "current-user-principal"),
            new Xml.Name(Xml.DAV, "current-user-privilege-set"),
            new Xml.Name(Xml.DAV, "principal-URL"),
            new Xml.Name(Xml.CALDAV, "calendar-home-set"),
            new Xml.Name(Xml.CALDAV, "supported-calendar-component-set"),
            new Xml.Name(Xml.CS, "getctag"),
            new Xml.Name(Xml.DAV, "sync-token"),
            new Xml.Name(Xml.DAV, "supported-report-set"),
            new Xml.Name(Xml.ICAL, "calendar-color"),
            new Xml.Name(Xml.DAV, "getetag"),
            new Xml.Name(Xml.DAV, "getcontenttype"));

    /** The inner XML of property {@code n} of {@code t}, or null if {@code t} does not have it. */
    private String value(Target t, Xml.Name n) {
        Store.Cal cal = t.cal() == null ? null : store.calendar(t.cal());
        Store.Item item = t.kind() == Kind.ITEM ? cal.items.get(t.item()) : null;
        String key = n.ns() + n.local();
        return switch (key) {
            case Xml.DAV + "resourcetype" ->
                switch (t.kind()) {
                    case ROOT, HOME -> "<D:collection/>";
                    case PRINCIPAL -> "<D:collection/><D:principal/>";
                    case CALENDAR -> "<D:collection/><C:calendar/>";
                    default -> "";
                };
            case Xml.DAV + "current-user-principal" -> "<D:href>" + paths.principal + "</D:href>";
            case Xml.DAV + "current-user-privilege-set" ->
                "<D:privilege><D:read/></D:privilege>"
                        + "<D:privilege><D:all/></D:privilege><D:privilege><D:write/></D:privilege>"
                        + "<D:privilege><D:write-properties/></D:privilege>"
                        + "<D:privilege><D:write-content/></D:privilege>";
            case Xml.DAV + "principal-URL" ->
                t.kind() == Kind.PRINCIPAL ? "<D:href>" + paths.principal + "</D:href>" : null;
            case Xml.CALDAV + "calendar-home-set" ->
                t.kind() == Kind.PRINCIPAL
                        ? "<D:href>" + (options.crossHostHomeSet() ? homeOrigin() : "") + paths.home + "</D:href>"
                        : null;
            case Xml.DAV + "displayname" ->
                t.kind() == Kind.CALENDAR && cal.displayName != null ? Xml.escape(cal.displayName) : null;
            case Xml.ICAL + "calendar-color" ->
                t.kind() == Kind.CALENDAR && cal.color != null ? Xml.escape(cal.color) : null;
            case Xml.CALDAV + "supported-calendar-component-set" -> {
                if (t.kind() != Kind.CALENDAR) {
                    yield null;
                }
                StringBuilder b = new StringBuilder();
                cal.components.forEach(
                        c -> b.append("<C:comp name=\"").append(Xml.escape(c)).append("\"/>"));
                yield b.toString();
            }
            case Xml.CS + "getctag" -> t.kind() == Kind.CALENDAR ? store.ctag(cal) : null;
            case Xml.DAV + "sync-token" ->
                t.kind() == Kind.CALENDAR && options.syncCollectionSupported()
                        ? Xml.escape(store.syncToken(cal))
                        : null;
            case Xml.DAV + "supported-report-set" -> {
                // Radicale answers it on every resource; only a calendar supports a report here (Radicale
                // also advertises three principal reports everywhere that it does not implement).
                if (t.kind() != Kind.CALENDAR) {
                    yield "";
                }
                StringBuilder b = new StringBuilder();
                if (options.syncCollectionSupported()) {
                    b.append("<D:supported-report><D:report><D:sync-collection/></D:report></D:supported-report>");
                }
                b.append("<D:supported-report><D:report><C:calendar-multiget/></D:report></D:supported-report>");
                b.append("<D:supported-report><D:report><C:calendar-query/></D:report></D:supported-report>");
                yield b.toString();
            }
            case Xml.DAV + "getetag" -> t.kind() == Kind.CALENDAR ? store.ctag(cal) : item != null ? item.etag() : null;
            case Xml.DAV + "getcontenttype" ->
                t.kind() == Kind.CALENDAR
                        ? "text/calendar"
                        : item != null ? "text/calendar;charset=utf-8;component=" + item.componentType() : null;
            case Xml.CALDAV + "calendar-data" ->
                item != null ? Xml.escape(new String(item.bytes(), StandardCharsets.UTF_8)) : null;
            default -> null;
        };
    }

    /** One {@code <D:response>} with a 200 propstat for the props {@code t} has and a 404 one for the rest. */
    private void response(StringBuilder out, String href, Target t, List<Xml.Name> names) {
        StringBuilder ok = new StringBuilder();
        StringBuilder missing = new StringBuilder();
        for (Xml.Name n : names) {
            String v = value(t, n);
            if (v == null) {
                missing.append(n.empty());
            } else if (v.isEmpty()) {
                ok.append(n.empty());
            } else {
                ok.append(n.open()).append(v).append(n.close());
            }
        }
        out.append("<D:response><D:href>").append(Xml.escape(href)).append("</D:href>");
        if (ok.length() > 0) {
            out.append("<D:propstat><D:prop>").append(ok).append("</D:prop>");
            out.append("<D:status>HTTP/1.1 200 OK</D:status></D:propstat>");
        }
        if (missing.length() > 0) {
            out.append("<D:propstat><D:prop>").append(missing).append("</D:prop>");
            out.append("<D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>");
        }
        out.append("</D:response>");
    }

    private static void statusResponse(StringBuilder out, String href, String status) {
        out.append("<D:response><D:href>")
                .append(Xml.escape(href))
                .append("</D:href><D:status>HTTP/1.1 ")
                .append(status)
                .append("</D:status></D:response>");
    }

    private static StringBuilder multistatus() {
        return new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus" + Xml.NS_DECL + ">");
    }

    private static Resp done(StringBuilder ms) {
        return Resp.xml(207, ms.append("</D:multistatus>").toString());
    }

    private static Resp badXml() {
        return Resp.text(400, "Bad Request: the request body is not acceptable XML (a DOCTYPE is never accepted).");
    }

    // ------------------------------------------------------------------------------------------
    // PROPFIND

    private Resp propfind(Target t, String depth, byte[] body) {
        List<Xml.Name> names = ALLPROP;
        if (body.length > 0) {
            Document doc;
            try {
                doc = Xml.parse(body);
            } catch (Xml.BadXml e) {
                return badXml();
            }
            Element root = doc.getDocumentElement();
            if (!Xml.is(root, Xml.DAV, "propfind")) {
                return Resp.text(400, "Bad Request: expected DAV:propfind");
            }
            List<Xml.Name> asked = Xml.props(root);
            if (asked != null) {
                names = asked;
            }
        }
        if (!exists(t)) {
            return Resp.text(404, "The requested resource could not be found.");
        }
        StringBuilder ms = multistatus();
        response(ms, href(t), t, names);
        if (depth != null && !depth.trim().equals("0")) { // Radicale: no Depth = 0, infinity = 1
            for (Target m : members(t)) {
                response(ms, href(m), m, names);
            }
        }
        Resp multi = done(ms); // Radicale sends its DAV header with every PROPFIND answer
        Map<String, String> h = new LinkedHashMap<>(multi.headers());
        h.put("DAV", DAV_HEADER);
        return new Resp(multi.status(), h, multi.body());
    }

    // ------------------------------------------------------------------------------------------
    // REPORT

    private Resp report(Target t, byte[] body) {
        Document doc;
        try {
            doc = Xml.parse(body);
        } catch (Xml.BadXml e) {
            return badXml();
        }
        Element root = doc.getDocumentElement();
        if (!exists(t)) {
            return Resp.text(404, "The requested resource could not be found.");
        }
        boolean sync = Xml.is(root, Xml.DAV, "sync-collection");
        boolean multiget = Xml.is(root, Xml.CALDAV, "calendar-multiget");
        boolean query = Xml.is(root, Xml.CALDAV, "calendar-query");
        if (t.kind() != Kind.CALENDAR || !(sync || multiget || query) || (sync && !options.syncCollectionSupported())) {
            return Resp.xml(403, Xml.error("<D:supported-report/>"));
        }
        Store.Cal cal = store.calendar(t.cal());
        List<Xml.Name> names = Xml.props(root);
        if (names == null) {
            names = List.of(new Xml.Name(Xml.DAV, "getetag"));
        }
        if (sync) {
            return syncCollection(t, cal, root, names);
        }
        return multiget ? multiget(t, cal, root, names) : query(t, cal, root, names);
    }

    private Resp syncCollection(Target t, Store.Cal cal, Element root, List<Xml.Name> names) {
        Element tokenEl = Xml.child(root, Xml.DAV, "sync-token");
        String token = tokenEl == null ? "" : tokenEl.getTextContent().trim();
        Store.SyncResult r = store.sync(cal, token);
        if (r == null) {
            return switch (options.badTokenResponse()) {
                case FORBIDDEN_VALID_SYNC_TOKEN -> Resp.xml(403, Xml.error("<D:valid-sync-token/>"));
                case BARE_FORBIDDEN -> Resp.of(403);
                case CONFLICT_409 -> Resp.xml(409, Xml.error("<D:valid-sync-token/>"));
                case GONE_410 -> Resp.of(410);
                case SERVER_ERROR_500 -> Resp.text(500, "500 Internal Server Error\n\nServer got itself in trouble");
            };
        }
        StringBuilder ms = multistatus();
        ms.append("<D:sync-token>").append(Xml.escape(r.token())).append("</D:sync-token>");
        String collection = href(t);
        boolean any = !r.changed().isEmpty() || !r.removed().isEmpty();
        if (options.collectionInSyncResults() && any) {
            response(ms, collection, t, List.of(new Xml.Name(Xml.DAV, "getetag")));
        }
        for (int i = 0; i < r.changed().size(); i++) {
            Target m = new Target(Kind.ITEM, t.cal(), r.changed().get(i));
            response(ms, href(m), m, names);
            if (i == 0 && options.duplicateHrefs()) {
                response(ms, href(m), m, names);
            }
        }
        for (String removed : r.removed()) {
            statusResponse(ms, paths.itemHref(t.cal(), removed), "404 Not Found");
        }
        if (r.truncated()) {
            ms.append("<D:response><D:href>")
                    .append(Xml.escape(collection))
                    .append("</D:href><D:status>HTTP/1.1 507 Insufficient Storage</D:status>")
                    .append("<D:error><D:number-of-matches-within-limits/></D:error></D:response>");
        }
        return done(ms);
    }

    private Resp multiget(Target t, Store.Cal cal, Element root, List<Xml.Name> names) {
        StringBuilder ms = multistatus();
        Set<String> seen = new HashSet<>();
        for (Element h : Xml.all(root, Xml.DAV, "href")) {
            String raw = h.getTextContent().trim();
            String rawPath = raw;
            if (raw.startsWith("http://") || raw.startsWith("https://")) {
                try {
                    rawPath = URI.create(raw.replace(" ", "%20")).getRawPath();
                } catch (IllegalArgumentException e) {
                    rawPath = null; // not a URI: answered 404 below
                }
            }
            // Radicale collects the hrefs into a set of decoded paths: a resource named twice (say
            // once as a%40b.ics and once as a@b.ics) gets one response.
            if (!seen.add(rawPath == null ? raw : String.join("/", Paths.segments(rawPath)))) {
                continue;
            }
            Target m = rawPath == null ? new Target(Kind.NONE, null, null) : resolve(rawPath);
            boolean mine = m.kind() == Kind.ITEM && t.cal().equals(m.cal());
            if (!mine || !cal.items.containsKey(m.item()) || store.lagging(cal, m.item())) {
                statusResponse(ms, mine ? href(m) : raw, "404 Not Found");
            } else {
                response(ms, href(m), m, names);
            }
        }
        return done(ms);
    }

    private Resp query(Target t, Store.Cal cal, Element root, List<Xml.Name> names) {
        String type = null;
        Instant start = null;
        Instant end = null;
        Element filter = Xml.child(root, Xml.CALDAV, "filter");
        Element vcal = filter == null ? null : Xml.child(filter, Xml.CALDAV, "comp-filter");
        if (vcal != null && !"VCALENDAR".equalsIgnoreCase(vcal.getAttribute("name"))) {
            return Resp.xml(403, Xml.error("<C:valid-filter/>"));
        }
        Element comp = vcal == null ? null : Xml.child(vcal, Xml.CALDAV, "comp-filter");
        if (comp != null) {
            type = comp.getAttribute("name").toUpperCase(Locale.ROOT);
            Element range = Xml.child(comp, Xml.CALDAV, "time-range");
            if (range != null) {
                try {
                    start = utc(range.getAttribute("start"));
                    end = utc(range.getAttribute("end"));
                } catch (DateTimeParseException e) {
                    return Resp.xml(403, Xml.error("<C:valid-filter/>"));
                }
            }
        }
        StringBuilder ms = multistatus();
        for (Map.Entry<String, Store.Item> e : cal.items.entrySet()) {
            if (type == null || ICal.matches(e.getValue().bytes(), type, start, end)) {
                Target m = new Target(Kind.ITEM, t.cal(), e.getKey());
                response(ms, href(m), m, names);
            }
        }
        return done(ms);
    }

    private static Instant utc(String v) {
        if (v == null || v.isEmpty()) {
            return null;
        }
        return LocalDateTime.parse(v.toUpperCase(Locale.ROOT), UTC_BASIC).toInstant(ZoneOffset.UTC);
    }

    // ------------------------------------------------------------------------------------------
    // GET, PUT, DELETE, MKCALENDAR

    private Resp get(Target t) {
        if (t.kind() == Kind.CALENDAR && exists(t)) {
            return export(store.calendar(t.cal()));
        }
        if (t.kind() == Kind.PRINCIPAL || t.kind() == Kind.HOME) {
            return Resp.text(403, "Directory listings are not supported."); // Radicale
        }
        if (t.kind() != Kind.ITEM) {
            return exists(t) ? Resp.of(405) : Resp.text(404, "The requested resource could not be found.");
        }
        Store.Cal cal = store.calendar(t.cal());
        Store.Item item = cal == null ? null : cal.items.get(t.item());
        if (item == null) {
            return Resp.text(404, "The requested resource could not be found.");
        }
        return new Resp(
                200,
                Map.of("Content-Type", "text/calendar;charset=utf-8", "ETag", item.etag()),
                item.bytes().clone());
    }

    /**
     * GET of a calendar, as Radicale answers it: the whole calendar as one VCALENDAR (every member's
     * components, each VTIMEZONE once per TZID), with the collection's ETag (its ctag).
     */
    private Resp export(Store.Cal cal) {
        StringBuilder components = new StringBuilder();
        StringBuilder zones = new StringBuilder();
        Set<String> tzids = new HashSet<>();
        for (Store.Item item : cal.items.values()) {
            String text = new String(item.bytes(), StandardCharsets.UTF_8);
            int depth = 0;
            StringBuilder zone = null;
            String tzid = null;
            for (String line : text.split("\r?\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("BEGIN:")) {
                    depth++;
                }
                if (depth >= 2) {
                    if (depth == 2 && upper.equals("BEGIN:VTIMEZONE")) {
                        zone = new StringBuilder();
                        tzid = null;
                    }
                    if (zone != null) {
                        zone.append(line).append("\r\n");
                        if (depth == 2 && upper.startsWith("TZID:")) {
                            tzid = line.substring(5);
                        }
                    } else {
                        components.append(line).append("\r\n");
                    }
                }
                if (upper.startsWith("END:")) {
                    if (depth == 2 && zone != null) {
                        if (tzid == null || tzids.add(tzid)) {
                            zones.append(zone);
                        }
                        zone = null;
                    }
                    depth--;
                }
            }
        }
        String body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//CalDAV emulator//EN\r\n"
                + (cal.displayName == null ? "" : "X-WR-CALNAME:" + cal.displayName + "\r\n")
                + zones
                + components
                + "END:VCALENDAR\r\n";
        return new Resp(
                200,
                Map.of(
                        "Content-Type",
                        "text/calendar; charset=utf-8",
                        "ETag",
                        store.ctag(cal),
                        "Content-Disposition",
                        "attachment; filename=\"" + Paths.encode(cal.name) + ".ics\""),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private Resp put(Target t, HttpExchange ex, byte[] body) {
        if (t.kind() != Kind.ITEM) {
            return Resp.of(405);
        }
        Store.Outcome o = store.put(
                t.cal(),
                t.item(),
                body,
                ex.getRequestHeaders().getFirst("If-Match"),
                ex.getRequestHeaders().getFirst("If-None-Match"),
                false);
        return outcome(o);
    }

    private Resp outcome(Store.Outcome o) {
        if (o.status() < 300) {
            Map<String, String> h = new LinkedHashMap<>();
            if (o.etag() != null && options.etagOnPut()) {
                h.put("ETag", o.etag());
            }
            return new Resp(o.status(), h, new byte[0]);
        }
        if (o.body() == null) {
            return Resp.of(o.status());
        }
        return o.body().startsWith("<?xml") ? Resp.xml(o.status(), o.body()) : Resp.text(o.status(), o.body());
    }

    private Resp delete(Target t, HttpExchange ex) {
        String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
        if (t.kind() == Kind.CALENDAR) {
            if (store.calendar(t.cal()) == null) {
                return Resp.text(404, "The requested resource could not be found.");
            }
            store.calendars.remove(t.cal());
            StringBuilder ms = multistatus(); // as for a resource: 200 with a multistatus body (Radicale)
            statusResponse(ms, href(t), "200 OK");
            return Resp.xml(200, ms.append("</D:multistatus>").toString());
        }
        if (t.kind() != Kind.ITEM) {
            return Resp.of(405);
        }
        Store.Outcome o = store.delete(t.cal(), t.item(), ifMatch);
        if (o.status() != 200) {
            return outcome(o);
        }
        StringBuilder ms = multistatus(); // Radicale answers a DELETE with 200 and a multistatus body
        statusResponse(ms, href(t), "200 OK");
        return Resp.xml(200, ms.append("</D:multistatus>").toString());
    }

    private Resp mkcalendar(Target t, byte[] body) {
        String displayName = null;
        String color = null;
        List<String> components = List.of("VEVENT", "VTODO", "VJOURNAL");
        if (body.length > 0) {
            Document doc;
            try {
                doc = Xml.parse(body);
            } catch (Xml.BadXml e) {
                return badXml();
            }
            Element set = Xml.child(doc.getDocumentElement(), Xml.DAV, "set");
            Element prop = set == null ? null : Xml.child(set, Xml.DAV, "prop");
            if (prop != null) {
                Element dn = Xml.child(prop, Xml.DAV, "displayname");
                displayName = dn == null ? null : dn.getTextContent();
                Element co = Xml.child(prop, Xml.ICAL, "calendar-color");
                color = co == null ? null : co.getTextContent();
                Element cs = Xml.child(prop, Xml.CALDAV, "supported-calendar-component-set");
                if (cs != null) {
                    List<String> comps = new ArrayList<>();
                    Xml.all(cs, Xml.CALDAV, "comp").forEach(c -> comps.add(c.getAttribute("name")));
                    components = List.copyOf(comps);
                }
            }
        }
        if (t.kind() != Kind.CALENDAR) {
            return Resp.text(409, "Conflict");
        }
        if (store.create(t.cal(), displayName, color, components) == null) {
            return Resp.xml(409, Xml.error("<D:resource-must-be-null/>"));
        }
        return Resp.of(201);
    }
}
