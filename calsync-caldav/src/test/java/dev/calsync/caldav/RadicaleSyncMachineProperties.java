package dev.calsync.caldav;

import static org.quicktheories.QuickTheory.qt;

import dev.calsync.caldav.CalDavSyncSubject.CalDavFaults;
import dev.calsync.caldav.CalDavSyncSubject.Crashing;
import dev.calsync.caldav.CalDavSyncSubject.Part;
import dev.calsync.core.Side;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.testkit.generate.CalendarGens;
import dev.calsync.testkit.generate.Generator;
import dev.calsync.testkit.memory.InMemoryCalendarProvider.StorageMode;
import dev.calsync.testkit.servers.LocalCalDavServer;
import dev.calsync.testkit.servers.LocalCalDavServerExtension;
import dev.calsync.testkit.sync.Histories;
import dev.calsync.testkit.sync.History;
import dev.calsync.testkit.sync.SyncMachine;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sync engine's stateful properties (P1–P7 of {@link SyncMachine}) with CalDAV on a real
 * Radicale on side A — the {@link CalDavCalendarProvider} over HTTP, a fresh calendar (MKCALENDAR)
 * per history, users acting through {@link CalDavHarness} — and an in-memory Google-like calendar
 * (an entity per master, override and cancelled occurrence, writes in batches of 4) on side B: the
 * pairing calsync exists for, whose series change shape on the way (EXDATEs on a CalDAV master
 * against cancelled-instance entities); {@link EmulatorSyncMachineProperties} pairs CalDAV with
 * CalDAV.
 *
 * <p>Users create what Radicale accepts: series with a master (it refuses a resource of overrides
 * only), on both sides, since a series created on side B must reach Radicale. Radicale cannot be
 * made to fail from outside; its side has what the client can suffer: a "crash" at any write (the
 * process dies before the request or after the answer), and, for invalidated tokens, the stored
 * token replaced by one Radicale never issued ({@link CalDavHarness#forgottenSyncToken}). The
 * in-memory side has every fault.
 *
 * <p>The seed is printed and can be fixed with {@code -Dcalsync.seed=N}; the number of histories
 * per property with {@code -Dcalsync.caldav.histories=N} (default {@value #DEFAULT_HISTORIES}); at
 * most {@value #MAX_STEPS} steps per history; {@code -Dcalsync.caldav.memory=SERIES_RESOURCES} makes the
 * in-memory side CalDAV-like.
 */
class RadicaleSyncMachineProperties {

    static final int DEFAULT_HISTORIES = 15;
    static final int MAX_STEPS = 12;
    static final long SEED = Long.getLong("calsync.seed", System.nanoTime());
    static final int HISTORIES = Integer.getInteger("calsync.caldav.histories", DEFAULT_HISTORIES);
    static final StorageMode MEMORY =
            StorageMode.valueOf(System.getProperty("calsync.caldav.memory", StorageMode.EVENT_ENTITIES.name()));

    @RegisterExtension
    static final LocalCalDavServerExtension RADICALE = LocalCalDavServerExtension.of(LocalCalDavServer.Kind.RADICALE);

    private static final AtomicInteger CALENDARS = new AtomicInteger();
    private static final AtomicReference<SyncMachine.Stats> STATS = new AtomicReference<>(SyncMachine.Stats.NONE);

    @BeforeAll
    static void announce() {
        CalDavSyncSubject.resetInjected();
        System.out.println("RadicaleSyncMachineProperties: seed " + SEED + ", " + HISTORIES
                + " histories per property, in-memory side " + MEMORY + " (rerun with -Dcalsync.seed=" + SEED + ")");
    }

    @AfterAll
    static void report() {
        System.out.println("RadicaleSyncMachineProperties exercised: " + STATS.get() + "; Radicale faults injected: "
                + CalDavSyncSubject.injected());
    }

    @Test
    void everySyncLeavesBothSidesEqualCompleteAndQuiet(TestReporter reporter) {
        reporter.publishEntry("seed", Long.toString(SEED));
        run(SEED, Histories.generator(MAX_STEPS, false, false, series()));
    }

    @Test
    void aCrashAtAnyWriteIsRecoveredByTheNextSync(TestReporter reporter) {
        reporter.publishEntry("seed", Long.toString(SEED));
        run(SEED + 1, CalDavSyncSubject.withCrash(MAX_STEPS - 8, series()));
    }

    @Test
    void massDeletionIsRefusedUnlessAllowed(TestReporter reporter) {
        reporter.publishEntry("seed", Long.toString(SEED));
        run(SEED + 2, CalDavSyncSubject.withMassDeletion(MAX_STEPS - 10, series()));
    }

    private static Generator<EventSeries> series() {
        return CalDavSyncSubject.seriesWithMaster();
    }

    private static void run(long seed, Generator<History> histories) {
        qt().withFixedSeed(seed)
                .withExamples(HISTORIES)
                .withShrinkCycles(40)
                .forAll(CalendarGens.gen(histories))
                .checkAssert(RadicaleSyncMachineProperties::check);
    }

    private static void check(History history) {
        try {
            SyncMachine.Stats stats = SyncMachine.check(history, RadicaleSyncMachineProperties::subject);
            STATS.accumulateAndGet(stats, SyncMachine.Stats::plus);
        } catch (AssertionError e) {
            throw new AssertionError("[seed " + SEED + "] " + e.getMessage(), e);
        }
    }

    static CalDavSyncSubject subject() {
        return new CalDavSyncSubject(
                RadicaleSyncMachineProperties::radicale, (store, side) -> CalDavSyncSubject.inMemory(MEMORY, SEED));
    }

    /** Radicale, a fresh calendar. */
    private static Part radicale(MappingStore store, Side side) {
        LocalCalDavServer server = RADICALE.server();
        URI calendar = server.createCalendar("prop-" + CALENDARS.incrementAndGet());
        CalDavCalendarProvider provider =
                CalDavSyncSubject.provider(server.baseUri(), server.username(), server.password());
        Crashing crashing = new Crashing(provider);
        CalDavHarness harness = new CalDavHarness(server.username(), server.password(), null);
        CalDavFaults faults = new CalDavFaults(crashing) {
            @Override
            public boolean invalidateTokens() {
                return CalDavSyncSubject.forgetToken(store, side, harness);
            }
        };
        return new Part(crashing, harness, calendar.toString(), faults, () -> {
            provider.close();
            CalDavSyncSubject.deleteCalendar(calendar, server.username(), server.password());
        });
    }
}
