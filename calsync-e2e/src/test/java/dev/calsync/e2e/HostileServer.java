package dev.calsync.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile server on 127.0.0.1 for scenario 7, speaking enough CalDAV (a principal, a home, the
 * calendar {@code /cal/}) and enough of Google's events API (under {@code /google/}) for the
 * providers to reach a calendar, and then answering with an {@link Attack}: XML with external
 * entities or an entity expansion bomb, hrefs and homes on {@linkplain HostileForeignHost another
 * host}, redirects there, or a 100 MB body streamed from a small buffer (never held whole by this
 * side). It counts the hostile answers it served and the body bytes it managed to send.
 */
final class HostileServer implements AutoCloseable {
    static final long HUNDRED_MB = 100L * 1024 * 1024;

    /** What the server answers the calendar's listing (or Google's events list) with. */
    enum Attack {
        /** A multistatus whose DOCTYPE declares an external entity reading {@code /etc/passwd}. */
        XXE_FILE,
        /** A multistatus whose DOCTYPE declares an external entity fetched from the foreign host. */
        XXE_HTTP,
        /** A multistatus whose DOCTYPE nests entities to 10^9 "lol"s. */
        BILLION_LAUGHS,
        /** A multistatus listing hrefs on the foreign hosts besides one of its own. */
        FOREIGN_HREFS,
        /** A principal whose calendar-home-set is on the foreign host (discovery). */
        FOREIGN_HOME,
        /** 301 to the foreign host. */
        REDIRECT_301,
        /** 302 to the foreign host. */
        REDIRECT_302,
        /** 307 to the foreign host. */
        REDIRECT_307,
        /** 207 (or 200 for Google) and a 100 MB body, chunked. */
        HUNDRED_MB_BODY,
        /** Google: a listing page that is not JSON at all. */
        NOT_JSON
    }

    private final HttpServer server;
    private final HostileForeignHost foreign;
    private final HostileForeignHost otherPort;
    private final AtomicInteger hostileAnswers = new AtomicInteger();
    private final AtomicLong bodyBytesSent = new AtomicLong();
    private volatile Attack attack = Attack.FOREIGN_HREFS;

    private HostileServer(HostileForeignHost foreign, HostileForeignHost otherPort) throws IOException {
        this.foreign = foreign;
        this.otherPort = otherPort;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server whose foreign hrefs and redirects point at {@code foreign} and {@code otherPort}. */
    static HostileServer start(HostileForeignHost foreign, HostileForeignHost otherPort) {
        try {
            return new HostileServer(foreign, otherPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The calendar collection. */
    URI calendar() {
        return baseUri().resolve("/cal/");
    }

    /** The root URL to give the Google provider. */
    String googleRootUrl() {
        return baseUri().resolve("/google/").toString();
    }

    void attack(Attack attack) {
        this.attack = attack;
    }

    /** How many hostile answers were served so far. */
    int hostileAnswers() {
        return hostileAnswers.get();
    }

    /** How many bytes of 100 MB bodies the server could send so far (the client stops reading). */
    long bodyBytesSent() {
        return bodyBytesSent.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.startsWith("/google/")) {
                google(exchange);
            } else if (method.equals("PROPFIND") && !path.startsWith("/cal/")) {
                discovery(exchange, path);
            } else if (method.equals("REPORT") && body.contains("calendar-multiget")) {
                hostileAnswers.incrementAndGet();
                send(exchange, 207, "application/xml; charset=utf-8", multiget());
            } else if (method.equals("REPORT")) {
                listing(exchange);
            } else if (method.equals("PUT") && path.startsWith("/cal/")) {
                exchange.getResponseHeaders().add("ETag", "\"put-" + body.length() + "\"");
                exchange.sendResponseHeaders(201, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private void discovery(HttpExchange exchange, String path) throws IOException {
        String prop;
        if (path.startsWith("/principal/")) {
            String home = attack == Attack.FOREIGN_HOME ? foreign.origin() + "/home/" : "/home/";
            if (attack == Attack.FOREIGN_HOME) {
                hostileAnswers.incrementAndGet();
            }
            prop = "<d:prop><c:calendar-home-set><d:href>" + home + "</d:href></c:calendar-home-set></d:prop>";
        } else {
            prop = "<d:prop><d:current-user-principal><d:href>/principal/</d:href></d:current-user-principal></d:prop>";
        }
        send(
                exchange,
                207,
                "application/xml; charset=utf-8",
                "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
                        + "<d:response><d:href>" + path + "</d:href><d:propstat>" + prop
                        + "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>");
    }

    private void listing(HttpExchange exchange) throws IOException {
        hostileAnswers.incrementAndGet();
        String xml = "application/xml; charset=utf-8";
        switch (attack) {
            case XXE_FILE -> send(exchange, 207, xml, entityDocument("<!ENTITY x SYSTEM \"file:///etc/passwd\">"));
            case XXE_HTTP ->
                send(exchange, 207, xml, entityDocument("<!ENTITY x SYSTEM \"" + foreign.origin() + "/xxe\">"));
            case BILLION_LAUGHS -> send(exchange, 207, xml, entityDocument(billionLaughs()));
            case REDIRECT_301 -> redirect(exchange, 301);
            case REDIRECT_302 -> redirect(exchange, 302);
            case REDIRECT_307 -> redirect(exchange, 307);
            case HUNDRED_MB_BODY ->
                hundredMegabytes(
                        exchange,
                        207,
                        xml,
                        "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\">",
                        "<d:response><d:href>/cal/x.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>",
                        "<d:sync-token>t</d:sync-token></d:multistatus>");
            default -> send(exchange, 207, xml, foreignHrefs());
        }
    }

    private void google(HttpExchange exchange) throws IOException {
        hostileAnswers.incrementAndGet();
        switch (attack) {
            case REDIRECT_301 -> redirect(exchange, 301);
            case REDIRECT_302 -> redirect(exchange, 302);
            case REDIRECT_307 -> redirect(exchange, 307);
            case NOT_JSON ->
                send(
                        exchange,
                        200,
                        "application/json; charset=UTF-8",
                        "{\"kind\":\"calendar#events\",\"items\":[{\"id\":");
            default ->
                hundredMegabytes(
                        exchange,
                        200,
                        "application/json; charset=UTF-8",
                        "{\"kind\":\"calendar#events\",\"items\":[{}",
                        ",{\"id\":\"e\",\"status\":\"confirmed\",\"summary\":\"0123456789abcdef0123456789abcdef\"}",
                        "],\"nextSyncToken\":\"t\"}");
        }
    }

    private void redirect(HttpExchange exchange, int status) throws IOException {
        exchange.getResponseHeaders().add("Location", foreign.origin() + exchange.getRequestURI());
        exchange.sendResponseHeaders(status, -1);
    }

    private static String entityDocument(String declarations) {
        return "<?xml version=\"1.0\"?><!DOCTYPE d:multistatus [" + declarations + "]>"
                + "<d:multistatus xmlns:d=\"DAV:\"><d:sync-token>&x;</d:sync-token></d:multistatus>";
    }

    private static String billionLaughs() {
        StringBuilder sb = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            sb.append("<!ENTITY lol").append(i).append(" \"");
            sb.append(("&lol" + (i - 1) + ";").repeat(10));
            sb.append("\">");
        }
        return sb.append("<!ENTITY x \"&lol9;\">").toString();
    }

    private String foreignHrefs() {
        return "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\">"
                + response(foreign.origin() + "/cal/stolen.ics")
                + response(otherPort.origin() + "/cal/other-port.ics")
                + response("/cal/own.ics")
                + "<d:sync-token>http://hostile/sync/1</d:sync-token></d:multistatus>";
    }

    private static String response(String href) {
        return "<d:response><d:href>" + href + "</d:href><d:propstat><d:prop><d:getetag>\"1\"</d:getetag></d:prop>"
                + "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>";
    }

    private String multiget() {
        return "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
                + calendarData("/cal/own.ics", "own@hostile.test")
                + calendarData(foreign.origin() + "/cal/stolen.ics", "stolen@hostile.test")
                + "</d:multistatus>";
    }

    private static String calendarData(String href, String uid) {
        String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\nBEGIN:VEVENT\r\nUID:" + uid
                + "\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270401T100000Z\r\nDTEND:20270401T110000Z\r\nSUMMARY:"
                + uid + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        return "<d:response><d:href>" + href + "</d:href><d:propstat><d:prop><d:getetag>\"1\"</d:getetag>"
                + "<c:calendar-data>" + ics.replace("\r", "&#13;") + "</c:calendar-data></d:prop>"
                + "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>";
    }

    /** Streams {@code head}, then {@code unit} until 100 MB are out, then {@code tail}; chunked. */
    private void hundredMegabytes(HttpExchange exchange, int status, String type, String head, String unit, String tail)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, 0);
        byte[] chunk = unit.repeat(Math.max(1, 16384 / unit.length())).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(head.getBytes(StandardCharsets.UTF_8));
            for (long sent = 0; sent < HUNDRED_MB; sent += chunk.length) {
                out.write(chunk);
                bodyBytesSent.addAndGet(chunk.length);
            }
            out.write(tail.getBytes(StandardCharsets.UTF_8));
        } catch (IOException clientHungUp) {
            // the client stopped reading: what the test wants
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
