package dev.calsync.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The write counter the {@link CrashProxy proxies} in front of both servers share: it numbers the
 * syncing process's write requests in the order they arrive, and at the {@link CrashPoint}'s write
 * it trips. From then on the proxies forward nothing more (every request on every connection is held)
 * until the test has killed the process and said so ({@link #killed()}); then they drop what they
 * hold. Without a kill point it only counts (a measuring run).
 */
final class CrashSwitch {
    /** How long a proxy holds a request for a kill that does not come (a test that failed). */
    private static final long HOLD_SECONDS = 120;

    /** The write the process dies at, as it reached the proxy: its request line and the server's status. */
    record Trip(CrashPoint point, String request, int status) {
        /** Whether the server applied the write (its answer, lost to the process, was a success). */
        boolean applied() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return point + ": " + request + (status < 0 ? ", not sent" : ", server answered " + status);
        }
    }

    private final CrashPoint point;
    private final List<String> writes = new ArrayList<>();
    private final CompletableFuture<Trip> tripped = new CompletableFuture<>();
    private final CountDownLatch killed = new CountDownLatch(1);
    private boolean frozen;

    private CrashSwitch(CrashPoint point) {
        this.point = point;
    }

    /** A switch that trips at {@code point}. */
    static CrashSwitch at(CrashPoint point) {
        return new CrashSwitch(point);
    }

    /** A switch that only counts. */
    static CrashSwitch countingOnly() {
        return new CrashSwitch(null);
    }

    /** What a proxy does with a request. */
    enum Verdict {
        /** Forward it and relay the answer. */
        FORWARD,
        /** It is the kill point's write and must not reach the server: hold it, then drop it. */
        DROP,
        /** It is the kill point's write: forward it, then hold the answer and drop it. */
        LOSE_RESPONSE,
        /** The kill point was reached: hold it until the process is dead, then drop it. */
        HOLD
    }

    /**
     * Decides what becomes of a request, counting it if it is a {@code write}: the kill point's write
     * gets its fault, and freezes the switch; every request after that is held.
     */
    synchronized Verdict admit(String request, boolean write) {
        if (frozen) {
            return Verdict.HOLD;
        }
        if (!write) {
            return Verdict.FORWARD;
        }
        writes.add(request);
        if (point == null || writes.size() != point.write()) {
            return Verdict.FORWARD;
        }
        frozen = true;
        return point.fault() == CrashPoint.Fault.REQUEST_DROPPED ? Verdict.DROP : Verdict.LOSE_RESPONSE;
    }

    /** Whether the kill point was reached. */
    synchronized boolean frozen() {
        return frozen;
    }

    /** The write requests counted, in order (method and path). */
    synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    /** Reports the kill point's write, as it went: {@code status} -1 if it was not sent. */
    void trip(String request, int status) {
        tripped.complete(new Trip(point, request, status));
    }

    /** Completes when the kill point is reached: the time to kill the process. */
    CompletableFuture<Trip> tripped() {
        return tripped;
    }

    /** Tells the proxies the process is dead: they drop what they hold. */
    void killed() {
        killed.countDown();
    }

    /** Holds the calling proxy thread until the process is dead (or the hold times out). */
    void awaitKill() {
        try {
            killed.await(HOLD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
