package dev.calsync.core.sync;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.ConflictResolver;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.SyncListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps pairs of calendars in two-way sync. Assemble one explicitly:
 *
 * <pre>{@code
 * SyncEngine engine = SyncEngine.builder()
 *         .sideA(google)
 *         .sideB(caldav)
 *         .store(store)
 *         .conflictResolver(ConflictResolvers.standard())
 *         .build();
 * SyncReport report = engine.sync("work-calendar");
 * }</pre>
 *
 * <p>Every pair synced by this engine has its side-A calendar on {@code sideA}'s provider and its
 * side-B calendar on {@code sideB}'s. One sync of a pair:
 *
 * <ol>
 *   <li>claims the pair's lease (another worker holding it gives {@link PairBusyException});
 *   <li>reads each side's changes since its stored sync token, or a full listing when there is
 *       none, the side rejected it, or {@link SyncOptions#forceFullSync()};
 *   <li>groups components into series, and decides each touched series with a pure function of
 *       what was recorded and what each side holds; deletions only on evidence (a tombstone in a
 *       token delta, or a direct lookup answering 404/410); absence from a full listing alone
 *       marks the mapping orphaned;
 *   <li>refuses a plan that deletes too much ({@link MassDeletionException});
 *   <li>executes the plan with idempotent writes guarded by ETags, recording each write's mapping
 *       and journal entry in one store transaction right after it succeeds; a series that keeps
 *       failing is parked in the retry queue;
 *   <li>stores each side's new token last, so a crash anywhere replays the same changes, and
 *       replaying is harmless.
 * </ol>
 *
 * <p>Thread-safe: different pairs may be synced concurrently from several threads or processes
 * sharing a store; the lease keeps one pair to one sync at a time. Logs go through SLF4J with the
 * pair id in the MDC under {@value #MDC_PAIR}; event content, credentials and tokens are never
 * logged at INFO.
 */
public final class SyncEngine {

    /** The MDC key holding the pair id while a sync runs. */
    public static final String MDC_PAIR = "calsync.pair";

    private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);

    final CalendarProvider sideA;
    final CalendarProvider sideB;
    final MappingStore store;
    final ConflictResolver resolver;
    final SyncListener listener;
    final Clock clock;
    final Sleeper sleeper;
    final RetryPolicy retryPolicy;
    final RandomGenerator random;
    final String workerId;
    final Duration leaseDuration;
    final int maxRedecisions;

    private SyncEngine(Builder b) {
        this.sideA = Objects.requireNonNull(b.sideA, "sideA");
        this.sideB = Objects.requireNonNull(b.sideB, "sideB");
        this.store = Objects.requireNonNull(b.store, "store");
        this.resolver = b.resolver;
        this.listener = b.listener;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.retryPolicy = b.retryPolicy;
        this.random = b.random;
        this.workerId = b.workerId;
        this.leaseDuration = b.leaseDuration;
        this.maxRedecisions = b.maxRedecisions;
    }

    /** {@return a builder to assemble an engine} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Syncs {@code pairId} with {@link SyncOptions#defaults()}.
     *
     * @param pairId the pair
     * @return what was done
     */
    public SyncReport sync(String pairId) {
        return sync(pairId, SyncOptions.defaults());
    }

    /**
     * Syncs one pair.
     *
     * @param pairId the pair
     * @param options how the sync runs
     * @return what was done (or planned, for a dry run)
     * @throws PairNotFoundException if the store has no such pair
     * @throws PairDisabledException if the pair is disabled
     * @throws PairBusyException if another worker holds the pair's lease
     * @throws MassDeletionException if the plan deletes too much; nothing was written
     * @throws SideFailedException if a side could not be read or its calendar is inaccessible;
     *     writes already made are recorded, tokens are not advanced
     */
    public SyncReport sync(String pairId, SyncOptions options) {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(options, "options");
        String previousPair = MDC.get(MDC_PAIR);
        MDC.put(MDC_PAIR, pairId);
        try {
            Lease lease = store.inTransaction(tx -> {
                CalendarPair pair = tx.pair(pairId).orElseThrow(() -> new PairNotFoundException(pairId));
                if (!pair.enabled()) {
                    throw new PairDisabledException(pairId);
                }
                return tx.claim(pairId, workerId, clock.instant(), leaseDuration)
                        .orElseThrow(() -> {
                            Lease held = tx.lease(pairId).orElseThrow();
                            return new PairBusyException(pairId, held.owner(), held.expiresAt());
                        });
            });
            try {
                safely(() -> listener.syncStarted(pairId, options.dryRun()));
                SyncReport report = new PairSync(this, pairId, options, lease).run();
                safely(() -> listener.syncFinished(report));
                return report;
            } catch (RuntimeException | Error e) {
                safely(() -> listener.syncFailed(pairId, e));
                throw e;
            } finally {
                store.useTransaction(tx -> tx.release(lease));
            }
        } finally {
            if (previousPair == null) {
                MDC.remove(MDC_PAIR);
            } else {
                MDC.put(MDC_PAIR, previousPair);
            }
        }
    }

    CalendarProvider provider(Side side) {
        return side == Side.A ? sideA : sideB;
    }

    void safely(Runnable listenerCall) {
        try {
            listenerCall.run();
        } catch (RuntimeException e) {
            log.warn("a SyncListener threw; ignored", e);
        }
    }

    /** Assembles a {@link SyncEngine}. */
    public static final class Builder {
        private CalendarProvider sideA;
        private CalendarProvider sideB;
        private MappingStore store;
        private ConflictResolver resolver = ConflictResolvers.standard();
        private SyncListener listener = SyncListener.NONE;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.THREAD;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private RandomGenerator random = new SplittableRandom();
        private String workerId = "calsync-" + UUID.randomUUID();
        private Duration leaseDuration = Duration.ofMinutes(10);
        private int maxRedecisions = 3;

        private Builder() {}

        /**
         * The provider of every pair's side-A calendar (required).
         *
         * @param provider side A's provider
         * @return this builder
         */
        public Builder sideA(CalendarProvider provider) {
            this.sideA = provider;
            return this;
        }

        /**
         * The provider of every pair's side-B calendar (required).
         *
         * @param provider side B's provider
         * @return this builder
         */
        public Builder sideB(CalendarProvider provider) {
            this.sideB = provider;
            return this;
        }

        /**
         * Where pairs, mappings and the journal live (required).
         *
         * @param store the mapping store
         * @return this builder
         */
        public Builder store(MappingStore store) {
            this.store = store;
            return this;
        }

        /**
         * Decides conflicts; default {@link ConflictResolvers#standard()}.
         *
         * @param resolver the conflict resolver
         * @return this builder
         */
        public Builder conflictResolver(ConflictResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * Receives progress and outcome events; default none.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(SyncListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The clock for leases and journal times; default UTC system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How to wait between retries; default {@link Sleeper#THREAD}. Tests inject one that does not sleep.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * How transient failures are retried; default {@link RetryPolicy#DEFAULT}.
         *
         * @param retryPolicy the retry policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * The source of retry jitter; default a fresh {@link SplittableRandom}.
         *
         * @param random the source of jitter
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * This worker's id in leases; default {@code calsync-<random UUID>}.
         *
         * @param workerId the worker's id, unique among workers sharing a store
         * @return this builder
         */
        public Builder workerId(String workerId) {
            this.workerId = Objects.requireNonNull(workerId, "workerId");
            return this;
        }

        /**
         * How long a claimed lease lasts; renewed while a long sync runs. Default 10 minutes.
         *
         * @param leaseDuration the lease's time to live, positive
         * @return this builder
         */
        public Builder leaseDuration(Duration leaseDuration) {
            if (leaseDuration.isNegative() || leaseDuration.isZero()) {
                throw new IllegalArgumentException("lease duration must be positive: " + leaseDuration);
            }
            this.leaseDuration = leaseDuration;
            return this;
        }

        /**
         * How often one series is re-read and decided again when its write meets a concurrent change
         * (412, already exists, gone) before it is parked in the retry queue. Default 3.
         *
         * @param maxRedecisions re-decisions per series, at least 1
         * @return this builder
         */
        public Builder maxRedecisions(int maxRedecisions) {
            if (maxRedecisions < 1) {
                throw new IllegalArgumentException("maxRedecisions must be >= 1: " + maxRedecisions);
            }
            this.maxRedecisions = maxRedecisions;
            return this;
        }

        /**
         * Builds the engine.
         *
         * @return the engine
         * @throws NullPointerException if a side or the store is missing
         */
        public SyncEngine build() {
            return new SyncEngine(this);
        }
    }
}
