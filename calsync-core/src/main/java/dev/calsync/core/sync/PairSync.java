package dev.calsync.core.sync;

import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.internal.reconcile.Decision;
import dev.calsync.core.internal.reconcile.Reconciler;
import dev.calsync.core.internal.reconcile.SideState;
import dev.calsync.core.internal.reconcile.Verdict;
import dev.calsync.core.recurrence.DuplicateComponent;
import dev.calsync.core.recurrence.Grouping;
import dev.calsync.core.recurrence.RecurrenceGrouper;
import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.ComponentVersion;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.spi.QuarantinedItem;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.RetryItem;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.SeriesWrite;
import dev.calsync.core.spi.SideMapping;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.spi.TransientProviderException;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.core.spi.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One sync of one pair: read, decide, guard, execute, store tokens. Not thread-safe; used once. */
final class PairSync {

    private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);

    private final SyncEngine engine;
    private final String pairId;
    private final SyncOptions options;
    private final Reconciler reconciler;
    private final Instant startedAt;
    private Lease lease;
    private CalendarPair pair;

    private final Map<Side, Integer> calls = new EnumMap<>(Map.of(Side.A, 0, Side.B, 0));
    private int transientRetries;
    private final List<QuarantinedItem> quarantined = new ArrayList<>();
    private final List<DuplicateComponent> duplicates = new ArrayList<>();
    private final List<RetryItem> parked = new ArrayList<>();
    private final List<SyncOperation> executed = new ArrayList<>();

    PairSync(SyncEngine engine, String pairId, SyncOptions options, Lease lease) {
        this.engine = engine;
        this.pairId = pairId;
        this.options = options;
        this.lease = lease;
        this.reconciler = new Reconciler(engine.resolver, options.preferredSide());
        this.startedAt = engine.clock.instant();
    }

    /** What one side's listing gave. */
    private static final class SideRead {
        final Side side;
        boolean full;
        boolean tokenRejected;
        String nextToken;
        int components;
        final Map<String, RemoteSeries> series = new TreeMap<>();
        final Set<String> tombstones = new TreeSet<>();
        final List<QuarantinedItem> quarantined = new ArrayList<>();

        SideRead(Side side) {
            this.side = side;
        }
    }

    /** One series to decide and execute. */
    private static final class Step {
        final String uid;
        final List<EventMapping> rows;
        SideState a;
        SideState b;
        Decision decision;

        Step(String uid, List<EventMapping> rows) {
            this.uid = uid;
            this.rows = new ArrayList<>(rows);
        }

        SideState state(Side side) {
            return side == Side.A ? a : b;
        }

        void setState(Side side, SideState state) {
            if (side == Side.A) {
                a = state;
            } else {
                b = state;
            }
        }
    }

    SyncReport run() {
        pair = engine.store.inTransaction(tx -> tx.pair(pairId)).orElseThrow(() -> new PairNotFoundException(pairId));
        SideRead readA = read(Side.A, pair);
        SideRead readB = read(Side.B, pair);
        // A dry run previews the plan a real run would refuse, and says why, instead of throwing.
        String refusal = null;
        try {
            guardEmptyListing(readA);
            guardEmptyListing(readB);
        } catch (MassDeletionException e) {
            if (!options.dryRun()) {
                throw e;
            }
            refusal = e.getMessage();
        }

        List<Step> steps = prepare(readA, readB);
        for (Step step : steps) {
            step.decision = decideSafely(step);
        }
        try {
            guardMassDeletion(steps, readA, readB);
        } catch (MassDeletionException e) {
            if (!options.dryRun()) {
                throw e;
            }
            if (refusal == null) {
                refusal = e.getMessage();
            }
        }

        List<PlannedOperation> plan = new ArrayList<>();
        for (Step step : steps) {
            if (step.decision.verdict() != Verdict.NOTHING) {
                plan.add(planned(step.decision));
            }
        }
        engine.safely(() -> engine.listener.planned(pairId, plan.size()));
        log.info(
                "pair planned: {} steps (A: {} components{}, B: {} components{})",
                plan.size(),
                readA.components,
                readA.full ? ", full listing" : "",
                readB.components,
                readB.full ? ", full listing" : "");

        boolean tokensStored = false;
        if (!options.dryRun()) {
            executeAll(steps);
            storeTokens(readA, readB);
            tokensStored = true;
        }
        SyncReport report = new SyncReport(
                pairId,
                options.dryRun(),
                startedAt,
                engine.clock.instant(),
                summary(readA, tokensStored),
                summary(readB, tokensStored),
                plan,
                executed,
                quarantined,
                duplicates,
                parked,
                transientRetries,
                refusal);
        log.info(
                "pair synced: {} writes, {} parked, {} quarantined, {} retries",
                report.writes(),
                parked.size(),
                quarantined.size(),
                transientRetries);
        return report;
    }

    // ------------------------------------------------------------------ reading

    private SideRead read(Side side, CalendarPair pair) {
        CalendarProvider provider = engine.provider(side);
        String calendar = pair.calendar(side);
        String token = options.forceFullSync() ? null : pair.syncToken(side);
        SideRead read = new SideRead(side);
        RecurrenceGrouper grouper = new RecurrenceGrouper();
        IdentityHashMap<EventComponent, RemoteRef> refOf = new IdentityHashMap<>();
        Map<EventKey, RemoteRef> firstRef = new HashMap<>();
        try (ChangeListing listing = onSide(side, () -> call(side, () -> provider.listChanges(calendar, token)))) {
            read.full = listing.isFull();
            read.tokenRejected = listing.tokenRejected();
            while (true) {
                Optional<ChangePage> next = onSide(side, () -> call(side, listing::nextPage));
                if (next.isEmpty()) {
                    break;
                }
                ChangePage page = next.get();
                for (RemoteComponent rc : page.components()) {
                    grouper.add(rc.component());
                    refOf.put(rc.component(), rc.ref());
                    firstRef.putIfAbsent(rc.component().key(), rc.ref());
                }
                read.components += page.components().size();
                read.tombstones.addAll(page.tombstones());
                read.quarantined.addAll(page.quarantined());
                int size = page.components().size();
                engine.safely(() -> engine.listener.pageRead(pairId, side, size));
            }
            read.nextToken = listing.nextSyncToken();
        }
        Grouping grouping = grouper.finish();
        Map<EventKey, RemoteRef> keptRef = new HashMap<>(firstRef);
        for (DuplicateComponent d : grouping.duplicates()) {
            keptRef.put(d.key(), refOf.get(d.kept()));
        }
        duplicates.addAll(grouping.duplicates());
        for (EventSeries series : grouping.series()) {
            Map<EventKey, RemoteRef> refs = new TreeMap<>();
            for (EventComponent c : series.components()) {
                refs.put(c.key(), refOf.get(c));
            }
            for (var cancelled : series.cancelledOccurrences()) {
                EventKey key = EventKey.occurrence(series.uid(), cancelled);
                refs.put(key, keptRef.get(key));
            }
            read.series.put(series.uid(), new RemoteSeries(series, refs));
        }
        quarantined.addAll(read.quarantined);
        return read;
    }

    private void guardEmptyListing(SideRead read) {
        if (!read.full || read.components > 0 || !read.quarantined.isEmpty() || options.allowMassDeletion()) {
            return;
        }
        int mapped = mappedSeries(read.side);
        if (mapped > options.massDeletionMinimum()) {
            throw new MassDeletionException(
                    pairId, read.side, 0, mapped, "side " + read.side + " suddenly lists no events at all");
        }
    }

    private int mappedSeries(Side side) {
        return engine.store.inTransaction(tx -> {
            Set<String> uids = new HashSet<>();
            for (EventMapping m : tx.mappings(pairId, SyncStatus.ACTIVE)) {
                if (m.side(side) != null) {
                    uids.add(m.key().uid());
                }
            }
            return uids.size();
        });
    }

    // ------------------------------------------------------------------ deciding

    private List<Step> prepare(SideRead readA, SideRead readB) {
        Map<Side, SideRead> reads = new EnumMap<>(Map.of(Side.A, readA, Side.B, readB));
        Map<Side, Map<String, Set<EventKey>>> tombstoned = new EnumMap<>(Side.class);
        Map<Side, Map<String, String>> unreadable = new EnumMap<>(Side.class);
        Set<String> recheck = new TreeSet<>();
        Map<String, List<EventMapping>> rowsByUid = new HashMap<>();
        boolean anyFull = readA.full || readB.full;

        engine.store.useTransaction(tx -> {
            for (Side side : Side.values()) {
                SideRead read = reads.get(side);
                Map<String, Set<EventKey>> byUid = new TreeMap<>();
                for (String remoteId : read.tombstones) {
                    for (EventMapping m : tx.mappingsByRemoteId(pairId, side, remoteId)) {
                        if (m.status() != SyncStatus.DELETED) {
                            byUid.computeIfAbsent(m.key().uid(), u -> new HashSet<>())
                                    .add(m.key());
                        }
                    }
                }
                tombstoned.put(side, byUid);
                Map<String, String> reasons = new TreeMap<>();
                for (QuarantinedItem q : read.quarantined) {
                    for (EventMapping m : tx.mappingsByRemoteId(pairId, side, q.remoteId())) {
                        reasons.putIfAbsent(m.key().uid(), q.reason());
                    }
                }
                unreadable.put(side, reasons);
            }
            for (RetryItem r : tx.retries(pairId)) {
                recheck.add(r.uid());
            }
            for (SyncStatus status : List.of(SyncStatus.ORPHANED, SyncStatus.QUARANTINED)) {
                for (EventMapping m : tx.mappings(pairId, status)) {
                    recheck.add(m.key().uid());
                }
            }
            if (anyFull) {
                for (SyncStatus status : List.of(SyncStatus.ACTIVE, SyncStatus.ORPHANED, SyncStatus.QUARANTINED)) {
                    for (EventMapping m : tx.mappings(pairId, status)) {
                        rowsByUid
                                .computeIfAbsent(m.key().uid(), u -> new ArrayList<>())
                                .add(m);
                    }
                }
            }
        });

        Set<String> uids = new TreeSet<>();
        uids.addAll(readA.series.keySet());
        uids.addAll(readB.series.keySet());
        for (Side side : Side.values()) {
            uids.addAll(tombstoned.get(side).keySet());
            uids.addAll(unreadable.get(side).keySet());
            SideRead read = reads.get(side);
            if (read.full) {
                // Mapped on this side but missing from its full listing: looked up directly below.
                for (Map.Entry<String, List<EventMapping>> e : rowsByUid.entrySet()) {
                    if (!read.series.containsKey(e.getKey())
                            && e.getValue().stream().anyMatch(m -> m.side(side) != null)) {
                        uids.add(e.getKey());
                    }
                }
            }
        }
        uids.addAll(recheck);

        if (!anyFull) {
            engine.store.useTransaction(tx -> {
                for (String uid : uids) {
                    List<EventMapping> rows = new ArrayList<>();
                    for (EventMapping m : tx.mappingsOfUid(pairId, uid)) {
                        if (m.status() != SyncStatus.DELETED) {
                            rows.add(m);
                        }
                    }
                    rowsByUid.put(uid, rows);
                }
            });
        }

        List<Step> steps = new ArrayList<>(uids.size());
        for (String uid : uids) {
            Step step = new Step(uid, rowsByUid.getOrDefault(uid, List.of()));
            for (Side side : Side.values()) {
                step.setState(
                        side,
                        stateOf(
                                side,
                                reads.get(side),
                                step,
                                tombstoned.get(side).get(uid),
                                unreadable.get(side).get(uid),
                                recheck.contains(uid)));
            }
            steps.add(step);
        }
        return steps;
    }

    private SideState stateOf(
            Side side, SideRead read, Step step, Set<EventKey> tombstonedKeys, String unreadable, boolean recheck) {
        if (unreadable != null) {
            return SideState.quarantined(unreadable);
        }
        Map<EventKey, ContentHash> recorded = recorded(step.rows, side);
        CalendarProvider provider = engine.provider(side);
        RemoteSeries listed = read.series.get(step.uid);
        if (listed != null) {
            if (listed.series().isCancelled()) {
                return read.full ? lookup(side, step) : SideState.deleted(DeletionEvidence.TOKEN_DELTA);
            }
            Map<EventKey, String> etags = recordedEtags(step.rows, side);
            if (!provider.deltaListsWholeSeries()
                    && !read.full
                    && !recheck
                    && (tombstonedKeys == null || tombstonedKeys.isEmpty())
                    && echoesRecorded(listed, etags)) {
                // Only what calsync itself wrote, as it recorded it (a delta repeats the syncing
                // client's own writes): nothing changed on this side.
                return SideState.unchanged();
            }
            return isPartial(provider, read, listed, recorded, etags) ? lookup(side, step) : SideState.present(listed);
        }
        if (tombstonedKeys != null) {
            // The series is gone when its resource or master is, or every component it had is;
            // one removed instance of a series only changes the series, which is then re-read.
            boolean wholeSeries = provider.deltaListsWholeSeries()
                    || tombstonedKeys.contains(EventKey.master(step.uid))
                    || tombstonedKeys.containsAll(recorded.keySet());
            return wholeSeries ? SideState.deleted(DeletionEvidence.TOKEN_DELTA) : lookup(side, step);
        }
        if (recheck || (read.full && !recorded.isEmpty())) {
            return lookup(side, step);
        }
        return recorded.isEmpty() ? SideState.absent() : SideState.unchanged();
    }

    /**
     * Whether a delta of a side that lists changed entities (Google) may hold only part of a series:
     * it lacks the master, lacks a component mapped before, or shows a recurring master that changed
     * since calsync recorded it (or was never recorded). A delta does not repeat unchanged
     * instances, and a changed master changes what they mean: an instance a side keeps at the old
     * pattern (Google cannot turn an exception back into a plain occurrence) becomes an override
     * once the master moves on, without being listed itself. A master calsync wrote itself put such
     * instances back to its pattern as it was written, so its echo needs no second read.
     */
    private static boolean isPartial(
            CalendarProvider provider,
            SideRead read,
            RemoteSeries listed,
            Map<EventKey, ContentHash> recorded,
            Map<EventKey, String> recordedEtags) {
        if (provider.deltaListsWholeSeries() || read.full) {
            return false;
        }
        EventSeries series = listed.series();
        if (series.master() == null
                || !ContentHash.perComponent(series).keySet().containsAll(recorded.keySet())) {
            return true;
        }
        if (!series.master().recurrence().recurs()) {
            return false;
        }
        EventKey master = EventKey.master(series.uid());
        String known = recordedEtags.get(master);
        String now = listed.ref(master).map(RemoteRef::etag).orElse(null);
        return known == null || !known.equals(now);
    }

    /**
     * Whether every component listed is one calsync recorded with the same ETag: the listing
     * repeats calsync's own writes and shows no change.
     */
    private static boolean echoesRecorded(RemoteSeries listed, Map<EventKey, String> recordedEtags) {
        Set<EventKey> keys = ContentHash.perComponent(listed.series()).keySet();
        if (keys.isEmpty()) {
            return false;
        }
        for (EventKey key : keys) {
            String known = recordedEtags.get(key);
            String now = listed.ref(key).map(RemoteRef::etag).orElse(null);
            if (known == null || !known.equals(now)) {
                return false;
            }
        }
        return true;
    }

    /** The ETags recorded for {@code side}, by component, of the rows in good standing (active). */
    private static Map<EventKey, String> recordedEtags(List<EventMapping> rows, Side side) {
        Map<EventKey, String> etags = new TreeMap<>();
        for (EventMapping m : rows) {
            SideMapping s = m.side(side);
            if (s != null && s.etag() != null && m.status() == SyncStatus.ACTIVE) {
                etags.put(m.key(), s.etag());
            }
        }
        return etags;
    }

    /** Reads the series directly; only a confirmed absence of a mapped series is a deletion. */
    private SideState lookup(Side side, Step step) {
        CalendarProvider provider = engine.provider(side);
        String calendar = calendar(side);
        List<RemoteRef> known = new ArrayList<>(new java.util.LinkedHashSet<>(refs(step.rows, side)));
        boolean mapped = !recorded(step.rows, side).isEmpty();
        boolean quarantined = step.rows.stream().anyMatch(m -> m.status() == SyncStatus.QUARANTINED);
        try {
            Optional<RemoteSeries> found = call(side, () -> provider.fetchSeries(calendar, step.uid, known));
            if (found.isPresent() && !found.get().series().isCancelled()) {
                return SideState.present(found.get());
            }
            if (quarantined) {
                // An unreadable item cannot be found by its UID: only a tombstone proves it gone.
                return SideState.quarantined("still unreadable on side " + side);
            }
            return mapped ? SideState.deleted(DeletionEvidence.DIRECT_LOOKUP) : SideState.absent();
        } catch (CalendarAccessException e) {
            throw new SideFailedException(pairId, side, e);
        } catch (ProviderException e) {
            if (quarantined) {
                // A provider that finds the series but cannot read it says so with an exception
                // ("holds the UID but cannot be read"): still unreadable, not missing.
                return SideState.quarantined("still unreadable on side " + side + ": " + e.getMessage());
            }
            return SideState.missing("direct lookup on side " + side + " failed: " + e.getMessage());
        }
    }

    private Decision decideSafely(Step step) {
        try {
            return reconciler.decide(
                    step.uid, recorded(step.rows, Side.A), recorded(step.rows, Side.B), step.a, step.b);
        } catch (RuntimeException e) {
            // A series the model cannot compare (e.g. only cancellations, no component) is left alone.
            return new Decision(
                    step.uid,
                    Verdict.QUARANTINE,
                    null,
                    DeletionEvidence.NONE,
                    null,
                    "cannot decide: " + e.getMessage());
        }
    }

    private void guardMassDeletion(List<Step> steps, SideRead readA, SideRead readB) {
        if (options.allowMassDeletion()) {
            return;
        }
        Map<Side, Integer> deletions = new EnumMap<>(Map.of(Side.A, 0, Side.B, 0));
        for (Step step : steps) {
            if (step.decision.verdict() == Verdict.DELETE) {
                deletions.merge(step.decision.target(), 1, Integer::sum);
            }
        }
        for (Side side : Side.values()) {
            int count = deletions.get(side);
            if (count <= options.massDeletionMinimum()) {
                continue;
            }
            int mapped = mappedSeries(side);
            if (count > options.massDeletionShare() * mapped) {
                throw new MassDeletionException(
                        pairId,
                        side,
                        count,
                        mapped,
                        "the plan deletes more than " + Math.round(options.massDeletionShare() * 100)
                                + "% of the series on side " + side);
            }
        }
    }

    private static PlannedOperation planned(Decision d) {
        SyncOperation.Kind kind = switch (d.verdict()) {
            case CREATE -> SyncOperation.Kind.CREATE;
            case UPDATE -> SyncOperation.Kind.UPDATE;
            case DELETE, MARK_DELETED -> SyncOperation.Kind.DELETE;
            case ADOPT, NOTHING -> SyncOperation.Kind.ADOPT;
            case ORPHAN -> SyncOperation.Kind.ORPHAN;
            case QUARANTINE -> SyncOperation.Kind.QUARANTINE;
        };
        return new PlannedOperation(d.uid(), kind, d.target(), d.evidence(), d.rule());
    }

    // ------------------------------------------------------------------ executing

    /**
     * Executes every step. Writes to a side whose provider takes several at once are gathered into
     * batches of its {@link CalendarProvider#writeBatchSize()}; everything else runs step by step.
     */
    private void executeAll(List<Step> steps) {
        Map<Side, List<Step>> pending = new EnumMap<>(Side.class);
        for (Step step : steps) {
            renewLeaseIfDue();
            Side target = batchTarget(step.decision);
            if (target == null) {
                execute(step, null);
                continue;
            }
            List<Step> batch = pending.computeIfAbsent(target, s -> new ArrayList<>());
            batch.add(step);
            if (batch.size() >= engine.provider(target).writeBatchSize()) {
                flush(target, batch);
                batch.clear();
            }
        }
        for (Map.Entry<Side, List<Step>> e : pending.entrySet()) {
            flush(e.getKey(), e.getValue());
        }
    }

    /** The side a decision writes to, if its provider takes writes in batches; else null. */
    private Side batchTarget(Decision d) {
        return switch (d.verdict()) {
            case CREATE, UPDATE, DELETE -> engine.provider(d.target()).writeBatchSize() > 1 ? d.target() : null;
            default -> null;
        };
    }

    /** Sends the writes of {@code batch} to {@code side} in one call, then settles each step. */
    private void flush(Side side, List<Step> batch) {
        if (batch.isEmpty()) {
            return;
        }
        renewLeaseIfDue();
        List<SeriesWrite> writes = new ArrayList<>(batch.size());
        for (Step step : batch) {
            writes.add(write(step, step.decision));
        }
        List<WriteResult> results;
        try {
            results = call(side, () -> engine.provider(side).writeSeries(calendar(side), writes));
        } catch (CalendarAccessException e) {
            throw new SideFailedException(pairId, side, e);
        } catch (ProviderException e) {
            // The call failed as a whole, perhaps after some writes were done: each series goes its
            // own way, where a write that was done meets its own result (409/412) and is adopted.
            log.debug("batch of {} writes failed, writing them one by one: {}", batch.size(), e.getMessage());
            batch.forEach(step -> execute(step, null));
            return;
        }
        if (results.size() != batch.size()) {
            throw new IllegalStateException("provider of side " + side + " answered " + results.size() + " results for "
                    + batch.size() + " writes");
        }
        for (int i = 0; i < batch.size(); i++) {
            Step step = batch.get(i);
            WriteResult result = results.get(i);
            if (result.failure() instanceof TransientProviderException) {
                execute(step, null);
            } else if (result.failure() != null) {
                park(step, step.decision, result.failure().getMessage());
            } else {
                execute(step, result.outcome());
            }
        }
    }

    /** The write a CREATE, UPDATE or DELETE decision makes. */
    private SeriesWrite write(Step step, Decision d) {
        return switch (d.verdict()) {
            case DELETE -> new SeriesWrite.Delete(version(step, d.target()));
            case CREATE -> new SeriesWrite.Create(desired(step, d));
            case UPDATE -> new SeriesWrite.Update(version(step, d.target()), desired(step, d));
            default -> throw new IllegalStateException("no write for " + d.verdict());
        };
    }

    private static EventSeries desired(Step step, Decision d) {
        return step.state(d.source()).remote().series().normalized();
    }

    /**
     * Executes a step's decision, re-reading and deciding again while writes meet concurrent
     * changes. {@code firstOutcome}, if given, is the outcome of the decision's write, already made
     * in a batch.
     */
    private void execute(Step step, WriteOutcome firstOutcome) {
        Decision decision = step.decision;
        WriteOutcome given = firstOutcome;
        for (int round = 1; ; round++) {
            try {
                Optional<Side> reread = given != null ? settle(step, decision, given) : executeOnce(step, decision);
                given = null;
                if (reread.isEmpty()) {
                    return;
                }
                if (round >= engine.maxRedecisions) {
                    park(step, decision, "still meeting concurrent changes after " + round + " attempts");
                    return;
                }
                Side side = reread.get();
                step.setState(side, lookup(side, step));
                decision = decideSafely(step);
                step.decision = decision;
            } catch (CalendarAccessException e) {
                throw new SideFailedException(pairId, decision.target() == null ? Side.A : decision.target(), e);
            } catch (ProviderException e) {
                park(step, decision, e.getMessage());
                return;
            }
        }
    }

    /** Executes one decision; returns the side to re-read when the write met a concurrent change. */
    private Optional<Side> executeOnce(Step step, Decision d) {
        Instant now = engine.clock.instant();
        switch (d.verdict()) {
            case NOTHING -> {
                refresh(step);
                return Optional.empty();
            }
            case ADOPT -> {
                commit(
                        step,
                        d,
                        version(step, Side.A),
                        version(step, Side.B),
                        content(step, Side.A),
                        content(step, Side.B));
                return Optional.empty();
            }
            case ORPHAN, QUARANTINE -> {
                SyncStatus status = d.verdict() == Verdict.ORPHAN ? SyncStatus.ORPHANED : SyncStatus.QUARANTINED;
                SyncOperation.Kind kind =
                        d.verdict() == Verdict.ORPHAN ? SyncOperation.Kind.ORPHAN : SyncOperation.Kind.QUARANTINE;
                SyncOperation op = operation(d, kind, SyncOperation.Outcome.APPLIED, d.reason(), now);
                engine.store.useTransaction(tx -> {
                    for (EventMapping m : step.rows) {
                        tx.putMapping(m.withStatus(status, now));
                    }
                    tx.record(op);
                });
                recorded(op);
                if (changedSide(step).isPresent()) {
                    // The token will move past this change: keep it in the retry queue, not lost.
                    park(step, d, "waiting: " + d.reason());
                }
                return Optional.empty();
            }
            case MARK_DELETED -> {
                markDeleted(step, d, null, now);
                return Optional.empty();
            }
            case DELETE -> {
                Side target = d.target();
                SeriesVersion current = version(step, target);
                return settle(
                        step, d, call(target, () -> engine.provider(target).deleteSeries(calendar(target), current)));
            }
            case CREATE, UPDATE -> {
                Side target = d.target();
                EventSeries desired = desired(step, d);
                WriteOutcome outcome = d.verdict() == Verdict.CREATE
                        ? call(target, () -> engine.provider(target).createSeries(calendar(target), desired))
                        : call(
                                target,
                                () -> engine.provider(target)
                                        .updateSeries(calendar(target), version(step, target), desired));
                return settle(step, d, outcome);
            }
            default -> throw new IllegalStateException("unknown verdict " + d.verdict());
        }
    }

    /**
     * Records what a CREATE, UPDATE or DELETE write did; returns the side to re-read when it met a
     * concurrent change.
     */
    private Optional<Side> settle(Step step, Decision d, WriteOutcome outcome) {
        Side target = d.target();
        switch (d.verdict()) {
            case DELETE -> {
                if (outcome instanceof WriteOutcome.Deleted || outcome instanceof WriteOutcome.NotFound) {
                    markDeleted(step, d, target, engine.clock.instant());
                    return Optional.empty();
                }
                return Optional.of(target);
            }
            case CREATE, UPDATE -> {
                Side source = d.source();
                EventSeries desired = desired(step, d);
                if (outcome instanceof WriteOutcome.Written written) {
                    step.setState(target, SideState.present(written.result()));
                    SeriesVersion sourceVersion = version(step, source);
                    SeriesVersion targetVersion = SeriesVersion.of(written.result());
                    if (source == Side.A) {
                        commit(
                                step,
                                d,
                                sourceVersion,
                                targetVersion,
                                desired,
                                written.result().series());
                    } else {
                        commit(
                                step,
                                d,
                                targetVersion,
                                sourceVersion,
                                written.result().series(),
                                desired);
                    }
                    return Optional.empty();
                }
                return Optional.of(target);
            }
            default -> throw new IllegalStateException("no write settles " + d.verdict());
        }
    }

    private void commit(
            Step step, Decision d, SeriesVersion va, SeriesVersion vb, EventSeries contentA, EventSeries contentB) {
        Instant now = engine.clock.instant();
        Map<EventKey, SideMapping> sa = sideMappings(va, contentA, step.rows, Side.A);
        Map<EventKey, SideMapping> sb = sideMappings(vb, contentB, step.rows, Side.B);
        Set<EventKey> keys = new TreeSet<>(sa.keySet());
        keys.addAll(sb.keySet());
        List<EventMapping> fresh = new ArrayList<>();
        for (EventKey key : keys) {
            fresh.add(new EventMapping(pairId, key, sa.get(key), sb.get(key), SyncStatus.ACTIVE, now));
        }
        SyncOperation.Kind kind = planned(d).kind();
        SyncOperation op = operation(d, kind, SyncOperation.Outcome.APPLIED, null, now);
        engine.store.useTransaction(tx -> {
            for (EventMapping old : step.rows) {
                if (!keys.contains(old.key())) {
                    tx.putMapping(old.withStatus(SyncStatus.DELETED, now));
                }
            }
            fresh.forEach(tx::putMapping);
            tx.record(op);
            tx.removeRetry(pairId, step.uid);
        });
        replaceRows(step, fresh);
        recorded(op);
    }

    /** A side that was read now and differs from what was recorded, if any. */
    private static Optional<Side> changedSide(Step step) {
        for (Side side : Side.values()) {
            SideState state = step.state(side);
            if (state.kind() == SideState.Kind.PRESENT
                    && !ContentHash.perComponent(state.remote().series()).equals(recorded(step.rows, side))) {
                return Optional.of(side);
            }
        }
        return Optional.empty();
    }

    private void markDeleted(Step step, Decision d, Side target, Instant now) {
        SyncOperation op = new SyncOperation(
                pairId,
                now,
                step.uid,
                target,
                SyncOperation.Kind.DELETE,
                d.evidence(),
                null,
                SyncOperation.Outcome.APPLIED,
                null);
        engine.store.useTransaction(tx -> {
            for (EventMapping m : step.rows) {
                tx.putMapping(m.withStatus(SyncStatus.DELETED, now));
            }
            tx.record(op);
            tx.removeRetry(pairId, step.uid);
        });
        recorded(op);
    }

    /** Nothing to write; keep the stored ETags current so later writes do not meet needless 412s. */
    private void refresh(Step step) {
        Instant now = engine.clock.instant();
        List<EventMapping> updated = new ArrayList<>();
        for (EventMapping m : step.rows) {
            EventMapping next = m;
            for (Side side : Side.values()) {
                SideState state = step.state(side);
                SideMapping old = m.side(side);
                if (state.kind() == SideState.Kind.PRESENT && old != null) {
                    Optional<RemoteRef> ref =
                            state.remote().ref(m.key()).or(() -> state.remote().ref(EventKey.master(step.uid)));
                    if (ref.isPresent()
                            && (!ref.get().remoteId().equals(old.remoteId())
                                    || !java.util.Objects.equals(ref.get().etag(), old.etag()))) {
                        next = next.withSide(
                                side,
                                new SideMapping(
                                        ref.get().remoteId(),
                                        old.uid(),
                                        ref.get().resourceUrl(),
                                        ref.get().etag(),
                                        old.sequence(),
                                        old.contentHash()),
                                now);
                    }
                }
            }
            if (next.status() != SyncStatus.ACTIVE) {
                next = next.withStatus(SyncStatus.ACTIVE, now);
            }
            if (!next.equals(m)) {
                updated.add(next);
            }
        }
        engine.store.useTransaction(tx -> {
            updated.forEach(tx::putMapping);
            tx.removeRetry(pairId, step.uid);
        });
    }

    private void park(Step step, Decision d, String error) {
        Instant now = engine.clock.instant();
        SyncOperation op = operation(d, planned(d).kind(), SyncOperation.Outcome.RETRY_QUEUED, error, now);
        RetryItem item = engine.store.inTransaction(tx -> {
            int attempts = tx.retries(pairId).stream()
                            .filter(r -> r.uid().equals(step.uid))
                            .mapToInt(RetryItem::attempts)
                            .findFirst()
                            .orElse(0)
                    + 1;
            RetryItem r = new RetryItem(pairId, step.uid, attempts, error, now);
            tx.putRetry(r);
            tx.record(op);
            return r;
        });
        parked.add(item);
        recorded(op);
        log.warn("series parked in the retry queue after failures: {}", error);
    }

    private void storeTokens(SideRead readA, SideRead readB) {
        Instant now = engine.clock.instant();
        engine.store.useTransaction(tx -> {
            CalendarPair pair = tx.pair(pairId).orElseThrow(() -> new PairNotFoundException(pairId));
            pair = pair.withSyncToken(Side.A, readA.nextToken, now).withSyncToken(Side.B, readB.nextToken, now);
            tx.putPair(pair);
        });
    }

    /** Extends the lease so that it outlasts a wait of {@code wait} by half a lease duration at least. */
    private void keepLeaseThrough(Duration wait) {
        Instant now = engine.clock.instant();
        if (now.plus(wait).isAfter(lease.expiresAt().minus(engine.leaseDuration.dividedBy(2)))) {
            lease = renewLease(now, wait.plus(engine.leaseDuration));
        }
    }

    private void renewLeaseIfDue() {
        Instant now = engine.clock.instant();
        if (now.isAfter(lease.expiresAt().minus(engine.leaseDuration.dividedBy(2)))) {
            lease = renewLease(now, engine.leaseDuration);
        }
    }

    /**
     * Renews this worker's lease, unless the store no longer records it as the holder: the lease
     * lapsed (a pause longer than the lease, say) and another worker claimed the pair meanwhile, and
     * may have synced it and released it. What this sync read is then stale, so it stops here rather
     * than write on; a lease that lapsed with nobody taking it over is simply renewed.
     */
    private Lease renewLease(Instant now, Duration ttl) {
        return engine.store.inTransaction(tx -> {
            Optional<Lease> recorded = tx.lease(pairId);
            if (recorded.isEmpty() || !recorded.get().owner().equals(engine.workerId)) {
                throw new PairBusyException(pairId, recorded.map(Lease::owner).orElse("another worker"), now);
            }
            return tx.claim(pairId, engine.workerId, now, ttl)
                    .orElseThrow(() -> new PairBusyException(pairId, "another worker", now));
        });
    }

    // ------------------------------------------------------------------ helpers

    private String calendar(Side side) {
        return pair.calendar(side);
    }

    private SyncOperation operation(
            Decision d, SyncOperation.Kind kind, SyncOperation.Outcome outcome, String error, Instant at) {
        return new SyncOperation(pairId, at, d.uid(), d.target(), kind, d.evidence(), d.rule(), outcome, error);
    }

    private void recorded(SyncOperation op) {
        executed.add(op);
        engine.safely(() -> engine.listener.operationRecorded(op));
    }

    private static void replaceRows(Step step, List<EventMapping> fresh) {
        step.rows.clear();
        step.rows.addAll(fresh);
    }

    private static Map<EventKey, ContentHash> recorded(List<EventMapping> rows, Side side) {
        Map<EventKey, ContentHash> hashes = new TreeMap<>();
        for (EventMapping m : rows) {
            SideMapping s = m.side(side);
            if (s != null && m.status() != SyncStatus.DELETED) {
                hashes.put(m.key(), s.contentHash());
            }
        }
        return hashes;
    }

    private static List<RemoteRef> refs(List<EventMapping> rows, Side side) {
        List<RemoteRef> refs = new ArrayList<>();
        for (EventMapping m : rows) {
            SideMapping s = m.side(side);
            if (s != null) {
                refs.add(new RemoteRef(s.remoteId(), s.etag(), s.resourceUrl()));
            }
        }
        return refs;
    }

    /** What is known of {@code side}: a fresh read if there is one, else the recorded rows. */
    private SeriesVersion version(Step step, Side side) {
        SideState state = step.state(side);
        if (state.kind() == SideState.Kind.PRESENT) {
            return SeriesVersion.of(state.remote());
        }
        SortedMap<EventKey, ComponentVersion> versions = new TreeMap<>();
        for (EventMapping m : step.rows) {
            SideMapping s = m.side(side);
            if (s != null && m.status() != SyncStatus.DELETED) {
                versions.put(
                        m.key(),
                        new ComponentVersion(new RemoteRef(s.remoteId(), s.etag(), s.resourceUrl()), s.contentHash()));
            }
        }
        return new SeriesVersion(step.uid, versions);
    }

    private static EventSeries content(Step step, Side side) {
        SideState state = step.state(side);
        return state.kind() == SideState.Kind.PRESENT ? state.remote().series() : null;
    }

    private static Map<EventKey, SideMapping> sideMappings(
            SeriesVersion version, EventSeries content, List<EventMapping> oldRows, Side side) {
        Map<EventKey, Integer> sequences = new HashMap<>();
        if (content != null) {
            for (EventComponent c : content.components()) {
                sequences.put(c.key(), c.sequence());
            }
        }
        Map<EventKey, SideMapping> old = new HashMap<>();
        for (EventMapping m : oldRows) {
            if (m.side(side) != null) {
                old.put(m.key(), m.side(side));
            }
        }
        Map<EventKey, SideMapping> result = new LinkedHashMap<>();
        for (Map.Entry<EventKey, ComponentVersion> e : version.components().entrySet()) {
            RemoteRef ref = e.getValue().ref();
            SideMapping previous = old.get(e.getKey());
            int sequence = sequences.getOrDefault(e.getKey(), previous == null ? 0 : previous.sequence());
            result.put(
                    e.getKey(),
                    new SideMapping(
                            ref.remoteId(),
                            version.uid(),
                            ref.resourceUrl(),
                            ref.etag(),
                            sequence,
                            e.getValue().contentHash()));
        }
        return result;
    }

    private SyncReport.SideSummary summary(SideRead read, boolean tokenStored) {
        return new SyncReport.SideSummary(
                read.full,
                read.tokenRejected,
                read.components,
                read.tombstones.size(),
                calls.get(read.side),
                tokenStored);
    }

    /** Runs a provider call, retrying transient failures with backoff. */
    private <T> T call(Side side, Supplier<T> providerCall) {
        for (int attempt = 1; ; attempt++) {
            calls.merge(side, 1, Integer::sum);
            try {
                return providerCall.get();
            } catch (TransientProviderException e) {
                if (attempt >= engine.retryPolicy.maxAttempts()) {
                    throw e;
                }
                Duration wait =
                        engine.retryPolicy.delayAfter(attempt, e.retryAfter().orElse(null), engine.random);
                transientRetries++;
                keepLeaseThrough(wait);
                log.debug("transient failure on side {}, retrying in {}: {}", side, wait, e.getMessage());
                try {
                    engine.sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new SyncException(pairId, "interrupted while waiting to retry", interrupted);
                }
            }
        }
    }

    /** Runs a read whose failure stops the sync: every provider failure becomes a {@link SideFailedException}. */
    private <T> T onSide(Side side, Supplier<T> read) {
        try {
            return read.get();
        } catch (ProviderException e) {
            throw new SideFailedException(pairId, side, e);
        }
    }
}
