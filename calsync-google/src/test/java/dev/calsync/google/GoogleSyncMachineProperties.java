package dev.calsync.google;

import static org.quicktheories.QuickTheory.qt;

import com.google.api.client.json.jackson2.JacksonFactory;
import com.google.api.services.calendar.model.Event;
import dev.calsync.core.Side;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.MalformedEventException;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.google.internal.GoogleEventMapper;
import dev.calsync.testkit.contract.ProviderTestHarness;
import dev.calsync.testkit.generate.CalendarGens;
import dev.calsync.testkit.generate.EventGenerators;
import dev.calsync.testkit.generate.Generator;
import dev.calsync.testkit.generate.Source;
import dev.calsync.testkit.generate.UidGenerators;
import dev.calsync.testkit.google.GoogleApiFault;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import dev.calsync.testkit.sync.Histories;
import dev.calsync.testkit.sync.History;
import dev.calsync.testkit.sync.InMemorySyncSubject;
import dev.calsync.testkit.sync.SubjectFaults;
import dev.calsync.testkit.sync.SyncMachine;
import dev.calsync.testkit.sync.SyncSubject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The sync engine's stateful properties (P1–P7 of {@link SyncMachine}) with Google on side A — the
 * {@link GoogleCalendarProvider} over HTTP against the {@link GoogleCalendarEmulator} — and an
 * in-memory CalDAV-like calendar on side B.
 *
 * <p>Users create what Google Calendar can hold: series with a master (Google has no series without
 * one), at zoned, UTC or all-day times (no floating times), recurring daily so that the
 * occurrences the histories edit or cancel ("the n-th day's occurrence") exist on Google too; each
 * component as Google stores it (its mapping to Google's JSON and back). Everything else about the
 * histories is the in-memory suite's: creates on both sides, edits of every kind, deletions, syncs
 * meeting 429s with Retry-After and invalidated sync tokens on Google, crashes on the CalDAV side,
 * mass deletions.
 *
 * <p>The seed is printed and can be set with {@code -Dcalsync.seed=N}; the number of histories
 * per property with {@code -Dcalsync.google.histories=N} (default {@value #DEFAULT_HISTORIES});
 * {@code -Dcalsync.debug} prints both sides' components of the series a failure names.
 */
class GoogleSyncMachineProperties {

    static final int DEFAULT_HISTORIES = 40;
    static final long SEED = Long.getLong("calsync.seed", System.nanoTime());

    static final int HISTORIES = Integer.getInteger("calsync.google.histories", DEFAULT_HISTORIES);

    private static final AtomicInteger CALENDARS = new AtomicInteger();
    private static final AtomicReference<SyncMachine.Stats> STATS = new AtomicReference<>(SyncMachine.Stats.NONE);
    static GoogleCalendarEmulator emulator;
    private static final AtomicReference<GoogleSubject> LAST = new AtomicReference<>();

    @BeforeAll
    static void start() {
        emulator = GoogleCalendarEmulator.start();
        System.out.println("GoogleSyncMachineProperties: seed " + SEED + ", " + HISTORIES
                + " histories per property (rerun with -Dcalsync.seed=" + SEED + ")");
    }

    @AfterAll
    static void stop() {
        System.out.println("GoogleSyncMachineProperties exercised: " + STATS.get());
        emulator.close();
    }

    @Test
    void everySyncLeavesBothSidesEqualCompleteAndQuiet(TestReporter reporter) {
        reporter.publishEntry("seed", Long.toString(SEED));
        run(SEED, Histories.generator(20, false, false, googleSeries()));
    }

    @Test
    void aCrashAtAnyWriteIsRecoveredByTheNextSync(TestReporter reporter) {
        reporter.publishEntry("seed", Long.toString(SEED));
        run(SEED + 1, Histories.generator(20, true, false, googleSeries()));
    }

    @Test
    void massDeletionIsRefusedUnlessAllowed(TestReporter reporter) {
        reporter.publishEntry("seed", Long.toString(SEED));
        run(SEED + 2, Histories.generator(20, false, true, googleSeries()));
    }

    private static void run(long seed, Generator<History> histories) {
        qt().withFixedSeed(seed)
                .withExamples(HISTORIES)
                .withShrinkCycles(60)
                .forAll(CalendarGens.gen(histories))
                .checkAssert(GoogleSyncMachineProperties::check);
    }

    private static void check(History history) {
        try {
            SyncMachine.Stats stats = SyncMachine.check(history, () -> {
                LAST.set(new GoogleSubject());
                return LAST.get();
            });
            STATS.accumulateAndGet(stats, SyncMachine.Stats::plus);
        } catch (AssertionError e) {
            if (System.getProperty("calsync.debug") != null && LAST.get() != null) {
                GoogleSubject sub = LAST.get();
                for (Side side : Side.values()) {
                    try (var l = sub.provider(side).listChanges(sub.calendar(side), null)) {
                        for (var p = l.nextPage(); p.isPresent(); p = l.nextPage()) {
                            p.get().components().forEach(c -> {
                                String uid = c.component().uid();
                                // Failure messages cut long UIDs: their first code points identify them.
                                String head = uid.substring(
                                        0,
                                        uid.offsetByCodePoints(0, Math.min(20, uid.codePointCount(0, uid.length()))));
                                if (e.getMessage().contains(head)) {
                                    System.out.println("SIDE " + side + " " + c.component());
                                }
                            });
                        }
                    }
                }
                System.out.println("ERR " + e.getMessage());
            }
            throw new AssertionError("[seed " + SEED + "] " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------ what users create on Google

    /**
     * Series a Google Calendar user can make: a single event, or a daily series (unbounded or of at
     * least 12 occurrences) with overrides and cancellations on some of its first ten days, each
     * component as Google stores it.
     */
    static Generator<EventSeries> googleSeries() {
        return in -> {
            String uid = UidGenerators.uids().apply(in);
            EventComponent single = googleTimes(
                            in, EventGenerators.singleEvents().apply(in))
                    .toBuilder()
                    .uid(uid)
                    .status(EventStatus.CONFIRMED)
                    .build();
            if (in.chance(35)) {
                return EventSeries.of(asGoogleHolds(single, null));
            }
            String rule = in.bool() ? "RRULE:FREQ=DAILY" : "RRULE:FREQ=DAILY;COUNT=" + in.between(12, 40);
            EventComponent master = asGoogleHolds(
                    single.toBuilder()
                            .recurrence(new Recurrence(List.of(rule), List.of(), List.of()))
                            .build(),
                    null);
            List<EventComponent> overrides = new ArrayList<>();
            TreeSet<RecurrenceId> cancelled = new TreeSet<>();
            int exceptions = in.between(0, 3);
            for (int i = 0; i < exceptions; i++) {
                int day = in.between(1, 9);
                RecurrenceId rid = RecurrenceId.of(EventGenerators.occurrence(master.start(), "DAILY", 1, day));
                if (cancelled.contains(rid)
                        || overrides.stream().anyMatch(o -> o.recurrenceId().equals(rid))) {
                    continue;
                }
                if (in.bool()) {
                    cancelled.add(rid);
                } else {
                    overrides.add(asGoogleHolds(override(master, day, rid), master.start()));
                }
            }
            return new EventSeries(uid, master, overrides, cancelled);
        };
    }

    /**
     * The {@code day}-th occurrence, an hour later (all-day: the same day) and renamed; at its own
     * time where an hour later would put its start in a daylight-saving gap after its end.
     */
    private static EventComponent override(EventComponent master, int day, RecurrenceId rid) {
        EventTime start = EventGenerators.occurrence(master.start(), "DAILY", 1, day);
        EventTime end = EventGenerators.occurrence(master.end(), "DAILY", 1, day);
        EventComponent.Builder renamed = master.toBuilder()
                .recurrenceId(rid)
                .recurrence(Recurrence.NONE)
                .start(start)
                .end(end)
                .summary("Changed on Google, day " + day);
        if (!start.isAllDay()) {
            try {
                return renamed.start(later(start)).end(later(end)).build();
            } catch (MalformedEventException inAGap) {
                renamed.start(start).end(end);
            }
        }
        return renamed.build();
    }

    private static EventTime later(EventTime t) {
        if (t instanceof EventTime.Zoned z) {
            return EventTime.of(z.local().plusHours(1), z.zone());
        }
        return EventTime.utc(((EventTime.Utc) t).instant().plus(Duration.ofHours(1)));
    }

    /** Google has no floating times: a floating start and end are placed in a zone. */
    private static EventComponent googleTimes(Source in, EventComponent c) {
        if (!(c.start() instanceof EventTime.Floating)) {
            return c;
        }
        ZoneId zone = in.pick(List.of(ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneId.of("UTC")));
        return c.toBuilder()
                .start(EventTime.of(((EventTime.Floating) c.start()).local(), zone))
                .end(EventTime.of(((EventTime.Floating) c.end()).local(), zone))
                .build();
    }

    /** {@code c} as it reads back after Google stored it: through Google's JSON and back. */
    private static EventComponent asGoogleHolds(EventComponent c, EventTime masterStart) {
        Event event = GoogleEventMapper.toEvent(c, ZoneOffset.UTC);
        if (c.key().isOccurrence()) {
            event.setRecurringEventId("master");
            event.setOriginalStartTime(GoogleEventMapper.toEvent(
                            c.toBuilder()
                                    .recurrenceId(null)
                                    .start(GoogleCalendarProvider.at(c.recurrenceId(), masterStart, ZoneOffset.UTC))
                                    .end(GoogleCalendarProvider.at(c.recurrenceId(), masterStart, ZoneOffset.UTC))
                                    .build(),
                            ZoneOffset.UTC)
                    .getStart());
        }
        try {
            JacksonFactory json = JacksonFactory.getDefaultInstance();
            Event wire = json.fromString(json.toString(event), Event.class);
            return GoogleCalendarProvider.read(wire, c.uid(), ZoneOffset.UTC, masterStart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------ the subject

    /** Google (the emulator, a fresh calendar) on side A, an in-memory CalDAV-like calendar on side B. */
    static final class GoogleSubject implements SyncSubject {
        private final String calendarA =
                emulator.createCalendar("prop-" + CALENDARS.incrementAndGet() + "@group.calendar.google.com");
        private final GoogleCalendarProvider google = GoogleProviderCompatibilityKit.provider(emulator, 7, 4);
        private final EmulatorHarness harness = new EmulatorHarness(emulator, google);
        private final InMemoryCalendarProvider caldav = InMemoryCalendarProvider.builder()
                .kind("caldav")
                .pageSize(7)
                .seed(SEED)
                .build();
        private final MappingStore store = new InMemoryMappingStore();

        GoogleSubject() {
            caldav.createCalendar("cal-b");
            store.useTransaction(tx -> tx.putPair(CalendarPair.of("pair", calendarA, "cal-b")));
        }

        @Override
        public CalendarProvider provider(Side side) {
            return side == Side.A ? google : caldav;
        }

        @Override
        public ProviderTestHarness harness(Side side) {
            return side == Side.A ? harness : caldav;
        }

        @Override
        public String calendar(Side side) {
            return side == Side.A ? calendarA : "cal-b";
        }

        @Override
        public MappingStore store() {
            return store;
        }

        @Override
        public String pairId() {
            return "pair";
        }

        @Override
        public SubjectFaults faults(Side side) {
            return side == Side.A ? googleFaults() : caldavFaults();
        }

        private SubjectFaults googleFaults() {
            return new SubjectFaults() {
                @Override
                public boolean rateLimitNext(int count, Duration retryAfter) {
                    emulator.faults().failNext(count, GoogleApiFault.rateLimitExceeded429(retryAfter));
                    return true;
                }

                @Override
                public boolean invalidateTokens() {
                    emulator.invalidateSyncTokens(calendarA);
                    return true;
                }

                @Override
                public void clear() {
                    emulator.faults().clear();
                }
            };
        }

        private SubjectFaults caldavFaults() {
            return InMemorySyncSubject.faultsOf(caldav, "cal-b");
        }
    }
}
