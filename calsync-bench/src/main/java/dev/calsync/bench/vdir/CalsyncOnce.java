package dev.calsync.bench.vdir;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * calsync's side of the vdirsyncer benchmark, run as a child process so its CPU time and memory can
 * be measured like vdirsyncer's: two {@link CalDavCalendarProvider}s (one per calendar, as two
 * accounts would have), a SQLite {@link JdbiMappingStore} kept between runs (like vdirsyncer's
 * status directory) and a {@link SyncEngine} that syncs the pair once, side A preferred in
 * conflicts.
 *
 * <p>Arguments: {@code SERVER_URI CALENDAR_A_URL CALENDAR_B_URL SQLITE_FILE}. The credentials come
 * from the environment variables {@code CALSYNC_BENCH_USER} and {@code CALSYNC_BENCH_PASSWORD}
 * (absent for a server without authentication), not from the command line, where other users could
 * read them. Prints one line with what the sync did; exits with 0, or 2 when something was
 * quarantined or parked. When {@code CALSYNC_BENCH_TIMES} names a file, writes to it the process's
 * CPU nanoseconds before the sync began (JVM start, class loading, opening the store), then the CPU
 * and wall nanoseconds of the sync itself, on one line separated by spaces.
 */
public final class CalsyncOnce {
    /** The pair's id in the store. */
    static final String PAIR = "bench";

    private CalsyncOnce() {}

    /**
     * Syncs once.
     *
     * @param args server URI, calendar A URL, calendar B URL, SQLite file
     */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: CalsyncOnce SERVER_URI CALENDAR_A_URL CALENDAR_B_URL SQLITE_FILE");
            System.exit(64);
        }
        URI server = URI.create(args[0]);
        String user = System.getenv("CALSYNC_BENCH_USER");
        String password = System.getenv("CALSYNC_BENCH_PASSWORD");
        SyncReport report;
        try (CalDavCalendarProvider a = provider(server, user, password);
                CalDavCalendarProvider b = provider(server, user, password);
                JdbiMappingStore store = JdbiMappingStore.sqlite(Path.of(args[3]))) {
            store.useTransaction(tx -> {
                if (tx.pair(PAIR).isEmpty()) {
                    tx.putPair(CalendarPair.of(PAIR, args[1], args[2]));
                }
            });
            SyncEngine engine =
                    SyncEngine.builder().sideA(a).sideB(b).store(store).build();
            long cpuBefore = processCpuNanos();
            long wallBefore = System.nanoTime();
            report = engine.sync(PAIR);
            long wall = System.nanoTime() - wallBefore;
            String times = System.getenv("CALSYNC_BENCH_TIMES");
            if (times != null) {
                try {
                    Files.writeString(
                            Path.of(times), cpuBefore + " " + (processCpuNanos() - cpuBefore) + " " + wall + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + times, e);
                }
            }
            System.out.printf(
                    "calsync: %d writes, A read %d, B read %d, %d quarantined, %d parked, %d HTTP requests%n",
                    report.writes(),
                    report.sideA().componentsRead(),
                    report.sideB().componentsRead(),
                    report.quarantined().size(),
                    report.parked().size(),
                    a.httpRequests() + b.httpRequests());
        }
        if (!report.quarantined().isEmpty() || !report.parked().isEmpty()) {
            System.err.println("calsync: quarantined " + report.quarantined() + ", parked " + report.parked());
            System.exit(2);
        }
    }

    /** The CPU time of the whole process (all threads) so far. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static CalDavCalendarProvider provider(URI server, String user, String password) {
        CalDavCalendarProvider.Builder b = CalDavCalendarProvider.builder()
                .serverUri(server)
                // Radicale parses new files on the first request that reads a collection
                .responseTimeout(Duration.ofMinutes(10));
        if (user != null && password != null) {
            b.credentials(user, password);
        }
        return b.build();
    }
}
