package dev.calsync.examples.samples;

import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.TransientProviderException;
import dev.calsync.core.sync.MassDeletionException;
import dev.calsync.core.sync.PairBusyException;
import dev.calsync.core.sync.PairDisabledException;
import dev.calsync.core.sync.PairNotFoundException;
import dev.calsync.core.sync.SideFailedException;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of a single-process host (one SQLite store) that syncs every enabled pair on a schedule
 * and handles each failure the way {@code docs/operations.md} says: a transient failure is left to
 * the next round, a refused mass deletion and an inaccessible calendar hold the pair until a person
 * has looked, and a pair another worker holds, a disabled pair or a removed pair are skipped.
 *
 * <p>Call {@link #runRound()} from a scheduler, e.g. {@code
 * scheduler.scheduleWithFixedDelay(loop::runRound, 0, 5, TimeUnit.MINUTES)}. A store failure (the
 * database cannot be reached) is not handled here: it ends the round with its exception, and the
 * next round tries again. Thread-safe for one round at a time.
 */
public final class OperationsSchedulerLoop {
    private static final Logger log = LoggerFactory.getLogger(OperationsSchedulerLoop.class);

    /** What became of one pair in a round. */
    public enum Outcome {
        /** Synced; the report may still list parked or quarantined series. */
        SYNCED,
        /**
         * A side could not be read: transiently (rate limit, 5xx, timeout) or through another provider
         * failure. Nothing is lost: the next round reads the same changes.
         */
        RETRY_NEXT_ROUND,
        /** Another worker holds the pair's lease. */
        BUSY,
        /** Disabled or removed since the round listed it. */
        SKIPPED,
        /** Refused as a mass deletion; held until {@link #approveMassDeletion} or {@link #resume}. */
        MASS_DELETION_REFUSED,
        /** A calendar cannot be used (credentials, permissions, calendar gone); held until {@link #resume}. */
        NEEDS_ATTENTION,
        /** Held from an earlier round; not synced. */
        HELD
    }

    private final SyncEngine engine;
    private final MappingStore store;
    private final Map<String, Outcome> held = new ConcurrentHashMap<>();
    private final Set<String> massDeletionApproved = ConcurrentHashMap.newKeySet();

    /**
     * @param engine the engine syncing every pair of {@code store}
     * @param store where the pairs are listed
     */
    public OperationsSchedulerLoop(SyncEngine engine, MappingStore store) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Syncs every enabled pair once.
     *
     * @return what became of each pair, by pair id
     */
    public Map<String, Outcome> runRound() {
        Map<String, Outcome> outcomes = new TreeMap<>();
        for (CalendarPair pair : store.inTransaction(tx -> tx.pairs())) {
            if (pair.enabled()) {
                outcomes.put(pair.pairId(), syncOne(pair.pairId()));
            }
        }
        return outcomes;
    }

    /**
     * After a person checked that the deletions the engine refused are intended: the pair's next
     * sync (and only that one) carries them out.
     */
    public void approveMassDeletion(String pairId) {
        massDeletionApproved.add(pairId);
        held.remove(pairId);
    }

    /** After a person fixed what held the pair (credentials, calendar id, sharing): sync it again. */
    public void resume(String pairId) {
        held.remove(pairId);
    }

    /** The pairs held for a person, with why. */
    public Map<String, Outcome> held() {
        return Map.copyOf(held);
    }

    private Outcome syncOne(String pairId) {
        if (held.containsKey(pairId)) {
            return Outcome.HELD;
        }
        boolean approved = massDeletionApproved.remove(pairId);
        // handle:begin
        try {
            SyncReport report = engine.sync(
                    pairId, SyncOptions.builder().allowMassDeletion(approved).build());
            if (!report.parked().isEmpty() || !report.quarantined().isEmpty()) {
                // Synced, but some series wait in the retry queue or cannot be read: see the report.
                log.warn(
                        "pair {}: {} series parked, {} items quarantined",
                        pairId,
                        report.parked().size(),
                        report.quarantined().size());
            }
            return Outcome.SYNCED;
        } catch (MassDeletionException e) {
            // Nothing was written. A person decides: restore the events, or approve the deletions.
            log.error("{}", e.getMessage());
            held.put(pairId, Outcome.MASS_DELETION_REFUSED);
            return Outcome.MASS_DELETION_REFUSED;
        } catch (SideFailedException e) {
            if (e.getCause() instanceof CalendarAccessException access) {
                // CREDENTIALS_REFUSED, FORBIDDEN, NOT_FOUND, INVALID_CALENDAR_ID or OTHER: not retried.
                log.error("{} ({})", e.getMessage(), access.reason());
                held.put(pairId, Outcome.NEEDS_ATTENTION);
                return Outcome.NEEDS_ATTENTION;
            }
            if (e.getCause() instanceof TransientProviderException) {
                // Retries spent within this sync: tokens unchanged, the next round reads the same changes.
                log.warn("{}", e.getMessage());
                return Outcome.RETRY_NEXT_ROUND;
            }
            // Another provider failure (e.g. an answer that breaks the protocol): look if it repeats.
            log.error("{}", e.getMessage());
            return Outcome.RETRY_NEXT_ROUND;
        } catch (PairBusyException e) {
            return Outcome.BUSY;
        } catch (PairDisabledException | PairNotFoundException e) {
            return Outcome.SKIPPED;
        }
        // handle:end
    }
}
