package dev.calsync.testkit.caldav;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Fault injection of a {@link CalDavEmulator}: the next requests (optionally only those a predicate
 * accepts) are not served but answered {@code 503 Service Unavailable} with a {@code Retry-After}
 * header, or have their connection closed without any response. Faults apply before authentication
 * and are logged in {@link CalDavEmulator#requests()} (a dropped request with status 0).
 *
 * <p>Armed faults are used in the order they were armed. Thread-safe.
 */
public final class CalDavFaults {
    /** One armed fault. */
    record Fault(Duration retryAfter, boolean drop) {}

    private static final class Armed {
        int remaining;
        final Fault fault;
        final Predicate<RecordedRequest> which;

        Armed(int remaining, Fault fault, Predicate<RecordedRequest> which) {
            this.remaining = remaining;
            this.fault = fault;
            this.which = which;
        }
    }

    private final List<Armed> armed = new ArrayList<>();

    CalDavFaults() {}

    /**
     * The next {@code count} requests are answered 503 with {@code Retry-After: <seconds>} (rounded up),
     * or without that header if {@code retryAfter} is null.
     *
     * @param count how many requests
     * @param retryAfter the wait to announce, or null
     */
    public void serviceUnavailable(int count, Duration retryAfter) {
        serviceUnavailable(count, retryAfter, r -> true);
    }

    /**
     * The next {@code count} requests accepted by {@code which} are answered 503; see {@link
     * #serviceUnavailable(int, Duration)}. The predicate sees the request with status 0 and bytesSent 0.
     *
     * @param count how many requests
     * @param retryAfter the wait to announce, or null
     * @param which the requests that count
     */
    public synchronized void serviceUnavailable(int count, Duration retryAfter, Predicate<RecordedRequest> which) {
        arm(count, new Fault(retryAfter, false), which);
    }

    /**
     * The next {@code count} requests have their connection closed before any response is sent.
     *
     * @param count how many requests
     */
    public void dropConnection(int count) {
        dropConnection(count, r -> true);
    }

    /**
     * The next {@code count} requests accepted by {@code which} have their connection closed.
     *
     * @param count how many requests
     * @param which the requests that count
     */
    public synchronized void dropConnection(int count, Predicate<RecordedRequest> which) {
        arm(count, new Fault(null, true), which);
    }

    /** Disarms every fault. */
    public synchronized void clear() {
        armed.clear();
    }

    private void arm(int count, Fault fault, Predicate<RecordedRequest> which) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count");
        }
        if (fault.retryAfter() != null && fault.retryAfter().isNegative()) {
            throw new IllegalArgumentException("negative retryAfter");
        }
        armed.add(new Armed(count, fault, Objects.requireNonNull(which, "which")));
    }

    /** The fault for this request, used up, or null. */
    synchronized Fault take(RecordedRequest request) {
        for (var it = armed.iterator(); it.hasNext(); ) {
            Armed a = it.next();
            if (a.remaining <= 0) {
                it.remove();
                continue;
            }
            if (a.which.test(request)) {
                a.remaining--;
                if (a.remaining == 0) {
                    it.remove();
                }
                return a.fault;
            }
        }
        return null;
    }
}
