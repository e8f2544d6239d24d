package dev.calsync.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reverse proxy on 127.0.0.1 in front of the real Radicale that serves, for a few resources, an
 * iCalendar body Radicale itself would never store: a CalDAV server holding malformed data (iCloud
 * does, written by other clients). Radicale refuses such bodies on PUT (400), and a file planted in
 * its storage makes it fail every listing of the collection with 500; so the resource is stored on
 * Radicale as a valid placeholder (same name, real ETag, listed by sync-collection), and this front
 * swaps its {@code calendar-data} in calendar-multiget answers (and its body in GET answers) for the
 * broken one. Everything else passes through byte for byte.
 */
final class BadCalDavFront implements AutoCloseable {
    private static final Pattern RESPONSE =
            Pattern.compile("<((?:[A-Za-z][\\w.-]*:)?)response>(.*?)</\\1response>", Pattern.DOTALL);
    private static final Pattern HREF =
            Pattern.compile("<(?:[A-Za-z][\\w.-]*:)?href>([^<]*)</(?:[A-Za-z][\\w.-]*:)?href>");
    private static final Pattern CALENDAR_DATA = Pattern.compile(
            "(<(?:[A-Za-z][\\w.-]*:)?calendar-data[^>]*>)(.*?)(</(?:[A-Za-z][\\w.-]*:)?calendar-data>)",
            Pattern.DOTALL);
    private static final List<String> REQUEST_HEADERS =
            List.of("Authorization", "Content-Type", "Depth", "If-Match", "If-None-Match", "Prefer");
    private static final List<String> RESPONSE_HEADERS =
            List.of("Content-Type", "ETag", "Location", "DAV", "Retry-After", "Last-Modified");

    private final URI backend;
    private final HttpServer server;
    private final Map<String, String> broken = new ConcurrentHashMap<>();
    private final AtomicInteger served = new AtomicInteger();

    private BadCalDavFront(URI backend) throws IOException {
        this.backend = backend;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    /** A front for the server at {@code backend} (its base URI). */
    static BadCalDavFront start(URI backend) {
        try {
            return new BadCalDavFront(backend);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The front's base URI, to give the CalDAV provider instead of the server's. */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Serves {@code body} (verbatim) for the resource at {@code path} from now on. */
    void serveBroken(String path, String body) {
        broken.put(path, body);
    }

    /** Serves the server's own body for the resource at {@code path} again. */
    void serveServers(String path) {
        broken.remove(path);
    }

    /** How many broken bodies were served so far. */
    int served() {
        return served.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            backend.resolve(exchange.getRequestURI().getRawPath()))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(requestBody));
            for (String name : REQUEST_HEADERS) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    request.header(name, value);
                }
            }
            HttpResponse<byte[]> response = send(request.build());
            byte[] body = response.body();
            String path = exchange.getRequestURI().getRawPath();
            if (method.equals("REPORT") && response.statusCode() == 207) {
                body = swapCalendarData(new String(body, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
            } else if (method.equals("GET") && response.statusCode() == 200 && broken.containsKey(path)) {
                body = broken.get(path).getBytes(StandardCharsets.UTF_8);
                served.incrementAndGet();
            }
            for (String name : RESPONSE_HEADERS) {
                response.headers()
                        .firstValue(name)
                        .ifPresent(v -> exchange.getResponseHeaders().add(name, v));
            }
            int status = response.statusCode();
            boolean empty = body.length == 0 || status == 204 || status == 304;
            exchange.sendResponseHeaders(status, empty ? -1 : body.length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private String swapCalendarData(String multistatus) {
        Matcher responses = RESPONSE.matcher(multistatus);
        StringBuilder out = new StringBuilder(multistatus.length());
        while (responses.find()) {
            String whole = responses.group();
            Matcher href = HREF.matcher(whole);
            String bad = href.find() ? broken.get(href.group(1).trim()) : null;
            if (bad != null) {
                Matcher data = CALENDAR_DATA.matcher(whole);
                if (data.find()) {
                    whole = whole.substring(0, data.start(2)) + escape(bad) + whole.substring(data.end(2));
                    served.incrementAndGet();
                }
            }
            responses.appendReplacement(out, Matcher.quoteReplacement(whole));
        }
        responses.appendTail(out);
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\r", "&#13;");
    }

    /** A client per request: Radicale closes each connection after one answer (see {@link DavUser}). */
    private static HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
