package dev.calsync.caldav;

import static org.quicktheories.QuickTheory.qt;

import dev.calsync.caldav.CalDavSyncSubject.CalDavFaults;
import dev.calsync.caldav.CalDavSyncSubject.Crashing;
import dev.calsync.caldav.CalDavSyncSubject.Part;
import dev.calsync.core.event.EventSeries;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.caldav.CalDavEmulatorOptions;
import dev.calsync.testkit.generate.CalendarGens;
import dev.calsync.testkit.generate.EventGenerators;
import dev.calsync.testkit.generate.Generator;
import dev.calsync.testkit.sync.Histories;
import dev.calsync.testkit.sync.History;
import dev.calsync.testkit.sync.SyncMachine;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The sync engine's stateful properties (P1–P7 of {@link SyncMachine}) between two CalDAV
 * calendars, each synced by a {@link CalDavCalendarProvider} over HTTP against its own {@link
 * CalDavEmulator}: side A a plain RFC server (Radicale's layout and answers, sync results truncated
 * every 4 members with 507, as sabre/dav may), side B one with every iCloud switch on (cross-host
 * home set, the collection and a duplicate href in sync results, a multiget 404 after a sync lists
 * an href, bare 403 on a bad token, no ETag on PUT, UIDs unique in the account). Both accept a
 * resource of overrides only (RFC 4791, as Xandikos does), so users create series of every shape;
 * {@link RadicaleSyncMachineProperties} covers a server that refuses them.
 *
 * <p>Faults on both sides: the server answers 503 with Retry-After and then drops a connection
 * (for {@code rateLimitNext}; a dropped write is not retried by the client, the engine parks or
 * retries it), forgets its sync tokens ({@code invalidateTokens}), and the client "crashes" at any
 * write. ETags cannot be made volatile, full listings cannot be made partial and 412 races are not
 * injected (the emulator has no such switch).
 *
 * <p>The seed is printed and can be fixed with {@code -Dcalsync.seed=N}; the number of histories
 * per property with {@code -Dcalsync.caldav.histories=N} (default {@value #DEFAULT_HISTORIES}); at
 * most {@value #MAX_STEPS} steps per history.
 */
class EmulatorSyncMachineProperties {

    static final int DEFAULT_HISTORIES = 40;
    static final int MAX_STEPS = 20;
    static final long SEED = Long.getLong("calsync.seed", System.nanoTime());
    static final int HISTORIES = Integer.getInteger("calsync.caldav.histories", DEFAULT_HISTORIES);

    private static final AtomicInteger CALENDARS = new AtomicInteger();
    private static final AtomicReference<SyncMachine.Stats> STATS = new AtomicReference<>(SyncMachine.Stats.NONE);
    static CalDavEmulator plain;
    static CalDavEmulator icloud;

    @BeforeAll
    static void start() {
        CalDavSyncSubject.resetInjected();
        plain = CalDavEmulator.start(CalDavEmulatorOptions.defaults().toBuilder()
                .rejectOverrideOnly(false)
                .syncPageSize(4)
                .build());
        icloud = CalDavEmulator.start(
                CalDavEmulatorOptions.icloudBuilder().rejectOverrideOnly(false).build());
        System.out.println("EmulatorSyncMachineProperties: seed " + SEED + ", " + HISTORIES
                + " histories per property (rerun with -Dcalsync.seed=" + SEED + ")");
    }

    @AfterAll
    static void stop() {
        System.out.println("EmulatorSyncMachineProperties exercised: " + STATS.get() + "; CalDAV faults injected: "
                + CalDavSyncSubject.injected());
        plain.close();
        icloud.close();
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
        run(SEED + 2, CalDavSyncSubject.withMassDeletion(MAX_STEPS - 12, series()));
    }

    private static Generator<EventSeries> series() {
        return EventGenerators.series();
    }

    private static void run(long seed, Generator<History> histories) {
        qt().withFixedSeed(seed)
                .withExamples(HISTORIES)
                .withShrinkCycles(60)
                .forAll(CalendarGens.gen(histories))
                .checkAssert(EmulatorSyncMachineProperties::check);
    }

    private static void check(History history) {
        try {
            SyncMachine.Stats stats = SyncMachine.check(history, EmulatorSyncMachineProperties::subject);
            STATS.accumulateAndGet(stats, SyncMachine.Stats::plus);
        } catch (AssertionError e) {
            throw new AssertionError("[seed " + SEED + "] " + e.getMessage(), e);
        }
    }

    static CalDavSyncSubject subject() {
        return new CalDavSyncSubject((store, side) -> side(plain), (store, side) -> side(icloud));
    }

    /** A fresh calendar on {@code emulator}. */
    private static Part side(CalDavEmulator emulator) {
        String name = "prop-" + CALENDARS.incrementAndGet();
        URI calendar = emulator.createCalendar(name);
        CalDavCalendarProvider provider =
                CalDavSyncSubject.provider(emulator.baseUri(), emulator.username(), emulator.password(), "127.0.0.1");
        Crashing crashing = new Crashing(provider);
        CalDavHarness harness = new CalDavHarness(emulator.username(), emulator.password(), url -> {
            emulator.invalidateSyncTokens(name);
            return true;
        });
        CalDavFaults faults = new CalDavFaults(crashing) {
            @Override
            public boolean rateLimitNext(int count, Duration retryAfter) {
                CalDavSyncSubject.injected("503 x" + Math.max(1, count - 1) + (count > 1 ? " + dropped" : ""));
                if (count > 1) {
                    emulator.faults().serviceUnavailable(count - 1, retryAfter);
                    emulator.faults().dropConnection(1);
                } else {
                    emulator.faults().serviceUnavailable(count, retryAfter);
                }
                return true;
            }

            @Override
            public boolean invalidateTokens() {
                CalDavSyncSubject.injected("invalidated tokens");
                emulator.invalidateSyncTokens(name);
                return true;
            }

            @Override
            public void clear() {
                super.clear();
                emulator.faults().clear();
            }
        };
        return new Part(crashing, harness, calendar.toString(), faults, () -> {
            provider.close();
            // The iCloud emulator keeps UIDs unique in the account: a rerun history must not meet its own.
            CalDavSyncSubject.deleteCalendar(calendar, emulator.username(), emulator.password());
        });
    }
}
