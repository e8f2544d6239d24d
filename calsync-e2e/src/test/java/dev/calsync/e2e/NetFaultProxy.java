package dev.calsync.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault-injecting HTTP/1.1 proxy on 127.0.0.1 (an ephemeral port) in front of one server: it reads
 * each request whole, asks its {@link Plan} what to do with it, and then forwards it and its answer
 * unchanged, or resets the connection (RST) before or after forwarding, stalls past the client's
 * timeout before or after forwarding, cuts the answer in the middle of its body, or answers 503
 * with {@code Retry-After} itself. Keep-alive connections (the Google emulator's) carry several
 * requests, each decided on its own; when the server closes after an answer (Radicale), so does the
 * proxy.
 *
 * <p>It counts what it did: requests seen, faults injected by kind, and writes the server applied
 * (2xx) whose answer the client never received. Thread-safe; one thread per client connection.
 */
final class NetFaultProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetFaultProxy.class);
    /** How long a stall may hold a connection at most, whatever the client's timeout. */
    private static final Duration MAX_STALL = Duration.ofSeconds(30);

    private static final Pattern PART_RETRY_AFTER = Pattern.compile("(?im)^Retry-After:\\s*(\\d+)\\s*$");

    /** What the proxy does with one request. */
    enum Fault {
        /** Forward the request and the answer unchanged. */
        PASS,
        /** Reset the client's connection without forwarding the request: the server never saw it. */
        RESET_BEFORE,
        /** Forward the request, read the server's whole answer, then reset the client's connection. */
        RESET_AFTER,
        /** Hold the request without forwarding it until the client gives up, then reset. */
        STALL_BEFORE,
        /** Forward the request, read the answer, hold it until the client gives up, then reset. */
        STALL_AFTER,
        /** Forward the request, send the answer's head and half its body, then close. */
        CUT_BODY,
        /** Answer 503 with {@code Retry-After} without forwarding the request. */
        UNAVAILABLE;

        /** Whether the server received the request before the fault. */
        boolean forwards() {
            return this == PASS || this == RESET_AFTER || this == STALL_AFTER || this == CUT_BODY;
        }
    }

    /**
     * One request as the plan sees it.
     *
     * @param connection the client connection's number, from 1
     * @param onConnection the request's number on its connection, from 1
     * @param seq the request's number on this proxy, from 1
     * @param method the method the server acts on ({@code X-HTTP-Method-Override} applied)
     * @param target the request target
     * @param write whether it changes something ({@link NetHttp#isWrite})
     */
    record Request(int connection, int onConnection, int seq, String method, String target, boolean write) {
        boolean read() {
            return !write;
        }
    }

    /** Decides what happens to each request. Called from the connections' threads. */
    @FunctionalInterface
    interface Plan {
        Fault decide(Request request);

        /** Every request passes. */
        static Plan pass() {
            return r -> Fault.PASS;
        }

        /**
         * Every {@code every}-th request {@code which} accepts gets the next fault of {@code
         * rotation}, until {@code budget} faults were handed out; the rest pass.
         */
        static Plan rotating(int every, Predicate<Request> which, List<Fault> rotation, int budget) {
            AtomicInteger matched = new AtomicInteger();
            AtomicInteger handed = new AtomicInteger();
            return r -> {
                if (!which.test(r) || matched.incrementAndGet() % every != 0) {
                    return Fault.PASS;
                }
                int n = handed.getAndIncrement();
                return n < budget ? rotation.get(n % rotation.size()) : Fault.PASS;
            };
        }

        /** A random {@code share} (0..1) of the requests {@code which} accepts gets {@code fault}. */
        static Plan share(double share, long seed, Predicate<Request> which, Fault fault) {
            SplittableRandom random = new SplittableRandom(seed);
            return r -> {
                boolean hit;
                synchronized (random) {
                    hit = random.nextDouble() < share;
                }
                return which.test(r) && hit ? fault : Fault.PASS;
            };
        }
    }

    /**
     * What a proxy did so far.
     *
     * @param requests requests it read whole
     * @param writes of which writes
     * @param injected faults injected, by kind (PASS not counted)
     * @param writesAppliedAnswerLost writes the server answered 2xx whose answer the client never got
     */
    record Counts(int requests, int writes, Map<Fault, Integer> injected, int writesAppliedAnswerLost) {
        int total() {
            return injected.values().stream().mapToInt(Integer::intValue).sum();
        }

        int of(Fault fault) {
            return injected.getOrDefault(fault, 0);
        }

        /** e.g. "RESET_BEFORE=2 CUT_BODY=1". */
        String breakdown() {
            StringBuilder sb = new StringBuilder();
            injected.forEach((k, v) ->
                    sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
            return sb.toString();
        }
    }

    /**
     * One request and what the client got, timed by the proxy.
     *
     * @param seq the request's number on this proxy
     * @param fault what the proxy did with it
     * @param received when the proxy had read the whole request ({@link System#nanoTime()})
     * @param answered when the proxy had sent the whole answer, or ended the connection
     * @param status the status the client got (0 when it got none)
     * @param retryAfter the longest {@code Retry-After} the answer carried, in its head or (for a
     *     Google batch) in one of its parts; null if none
     */
    record Exchange(int seq, Fault fault, long received, long answered, int status, Duration retryAfter) {}

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Duration retryAfter;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger writesAppliedAnswerLost = new AtomicInteger();
    private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
    private final List<Exchange> exchanges = new ArrayList<>();
    private volatile Plan plan = Plan.pass();
    private volatile boolean closed;

    private NetFaultProxy(String targetHost, int targetPort, Duration retryAfter) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.retryAfter = retryAfter;
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicInteger());
        }
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "net-fault-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * A proxy in front of the server of {@code url} (its host and port), answering 503s with
     * {@code Retry-After: 1}.
     */
    static NetFaultProxy inFrontOf(URI url) {
        return inFrontOf(url, Duration.ofSeconds(1));
    }

    /** A proxy in front of the server of {@code url}; its 503s ask to wait {@code retryAfter} (whole seconds). */
    static NetFaultProxy inFrontOf(URI url, Duration retryAfter) {
        try {
            return new NetFaultProxy(url.getHost(), url.getPort(), retryAfter);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a proxy in front of " + url, e);
        }
    }

    /** {@code url} with the proxy's host and port in place of the server's. */
    URI route(URI url) {
        try {
            return new URI(
                    url.getScheme(),
                    url.getUserInfo(),
                    "127.0.0.1",
                    server.getLocalPort(),
                    url.getPath(),
                    url.getQuery(),
                    url.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sets the plan for the requests from now on. */
    void plan(Plan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /** What the proxy did so far. */
    Counts counts() {
        Map<Fault, Integer> out = new EnumMap<>(Fault.class);
        injected.forEach((k, v) -> {
            if (k != Fault.PASS && v.get() > 0) {
                out.put(k, v.get());
            }
        });
        return new Counts(requests.get(), writes.get(), out, writesAppliedAnswerLost.get());
    }

    /** Every exchange so far, in the order the requests arrived. */
    synchronized List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** Forgets the exchanges recorded so far. */
    synchronized void clearExchanges() {
        exchanges.clear();
    }

    private synchronized void record(Exchange e) {
        exchanges.add(e);
    }

    /** The Retry-After its 503s carry. */
    Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(NetFaultProxy::closeQuietly);
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("proxy stopped accepting", e);
                }
                return;
            }
            int n = connections.incrementAndGet();
            sockets.add(client);
            Thread t = new Thread(() -> serve(client, n), "net-fault-proxy-" + server.getLocalPort() + "-" + n);
            t.setDaemon(true);
            t.start();
        }
    }

    /** Serves one client connection, request after request, until either side closes or a fault ends it. */
    private void serve(Socket client, int connection) {
        Socket upstream = null;
        try {
            client.setTcpNoDelay(true);
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            InputStream fromServer = null;
            for (int onConnection = 1; ; onConnection++) {
                NetHttp.Message request = NetHttp.readRequest(fromClient);
                if (request == null) {
                    return;
                }
                boolean write = NetHttp.isWrite(request);
                int seq = requests.incrementAndGet();
                if (write) {
                    writes.incrementAndGet();
                }
                Request r =
                        new Request(connection, onConnection, seq, request.effectiveMethod(), request.target(), write);
                long received = System.nanoTime();
                Fault fault = plan.decide(r);
                if (fault != Fault.PASS) {
                    injected.get(fault).incrementAndGet();
                    log.debug("proxy {}: {} on {} {}", server.getLocalPort(), fault, r.method(), r.target());
                }
                if (fault == Fault.RESET_BEFORE) {
                    reset(client);
                    record(new Exchange(seq, fault, received, System.nanoTime(), 0, null));
                    return;
                }
                if (fault == Fault.STALL_BEFORE) {
                    stall(client, fromClient);
                    record(new Exchange(seq, fault, received, System.nanoTime(), 0, null));
                    return;
                }
                if (fault == Fault.UNAVAILABLE) {
                    unavailable(toClient);
                    record(new Exchange(seq, fault, received, System.nanoTime(), 503, retryAfter));
                    return;
                }
                if (upstream == null) {
                    upstream = new Socket();
                    sockets.add(upstream);
                    upstream.setTcpNoDelay(true);
                    upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
                    fromServer = new BufferedInputStream(upstream.getInputStream());
                }
                upstream.getOutputStream().write(request.raw());
                upstream.getOutputStream().flush();
                NetHttp.Message response = readFinalResponse(fromServer, toClient, request.method(), fault);
                if (response == null) {
                    return; // the server closed without answering: so does the proxy
                }
                if (fault != Fault.PASS && write && response.status() >= 200 && response.status() < 300) {
                    writesAppliedAnswerLost.incrementAndGet();
                }
                switch (fault) {
                    case RESET_AFTER -> reset(client);
                    case STALL_AFTER -> stall(client, fromClient);
                    case CUT_BODY -> cut(response, toClient);
                    default -> {
                        toClient.write(response.raw());
                        toClient.flush();
                    }
                }
                record(new Exchange(
                        seq,
                        fault,
                        received,
                        System.nanoTime(),
                        fault == Fault.PASS ? response.status() : 0,
                        fault == Fault.PASS ? retryAfterAsked(response) : null));
                if (fault != Fault.PASS || response.closes()) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                log.debug("proxy connection {} ended: {}", connection, e.toString());
            }
        } finally {
            closeQuietly(client);
            if (upstream != null) {
                closeQuietly(upstream);
                sockets.remove(upstream);
            }
            sockets.remove(client);
        }
    }

    /**
     * The longest {@code Retry-After} an answer carries: in its head, or in the head of one of the
     * parts of a multipart (Google batch) answer.
     */
    private static Duration retryAfterAsked(NetHttp.Message response) throws IOException {
        long seconds = -1;
        String head = response.headers().get("retry-after");
        if (head != null && head.trim().matches("\\d+")) {
            seconds = Long.parseLong(head.trim());
        }
        if (response.headers().getOrDefault("content-type", "").startsWith("multipart/")) {
            Matcher m = PART_RETRY_AFTER.matcher(new String(response.content(), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                seconds = Math.max(seconds, Long.parseLong(m.group(1)));
            }
        }
        return seconds < 0 ? null : Duration.ofSeconds(seconds);
    }

    /** Reads the server's final answer, passing interim (1xx) ones on unless a fault is planned. */
    private static NetHttp.Message readFinalResponse(
            InputStream fromServer, OutputStream toClient, String method, Fault fault) throws IOException {
        while (true) {
            NetHttp.Message response = NetHttp.readResponse(fromServer, method);
            if (response == null || response.status() >= 200) {
                return response;
            }
            if (fault == Fault.PASS) {
                toClient.write(response.raw());
                toClient.flush();
            }
        }
    }

    /** Sends the head and half the body (or half the head when there is no body), then closes. */
    private static void cut(NetHttp.Message response, OutputStream toClient) throws IOException {
        byte[] raw = response.raw();
        int keep = response.body().length >= 2
                ? response.head().length + response.body().length / 2
                : response.head().length / 2;
        toClient.write(raw, 0, keep);
        toClient.flush();
    }

    private void unavailable(OutputStream toClient) throws IOException {
        byte[] body = "Service Unavailable\n".getBytes(StandardCharsets.US_ASCII);
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        String head = "HTTP/1.1 503 Service Unavailable\r\n"
                + "Retry-After: " + seconds + "\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        toClient.write(head.getBytes(StandardCharsets.US_ASCII));
        toClient.write(body);
        toClient.flush();
    }

    /** Waits, sending nothing, until the client closes the connection (its timeout), then resets it. */
    private static void stall(Socket client, InputStream fromClient) throws IOException {
        client.setSoTimeout((int) MAX_STALL.toMillis());
        try {
            while (fromClient.read() >= 0) {
                // the client sends nothing more while it waits for the answer; discard anything
            }
        } catch (SocketTimeoutException outlasted) {
            log.warn("a stalled client waited more than {} without giving up", MAX_STALL);
        } catch (SocketException closedByClient) {
            // the client gave up
        }
        reset(client);
    }

    /** Closes with SO_LINGER 0: the peer gets a RST, not a FIN. */
    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
