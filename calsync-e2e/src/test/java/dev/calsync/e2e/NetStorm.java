package dev.calsync.e2e;

import dev.calsync.testkit.google.GoogleApiFault;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import dev.calsync.testkit.google.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A rate-limit storm: a random share of the Google emulator's requests (every logical request,
 * batch parts and the batch POSTs themselves) answered half 429 {@code rateLimitExceeded} with
 * {@code Retry-After}, half 403 {@code rateLimitExceeded} without; and the waits a storm asked for,
 * checked against when the next request came ({@link #unhonoured}).
 */
final class NetStorm {
    private NetStorm() {}

    /**
     * What the emulator's request log shows of a storm.
     *
     * @param requests logical requests served (batch parts and batch POSTs each count)
     * @param tooManyRequests answered 429 (each with the storm's Retry-After)
     * @param rateLimited403 answered 403 rateLimitExceeded (no Retry-After)
     * @param batchesRefusedWhole batch POSTs refused as a whole (429 or 403), counted in the above
     */
    record GoogleTally(int requests, int tooManyRequests, int rateLimited403, int batchesRefusedWhole) {
        int faults() {
            return tooManyRequests + rateLimited403;
        }

        static GoogleTally of(List<RecordedRequest> log) {
            int tooMany = 0;
            int forbidden = 0;
            int batches = 0;
            for (RecordedRequest r : log) {
                if (r.path().equals("batch/calendar/v3") && (r.status() == 429 || r.status() == 403)) {
                    batches++;
                }
                if (r.status() == 429) {
                    tooMany++;
                } else if (r.status() == 403) {
                    forbidden++;
                }
            }
            return new GoogleTally(log.size(), tooMany, forbidden, batches);
        }
    }

    /**
     * Arms the storm on {@code google} until {@link GoogleCalendarEmulator#faults()} is cleared: each
     * request draws once; {@code share / 2} of them get 429 with {@code retryAfter}, as many 403.
     */
    static void arm(GoogleCalendarEmulator google, double share, Duration retryAfter, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double half = share / 2;
        // The 429 entry is asked first; the 403 entry only about the requests it let pass.
        google.faults()
                .failNext(Integer.MAX_VALUE, GoogleApiFault.rateLimitExceeded429(retryAfter), draw(random, half));
        google.faults()
                .failNext(Integer.MAX_VALUE, GoogleApiFault.rateLimitExceeded403(), draw(random, half / (1 - half)));
    }

    private static Predicate<RecordedRequest> draw(SplittableRandom random, double p) {
        return r -> {
            synchronized (random) {
                return random.nextDouble() < p;
            }
        };
    }

    /** The sum of the Retry-After waits the answers asked for. */
    static Duration askedFor(List<NetFaultProxy.Exchange> exchanges) {
        return exchanges.stream()
                .map(NetFaultProxy.Exchange::retryAfter)
                .filter(d -> d != null)
                .reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * The answers that asked for a wait the client did not keep: the next request through the same
     * proxy came sooner than the answer's Retry-After after the answer was sent. (calsync sends one
     * request at a time per side, so the next request is the retry or a later call.)
     */
    static List<String> unhonoured(List<NetFaultProxy.Exchange> exchanges) {
        List<NetFaultProxy.Exchange> byArrival = new ArrayList<>(exchanges);
        byArrival.sort((a, b) -> Long.compare(a.received(), b.received()));
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < byArrival.size(); i++) {
            NetFaultProxy.Exchange asked = byArrival.get(i);
            if (asked.retryAfter() == null) {
                continue;
            }
            NetFaultProxy.Exchange next = byArrival.get(i + 1);
            Duration gap = Duration.ofNanos(next.received() - asked.answered());
            if (gap.compareTo(asked.retryAfter()) < 0) {
                out.add("request " + asked.seq() + " (" + asked.status() + ") asked for "
                        + asked.retryAfter().toMillis() + " ms, request " + next.seq() + " came " + gap.toMillis()
                        + " ms later");
            }
        }
        return out;
    }
}
