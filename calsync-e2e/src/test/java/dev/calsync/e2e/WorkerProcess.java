package dev.calsync.e2e;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.Side;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.Lease;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.SyncListener;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.PairBusyException;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The main class of a worker process: one of several processes sharing a PostgreSQL store, each
 * claiming due pairs through the store's leases ({@code claimDue}) and syncing them with an engine
 * that holds the lease under the same worker id, until no pair of the round is due any more. A pair
 * is due when a side's token was not stored since the round started; pairs held by other workers
 * (or by a dead worker, until its lease lapses) are waited for.
 *
 * <p>Every sync is written to the worker's record file ({@link WorkersRecords}) as it starts and
 * ends, from the engine's listener, i.e. while the worker holds the pair's lease: the test checks
 * from these that no pair was synced by two workers at once.
 *
 * <p>A worker told to hold at sync k (the victim) stops after the first write of its k-th or a later
 * sync that has more to do, writes a {@code HOLD} record and waits there: to be killed with SIGKILL
 * mid-sync while it holds the pair's lease, or, stalled past its lease (a long GC pause, a suspended
 * VM), to wake after another worker took the pair over.
 *
 * <p>Arguments: Google root URL, CalDAV server URI, CalDAV user, JDBC URL (its current schema, no
 * password), database user, worker id, lease seconds, round start (ISO instant), record file, sync
 * to hold at (0: never), seconds to hold, seconds until the worker gives up waiting. Credentials come from the
 * environment ({@code CALSYNC_E2E_GOOGLE_TOKEN}, {@code CALSYNC_E2E_CALDAV_PASSWORD}).
 *
 * <p>Exit codes: 0 when the round is done, 2 when pairs were still due at the deadline, 3 when a
 * pair failed {@value #MAX_FAILURES} times in this worker.
 */
public final class WorkerProcess {
    static final int MAX_FAILURES = 3;
    private static final Duration WAIT_FOR_OTHERS = Duration.ofMillis(100);

    /** The worker's arguments. */
    record Settings(
            String googleRoot,
            URI caldavServer,
            String caldavUser,
            String jdbcUrl,
            String dbUser,
            String workerId,
            Duration lease,
            Instant roundStart,
            Path records,
            int holdAtSync,
            Duration hold,
            Duration patience) {

        static Settings parse(String[] args) {
            return new Settings(
                    args[0],
                    URI.create(args[1]),
                    args[2],
                    args[3],
                    args[4],
                    args[5],
                    Duration.ofSeconds(Long.parseLong(args[6])),
                    Instant.parse(args[7]),
                    Path.of(args[8]),
                    Integer.parseInt(args[9]),
                    Duration.ofSeconds(Long.parseLong(args[10])),
                    Duration.ofSeconds(Long.parseLong(args[11])));
        }

        List<String> toArgs() {
            return List.of(
                    googleRoot,
                    caldavServer.toString(),
                    caldavUser,
                    jdbcUrl,
                    dbUser,
                    workerId,
                    Long.toString(lease.toSeconds()),
                    roundStart.toString(),
                    records.toString(),
                    Integer.toString(holdAtSync),
                    Long.toString(hold.toSeconds()),
                    Long.toString(patience.toSeconds()));
        }
    }

    private WorkerProcess() {}

    public static void main(String[] args) {
        Settings settings = Settings.parse(args);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.dbUser());
        config.setMaximumPoolSize(3);
        config.setPoolName(settings.workerId());
        Accounts accounts = Accounts.fromEnvironment(settings.caldavUser());
        GoogleCalendarProvider google =
                accounts.googleProvider(settings.googleRoot(), b -> b.applicationName("calsync-e2e-worker"));
        int exit;
        try (HikariDataSource dataSource = new HikariDataSource(config);
                CalDavCalendarProvider caldav = accounts.caldavProvider(settings.caldavServer(), b -> b);
                JdbiMappingStore store = JdbiMappingStore.postgres(dataSource)) {
            WorkersRecords.Writer records = new WorkersRecords.Writer(settings.records(), settings.workerId());
            SyncEngine engine = SyncEngine.builder()
                    .sideA(google)
                    .sideB(caldav)
                    .store(store)
                    .conflictResolver(ConflictResolvers.standard())
                    .listener(new Recorder(records, settings.holdAtSync(), settings.hold()))
                    .workerId(settings.workerId())
                    .leaseDuration(settings.lease())
                    .build();
            exit = new Loop(settings, store, engine, records).run();
        } catch (RuntimeException e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    /** The worker's loop over the round's due pairs. */
    private record Loop(Settings settings, MappingStore store, SyncEngine engine, WorkersRecords.Writer records) {

        int run() {
            Instant deadline = Instant.now().plus(settings.patience());
            Map<String, Integer> failures = new HashMap<>();
            int synced = 0;
            while (true) {
                List<Lease> next = store.inTransaction(tx ->
                        tx.claimDue(settings.workerId(), Instant.now(), settings.lease(), settings.roundStart(), 1));
                if (!next.isEmpty()) {
                    String pairId = next.get(0).pairId();
                    if (sync(pairId)) {
                        synced++;
                    } else if (failures.merge(pairId, 1, Integer::sum) >= MAX_FAILURES) {
                        records.write("STOP", pairId, "failed " + MAX_FAILURES + " times");
                        return 3;
                    }
                    continue;
                }
                List<String> due = duePairs();
                if (due.isEmpty()) {
                    records.write("DONE", "-", "synced=" + synced);
                    return 0;
                }
                if (Instant.now().isAfter(deadline)) {
                    records.write("DEADLINE", "-", "still due: " + due);
                    return 2;
                }
                // The pairs left are held by other workers, or by a dead one until its lease lapses.
                pause(WAIT_FOR_OTHERS);
            }
        }

        /** Syncs a pair this worker claimed; false if the sync failed. */
        private boolean sync(String pairId) {
            try {
                engine.sync(pairId); // renews this worker's lease, releases it at the end
                return true;
            } catch (PairBusyException e) {
                // Another worker took the pair: before the engine renewed our claim, or during the sync
                // after our lease lapsed (the engine then stops at its next renewal).
                records.write("BUSY", pairId, e.getMessage());
                return true;
            } catch (RuntimeException e) {
                System.err.println("sync of " + pairId + " failed:");
                e.printStackTrace();
                return false;
            }
        }

        private List<String> duePairs() {
            return store.inTransaction(tx -> tx.pairs()).stream()
                    .filter(p -> p.enabled() && due(p, settings.roundStart()))
                    .map(CalendarPair::pairId)
                    .toList();
        }

        private static boolean due(CalendarPair p, Instant roundStart) {
            return p.lastUpdatedA() == null
                    || p.lastUpdatedB() == null
                    || p.lastUpdatedA().isBefore(roundStart)
                    || p.lastUpdatedB().isBefore(roundStart);
        }
    }

    /**
     * Records each sync's start, writes and end from inside the engine (after its claim, before its
     * release), and holds the victim mid-sync: after the first write of a sync, when that write went
     * to CalDAV (written one by one, so the sync has more to do after it) and the sync plans more.
     */
    private static final class Recorder implements SyncListener {
        private final WorkersRecords.Writer records;
        private final int holdAtSync;
        private final Duration hold;
        private int syncs;
        private int planned;
        private int recorded;
        private boolean held;

        Recorder(WorkersRecords.Writer records, int holdAtSync, Duration hold) {
            this.records = records;
            this.holdAtSync = holdAtSync;
            this.hold = hold;
        }

        @Override
        public void syncStarted(String pairId, boolean dryRun) {
            syncs++;
            planned = 0;
            recorded = 0;
            records.write("START", pairId, "sync=" + syncs);
        }

        @Override
        public void planned(String pairId, int steps) {
            planned = steps;
        }

        @Override
        public void operationRecorded(SyncOperation operation) {
            recorded++;
            boolean write = operation.outcome() == SyncOperation.Outcome.APPLIED
                    && operation.target() != null
                    && operation.kind() != SyncOperation.Kind.ADOPT;
            if (!write) {
                return;
            }
            records.write("WROTE", operation.pairId(), operation.kind() + " " + operation.target());
            if (!held
                    && holdAtSync > 0
                    && syncs >= holdAtSync
                    && recorded == 1
                    && planned >= 2
                    && operation.target() == Side.B) {
                held = true;
                records.write("HOLD", operation.pairId(), "for " + hold.toSeconds() + " s");
                pause(hold); // the kill test kills this process here; the stall test lets it wake
            }
        }

        @Override
        public void syncFinished(SyncReport report) {
            records.write("END", report.pairId(), "writes=" + report.writes());
        }

        @Override
        public void syncFailed(String pairId, Throwable failure) {
            records.write("FAILED", pairId, failure.getClass().getSimpleName());
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
