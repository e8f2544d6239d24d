package dev.calsync.testkit.memory;

import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.spi.TransientProviderException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The faults an {@link InMemoryCalendarProvider} injects, armed by a test at any time through {@link
 * InMemoryCalendarProvider#faults()}. Every method returns this object so that faults chain:
 *
 * <pre>{@code
 * provider.faults().rateLimitNext(2, Duration.ofSeconds(1)).crashAfterWrites(3, CrashPoint.AFTER_APPLY);
 * }</pre>
 *
 * <p>Counted faults ("the next N ...") are used up as they fire; switches ({@link #volatileEtags},
 * {@link #omitEtags}, {@link #omitFromFullListings(String...)}) stay on until turned off or {@link
 * #clear() cleared}. Faults never touch the provider's data except where said ({@link
 * #preconditionRaces} edits the series as a concurrent user would). Everything random is drawn from
 * the provider's seed, so a run is repeatable: the same seed and the same calls give the same faults.
 *
 * <p>Thread-safe.
 */
public final class Faults {

    /** Where a simulated crash interrupts the write it hits. */
    public enum CrashPoint {
        /** The write is not applied: the process died before the request reached the server. */
        BEFORE_APPLY,
        /** The write is applied, but its answer is lost: the process died while the response was in flight. */
        AFTER_APPLY
    }

    private final long seed;
    private final Random random;
    private final Consumer<String> tokenInvalidator;

    private int emptyFullListings;
    private final Set<String> omittedUids = new HashSet<>();
    private double omittedFraction;
    private int races;
    private UnaryOperator<EventSeries> raceEdit = UnaryOperator.identity();
    private int rateLimits;
    private Duration rateLimitRetryAfter;
    private double rateLimitProbability;
    private Duration probableRetryAfter;
    private int writeFailures;
    private int writesBeforeCrash = -1;
    private CrashPoint crashPoint;
    private boolean volatileEtags;
    private boolean omitEtags;
    private long injected;

    Faults(long seed, Consumer<String> tokenInvalidator) {
        this.seed = seed;
        this.random = new Random(seed);
        this.tokenInvalidator = tokenInvalidator;
    }

    // --- arming

    /**
     * Invalidates every sync token issued so far for {@code calendarId}: the next delta asked with
     * one of them is a full listing with {@code tokenRejected()} true (Google's 410 {@code
     * fullSyncRequired}, CalDAV's {@code valid-sync-token} precondition).
     *
     * @param calendarId the calendar
     * @return these faults
     * @throws dev.calsync.core.spi.CalendarAccessException if the calendar does not exist
     */
    public Faults invalidateTokens(String calendarId) {
        // Not synchronized: the provider takes its own lock.
        tokenInvalidator.accept(calendarId);
        return this;
    }

    /**
     * The next {@code count} full listings (of any calendar) list nothing at all, as a server that
     * briefly answers with an empty collection does. Their sync token is still valid.
     *
     * @param count how many full listings
     * @return these faults
     */
    public synchronized Faults emptyFullListings(int count) {
        emptyFullListings = requireCount(count);
        return this;
    }

    /**
     * Full listings leave out the series with these UIDs until {@link #clear()}; deltas and {@link
     * InMemoryCalendarProvider#fetchSeries} still see them (a server that silently truncates a large
     * listing).
     *
     * @param uids the series to leave out
     * @return these faults
     */
    public synchronized Faults omitFromFullListings(String... uids) {
        omittedUids.addAll(Arrays.asList(uids));
        return this;
    }

    /**
     * Full listings leave out about {@code fraction} of the series until {@link #clear()}. Which ones
     * is a function of the seed and the UID, so the same series are missing from every listing.
     *
     * @param fraction between 0 (none) and 1 (all)
     * @return these faults
     */
    public synchronized Faults omitFromFullListings(double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be within [0, 1]: " + fraction);
        }
        omittedFraction = fraction;
        return this;
    }

    /**
     * The next {@code count} updates or deletes (creates do not count) meet a concurrent user edit:
     * just before the write, another client re-saves the series, which changes every ETag of it and
     * shows in the next delta; a write guarded by an ETag then gets {@code PreconditionFailed}.
     *
     * @param count how many updates or deletes
     * @return these faults
     */
    public Faults preconditionRaces(int count) {
        return preconditionRaces(count, UnaryOperator.identity());
    }

    /**
     * {@link #preconditionRaces(int)} where the concurrent user also changes the series with {@code
     * edit} (applied to the stored series, as {@link InMemoryCalendarProvider#userEdit} does).
     *
     * @param count how many updates or deletes
     * @param edit the concurrent user's change
     * @return these faults
     */
    public synchronized Faults preconditionRaces(int count, UnaryOperator<EventSeries> edit) {
        races = requireCount(count);
        raceEdit = Objects.requireNonNull(edit, "edit");
        return this;
    }

    /**
     * The next {@code count} requests of any kind (a listing page, a fetch, a write) throw {@link
     * TransientProviderException} with {@code retryAfter} and do nothing else. A rate-limited write
     * is not applied.
     *
     * @param count how many requests
     * @param retryAfter what the "server" asks to wait, or null for no {@code Retry-After}
     * @return these faults
     */
    public synchronized Faults rateLimitNext(int count, Duration retryAfter) {
        rateLimits = requireCount(count);
        rateLimitRetryAfter = retryAfter;
        return this;
    }

    /**
     * Until {@link #clear()}, each request is rate-limited with probability {@code probability},
     * drawn from the provider's seed.
     *
     * @param probability between 0 and 1
     * @param retryAfter what the "server" asks to wait, or null
     * @return these faults
     */
    public synchronized Faults rateLimit(double probability, Duration retryAfter) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be within [0, 1]: " + probability);
        }
        rateLimitProbability = probability;
        probableRetryAfter = retryAfter;
        return this;
    }

    /**
     * The next {@code count} writes (create, update, delete) throw a non-transient {@link
     * ProviderException} (a 400) and are not applied.
     *
     * @param count how many writes
     * @return these faults
     */
    public synchronized Faults failNextWrites(int count) {
        writeFailures = requireCount(count);
        return this;
    }

    /**
     * After {@code writes} more writes have returned, the next write throws {@link SimulatedCrash}
     * once, at {@code point}. A write "returns" whatever its outcome ({@code Written}, {@code
     * AlreadyExists}, ...); writes that threw (rate limit, failure) do not count.
     *
     * @param writes how many writes still succeed; 0 crashes the very next write
     * @param point whether the write takes effect before the crash
     * @return these faults
     */
    public synchronized Faults crashAfterWrites(int writes, CrashPoint point) {
        writesBeforeCrash = requireCount(writes);
        crashPoint = Objects.requireNonNull(point, "point");
        return this;
    }

    /**
     * {@link #crashAfterWrites(int, CrashPoint)} with {@link CrashPoint#BEFORE_APPLY}.
     *
     * @param writes how many writes still succeed; 0 crashes the very next write
     * @return these faults
     */
    public Faults crashAfterWrites(int writes) {
        return crashAfterWrites(writes, CrashPoint.BEFORE_APPLY);
    }

    /**
     * While on, every read (each item of a listing, each fetch) gives the items it returns a new ETag,
     * as servers that regenerate {@code DTSTAMP} on every GET do. Only the ETag of the latest read
     * then guards a write; it is not a change and does not show in deltas.
     *
     * @param on whether ETags change on every read
     * @return these faults
     */
    public synchronized Faults volatileEtags(boolean on) {
        volatileEtags = on;
        return this;
    }

    /**
     * While on, listings, fetches and write results carry no ETag (null). A write guarded by a null
     * ETag is unconditional, as a request without {@code If-Match} is.
     *
     * @param on whether ETags are left out
     * @return these faults
     */
    public synchronized Faults omitEtags(boolean on) {
        omitEtags = on;
        return this;
    }

    /**
     * Disarms every fault (token invalidations already done stay done).
     *
     * @return these faults
     */
    public synchronized Faults clear() {
        emptyFullListings = 0;
        omittedUids.clear();
        omittedFraction = 0;
        races = 0;
        raceEdit = UnaryOperator.identity();
        rateLimits = 0;
        rateLimitRetryAfter = null;
        rateLimitProbability = 0;
        probableRetryAfter = null;
        writeFailures = 0;
        writesBeforeCrash = -1;
        crashPoint = null;
        volatileEtags = false;
        omitEtags = false;
        return this;
    }

    /** {@return how many faults fired so far (rate limits, failures, races, crashes, empty listings)} */
    public synchronized long injected() {
        return injected;
    }

    // --- consulted by the provider

    synchronized void onRequest(String request) {
        Duration retryAfter = null;
        boolean limited = false;
        if (rateLimits > 0) {
            rateLimits--;
            limited = true;
            retryAfter = rateLimitRetryAfter;
        } else if (rateLimitProbability > 0 && random.nextDouble() < rateLimitProbability) {
            limited = true;
            retryAfter = probableRetryAfter;
        }
        if (limited) {
            injected++;
            throw new TransientProviderException("429 Too Many Requests (simulated): " + request, retryAfter);
        }
    }

    synchronized void onWrite(String request) {
        if (writeFailures > 0) {
            writeFailures--;
            injected++;
            throw new ProviderException("400 Bad Request (simulated): " + request);
        }
    }

    synchronized boolean takeEmptyFullListing() {
        if (emptyFullListings > 0) {
            emptyFullListings--;
            injected++;
            return true;
        }
        return false;
    }

    synchronized boolean omits(String uid) {
        if (uid == null) {
            return false;
        }
        if (omittedUids.contains(uid)) {
            return true;
        }
        return omittedFraction > 0 && unitInterval(uid) < omittedFraction;
    }

    synchronized UnaryOperator<EventSeries> takeRace() {
        if (races > 0) {
            races--;
            injected++;
            return raceEdit;
        }
        return null;
    }

    /** The crash this write must suffer, or null. */
    synchronized CrashPoint takeCrash() {
        if (writesBeforeCrash == 0) {
            writesBeforeCrash = -1;
            injected++;
            CrashPoint point = crashPoint;
            crashPoint = null;
            return point;
        }
        return null;
    }

    synchronized void writeReturned() {
        if (writesBeforeCrash > 0) {
            writesBeforeCrash--;
        }
    }

    synchronized boolean volatileEtagsOn() {
        return volatileEtags;
    }

    synchronized boolean omitEtagsOn() {
        return omitEtags;
    }

    private double unitInterval(String uid) {
        long h = seed;
        for (byte b : uid.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h + 0x9e3779b97f4a7c15L + (b & 0xff));
        }
        return (mix(h) >>> 11) * 0x1.0p-53;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int requireCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        return count;
    }
}
