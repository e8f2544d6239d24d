package dev.calsync.e2e;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a crash sweep kills the syncing process: at its {@code write}-th write request (counted over
 * both servers, from 1), in one of two ways.
 *
 * @param write the write request the kill waits for, from 1
 * @param fault what becomes of that write
 */
record CrashPoint(int write, Fault fault) {

    /** What becomes of the write the process dies at. */
    enum Fault {
        /**
         * The request is held at the proxy, the process is killed, the request is dropped: the server
         * never sees it (write {@code k - 1} was the last one applied).
         */
        REQUEST_DROPPED,
        /**
         * The request reaches the server and is applied; the process is killed before the answer is
         * relayed to it: the server has write {@code k}, the store does not know.
         */
        RESPONSE_LOST
    }

    CrashPoint {
        if (write < 1) {
            throw new IllegalArgumentException("writes count from 1: " + write);
        }
    }

    @Override
    public String toString() {
        return "write " + write + " (" + fault.name().toLowerCase().replace('_', ' ') + ")";
    }

    /**
     * {@code wanted} kill points spread evenly over writes 1 to {@code total} (0, or more than
     * {@code total}: every write), the first and the last write included, the faults alternating so
     * that both occur (the first point drops its request, the last loses its response).
     */
    static List<CrashPoint> spread(int total, int wanted) {
        if (total < 1) {
            throw new IllegalArgumentException("a sync without writes has no kill points");
        }
        int n = wanted <= 0 || wanted > total ? total : wanted;
        Set<Integer> writes = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            writes.add(n == 1 ? total : 1 + (int) Math.round((double) i * (total - 1) / (n - 1)));
        }
        List<CrashPoint> points = new ArrayList<>();
        int i = 0;
        for (int w : writes) {
            boolean last = i == writes.size() - 1;
            Fault fault = last || i % 2 == 1 ? Fault.RESPONSE_LOST : Fault.REQUEST_DROPPED;
            points.add(new CrashPoint(w, fault));
            i++;
        }
        return points;
    }
}
