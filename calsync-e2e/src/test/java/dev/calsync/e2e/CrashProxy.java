package dev.calsync.e2e;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A loopback HTTP/1.1 proxy in front of one server (the Google emulator or Radicale) that counts the
 * syncing process's writes on a {@link CrashSwitch} shared with the proxy in front of the other
 * server, and at the kill point sends the writes up to it, holds the answer until the test has
 * killed the process, and drops it.
 *
 * <p>A write is a request with method POST, PUT, PATCH or DELETE (or a WebDAV method that changes
 * state: MKCOL, MKCALENDAR, PROPPATCH, MOVE, COPY), except a POST that Google's client sends with
 * {@code X-HTTP-Method-Override: GET}. A Google batch request counts <b>part by part</b>: each of its
 * parts that writes is one write, a part that reads is none. When the kill point falls inside a batch
 * request, the request is cut short after the last write to apply (the parts before it go, in their
 * order, as Google applies a batch's parts one by one), so that the server has applied exactly the
 * writes before the kill point (and the kill point's own write when its answer is to be lost).
 *
 * <p>Each request the client sends is read whole (Content-Length or chunked body; {@code Expect:
 * 100-continue} answered here), sent upstream on a connection of its own with {@code Connection:
 * close}, the answer read whole (Content-Length, chunked, or up to the end of the stream as Radicale
 * answers) and relayed with a Content-Length; the client's connection stays open for its next
 * request unless it asked otherwise or the server spoke HTTP/1.0. Nothing of a request's headers is
 * logged (they hold credentials).
 */
final class CrashProxy implements AutoCloseable {
    private static final Set<String> WRITE_METHODS =
            Set.of("POST", "PUT", "PATCH", "DELETE", "MKCOL", "MKCALENDAR", "PROPPATCH", "MOVE", "COPY");
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "transfer-encoding",
            "te",
            "trailer",
            "upgrade",
            "expect",
            "content-length");
    private static final Pattern BATCH_PART = Pattern.compile("(?m)^(GET|POST|PUT|PATCH|DELETE) (\\S+) HTTP/1\\.1\r?$");
    private static final Pattern BOUNDARY =
            Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final int MAX_HEAD = 64 * 1024;

    private final String upstreamHost;
    private final int upstreamPort;
    private final CrashSwitch crashSwitch;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private CrashProxy(String name, URI upstream, CrashSwitch crashSwitch) throws IOException {
        this.upstreamHost = upstream.getHost();
        this.upstreamPort = upstream.getPort();
        this.crashSwitch = crashSwitch;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "crash-proxy-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::accept);
    }

    /** Starts a proxy on 127.0.0.1 (an ephemeral port) in front of {@code upstream}'s host and port. */
    static CrashProxy start(String name, URI upstream, CrashSwitch crashSwitch) {
        try {
            return new CrashProxy(name, upstream, crashSwitch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " proxy", e);
        }
    }

    /** The proxy's root, {@code http://127.0.0.1:<port>/}. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }

    // ------------------------------------------------------------------ connections

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(client);
            threads.execute(() -> serve(client));
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            Message request;
            while ((request = Message.readRequest(in, out)) != null) {
                if (!exchange(request, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away (killed, or done with the connection): nothing to relay
        } finally {
            open.remove(client);
        }
    }

    /** Serves one request; returns whether the client's connection stays open. */
    private boolean exchange(Message request, OutputStream out) throws IOException {
        Classified c = classify(request);
        CrashSwitch.Verdict verdict = crashSwitch.admit(c.writes());
        switch (verdict.action()) {
            case HOLD -> {
                crashSwitch.awaitKill();
                return false;
            }
            case KILL -> {
                int sent = verdict.writesToApply();
                int status = -1;
                if (sent > 0) {
                    Message cut = c.batch() == null ? request : c.batch().cutAfter(request, sent);
                    status = forward(cut).status();
                }
                crashSwitch.trip(c.description(), sent, status);
                crashSwitch.awaitKill();
                return false;
            }
            default -> {
                Message response = forward(request);
                response.writeResponse(out, request.method());
                return !request.wantsClose() && !response.startLine().startsWith("HTTP/1.0");
            }
        }
    }

    private Message forward(Message request) throws IOException {
        try (Socket upstream = new Socket(upstreamHost, upstreamPort)) {
            upstream.setTcpNoDelay(true);
            open.add(upstream);
            try {
                OutputStream out = new BufferedOutputStream(upstream.getOutputStream());
                request.writeRequest(out);
                return Message.readResponse(new BufferedInputStream(upstream.getInputStream()), request.method());
            } finally {
                open.remove(upstream);
            }
        }
    }

    // ------------------------------------------------------------------ what a request is

    /**
     * A request as the switch counts it: its writes ("METHOD path"; a batch request's write parts,
     * in order), a description, and the batch's parts if it is a batch request.
     */
    private record Classified(List<String> writes, String description, Batch batch) {}

    private static Classified classify(Message request) throws IOException {
        String method = request.method();
        String path = request.path();
        String override = request.header("x-http-method-override");
        if (method.equals("POST") && override != null) {
            method = override.toUpperCase(Locale.ROOT);
        }
        if (path.contains("/batch/")) {
            Batch batch = Batch.of(request);
            return new Classified(
                    batch.writes(),
                    "POST " + path + " (a batch of " + batch.parts().size() + " parts)",
                    batch);
        }
        String line = method + " " + path;
        return new Classified(WRITE_METHODS.contains(method) ? List.of(line) : List.of(), line, null);
    }

    /**
     * A Google batch request (multipart/mixed, each part an HTTP request), to be counted part by part
     * and cut short after a number of its writes.
     *
     * @param boundary the multipart boundary
     * @param preamble what precedes the first delimiter
     * @param parts each part's text between two delimiters, in order
     * @param gzipped whether the body was sent gzip-encoded
     */
    private record Batch(String boundary, String preamble, List<String> parts, boolean gzipped) {

        static Batch of(Message request) throws IOException {
            String type = request.header("content-type");
            Matcher m = type == null ? null : BOUNDARY.matcher(type);
            if (m == null || !m.find()) {
                throw new IOException("a batch request without a multipart boundary");
            }
            String boundary = m.group(1) != null ? m.group(1) : m.group(2);
            boolean gzipped = "gzip".equalsIgnoreCase(request.header("content-encoding"));
            byte[] body = request.body();
            if (gzipped) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            String[] pieces = new String(body, StandardCharsets.ISO_8859_1).split(Pattern.quote("--" + boundary), -1);
            List<String> parts = new ArrayList<>();
            for (int i = 1; i < pieces.length && !pieces[i].startsWith("--"); i++) {
                parts.add(pieces[i]);
            }
            return new Batch(boundary, pieces[0], parts, gzipped);
        }

        /** The write parts, in order. */
        List<String> writes() {
            List<String> writes = new ArrayList<>();
            for (String part : parts) {
                write(part).ifPresent(writes::add);
            }
            return writes;
        }

        /** The request with only the parts up to its {@code writes}-th write part. */
        Message cutAfter(Message request, int writes) throws IOException {
            StringBuilder body = new StringBuilder(preamble);
            int seen = 0;
            for (String part : parts) {
                if (seen == writes) {
                    break;
                }
                body.append("--").append(boundary).append(part);
                if (write(part).isPresent()) {
                    seen++;
                }
            }
            body.append("--").append(boundary).append("--\r\n");
            byte[] bytes = body.toString().getBytes(StandardCharsets.ISO_8859_1);
            if (gzipped) {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream();
                try (OutputStream out = new GZIPOutputStream(zipped)) {
                    out.write(bytes);
                }
                bytes = zipped.toByteArray();
            }
            return new Message(request.startLine(), request.headers(), bytes);
        }

        /** A part's "METHOD path" if it writes. */
        private static Optional<String> write(String part) {
            Matcher m = BATCH_PART.matcher(part);
            if (!m.find() || m.group(1).equals("GET")) {
                return Optional.empty();
            }
            String target = URI.create(m.group(2)).getRawPath();
            return Optional.of(m.group(1) + " " + target);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ------------------------------------------------------------------ HTTP/1.1 messages

    /** A request or response read whole: its start line, headers in order, and its body (unframed). */
    private record Message(String startLine, List<Map.Entry<String, String>> headers, byte[] body) {

        String method() {
            return startLine.substring(0, startLine.indexOf(' ')).toUpperCase(Locale.ROOT);
        }

        /** The request's path, without the query. */
        String path() {
            String target = startLine.split(" ")[1];
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        int status() {
            return Integer.parseInt(startLine.split(" ")[1]);
        }

        String header(String name) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        boolean wantsClose() {
            String connection = header("connection");
            return (connection != null && connection.toLowerCase(Locale.ROOT).contains("close"))
                    || startLine.endsWith("HTTP/1.0");
        }

        /** The next request on a client connection, or null at its end. */
        static Message readRequest(InputStream in, OutputStream out) throws IOException {
            String line;
            do {
                line = readLine(in);
                if (line == null) {
                    return null;
                }
            } while (line.isEmpty());
            List<Map.Entry<String, String>> headers = readHeaders(in);
            Message head = new Message(line, headers, new byte[0]);
            String expect = head.header("expect");
            if (expect != null && expect.equalsIgnoreCase("100-continue")) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            return new Message(line, headers, readBody(in, head, false));
        }

        /** The answer to a request with {@code method}, interim (1xx) answers skipped. */
        static Message readResponse(InputStream in, String method) throws IOException {
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    throw new EOFException("the server closed the connection without an answer");
                }
                List<Map.Entry<String, String>> headers = readHeaders(in);
                Message head = new Message(line, headers, new byte[0]);
                int status = head.status();
                if (status >= 100 && status < 200) {
                    continue;
                }
                boolean bodiless = method.equals("HEAD") || status == 204 || status == 304;
                return new Message(line, headers, bodiless ? new byte[0] : readBody(in, head, true));
            }
        }

        void writeRequest(OutputStream out) throws IOException {
            StringBuilder head = new StringBuilder(startLine).append("\r\n");
            appendEndToEnd(head, true);
            if (body.length > 0 || Set.of("POST", "PUT", "PATCH").contains(method())) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        }

        void writeResponse(OutputStream out, String requestMethod) throws IOException {
            StringBuilder head = new StringBuilder(startLine).append("\r\n");
            boolean isHead = requestMethod.equals("HEAD");
            appendEndToEnd(head, !isHead);
            int status = status();
            if (!isHead && status != 204 && status != 304) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        }

        private void appendEndToEnd(StringBuilder head, boolean dropLength) {
            for (Map.Entry<String, String> h : headers) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (HOP_BY_HOP.contains(name) && (dropLength || !name.equals("content-length"))) {
                    continue;
                }
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        }

        private static List<Map.Entry<String, String>> readHeaders(InputStream in) throws IOException {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            int size = 0;
            String line;
            while ((line = readLine(in)) != null && !line.isEmpty()) {
                size += line.length();
                if (size > MAX_HEAD) {
                    throw new IOException("headers too long");
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(Map.entry(
                            line.substring(0, colon).trim(),
                            line.substring(colon + 1).trim()));
                }
            }
            if (line == null) {
                throw new EOFException("the stream ended in the headers");
            }
            return headers;
        }

        private static byte[] readBody(InputStream in, Message head, boolean toEndIfUnframed) throws IOException {
            String encoding = head.header("transfer-encoding");
            if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                return readChunked(in);
            }
            String length = head.header("content-length");
            if (length != null) {
                int n = Integer.parseInt(length.trim());
                byte[] body = in.readNBytes(n);
                if (body.length < n) {
                    throw new EOFException("the body ended after " + body.length + " of " + n + " bytes");
                }
                return body;
            }
            return toEndIfUnframed ? in.readAllBytes() : new byte[0];
        }

        private static byte[] readChunked(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    throw new EOFException("the stream ended in a chunked body");
                }
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    readHeaders(in); // trailers, dropped
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length < size) {
                    throw new EOFException("the stream ended in a chunk");
                }
                body.write(chunk);
                readLine(in);
            }
        }

        /** A line up to LF, without CR LF; null at the end of the stream before any byte. */
        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    break;
                }
                line.write(b);
                if (line.size() > MAX_HEAD) {
                    throw new IOException("line too long");
                }
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
            String s = line.toString(StandardCharsets.ISO_8859_1);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
    }
}
