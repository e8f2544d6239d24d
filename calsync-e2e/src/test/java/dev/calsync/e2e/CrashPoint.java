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
         * The write never reaches the server: the process is killed while the proxy holds it, then it
         * is dropped. Write {@code k - 1} is the last one applied (when write {@code k} is a part of
         * a Google batch request, the parts before it are sent and their answer is lost).
         */
        REQUEST_DROPPED,
        /**
         * The write reaches the server and is applied; the process is killed before the answer is
         * relayed to it: the server has writes 1 to {@code k}, the store does not know of {@code k}
         * (nor of the parts before it in the same batch request).
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
     * {@code wanted} kill points spread evenly over writes 1 to {@code total}, the first and the last
     * write included, the faults alternating so that both occur (the first point drops its write, the
     * last loses its answer); {@code wanted} 0 (the full sweep) or more than {@code total}: every
     * write, each with both faults.
     */
    static List<CrashPoint> spread(int total, int wanted) {
        if (total < 1) {
            throw new IllegalArgumentException("a sync without writes has no kill points");
        }
        List<CrashPoint> points = new ArrayList<>();
        if (wanted <= 0 || wanted > total) {
            for (int w = 1; w <= total; w++) {
                points.add(new CrashPoint(w, Fault.REQUEST_DROPPED));
                points.add(new CrashPoint(w, Fault.RESPONSE_LOST));
            }
            return points;
        }
        Set<Integer> writes = new LinkedHashSet<>();
        for (int i = 0; i < wanted; i++) {
            writes.add(wanted == 1 ? total : 1 + (int) Math.round((double) i * (total - 1) / (wanted - 1)));
        }
        int i = 0;
        for (int w : writes) {
            boolean last = i == writes.size() - 1;
            points.add(new CrashPoint(w, last || i % 2 == 1 ? Fault.RESPONSE_LOST : Fault.REQUEST_DROPPED));
            i++;
        }
        return points;
    }
}
