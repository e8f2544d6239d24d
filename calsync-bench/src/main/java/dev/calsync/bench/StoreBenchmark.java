package dev.calsync.bench;

import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.SideMapping;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Mapping-store throughput: upserts and lookups per second on SQLite and PostgreSQL at 10^4 and
 * 10^6 mappings, printed as a Markdown table. Each figure is the median of three timed passes
 * (min and max in brackets); upserts and lookups run 1,000 to a transaction, as a sync does.
 *
 * <p>Usage: {@code java ... dev.calsync.bench.StoreBenchmark [--quick] [--postgres jdbc:postgresql://...]}.
 * {@code --quick} measures 10^4 only. Without {@code --postgres}, PostgreSQL is reached at
 * {@code jdbc:postgresql://127.0.0.1:5432/test} (user {@code postgres}, trust auth); each run works
 * in a schema of its own, dropped at the end.
 */
public final class StoreBenchmark {

    private static final int BATCH = 1_000;
    private static final int LOOKUPS = 50_000;
    private static final int UPDATES = 50_000;

    private StoreBenchmark() {}

    /** Runs the benchmark and prints the table. */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                quick = true;
            } else if (args[i].equals("--postgres")) {
                pgUrl = args[++i];
            }
        }
        int[] sizes = quick ? new int[] {10_000} : new int[] {10_000, 1_000_000};
        List<String> rows = new ArrayList<>();
        for (int size : sizes) {
            Path dir = Files.createTempDirectory("calsync-store-bench");
            rows.add(measure("SQLite", size, new Backend(JdbiMappingStore.sqlite(dir.resolve("bench.db")), () -> {})));
            rows.add(measure("PostgreSQL", size, postgres(pgUrl)));
        }
        System.out.println();
        System.out.println(
                "| store | mappings | inserts/s | upserts/s (update) | lookups/s (by key) | lookups/s (by remote id) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB. Median of 3 passes, [min-max].");
    }

    /** A store, and what to do once it is loaded (PostgreSQL: ANALYZE, as autovacuum would). */
    private record Backend(MappingStore store, Runnable afterLoad) {}

    private static Backend postgres(String url) {
        try {
            String schema = "calsync_bench_" + Long.toHexString(System.nanoTime());
            PGSimpleDataSource admin = new PGSimpleDataSource();
            admin.setUrl(url);
            admin.setUser(System.getProperty("calsync.pg.user", "postgres"));
            try (Connection c = admin.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(url);
            ds.setUser(System.getProperty("calsync.pg.user", "postgres"));
            ds.setCurrentSchema(schema);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Connection c = admin.getConnection();
                        Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                } catch (Exception e) {
                    System.err.println("could not drop " + schema + ": " + e.getMessage());
                }
            }));
            return new Backend(JdbiMappingStore.postgres(ds), () -> {
                try (Connection c = ds.getConnection();
                        Statement s = c.createStatement()) {
                    s.execute("ANALYZE");
                } catch (Exception e) {
                    throw new IllegalStateException("ANALYZE failed: " + e.getMessage(), e);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL not reachable at " + url + ": " + e.getMessage(), e);
        }
    }

    private static String measure(String name, int size, Backend backend) {
        MappingStore store = backend.store();
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("bench", "cal-a", "cal-b")));
        long t0 = System.nanoTime();
        for (int from = 0; from < size; from += BATCH) {
            int start = from;
            int end = Math.min(size, from + BATCH);
            store.useTransaction(tx -> {
                for (int i = start; i < end; i++) {
                    tx.putMapping(mapping(i, 0));
                }
            });
        }
        double inserts = size / seconds(t0);
        backend.afterLoad().run();
        SplittableRandom random = new SplittableRandom(42);
        double[] updates = new double[3];
        double[] byKey = new double[3];
        double[] byRemote = new double[3];
        for (int pass = 0; pass < 3; pass++) {
            int version = pass + 1;
            long u0 = System.nanoTime();
            for (int done = 0; done < UPDATES; done += BATCH) {
                store.useTransaction(tx -> {
                    for (int i = 0; i < BATCH; i++) {
                        tx.putMapping(mapping(random.nextInt(size), version));
                    }
                });
            }
            updates[pass] = UPDATES / seconds(u0);
            long k0 = System.nanoTime();
            for (int done = 0; done < LOOKUPS; done += BATCH) {
                store.useTransaction(tx -> {
                    for (int i = 0; i < BATCH; i++) {
                        if (tx.mapping("bench", key(random.nextInt(size))).isEmpty()) {
                            throw new IllegalStateException("a stored mapping was not found");
                        }
                    }
                });
            }
            byKey[pass] = LOOKUPS / seconds(k0);
            long r0 = System.nanoTime();
            for (int done = 0; done < LOOKUPS; done += BATCH) {
                store.useTransaction(tx -> {
                    for (int i = 0; i < BATCH; i++) {
                        int n = random.nextInt(size);
                        if (tx.mappingsByRemoteId("bench", Side.B, "/cal-b/" + uid(n) + ".ics")
                                .isEmpty()) {
                            throw new IllegalStateException("a stored mapping was not found by href");
                        }
                    }
                });
            }
            byRemote[pass] = LOOKUPS / seconds(r0);
        }
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("closing the store: " + e.getMessage());
            }
        }
        return String.format(
                Locale.ROOT,
                "| %s | %,d | %,.0f | %s | %s | %s |",
                name,
                size,
                inserts,
                median(updates),
                median(byKey),
                median(byRemote));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return String.format(Locale.ROOT, "%,.0f [%,.0f-%,.0f]", v[1], v[0], v[2]);
    }

    private static String uid(int n) {
        return "event-" + n + "@bench.calsync.dev";
    }

    private static EventKey key(int n) {
        // Every tenth mapping is an override, as in a calendar with recurring series.
        return n % 10 == 9
                ? EventKey.occurrence(uid(n), new RecurrenceId.AtInstant(Instant.ofEpochSecond(1_700_000_000L + n)))
                : EventKey.master(uid(n));
    }

    private static EventMapping mapping(int n, int version) {
        ContentHash hash = ContentHash.ofCancelledOccurrence(
                EventKey.occurrence(uid(n), new RecurrenceId.AtInstant(Instant.ofEpochSecond(version))));
        SideMapping a = new SideMapping(
                "g" + Integer.toString(n, 32) + "v", uid(n), null, "\"" + version + "\"", version, hash);
        SideMapping b = new SideMapping(
                "/cal-b/" + uid(n) + ".ics",
                uid(n),
                "https://dav.example/cal-b/" + uid(n) + ".ics",
                "\"e" + version + "\"",
                version,
                hash);
        return new EventMapping(
                "bench", key(n), a, b, SyncStatus.ACTIVE, Instant.ofEpochSecond(1_700_000_000L + version));
    }
}
