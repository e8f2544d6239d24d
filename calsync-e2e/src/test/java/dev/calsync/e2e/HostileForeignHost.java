package dev.calsync.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * "Another host" for scenario 7: a listener that answers nothing useful and records every request
 * it receives, with its Authorization header. Calsync's CalDAV client sends requests only to its
 * server's origin (scheme, host and port) and to hosts allowed by name; so another loopback
 * address (127.0.0.2) is another host, and another port on 127.0.0.1 is another origin on the same
 * host, which only an {@code allowHosts("127.0.0.1")} would open.
 */
final class HostileForeignHost implements AutoCloseable {
    /** A request that reached this host. */
    record Received(String method, String path, String authorization) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private HostileForeignHost(String address) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                received.add(new Received(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("Authorization")));
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(404, -1);
            }
        });
        server.start();
    }

    /** A listener on {@code address} (127.0.0.2, or 127.0.0.1 for another port) and a free port. */
    static HostileForeignHost start(String address) {
        try {
            return new HostileForeignHost(address);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
    }

    /** {@code http://address:port}, without a trailing slash. */
    String origin() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort();
    }

    /** Every request received so far. */
    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
