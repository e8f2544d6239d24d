package dev.calsync.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The write counter the {@link CrashProxy proxies} in front of both servers share: it numbers the
 * syncing process's writes in the order they reach the servers (each write request, and each write
 * part of a Google batch request), and at the {@link CrashPoint}'s write it trips: the proxy sends
 * the writes up to the kill point (cutting a batch request short after the last write to apply) and
 * holds the answer; from then on every request on every connection is held. Once the test has killed
 * the process and said so ({@link #killed()}) the proxies drop what they hold. Without a kill point
 * the switch only counts (a measuring run).
 */
final class CrashSwitch {
    /** How long a proxy holds a request for a kill that does not come (a test that failed). */
    private static final long HOLD_SECONDS = 120;

    /**
     * The request the process died at, as it went: its description, how many of its writes were sent
     * to the server, and the server's status (-1 if nothing was sent).
     */
    record Trip(CrashPoint point, String request, int writesSent, int status) {
        /** Whether the server took the request (its answer, lost to the process, was a success). */
        boolean answeredOk() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return point + " in " + request
                    + (status < 0
                            ? ", nothing sent"
                            : ", " + writesSent + " of its writes sent, server answered " + status);
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
    enum Action {
        /** Forward it and relay the answer. */
        FORWARD,
        /**
         * It holds the kill point's write: forward only its first {@link Verdict#writesToApply()}
         * writes (none: nothing is sent), hold the answer until the process is dead, then drop it.
         */
        KILL,
        /** The kill point was reached: hold it until the process is dead, then drop it. */
        HOLD
    }

    /** A proxy's instructions for one request. */
    record Verdict(Action action, int writesToApply) {}

    /**
     * Decides what becomes of a request that carries {@code writes} writes (a Google batch request
     * may carry several, a read none), counting them. The request holding the kill point's write gets
     * {@link Action#KILL}: the writes before it are applied, and that write too if its answer is to
     * be lost. Every request after that is held.
     *
     * @param writes the request's writes, as "METHOD path", in the order the server applies them
     */
    synchronized Verdict admit(List<String> writes) {
        if (frozen) {
            return new Verdict(Action.HOLD, 0);
        }
        int before = this.writes.size();
        this.writes.addAll(writes);
        if (point == null || point.write() > this.writes.size()) {
            return new Verdict(Action.FORWARD, writes.size());
        }
        frozen = true;
        int index = point.write() - before; // 1-based, within this request
        return new Verdict(Action.KILL, point.fault() == CrashPoint.Fault.REQUEST_DROPPED ? index - 1 : index);
    }

    /** Whether the kill point was reached. */
    synchronized boolean frozen() {
        return frozen;
    }

    /** The writes counted, in order ("METHOD path"; each part of a batch request on its own). */
    synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    /** Reports the request holding the kill point's write, as it went: {@code status} -1 if nothing was sent. */
    void trip(String request, int writesSent, int status) {
        tripped.complete(new Trip(point, request, writesSent, status));
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
