package dev.calsync.bench.pair;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain TCP relay on 127.0.0.1 in front of one local HTTP server that counts the bytes passing
 * each way, as on the wire (request and status lines, headers, bodies). It does not parse HTTP:
 * requests are counted by the emulators' own logs, this only measures the traffic. Every connection
 * gets its own connection to the server; either end closing closes both.
 */
final class ByteRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int backendPort;
    private final AtomicLong down = new AtomicLong();
    private final AtomicLong up = new AtomicLong();

    /** A relay to {@code 127.0.0.1:backendPort}. */
    ByteRelay(int backendPort) throws IOException {
        this.backendPort = backendPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::acceptLoop, "byte-relay-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code uri} with its host and port replaced by the relay's (path and query kept). */
    URI through(URI uri) {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /** Bytes the server sent since the last {@link #reset()}. */
    long down() {
        return down.get();
    }

    /** Bytes the client sent since the last {@link #reset()}. */
    long up() {
        return up.get();
    }

    void reset() {
        down.set(0);
        up.set(0);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                pump(client, server, up, false, "relay-up");
                pump(server, client, down, true, "relay-down");
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    System.err.println("byte relay: " + e);
                }
            }
        }
    }

    private static void pump(Socket from, Socket to, AtomicLong counter, boolean closeAtEnd, String name) {
        Thread t = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream()) {
                        OutputStream out = to.getOutputStream();
                        byte[] buffer = new byte[32768];
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            counter.addAndGet(n);
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                        if (closeAtEnd) {
                            closeQuietly(from);
                            closeQuietly(to);
                        } else {
                            to.shutdownOutput();
                        }
                    } catch (IOException e) {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
