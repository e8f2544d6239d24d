package dev.calsync.testkit.google;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.calsync.testkit.internal.PercentDecoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the emulator: a JDK {@link HttpServer} on 127.0.0.1, the transport quirks of
 * Google's Java client (gzip request bodies, method override, form-encoded GET override, {@code %40}
 * in path segments) and batch requests (GOOGLE-API.md §1, §13).
 */
final class HttpFront {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
    private static final String SERVICE = "/calendar/v3/";
    private static final String BATCH = "/batch/calendar/v3";
    static final int MAX_BATCH_PARTS = 1000;

    private final Engine engine;
    private final GoogleFaults faults;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final AtomicInteger exchanges = new AtomicInteger();

    HttpFront(Engine engine, GoogleFaults faults) throws IOException {
        this.engine = engine;
        this.faults = faults;
        // The JDK server writes headers and body apart: with Nagle's algorithm on, every answer waits
        // ~40 ms for a delayed ACK. Read once, when the JVM's first server starts; a host's own value wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "google-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
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
        exchanges.set(0);
    }

    int exchanges() {
        return exchanges.get();
    }

    private synchronized void record(RecordedRequest r) {
        requests.add(r);
    }

    // ------------------------------------------------------------------------------------------

    private void exchange(HttpExchange ex) throws IOException {
        exchanges.incrementAndGet();
        try (ex) {
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> {
                if (!v.isEmpty()) {
                    headers.put(k.toLowerCase(Locale.ROOT), v.get(0));
                }
            });
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
                body = gunzip(body);
            }
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawPath = ex.getRequestURI().getRawPath();
            Map<String, List<String>> query = parseQuery(ex.getRequestURI().getRawQuery());
            Engine.Response response;
            if (rawPath.equals(BATCH) || rawPath.equals(BATCH + "/")) {
                response = batch(method, headers, query, body);
            } else {
                String override = headers.get("x-http-method-override");
                if (override != null && method.equals("POST")) {
                    method = override.toUpperCase(Locale.ROOT);
                    String ct = headers.getOrDefault("content-type", "");
                    if (method.equals("GET") && ct.startsWith("application/x-www-form-urlencoded")) {
                        parseQuery(new String(body, StandardCharsets.UTF_8))
                                .forEach((k, v) -> query.computeIfAbsent(k, x -> new ArrayList<>())
                                        .addAll(v));
                        body = new byte[0];
                    }
                }
                response = logical(method, rawPath, query, headers, body, false);
            }
            send(ex, response);
        } catch (IOException | RuntimeException e) {
            LOG.warn("emulator exchange failed", e);
            throw e;
        }
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        if (body.length == 0) {
            return body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange ex, Engine.Response r) throws IOException {
        response(r).forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (r.body().length == 0) {
            ex.sendResponseHeaders(r.status(), -1);
            return;
        }
        ex.sendResponseHeaders(r.status(), r.body().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(r.body());
        }
    }

    /** The headers of a response, Content-Type first. */
    private static Map<String, String> response(Engine.Response r) {
        Map<String, String> h = new LinkedHashMap<>();
        if (r.body().length > 0 && !r.headers().containsKey("Content-Type")) {
            h.put("Content-Type", "application/json; charset=UTF-8");
        }
        h.putAll(r.headers());
        return h;
    }

    /** One logical request: recorded, possibly faulted, then served by the engine. */
    private Engine.Response logical(
            String method,
            String rawPath,
            Map<String, List<String>> query,
            Map<String, String> headers,
            byte[] body,
            boolean inBatch) {
        List<String> segments = null;
        String path;
        if (rawPath.startsWith(SERVICE)) {
            segments = new ArrayList<>();
            for (String seg : rawPath.substring(SERVICE.length()).split("/", -1)) {
                segments.add(PercentDecoding.decode(seg));
            }
            if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
                segments.remove(segments.size() - 1);
            }
            path = String.join("/", segments);
        } else {
            path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        }
        Engine.Response response;
        GoogleApiFault fault = faults.take(new RecordedRequest(method, path, query, inBatch, 0), false);
        if (fault != null) {
            response = faultResponse(fault);
        } else if (segments == null) {
            response = Engine.Response.json(404, ApiException.notFound().body());
        } else {
            response = engine.handle(new Engine.Request(method, segments, query, headers, body));
        }
        record(new RecordedRequest(method, path, query, inBatch, response.status()));
        return response;
    }

    private static Engine.Response faultResponse(GoogleApiFault fault) {
        Map<String, String> h = new LinkedHashMap<>();
        Duration ra = fault.retryAfter();
        if (ra != null) {
            long seconds = ra.getSeconds() + (ra.getNano() > 0 ? 1 : 0);
            h.put("Retry-After", Long.toString(seconds));
        }
        return new Engine.Response(
                fault.status(), h, Json.bytes(ApiException.of(fault).body()));
    }

    // ------------------------------------------------------------------------------------------
    // batch (§13)

    private Engine.Response batch(
            String method, Map<String, String> headers, Map<String, List<String>> query, byte[] body) {
        GoogleApiFault fault = faults.take(new RecordedRequest(method, "batch/calendar/v3", query, false, 0), true);
        Engine.Response response;
        if (fault != null) {
            response = faultResponse(fault);
        } else {
            response = serveBatch(method, headers, body);
        }
        record(new RecordedRequest(method, "batch/calendar/v3", query, false, response.status()));
        return response;
    }

    private Engine.Response serveBatch(String method, Map<String, String> headers, byte[] body) {
        if (!method.equals("POST")) {
            return Engine.Response.json(
                    405, new ApiException(405, "global", "httpMethodNotAllowed", "Method Not Allowed").body());
        }
        String boundary = boundary(headers.get("content-type"));
        if (boundary == null) {
            return Engine.Response.json(
                    400,
                    ApiException.invalid("Batch requests must be multipart/mixed with a boundary.")
                            .body());
        }
        List<String> parts = splitParts(new String(body, StandardCharsets.ISO_8859_1), boundary);
        if (parts.size() > MAX_BATCH_PARTS) {
            return Engine.Response.json(
                    400,
                    new ApiException(
                                    400,
                                    "global",
                                    "badRequest",
                                    "A batch request cannot contain more than 1000 requests.")
                            .body());
        }
        Map<String, String> outer = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!k.startsWith("content-") && !k.equals("transfer-encoding") && !k.equals("host")) {
                outer.put(k, v);
            }
        });
        String rb = "batch_" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 0;
        for (String part : parts) {
            n++;
            Engine.Response r;
            try {
                r = servePart(part, outer);
            } catch (RuntimeException e) {
                r = Engine.Response.json(
                        400, ApiException.invalid("Invalid batch part.").body());
            }
            StringBuilder head = new StringBuilder();
            head.append("--").append(rb).append("\r\n");
            head.append("Content-Type: application/http\r\n");
            head.append("Content-ID: <response-").append(n).append(">\r\n\r\n");
            head.append("HTTP/1.1 ")
                    .append(r.status())
                    .append(' ')
                    .append(reasonPhrase(r.status()))
                    .append("\r\n");
            response(r).forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (r.body().length > 0) {
                head.append("Content-Length: ").append(r.body().length).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(r.body());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + rb + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Engine.Response(200, Map.of("Content-Type", "multipart/mixed; boundary=" + rb), out.toByteArray());
    }

    private Engine.Response servePart(String part, Map<String, String> outerHeaders) {
        int headEnd = part.indexOf("\r\n\r\n");
        String http = headEnd < 0 ? part : part.substring(headEnd + 4);
        int lineEnd = http.indexOf("\r\n");
        String requestLine = lineEnd < 0 ? http : http.substring(0, lineEnd);
        String[] rl = requestLine.trim().split(" ");
        if (rl.length < 2) {
            throw new IllegalArgumentException("bad request line");
        }
        String method = rl[0].toUpperCase(Locale.ROOT);
        String url = rl[1];
        if (url.startsWith("http://") || url.startsWith("https://")) {
            int slash = url.indexOf('/', url.indexOf("//") + 2);
            url = slash < 0 ? "/" : url.substring(slash);
        }
        String rest = lineEnd < 0 ? "" : http.substring(lineEnd + 2);
        Map<String, String> headers = new LinkedHashMap<>(outerHeaders);
        int bodyStart;
        int blank = rest.indexOf("\r\n\r\n");
        String headerBlock;
        if (rest.startsWith("\r\n")) {
            headerBlock = "";
            bodyStart = 2;
        } else if (blank < 0) {
            headerBlock = rest;
            bodyStart = rest.length();
        } else {
            headerBlock = rest.substring(0, blank);
            bodyStart = blank + 4;
        }
        for (String line : headerBlock.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        String bodyText = rest.substring(Math.min(bodyStart, rest.length()));
        String cl = headers.get("content-length");
        if (cl != null) {
            int len = Integer.parseInt(cl.trim());
            bodyText = bodyText.substring(0, Math.min(len, bodyText.length()));
        } else if (bodyText.endsWith("\r\n")) {
            bodyText = bodyText.substring(0, bodyText.length() - 2);
        }
        byte[] body = bodyText.getBytes(StandardCharsets.ISO_8859_1);
        String override = headers.get("x-http-method-override");
        if (override != null && method.equals("POST")) {
            method = override.toUpperCase(Locale.ROOT);
        }
        int q = url.indexOf('?');
        String rawPath = q < 0 ? url : url.substring(0, q);
        Map<String, List<String>> query = parseQuery(q < 0 ? null : url.substring(q + 1));
        return logical(method, rawPath, query, headers, body, true);
    }

    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return null;
        }
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = t.substring(9);
                if (b.startsWith("\"") && b.endsWith("\"") && b.length() >= 2) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() ? null : b;
            }
        }
        return null;
    }

    /** The parts between {@code --boundary} lines, without their delimiting CRLFs. */
    static List<String> splitParts(String body, String boundary) {
        String delimiter = "--" + boundary;
        List<String> parts = new ArrayList<>();
        int pos = body.indexOf(delimiter);
        while (pos >= 0) {
            int start = pos + delimiter.length();
            if (body.startsWith("--", start)) {
                break; // closing delimiter
            }
            int lineEnd = body.indexOf("\r\n", start);
            if (lineEnd < 0) {
                lineEnd = body.indexOf('\n', start);
                if (lineEnd < 0) {
                    break;
                }
                start = lineEnd + 1;
            } else {
                start = lineEnd + 2;
            }
            int next = body.indexOf("\r\n" + delimiter, start);
            int end = next;
            if (next < 0) {
                next = body.indexOf(delimiter, start);
                end = next;
                if (next < 0) {
                    parts.add(body.substring(start));
                    break;
                }
            } else {
                next += 2;
            }
            parts.add(body.substring(start, end));
            pos = next;
        }
        return parts;
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 412 -> "Precondition Failed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }
}
