package dev.calsync.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of a CalDAV server that counts what a client sends through it:
 * requests by kind (the method, and for a REPORT the report its body asks for) and the bytes the
 * server answered (status lines, headers and bodies, as on the wire, compressed if the server
 * compressed). It reads each request's head and its {@code Content-Length} body to classify it and
 * passes every byte through unchanged; a request with a chunked body is counted as {@code ?}.
 * Connection by connection: when the server closes (Radicale, HTTP/1.0), so does the relay. It
 * also counts the bytes the client sent (request heads and bodies).
 */
public final class CountingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int backendPort;
    private final Map<String, AtomicLong> requests = new TreeMap<>();
    private final AtomicLong wireBytes = new AtomicLong();
    private final AtomicLong sentBytes = new AtomicLong();
    private final Thread acceptor;

    /**
     * Starts relaying from an ephemeral port on 127.0.0.1 to {@code backendPort} on 127.0.0.1.
     *
     * @param backendPort the server's port
     * @throws IOException if no port can be bound
     */
    public CountingProxy(int backendPort) throws IOException {
        this.backendPort = backendPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::acceptLoop, "counting-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
    }

    /** The same path and query as {@code backendUri}, through the relay. */
    public URI through(URI backendUri) {
        return baseUri().resolve(backendUri.getRawPath());
    }

    /** Requests since the last {@link #reset()} by kind ({@code PUT}, {@code REPORT sync-collection}, ...). */
    public synchronized Map<String, Long> requests() {
        Map<String, Long> out = new TreeMap<>();
        requests.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Bytes the server sent since the last {@link #reset()}, headers included. */
    public long wireBytes() {
        return wireBytes.get();
    }

    /** Bytes the clients sent since the last {@link #reset()}: request lines, headers and bodies. */
    public long sentBytes() {
        return sentBytes.get();
    }

    /** Requests since the last {@link #reset()} by method alone ({@code PUT}, {@code REPORT}, ...). */
    public synchronized Map<String, Long> requestsByMethod() {
        Map<String, Long> out = new TreeMap<>();
        requests.forEach((k, v) -> {
            int space = k.indexOf(' ');
            out.merge(space < 0 ? k : k.substring(0, space), v.get(), Long::sum);
        });
        return out;
    }

    /** Starts counting afresh. */
    public synchronized void reset() {
        requests.clear();
        wireBytes.set(0);
        sentBytes.set(0);
    }

    private synchronized void count(String kind) {
        requests.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Thread up = new Thread(() -> relayRequests(client, server), "proxy-up");
                Thread down = new Thread(() -> relayResponses(server, client), "proxy-down");
                up.setDaemon(true);
                down.setDaemon(true);
                up.start();
                down.start();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    System.err.println("counting proxy: " + e);
                }
            }
        }
    }

    private void relayRequests(Socket client, Socket server) {
        try (InputStream in = new BufferedInputStream(client.getInputStream())) {
            OutputStream out = server.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    break;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String method = text.substring(0, Math.max(0, text.indexOf(' ')));
                long length = 0;
                boolean chunked = false;
                for (String line : text.split("\r\n")) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(line.substring(15).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    }
                }
                byte[] body = in.readNBytes((int) length);
                count(chunked ? method + " ?" : kind(method, new String(body, StandardCharsets.UTF_8)));
                out.write(head);
                out.write(body);
                out.flush();
                sentBytes.addAndGet(head.length + body.length);
                if (chunked) {
                    // cannot follow the framing: pass the rest through
                    sentBytes.addAndGet(in.transferTo(out));
                    break;
                }
            }
            server.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(server);
        }
    }

    private void relayResponses(Socket server, Socket client) {
        try (InputStream in = server.getInputStream()) {
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[16384];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                wireBytes.addAndGet(n);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the client or the server went away
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static String kind(String method, String body) {
        if (!method.equals("REPORT")) {
            return method;
        }
        if (body.contains("sync-collection")) {
            return "REPORT sync-collection";
        }
        if (body.contains("calendar-multiget")) {
            return "REPORT calendar-multiget";
        }
        if (body.contains("calendar-query")) {
            return "REPORT calendar-query";
        }
        return "REPORT other";
    }

    /** The request line and headers through the blank line, or null at the end of the stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        return null;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops accepting connections (open ones end when either side closes). */
    @Override
    public void close() throws IOException {
        listener.close();
    }
}
