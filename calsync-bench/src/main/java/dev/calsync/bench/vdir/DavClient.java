package dev.calsync.bench.vdir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The benchmark's own plain CalDAV access straight to the server (not through the counting proxy):
 * lists a calendar's resources with their data, and writes or deletes resources as "another client"
 * would (the churn and the conflict edits). A new HTTP client per request: Radicale answers HTTP/1.0
 * and closes each connection.
 */
final class DavClient {
    /** One resource: its href (path), ETag and iCalendar text. */
    record Resource(String href, String etag, String ics) {}

    private static final String DAV = "DAV:";
    private static final String CALDAV = "urn:ietf:params:xml:ns:caldav";

    private final String authorization;

    /** For a server with Basic authentication, or without (null user). */
    DavClient(String user, String password) {
        this.authorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Every VEVENT resource of the collection (calendar-query with calendar-data). */
    List<Resource> list(URI collection) {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<c:calendar-query xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
                + "<d:prop><d:getetag/><c:calendar-data/></d:prop>"
                + "<c:filter><c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VEVENT\"/>"
                + "</c:comp-filter></c:filter></c:calendar-query>";
        HttpResponse<byte[]> r = send(request(collection)
                .header("Depth", "1")
                .header("Content-Type", "application/xml; charset=utf-8")
                .method("REPORT", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        if (r.statusCode() != 207) {
            throw new IllegalStateException("REPORT " + collection + " answered " + r.statusCode());
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body()));
            NodeList responses = doc.getElementsByTagNameNS(DAV, "response");
            List<Resource> out = new ArrayList<>(responses.getLength());
            for (int i = 0; i < responses.getLength(); i++) {
                Element response = (Element) responses.item(i);
                String href = text(response, DAV, "href");
                String data = text(response, CALDAV, "calendar-data");
                if (href != null && data != null) {
                    out.add(new Resource(href, text(response, DAV, "getetag"), data));
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse the REPORT answer of " + collection, e);
        }
    }

    /** Stores the resource without preconditions. */
    void put(URI resource, String ics) {
        HttpResponse<byte[]> r = send(request(resource)
                .header("Content-Type", "text/calendar; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(ics, StandardCharsets.UTF_8)));
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT " + resource + " answered " + r.statusCode());
        }
    }

    /** Deletes the resource without preconditions. */
    void delete(URI resource) {
        HttpResponse<byte[]> r = send(request(resource).DELETE());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("DELETE " + resource + " answered " + r.statusCode());
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + built.method() + " " + built.uri(), e);
        }
    }

    private static String text(Element parent, String ns, String local) {
        NodeList nodes = parent.getElementsByTagNameNS(ns, local);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }
}
