package dev.calsync.testkit.servers;

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
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Raw WebDAV/CalDAV requests with the JDK HttpClient and a namespace-aware DOM reading of the answers. */
final class Dav {

    static final String DAV = "DAV:";
    static final String CALDAV = "urn:ietf:params:xml:ns:caldav";

    /**
     * A client per request: Radicale answers HTTP/1.0 without {@code Connection: close}, HttpClient
     * pools the connection anyway, and reusing it fails ("header parser received no bytes").
     */
    private static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private final String authorization;

    Dav(LocalCalDavServer server) {
        this(server.username(), server.password());
    }

    Dav(String user, String password) {
        this.authorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Dav anonymous() {
        return new Dav(null, null);
    }

    /** An answer: status, headers and body. */
    record Response(int status, HttpResponse<String> raw) {
        String body() {
            return raw.body();
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        String etag() {
            return header("ETag").orElseThrow(() -> new AssertionError("no ETag: " + status + " " + body()));
        }

        Multistatus multistatus() {
            return Multistatus.parse(body());
        }

        @Override
        public String toString() {
            return status + " " + raw.headers().map() + "\n" + body();
        }
    }

    Response send(String method, URI uri, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response =
                    newClient().send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Response get(URI uri) {
        return send("GET", uri, null);
    }

    Response propfind(URI uri, String depth, String props) {
        return send(
                "PROPFIND",
                uri,
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:propfind xmlns:d=\"DAV:\" xmlns:c=\"" + CALDAV
                        + "\"><d:prop>" + props + "</d:prop></d:propfind>",
                "Depth",
                depth,
                "Content-Type",
                "application/xml; charset=utf-8");
    }

    Response put(URI uri, String ics, String conditionHeader, String conditionValue) {
        return send("PUT", uri, ics, "Content-Type", "text/calendar; charset=utf-8", conditionHeader, conditionValue);
    }

    Response delete(URI uri, String ifMatch) {
        return send("DELETE", uri, null, "If-Match", ifMatch);
    }

    Response sync(URI collection, String token) {
        String tokenElement =
                token == null || token.isEmpty() ? "<d:sync-token/>" : "<d:sync-token>" + token + "</d:sync-token>";
        return send(
                "REPORT",
                collection,
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:sync-collection xmlns:d=\"DAV:\">" + tokenElement
                        + "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>",
                "Depth",
                "0",
                "Content-Type",
                "application/xml; charset=utf-8");
    }

    Response multiget(URI collection, List<String> hrefs) {
        StringBuilder body = new StringBuilder(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><c:calendar-multiget xmlns:d=\"DAV:\" xmlns:c=\"" + CALDAV
                        + "\"><d:prop><d:getetag/><c:calendar-data/></d:prop>");
        hrefs.forEach(href -> body.append("<d:href>").append(href).append("</d:href>"));
        body.append("</c:calendar-multiget>");
        return send(
                "REPORT", collection, body.toString(), "Depth", "1", "Content-Type", "application/xml; charset=utf-8");
    }

    /** A one-VEVENT calendar resource. */
    static String event(String uid, String summary) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//servers test//EN\r\nBEGIN:VEVENT\r\n"
                + "UID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T090000Z\r\n"
                + "DTEND:20260105T100000Z\r\nSUMMARY:" + summary + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    /** One {@code DAV:response}: its href, its own status (removed members) or its propstat's. */
    record Entry(String href, String status, String propstatStatus, String etag, String calendarData) {}

    /** A {@code DAV:multistatus} (or any XML body, for {@link #root}). */
    record Multistatus(Element root, List<Entry> entries, String syncToken) {

        static Multistatus parse(String xml) {
            Document document = parseXml(xml);
            Element root = document.getDocumentElement();
            List<Entry> entries = new ArrayList<>();
            for (Element response : children(root, DAV, "response")) {
                String href = text(first(response, DAV, "href"));
                String status = text(first(response, DAV, "status"));
                String propstatStatus = null;
                String etag = null;
                String data = null;
                for (Element propstat : children(response, DAV, "propstat")) {
                    propstatStatus = text(first(propstat, DAV, "status"));
                    Element prop = first(propstat, DAV, "prop");
                    if (prop != null) {
                        Element getetag = first(prop, DAV, "getetag");
                        if (getetag != null && !text(getetag).isEmpty()) {
                            etag = text(getetag);
                        }
                        Element calendarData = first(prop, CALDAV, "calendar-data");
                        if (calendarData != null && !text(calendarData).isEmpty()) {
                            data = text(calendarData);
                        }
                    }
                }
                entries.add(new Entry(href, status, propstatStatus, etag, data));
            }
            return new Multistatus(root, entries, text(first(root, DAV, "sync-token")));
        }

        Entry entry(String hrefSuffix) {
            return entries.stream()
                    .filter(e -> e.href().endsWith(hrefSuffix))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no response for " + hrefSuffix + " in " + entries));
        }

        List<String> hrefs() {
            return entries.stream().map(Entry::href).toList();
        }
    }

    static Document parseXml(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + xml, e);
        }
    }

    static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    static Element first(Element parent, String ns, String local) {
        List<Element> all = children(parent, ns, local);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The first descendant element of that name, anywhere below {@code root}. */
    static Element descendant(Element root, String ns, String local) {
        var list = root.getElementsByTagNameNS(ns, local);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    static String text(Element element) {
        return element == null ? null : element.getTextContent().trim();
    }
}
