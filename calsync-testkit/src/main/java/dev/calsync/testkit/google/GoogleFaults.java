package dev.calsync.testkit.google;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Fault injection of a {@link GoogleCalendarEmulator}: the next requests fail with a given {@link
 * GoogleApiFault} instead of being served. Faults count logical requests, so every part of a batch
 * counts on its own (a faulted part fails inside a 200 batch response, like on the real service).
 * The outer batch POST is only faulted by an armed fault whose predicate accepts it (its path is
 * {@code batch/calendar/v3}); {@link #failNext(int, GoogleApiFault)} never fails it.
 *
 * <p>Armed faults are used in the order they were armed. Thread-safe.
 */
public final class GoogleFaults {
    private static final class Armed {
        int remaining;
        final GoogleApiFault fault;
        final Predicate<RecordedRequest> which;
        final boolean envelopes;

        Armed(int remaining, GoogleApiFault fault, Predicate<RecordedRequest> which, boolean envelopes) {
            this.remaining = remaining;
            this.fault = fault;
            this.which = which;
            this.envelopes = envelopes;
        }
    }

    private final List<Armed> armed = new ArrayList<>();

    GoogleFaults() {}

    /**
     * The next {@code count} logical requests (batch parts included, outer batch POSTs excluded) fail
     * with {@code fault}.
     *
     * @param count how many requests
     * @param fault the failure to answer
     */
    public synchronized void failNext(int count, GoogleApiFault fault) {
        arm(count, fault, r -> true, false);
    }

    /**
     * The next {@code count} logical requests accepted by {@code which} fail with {@code fault}. The
     * predicate sees the request with status 0; it is also asked about outer batch POSTs.
     *
     * @param count how many requests
     * @param fault the failure to answer
     * @param which the requests that count
     */
    public synchronized void failNext(int count, GoogleApiFault fault, Predicate<RecordedRequest> which) {
        arm(count, fault, which, true);
    }

    /** Disarms every fault. */
    public synchronized void clear() {
        armed.clear();
    }

    private void arm(int count, GoogleApiFault fault, Predicate<RecordedRequest> which, boolean envelopes) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count");
        }
        armed.add(new Armed(count, Objects.requireNonNull(fault, "fault"), Objects.requireNonNull(which), envelopes));
    }

    /** The fault for this request, used up, or null. */
    synchronized GoogleApiFault take(RecordedRequest request, boolean envelope) {
        for (var it = armed.iterator(); it.hasNext(); ) {
            Armed a = it.next();
            if (a.remaining <= 0) {
                it.remove();
                continue;
            }
            if (envelope && !a.envelopes) {
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
