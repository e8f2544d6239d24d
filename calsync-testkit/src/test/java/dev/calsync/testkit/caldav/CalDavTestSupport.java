package dev.calsync.testkit.caldav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One emulator per test class (options from {@link #options()}), a fresh calendar per test, and a
 * raw client: the JDK HttpClient, hand-written XML bodies, and a namespace-aware parse of the
 * multistatus answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CalDavTestSupport {
    static final String DAV = "DAV:";
    static final String C = "urn:ietf:params:xml:ns:caldav";
    static final String CS = "http://calendarserver.org/ns/";
    static final String ICAL = "http://apple.com/ns/ical/";

    static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    protected CalDavEmulator caldav;

    protected CalDavEmulatorOptions options() {
        return CalDavEmulatorOptions.defaults();
    }

    @BeforeAll
    void startEmulator() {
        caldav = CalDavEmulator.start(options());
    }

    @AfterAll
    void stopEmulator() {
        caldav.close();
    }

    /** A new calendar; returns its name (its URI is {@code caldav.calendarUri(name)}). */
    String newCalendar() {
        String name = "cal-" + UUID.randomUUID().toString().substring(0, 8);
        caldav.createCalendar(name);
        return name;
    }

    // ------------------------------------------------------------------------------------------
    // HTTP

    static HttpResponse<String> send(CalDavEmulator emulator, String method, URI uri, String body, String... headers) {
        return sendAuth(method, uri, body, auth(emulator), headers);
    }

    HttpResponse<String> send(String method, URI uri, String body, String... headers) {
        return send(caldav, method, uri, body, headers);
    }

    static String auth(CalDavEmulator e) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((e.username() + ":" + e.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code authorization} null sends no Authorization header. */
    static HttpResponse<String> sendAuth(String method, URI uri, String body, String authorization, String... headers) {
        try {
            HttpResponse<byte[]> r = sendBytes(method, uri, body, authorization, headers);
            return new StringResponse(r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static HttpResponse<byte[]> sendBytes(String method, URI uri, String body, String authorization, String... headers)
            throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null && !method.equals("PUT")) {
            b.header("Content-Type", "application/xml; charset=utf-8");
        } else if (body != null) {
            b.header("Content-Type", "text/calendar; charset=utf-8");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A byte response seen as UTF-8 text. */
    private record StringResponse(HttpResponse<byte[]> r) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return r.statusCode();
        }

        @Override
        public HttpRequest request() {
            return r.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return r.headers();
        }

        @Override
        public String body() {
            return new String(r.body(), StandardCharsets.UTF_8);
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return r.sslSession();
        }

        @Override
        public URI uri() {
            return r.uri();
        }

        @Override
        public HttpClient.Version version() {
            return r.version();
        }
    }

    URI item(String calendar, String name) {
        return caldav.calendarUri(calendar).resolve(name);
    }

    HttpResponse<String> put(String calendar, String name, String ics, String... headers) {
        return send("PUT", item(calendar, name), ics, headers);
    }

    HttpResponse<String> propfind(URI uri, String depth, String props) {
        return send("PROPFIND", uri, propfindBody(props), "Depth", depth);
    }

    static String propfindBody(String props) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:propfind xmlns:d=\"DAV:\""
                + " xmlns:c=\"urn:ietf:params:xml:ns:caldav\" xmlns:cs=\"http://calendarserver.org/ns/\""
                + " xmlns:ical=\"http://apple.com/ns/ical/\"><d:prop>" + props + "</d:prop></d:propfind>";
    }

    HttpResponse<String> sync(String calendar, String token) {
        return send("REPORT", caldav.calendarUri(calendar), syncBody(token), "Depth", "0");
    }

    static String syncBody(String token) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:sync-collection xmlns:d=\"DAV:\">"
                + (token == null ? "<d:sync-token/>" : "<d:sync-token>" + token + "</d:sync-token>")
                + "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>";
    }

    HttpResponse<String> multiget(String calendar, String... hrefs) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<c:calendar-multiget xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
                + "<d:prop><d:getetag/><c:calendar-data/></d:prop>");
        for (String h : hrefs) {
            b.append("<d:href>").append(h).append("</d:href>");
        }
        b.append("</c:calendar-multiget>");
        return send("REPORT", caldav.calendarUri(calendar), b.toString(), "Depth", "1");
    }

    String href(String calendar, String name) {
        return item(calendar, name).getRawPath();
    }

    // ------------------------------------------------------------------------------------------
    // iCalendar

    static String event(String uid, String dtstart, String dtend) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//tests//EN\r\nBEGIN:VEVENT\r\nUID:" + uid
                + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:" + dtstart + "\r\n"
                + (dtend == null ? "" : "DTEND:" + dtend + "\r\n")
                + "SUMMARY:" + uid + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    static String event(String uid) {
        return event(uid, "20260105T090000Z", "20260105T100000Z");
    }

    // ------------------------------------------------------------------------------------------
    // multistatus

    /** One {@code DAV:response}: its href, its status (or null), and the props of its 2xx propstats. */
    record Resp(String href, String status, Map<String, Element> props, List<String> missing, Element error) {
        String text(String ns, String local) {
            Element e = props.get(ns + local);
            return e == null ? null : e.getTextContent();
        }
    }

    /** A parsed multistatus: its responses in order and its sync-token (or null). */
    record Multi(List<Resp> responses, String syncToken) {
        Resp only(String href) {
            List<Resp> r = responses.stream().filter(x -> x.href().equals(href)).toList();
            if (r.size() != 1) {
                throw new AssertionError("expected one response for " + href + " in " + responses);
            }
            return r.get(0);
        }

        List<String> hrefs() {
            return responses.stream().map(Resp::href).toList();
        }
    }

    static Multi multi(HttpResponse<String> r) {
        if (r.statusCode() != 207) {
            throw new AssertionError("expected 207, got " + r.statusCode() + ": " + r.body());
        }
        Document doc = parse(r.body());
        Element root = doc.getDocumentElement();
        List<Resp> out = new ArrayList<>();
        String token = null;
        for (Element e : kids(root)) {
            if (is(e, DAV, "sync-token")) {
                token = e.getTextContent();
            } else if (is(e, DAV, "response")) {
                String href = null;
                String status = null;
                Element error = null;
                Map<String, Element> props = new LinkedHashMap<>();
                List<String> missing = new ArrayList<>();
                for (Element c : kids(e)) {
                    if (is(c, DAV, "href")) {
                        href = c.getTextContent();
                    } else if (is(c, DAV, "status")) {
                        status = c.getTextContent();
                    } else if (is(c, DAV, "error")) {
                        error = c;
                    } else if (is(c, DAV, "propstat")) {
                        String st = null;
                        Element prop = null;
                        for (Element p : kids(c)) {
                            if (is(p, DAV, "status")) {
                                st = p.getTextContent();
                            } else if (is(p, DAV, "prop")) {
                                prop = p;
                            }
                        }
                        for (Element p : kids(prop)) {
                            if (st != null && st.contains(" 2")) {
                                props.put(p.getNamespaceURI() + p.getLocalName(), p);
                            } else {
                                missing.add(p.getNamespaceURI() + p.getLocalName());
                            }
                        }
                    }
                }
                out.add(new Resp(href, status, props, missing, error));
            }
        }
        return new Multi(out, token);
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + xml, e);
        }
    }

    static boolean is(Node n, String ns, String local) {
        return n instanceof Element && ns.equals(n.getNamespaceURI()) && local.equals(n.getLocalName());
    }

    static List<Element> kids(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                out.add(el);
            }
        }
        return out;
    }

    /** Whether an element has a descendant (ns, local). */
    static boolean has(Element e, String ns, String local) {
        return e != null && e.getElementsByTagNameNS(ns, local).getLength() > 0;
    }
}
