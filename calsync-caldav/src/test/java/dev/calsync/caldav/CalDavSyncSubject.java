package dev.calsync.caldav;

import dev.calsync.core.Side;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.testkit.contract.ProviderTestHarness;
import dev.calsync.testkit.generate.EventGenerators;
import dev.calsync.testkit.generate.Generator;
import dev.calsync.testkit.generate.Source;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import dev.calsync.testkit.memory.SimulatedCrash;
import dev.calsync.testkit.sync.Histories;
import dev.calsync.testkit.sync.History;
import dev.calsync.testkit.sync.History.EditKind;
import dev.calsync.testkit.sync.InMemorySyncSubject;
import dev.calsync.testkit.sync.SubjectFaults;
import dev.calsync.testkit.sync.SyncSubject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * A {@link SyncSubject} of two sides, each a calendar with its provider, a user acting on it and the
 * faults it can inject, for the CalDAV provider's stateful properties ({@link
 * RadicaleSyncMachineProperties}, {@link EmulatorSyncMachineProperties}). Also what the histories
 * of those suites are made of.
 */
final class CalDavSyncSubject implements SyncSubject {
    static final String PAIR = "pair";

    /**
     * One side of a subject.
     *
     * @param provider the provider syncing the calendar
     * @param harness a user (another client) acting on it
     * @param calendar the calendar id
     * @param faults what can be injected on this side
     * @param close releases the side (deletes the calendar, closes the provider)
     */
    record Part(
            CalendarProvider provider,
            ProviderTestHarness harness,
            String calendar,
            SubjectFaults faults,
            Runnable close) {}

    private static final Map<String, Long> INJECTED = new TreeMap<>();

    /** Counts a fault injected on a CalDAV side. */
    static void injected(String fault) {
        synchronized (INJECTED) {
            INJECTED.merge(fault, 1L, Long::sum);
        }
    }

    /** Forgets the faults counted so far (a suite counts its own). */
    static void resetInjected() {
        synchronized (INJECTED) {
            INJECTED.clear();
        }
    }

    /** The faults injected on CalDAV sides so far, by kind. */
    static String injected() {
        synchronized (INJECTED) {
            return INJECTED.toString();
        }
    }

    private final MappingStore store = new InMemoryMappingStore();
    private final Part a;
    private final Part b;

    /** A subject of two sides, each made knowing the store and the side it is on. */
    CalDavSyncSubject(BiFunction<MappingStore, Side, Part> sideA, BiFunction<MappingStore, Side, Part> sideB) {
        this.a = sideA.apply(store, Side.A);
        Part made;
        try {
            made = sideB.apply(store, Side.B);
        } catch (RuntimeException e) {
            a.close().run();
            throw e;
        }
        this.b = made;
        store.useTransaction(tx -> tx.putPair(CalendarPair.of(PAIR, a.calendar(), b.calendar())));
    }

    private Part part(Side side) {
        return side == Side.A ? a : b;
    }

    @Override
    public CalendarProvider provider(Side side) {
        return part(side).provider();
    }

    @Override
    public ProviderTestHarness harness(Side side) {
        return part(side).harness();
    }

    @Override
    public String calendar(Side side) {
        return part(side).calendar();
    }

    @Override
    public MappingStore store() {
        return store;
    }

    @Override
    public String pairId() {
        return PAIR;
    }

    @Override
    public SubjectFaults faults(Side side) {
        return part(side).faults();
    }

    @Override
    public void close() {
        try {
            a.close().run();
        } finally {
            b.close().run();
        }
    }

    // ------------------------------------------------------------ sides

    /**
     * An in-memory side with every fault it can inject (as {@code InMemorySyncSubject}'s): Google-like
     * storage takes writes in batches of 4, CalDAV-like singly.
     */
    static Part inMemory(InMemoryCalendarProvider.StorageMode mode, long seed) {
        InMemoryCalendarProvider memory = InMemoryCalendarProvider.builder()
                .storage(mode)
                .kind("memory")
                .seed(seed)
                .pageSize(7)
                .writeBatchSize(mode == InMemoryCalendarProvider.StorageMode.EVENT_ENTITIES ? 4 : 1)
                .build();
        String calendar = memory.createCalendar("cal-memory");
        SubjectFaults subjectFaults = InMemorySyncSubject.faultsOf(memory, calendar);
        return new Part(memory, memory, calendar, subjectFaults, () -> {});
    }

    /**
     * The provider of the suites: retries without sleeping, up to 4 attempts, honouring a Retry-After
     * of up to 5 s (the emulator's Retry-After is whole seconds), multigets of 3 so that a calendar
     * of a few series spans several.
     */
    static CalDavCalendarProvider provider(URI server, String username, String password, String... allowHosts) {
        CalDavCalendarProvider.Builder b = CalDavCalendarProvider.builder()
                .serverUri(server)
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(1), Duration.ofSeconds(5)))
                .sleeper(d -> {})
                .multigetBatchSize(3)
                .allowHosts(allowHosts);
        if (username != null) {
            b.credentials(username, password);
        }
        return b.build();
    }

    /** Deletes a calendar collection (best effort: a leftover calendar only costs disk). */
    static void deleteCalendar(URI calendar, String username, String password) {
        HttpRequest.Builder r =
                HttpRequest.newBuilder(calendar).timeout(Duration.ofSeconds(30)).DELETE();
        if (username != null) {
            r.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(r.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // leave it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------ crashes

    /**
     * A provider whose process "dies" at a chosen write: the write after the next {@code writes}
     * writes throws {@link SimulatedCrash}, before the request is sent or after the server answered
     * (the answer lost). Reads pass through. A crash is a client's fault, so every side can have it.
     */
    static final class Crashing implements CalendarProvider {
        private final CalendarProvider delegate;
        private int writesBeforeCrash = -1;
        private boolean afterApply;

        Crashing(CalendarProvider delegate) {
            this.delegate = delegate;
        }

        synchronized void arm(int writes, boolean applied) {
            writesBeforeCrash = writes;
            afterApply = applied;
        }

        synchronized void disarm() {
            writesBeforeCrash = -1;
        }

        /** Whether this write crashes (the countdown moves on). */
        private synchronized boolean crashes() {
            if (writesBeforeCrash == 0) {
                writesBeforeCrash = -1;
                return true;
            }
            if (writesBeforeCrash > 0) {
                writesBeforeCrash--;
            }
            return false;
        }

        private WriteOutcome write(String what, java.util.function.Supplier<WriteOutcome> write) {
            if (!crashes()) {
                return write.get();
            }
            injected("crashes " + (afterApply ? "after the answer" : "before the request"));
            if (!afterApply) {
                throw new SimulatedCrash("crashed before " + what, false);
            }
            WriteOutcome outcome = write.get();
            boolean applied = outcome instanceof WriteOutcome.Written || outcome instanceof WriteOutcome.Deleted;
            throw new SimulatedCrash("crashed after the server answered " + what + ": " + outcome, applied);
        }

        @Override
        public String kind() {
            return delegate.kind();
        }

        @Override
        public boolean deltaListsWholeSeries() {
            return delegate.deltaListsWholeSeries();
        }

        @Override
        public int writeBatchSize() {
            return delegate.writeBatchSize();
        }

        @Override
        public ChangeListing listChanges(String calendarId, String syncToken) {
            return delegate.listChanges(calendarId, syncToken);
        }

        @Override
        public Optional<RemoteSeries> fetchSeries(String calendarId, String uid, List<RemoteRef> known) {
            return delegate.fetchSeries(calendarId, uid, known);
        }

        @Override
        public WriteOutcome createSeries(String calendarId, EventSeries series) {
            return write("create " + series.uid(), () -> delegate.createSeries(calendarId, series));
        }

        @Override
        public WriteOutcome updateSeries(String calendarId, SeriesVersion current, EventSeries desired) {
            return write("update " + current.uid(), () -> delegate.updateSeries(calendarId, current, desired));
        }

        @Override
        public WriteOutcome deleteSeries(String calendarId, SeriesVersion current) {
            return write("delete " + current.uid(), () -> delegate.deleteSeries(calendarId, current));
        }
    }

    /**
     * Faults of a CalDAV side: crashes of the client, and what the server can be made to do (by
     * default nothing).
     */
    abstract static class CalDavFaults implements SubjectFaults {
        private final Crashing crashing;

        CalDavFaults(Crashing crashing) {
            this.crashing = crashing;
        }

        @Override
        public boolean crashAfterWrites(int writes, boolean applied) {
            crashing.arm(writes, applied);
            return true;
        }

        @Override
        public void clear() {
            crashing.disarm();
        }
    }

    /**
     * Makes the token the store holds for {@code side} one the server never issued, as {@code harness}
     * forges it (for a server whose issued tokens cannot be invalidated from outside, as Radicale's
     * cannot): to the engine and the server this is the side's token rejected.
     *
     * @return false if there is no token yet, or the harness cannot forge one of its form
     */
    static boolean forgetToken(MappingStore store, Side side, ProviderTestHarness harness) {
        return store.inTransaction(tx -> {
            CalendarPair pair = tx.pair(PAIR).orElseThrow();
            String token = pair.syncToken(side);
            if (token == null) {
                return false;
            }
            Optional<String> forgotten = harness.forgottenSyncToken(pair.calendar(side), token);
            if (forgotten.isEmpty()) {
                return false;
            }
            tx.putPair(pair.withSyncToken(
                    side, forgotten.get(), side == Side.A ? pair.lastUpdatedA() : pair.lastUpdatedB()));
            injected("forgotten tokens");
            return true;
        });
    }

    // ------------------------------------------------------------ histories

    /**
     * Series with a master (Radicale, and the emulator by default, refuse a resource of overrides
     * only): single events and recurring series, in the proportions of {@link EventGenerators#series()}.
     */
    static Generator<EventSeries> seriesWithMaster() {
        return in -> in.weighted(3, 6) == 0
                ? EventSeries.of(EventGenerators.singleEvents().apply(in))
                : EventGenerators.recurringSeries().apply(in);
    }

    /**
     * Histories for P6 ({@code Histories.withCrash()}'s shape with the given series): a random past
     * of up to {@code pastSteps} steps (crashing syncs included), two to six fresh user changes, a
     * sync crashing at one of its first two writes on the side receiving them, then a sync.
     */
    static Generator<History> withCrash(int pastSteps, Generator<EventSeries> series) {
        return in -> {
            List<History.Step> steps = new ArrayList<>(Histories.generator(pastSteps, true, false, series)
                    .apply(in)
                    .steps());
            List<History.Step> fresh = freshChanges(in, series);
            steps.addAll(fresh);
            Side changed = fresh.get(0) instanceof History.Create c ? c.side() : ((History.Edit) fresh.get(0)).side();
            steps.add(new History.CrashingSync(changed.opposite(), in.between(0, 1), in.bool()));
            steps.add(new History.Sync(Side.A, History.Fault.NONE, 0));
            return new History(steps);
        };
    }

    /**
     * Histories for P7 ({@code Histories.withMassDeletion()}'s shape with the given series): a random
     * past, six to ten more series, so that deleting every series on one side is a mass deletion,
     * that deletion, and a final sync.
     */
    static Generator<History> withMassDeletion(int pastSteps, Generator<EventSeries> series) {
        return in -> {
            List<History.Step> steps = new ArrayList<>(Histories.generator(pastSteps, false, false, series)
                    .apply(in)
                    .steps());
            int extra = in.between(6, 10);
            for (int i = 0; i < extra; i++) {
                EventSeries s = series.apply(in);
                steps.add(new History.Create(side(in), Histories.withUid(s, s.uid() + "#mass" + i)));
            }
            steps.add(new History.MassDelete(side(in)));
            steps.add(new History.Sync(Side.A, History.Fault.NONE, 0));
            return new History(steps);
        };
    }

    private static List<History.Step> freshChanges(Source in, Generator<EventSeries> series) {
        List<History.Step> steps = new ArrayList<>();
        int n = in.between(2, 6);
        for (int i = 0; i < n; i++) {
            Side side = side(in);
            if (in.bool()) {
                EventSeries s = series.apply(in);
                steps.add(new History.Create(side, Histories.withUid(s, s.uid() + "#fresh" + i)));
            } else {
                steps.add(new History.Edit(side, in.between(0, 30), EditKind.RETITLE, in.between(1, 9)));
            }
        }
        return steps;
    }

    private static Side side(Source in) {
        return in.bool() ? Side.B : Side.A;
    }
}
