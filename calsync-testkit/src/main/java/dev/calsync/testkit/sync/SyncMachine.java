package dev.calsync.testkit.sync;

import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.recurrence.Grouping;
import dev.calsync.core.recurrence.RecurrenceGrouper;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.sync.MassDeletionException;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.testkit.sync.History.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Runs a {@link History} against a fresh {@link SyncSubject} and checks, after every sync that
 * returned normally (and any follow-up sync needed to retry parked series):
 *
 * <ul>
 *   <li><b>P1</b> both sides hold the same series (equal {@link ContentHash#perComponent} per UID);
 *   <li><b>P2</b> the store's active mappings are exactly the union of both sides' components, each
 *       mapped on both sides;
 *   <li><b>P3</b> a second sync writes nothing;
 *   <li><b>P4</b> no series that a user created and did not delete is missing from either side (a
 *       series a user edited after another user deleted it must survive: modify beats delete);
 *   <li><b>P5</b> no UID appears twice on a side;
 *   <li><b>P6</b> after a "crash" at any write, a normal sync restores P1–P5;
 *   <li><b>P7</b> a sync that would delete everything on a side of more than five series is refused
 *       with {@link MassDeletionException}, writes nothing, and goes through once allowed.
 * </ul>
 *
 * <p>A violation throws an {@link AssertionError} naming the property, the step and what differed;
 * QuickTheories then shrinks the history and prints it.
 */
public final class SyncMachine {

    private final History history;
    private final SyncSubject subject;
    private final SyncEngine engine;
    private final Set<String> created = new HashSet<>();
    private final Set<String> deletedByUser = new HashSet<>();
    /** The series both sides held at the last check, with their content then. */
    private final Map<String, SortedMap<EventKey, ContentHash>> synced = new TreeMap<>();

    private int stepNumber;

    private SyncMachine(History history, SyncSubject subject) {
        this.history = history;
        this.subject = subject;
        this.engine = SyncEngine.builder()
                .sideA(subject.provider(Side.A))
                .sideB(subject.provider(Side.B))
                .store(subject.store())
                .sleeper(duration -> {})
                .retryPolicy(new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(100)))
                .workerId("sync-machine")
                .build();
    }

    /**
     * What one history exercised, so a suite can show that its histories did real work.
     *
     * @param syncs syncs run (checks' second syncs included)
     * @param writes writes the engine applied
     * @param conflicts decisions made by the conflict resolver (adoptions of equal content included)
     * @param deletions deletions applied
     * @param crashes simulated crashes
     * @param refusals mass deletions refused
     */
    public record Stats(long syncs, long writes, long conflicts, long deletions, long crashes, long refusals) {
        /**
         * {@return the sum of two stats}
         *
         * @param o the other stats
         */
        public Stats plus(Stats o) {
            return new Stats(
                    syncs + o.syncs,
                    writes + o.writes,
                    conflicts + o.conflicts,
                    deletions + o.deletions,
                    crashes + o.crashes,
                    refusals + o.refusals);
        }

        /** No work. */
        public static final Stats NONE = new Stats(0, 0, 0, 0, 0, 0);
    }

    private long syncs;
    private long writes;
    private long conflicts;
    private long deletions;
    private long crashes;
    private long refusals;

    /**
     * Runs {@code history} on a subject from {@code subjects} (closed afterwards).
     *
     * @param history the history to run
     * @param subjects makes a fresh subject
     * @return what the history exercised
     * @throws AssertionError if a property fails
     */
    public static Stats check(History history, Supplier<? extends SyncSubject> subjects) {
        try (SyncSubject subject = subjects.get()) {
            SyncMachine machine = new SyncMachine(history, subject);
            machine.run();
            return new Stats(
                    machine.syncs,
                    machine.writes,
                    machine.conflicts,
                    machine.deletions,
                    machine.crashes,
                    machine.refusals);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("the history could not run: " + e, e);
        }
    }

    private void run() {
        for (Step step : history.steps()) {
            stepNumber++;
            try {
                apply(step);
            } catch (AssertionError e) {
                throw new AssertionError("step " + stepNumber + " (" + step + "): " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new AssertionError("step " + stepNumber + " (" + step + ") threw " + e, e);
            }
        }
    }

    private void apply(Step step) {
        if (step instanceof History.Create c) {
            subject.harness(c.side()).userPut(subject.calendar(c.side()), c.series());
            created.add(c.series().uid());
            deletedByUser.remove(c.series().uid());
        } else if (step instanceof History.CreateOnBoth c) {
            subject.harness(Side.A).userPut(subject.calendar(Side.A), c.a());
            subject.harness(Side.B).userPut(subject.calendar(Side.B), c.b());
            created.add(c.a().uid());
            deletedByUser.remove(c.a().uid());
        } else if (step instanceof History.Edit e) {
            pick(e.side(), e.pick()).ifPresent(uid -> {
                subject.harness(e.side())
                        .userEdit(subject.calendar(e.side()), uid, s -> Edits.apply(s, e.kind(), e.n()));
            });
        } else if (step instanceof History.Delete d) {
            pick(d.side(), d.pick()).ifPresent(uid -> {
                subject.harness(d.side()).userDelete(subject.calendar(d.side()), uid);
                deletedByUser.add(uid);
            });
        } else if (step instanceof History.Sync s) {
            expectModifyBeatsDelete();
            arm(s);
            SyncReport report;
            try {
                report = sync(SyncOptions.defaults());
            } finally {
                clearFaults();
            }
            settleAndCheck(report);
        } else if (step instanceof History.CrashingSync c) {
            expectModifyBeatsDelete();
            subject.faults(c.side()).crashAfterWrites(c.writes(), c.applied());
            try {
                SyncReport report = sync(SyncOptions.defaults());
                // Fewer writes than the crash point: an ordinary sync.
                clearFaults();
                settleAndCheck(report);
                return;
            } catch (Error crash) {
                if (!crash.getClass().getSimpleName().equals("SimulatedCrash")) {
                    throw crash;
                }
                crashes++;
            } finally {
                clearFaults();
            }
            // P6: a restarted process syncs normally and everything holds.
            settleAndCheck(sync(SyncOptions.defaults()));
        } else if (step instanceof History.MassDelete m) {
            expectModifyBeatsDelete();
            settleAndCheck(sync(SyncOptions.defaults()));
            Map<String, EventSeries> before = snapshot(m.side());
            Map<String, EventSeries> otherBefore = snapshot(m.side().opposite());
            for (String uid : before.keySet()) {
                subject.harness(m.side()).userDelete(subject.calendar(m.side()), uid);
                deletedByUser.add(uid);
            }
            if (before.size() > SyncOptions.defaults().massDeletionMinimum()) {
                try {
                    sync(SyncOptions.defaults());
                    throw new AssertionError(
                            "P7: deleting all " + before.size() + " series on " + m.side() + " was not refused");
                } catch (MassDeletionException expected) {
                    refusals++;
                    Map<String, EventSeries> otherAfter = snapshot(m.side().opposite());
                    if (!hashes(otherAfter).equals(hashes(otherBefore))) {
                        throw new AssertionError("P7: a refused mass deletion changed side "
                                + m.side().opposite());
                    }
                }
                settleAndCheck(
                        sync(SyncOptions.builder().allowMassDeletion(true).build()));
            } else {
                settleAndCheck(sync(SyncOptions.defaults()));
            }
        } else {
            throw new IllegalArgumentException("unknown step " + step);
        }
    }

    /**
     * A series a user deleted on one side but changed on the other since the last sync must survive
     * the next sync (modify beats delete). A change that was undone before the sync is no change.
     */
    private void expectModifyBeatsDelete() {
        if (deletedByUser.isEmpty()) {
            return;
        }
        Map<String, EventSeries> a = snapshot(Side.A);
        Map<String, EventSeries> b = snapshot(Side.B);
        for (java.util.Iterator<String> it = deletedByUser.iterator(); it.hasNext(); ) {
            String uid = it.next();
            SortedMap<EventKey, ContentHash> before = synced.get(uid);
            for (Map<String, EventSeries> side : List.of(a, b)) {
                EventSeries now = side.get(uid);
                if (now != null && !ContentHash.perComponent(now).equals(before)) {
                    it.remove();
                    break;
                }
            }
        }
    }

    private SyncReport sync(SyncOptions options) {
        syncs++;
        SyncReport report = engine.sync(subject.pairId(), options);
        writes += report.writes();
        conflicts += report.conflictsByRule().values().stream()
                .mapToLong(Long::longValue)
                .sum();
        deletions += report.operations().stream()
                .filter(o -> o.kind() == SyncOperation.Kind.DELETE && o.target() != null)
                .count();
        return report;
    }

    private void arm(History.Sync s) {
        SubjectFaults faults = subject.faults(s.faultSide());
        switch (s.fault()) {
            case NONE -> {}
            case RATE_LIMIT -> faults.rateLimitNext(s.count(), Duration.ofMillis(20L * s.count()));
            case PRECONDITION_RACE -> faults.preconditionRaces(s.count());
            case INVALIDATE_TOKENS -> faults.invalidateTokens();
            case PARTIAL_FULL_LISTING -> {
                List<String> hidden = new ArrayList<>();
                int i = 0;
                for (String uid : synced.keySet()) {
                    if (i++ % (s.count() + 1) == 0) {
                        hidden.add(uid);
                    }
                }
                faults.invalidateTokens();
                faults.omitFromFullListings(hidden);
            }
            case VOLATILE_ETAGS -> faults.volatileEtags();
        }
    }

    private void clearFaults() {
        subject.faults(Side.A).clear();
        subject.faults(Side.B).clear();
    }

    /** Retries parked series (at most three more syncs), then checks P1–P5. */
    private void settleAndCheck(SyncReport report) {
        for (int i = 0; i < 3 && !report.parked().isEmpty(); i++) {
            report = sync(SyncOptions.defaults());
        }
        if (!report.parked().isEmpty()) {
            throw new AssertionError("series still parked after three more syncs: " + report.parked());
        }
        checkConverged();
        SyncReport second = sync(SyncOptions.defaults());
        List<SyncOperation> writes =
                second.operations().stream().filter(o -> o.target() != null).toList();
        if (!writes.isEmpty()) {
            throw new AssertionError("P3: a second sync wrote " + writes);
        }
    }

    private void checkConverged() {
        Listing a = list(Side.A);
        Listing b = list(Side.B);
        if (!a.duplicates.isEmpty() || !b.duplicates.isEmpty()) {
            throw new AssertionError("P5: a UID appears twice: A " + a.duplicates + ", B " + b.duplicates);
        }
        Map<String, SortedMap<EventKey, ContentHash>> ha = hashes(a.series);
        Map<String, SortedMap<EventKey, ContentHash>> hb = hashes(b.series);
        if (!ha.equals(hb)) {
            Set<String> onlyA = new TreeSet<>(ha.keySet());
            onlyA.removeAll(hb.keySet());
            Set<String> onlyB = new TreeSet<>(hb.keySet());
            onlyB.removeAll(ha.keySet());
            Set<String> differ = new TreeSet<>();
            for (String uid : ha.keySet()) {
                if (hb.containsKey(uid) && !ha.get(uid).equals(hb.get(uid))) {
                    differ.add(uid);
                }
            }
            throw new AssertionError("P1: the sides differ: only on A " + brief(onlyA) + ", only on B " + brief(onlyB)
                    + ", different content " + brief(differ));
        }
        synced.clear();
        synced.putAll(ha);
        for (String uid : created) {
            if (!deletedByUser.contains(uid) && !ha.containsKey(uid)) {
                throw new AssertionError(
                        "P4: series " + brief(Set.of(uid)) + " was created and never deleted, but is gone");
            }
        }
        Set<EventKey> components = new TreeSet<>();
        ha.values().forEach(m -> components.addAll(m.keySet()));
        Set<EventKey> mapped = new TreeSet<>();
        List<EventKey> halfMapped = new ArrayList<>();
        subject.store().useTransaction(tx -> {
            for (EventMapping m : tx.mappings(subject.pairId(), SyncStatus.ACTIVE)) {
                mapped.add(m.key());
                if (m.a() == null || m.b() == null) {
                    halfMapped.add(m.key());
                }
            }
        });
        if (!mapped.equals(components) || !halfMapped.isEmpty()) {
            Set<EventKey> unmapped = new TreeSet<>(components);
            unmapped.removeAll(mapped);
            Set<EventKey> stale = new TreeSet<>(mapped);
            stale.removeAll(components);
            throw new AssertionError("P2: active mappings differ from the calendars: unmapped " + brief(unmapped)
                    + ", mapped but absent " + brief(stale) + ", mapped on one side only " + brief(halfMapped));
        }
    }

    /** UIDs shortened for messages (generated UIDs may be 2,000 characters). */
    static String brief(java.util.Collection<?> items) {
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            String s = String.valueOf(item);
            out.add(
                    s.length() > 40
                            ? s.substring(0, s.offsetByCodePoints(0, s.codePointCount(0, 30))) + "...(" + s.length()
                                    + " chars)"
                            : s);
        }
        return out.toString();
    }

    private Optional<String> pick(Side side, int pick) {
        List<String> uids = new ArrayList<>(snapshot(side).keySet());
        return uids.isEmpty() ? Optional.empty() : Optional.of(uids.get(pick % uids.size()));
    }

    private Map<String, EventSeries> snapshot(Side side) {
        return list(side).series;
    }

    private record Listing(Map<String, EventSeries> series, List<EventKey> duplicates) {}

    /** A full listing through the provider itself, with no fault armed. */
    private Listing list(Side side) {
        RecurrenceGrouper grouper = new RecurrenceGrouper();
        try (ChangeListing listing = subject.provider(side).listChanges(subject.calendar(side), null)) {
            for (Optional<ChangePage> page = listing.nextPage(); page.isPresent(); page = listing.nextPage()) {
                for (RemoteComponent rc : page.get().components()) {
                    grouper.add(rc.component());
                }
                if (!page.get().quarantined().isEmpty()) {
                    throw new AssertionError("side " + side + " holds unreadable items: "
                            + page.get().quarantined());
                }
            }
        }
        Grouping grouping = grouper.finish();
        Map<String, EventSeries> series = new TreeMap<>();
        grouping.series().forEach(s -> series.put(s.uid(), s));
        return new Listing(
                series, grouping.duplicates().stream().map(d -> d.key()).toList());
    }

    private static Map<String, SortedMap<EventKey, ContentHash>> hashes(Map<String, EventSeries> series) {
        Map<String, SortedMap<EventKey, ContentHash>> hashes = new TreeMap<>();
        series.forEach((uid, s) -> hashes.put(uid, ContentHash.perComponent(s)));
        return hashes;
    }
}
