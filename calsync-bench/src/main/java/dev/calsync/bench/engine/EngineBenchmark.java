package dev.calsync.bench.engine;

import dev.calsync.bench.engine.EngineFixture.StoreKind;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.sync.SyncReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The engine-only benchmark: {@link dev.calsync.core.sync.SyncEngine} between two in-memory
 * providers (side A Google-like, side B CalDAV-like) and an in-memory mapping store, no network,
 * no database. Prints Markdown tables of:
 *
 * <ol>
 *   <li>the initial sync of a calendar of {@code --size} series (default 100,000) from A to an
 *       empty B: series/s and components/s, median of {@code --runs} runs [min-max], after a
 *       warm-up at a tenth of the size;
 *   <li>1% churn on side A (60% modified, 20% deleted, 20% created): changed series/s and the wall
 *       time of the incremental sync, median of {@code --runs} rounds;
 *   <li>the cost of an incremental sync of a fixed change set (10 series) at 1,000, 10,000 and
 *       {@code --size} series: wall time, provider requests, store transactions and calls, and
 *       the cost of a sync with no change, on both stores (to show whether it is flat);
 *   <li>the initial sync on the testkit's {@code InMemoryMappingStore} at smaller sizes;
 *   <li>the peak heap of the initial sync of {@code --size} series in a child JVM with {@code
 *       -Xmx256m} ({@link EngineHeapRunner}).
 * </ol>
 *
 * <p>Workloads are built before the clock starts; each timed sync is checked afterwards (both
 * sides hold the same series with the same content, and a further sync writes nothing).
 *
 * <p>Usage: {@code EngineBenchmark [--quick] [--size N] [--runs N] [--heap-xmx 256m] [--no-heap]}.
 * {@code --quick} is {@code --size 10000 --runs 3} with smaller extra sizes.
 */
public final class EngineBenchmark {

    private static final int INCREMENTAL_CHANGES = 10;
    private static final int INCREMENTAL_ROUNDS = 5;

    private final int size;
    private final int runs;
    private final boolean quick;
    private final List<String> out = new ArrayList<>();
    private long seed = 1;

    private EngineBenchmark(int size, int runs, boolean quick) {
        this.size = size;
        this.runs = runs;
        this.quick = quick;
    }

    /** Runs the benchmark and prints the tables. */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean heap = true;
        Integer size = null;
        int runs = 3;
        String xmx = "256m";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--no-heap" -> heap = false;
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--heap-xmx" -> xmx = args[++i];
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: [--quick] [--size N] [--runs N] [--heap-xmx 256m] [--no-heap]");
            }
        }
        int n = size != null ? size : quick ? 10_000 : 100_000;
        EngineBenchmark bench = new EngineBenchmark(n, runs, quick);
        bench.run(heap, xmx);
    }

    private void run(boolean heap, String xmx) throws IOException, InterruptedException {
        long started = System.nanoTime();
        warmUp();
        EngineFixture big = initialSyncs();
        churn(big);
        incremental(big);
        big = null;
        testkitStoreInitialSyncs();
        if (heap) {
            heapChild(xmx);
        }
        out.add("");
        out.add(String.format(
                Locale.ROOT,
                "Machine: %d cores, Java %s (%s), benchmark JVM max heap %d MB. Total run %.0f s.",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                (System.nanoTime() - started) / 1e9));
        System.out.println();
        out.forEach(System.out::println);
    }

    // ------------------------------------------------------------------ phases

    private void warmUp() {
        int n = Math.max(500, size / 10);
        progress("warm-up: initial sync of " + n + " series, then 3 churn rounds");
        EngineFixture f = loaded(StoreKind.INDEXED, n);
        f.sync();
        settle(f);
        Workload w = new Workload(seed++);
        Random random = new Random(seed++);
        for (int i = 0; i < 3; i++) {
            Churn.of(Math.max(3, n / 100)).applyTo(f, w, random);
            f.sync();
            settle(f);
        }
    }

    private EngineFixture initialSyncs() {
        double[] seriesPerSecond = new double[runs];
        double[] componentsPerSecond = new double[runs];
        double[] seconds = new double[runs];
        EngineFixture last = null;
        int components = 0;
        for (int r = 0; r < runs; r++) {
            last = null; // let the previous run's calendars go before building the next
            List<EventSeries> calendar = new Workload(seed++).series(size);
            components = calendar.stream().mapToInt(Workload::components).sum();
            EngineFixture f = new EngineFixture(StoreKind.INDEXED);
            f.putA(calendar);
            calendar = null;
            System.gc();
            progress("initial sync " + (r + 1) + "/" + runs + " of " + size + " series");
            long t = System.nanoTime();
            SyncReport report = f.sync();
            double s = (System.nanoTime() - t) / 1e9;
            require(report.writes() == size, "initial sync wrote " + report.writes() + " of " + size);
            f.requireConverged();
            seconds[r] = s;
            seriesPerSecond[r] = size / s;
            componentsPerSecond[r] = components / s;
            last = f;
        }
        // The first incremental sync re-reads what the initial sync wrote to B (its own writes, recognised).
        last.resetCounts();
        long t = System.nanoTime();
        SyncReport echo = last.sync();
        double echoSeconds = (System.nanoTime() - t) / 1e9;
        require(echo.writes() == 0, "the sync after the initial sync wrote " + echo.writes());
        t = System.nanoTime();
        SyncReport idle = last.sync();
        double idleSeconds = (System.nanoTime() - t) / 1e9;
        require(idle.writes() == 0, "a sync without changes wrote " + idle.writes());

        out.add("### Initial sync (engine, in-memory providers, IndexedMappingStore)");
        out.add("");
        out.add("| calendar | wall time (s) | series/s | components/s | then: sync re-reading its own " + size
                + " writes (s) | then: sync with no change (s) |");
        out.add("|---|---:|---:|---:|---:|---:|");
        out.add(String.format(
                Locale.ROOT,
                "| %,d series = %,d components | %s | %s | %s | %.2f | %.4f |",
                size,
                components,
                stats(seconds, "%.2f"),
                stats(seriesPerSecond, "%,.0f"),
                stats(componentsPerSecond, "%,.0f"),
                echoSeconds,
                idleSeconds));
        out.add("");
        return last;
    }

    private void churn(EngineFixture f) {
        int changes = Math.max(3, size / 100);
        Churn churn = Churn.of(changes);
        Workload w = new Workload(seed++);
        Random random = new Random(seed++);
        double[] perSecond = new double[runs];
        double[] seconds = new double[runs];
        long[] requests = new long[runs];
        for (int r = 0; r < runs; r++) {
            churn.applyTo(f, w, random);
            f.resetCounts();
            progress("churn round " + (r + 1) + "/" + runs + ": " + churn.total() + " changed series");
            long t = System.nanoTime();
            SyncReport report = f.sync();
            double s = (System.nanoTime() - t) / 1e9;
            require(report.writes() == churn.total(), "churn sync wrote " + report.writes() + " of " + churn.total());
            requests[r] = f.providerRequests();
            f.requireConverged();
            settle(f);
            seconds[r] = s;
            perSecond[r] = churn.total() / s;
        }
        out.add("### 1% churn on side A (IndexedMappingStore)");
        out.add("");
        out.add("| calendar | changed series (modified / deleted / created) | incremental sync (s) | changed series/s"
                + " | provider requests (median) |");
        out.add("|---|---|---:|---:|---:|");
        out.add(String.format(
                Locale.ROOT,
                "| %,d series | %,d (%d / %d / %d) | %s | %s | %d |",
                size,
                churn.total(),
                churn.modified(),
                churn.deleted(),
                churn.created(),
                stats(seconds, "%.3f"),
                stats(perSecond, "%,.0f"),
                median(requests)));
        out.add("");
    }

    private void incremental(EngineFixture big) {
        List<Integer> sizes = new ArrayList<>(List.of(1_000, 10_000));
        sizes.removeIf(s -> s >= size);
        sizes.add(size);
        out.add("### Incremental sync cost: " + INCREMENTAL_CHANGES + " changed series on side A ("
                + Churn.of(INCREMENTAL_CHANGES).modified() + " modified, "
                + Churn.of(INCREMENTAL_CHANGES).deleted()
                + " deleted, " + Churn.of(INCREMENTAL_CHANGES).created() + " created), median of "
                + INCREMENTAL_ROUNDS + " rounds");
        out.add("");
        out.add("| store | calendar | sync wall time (ms) | provider requests | store transactions | store calls"
                + " | sync with no change (ms) |");
        out.add("|---|---:|---:|---:|---:|---:|---:|");
        for (StoreKind kind : StoreKind.values()) {
            for (int n : sizes) {
                EngineFixture f;
                if (n == size) {
                    f = kind == StoreKind.INDEXED ? big : big.withStore(kind);
                } else {
                    f = loaded(StoreKind.INDEXED, n);
                    f.sync();
                    settle(f);
                    f = kind == StoreKind.INDEXED ? f : f.withStore(kind);
                }
                settle(f);
                progress("incremental cost at " + n + " series, " + kind + " store");
                out.add(incrementalRow(f, n));
            }
        }
        out.add("");
    }

    private String incrementalRow(EngineFixture f, int n) {
        Workload w = new Workload(seed++);
        Random random = new Random(seed++);
        Churn churn = Churn.of(INCREMENTAL_CHANGES);
        double[] ms = new double[INCREMENTAL_ROUNDS];
        double[] idleMs = new double[INCREMENTAL_ROUNDS];
        long[] requests = new long[INCREMENTAL_ROUNDS];
        long[] transactions = new long[INCREMENTAL_ROUNDS];
        long[] calls = new long[INCREMENTAL_ROUNDS];
        for (int r = 0; r < INCREMENTAL_ROUNDS; r++) {
            churn.applyTo(f, w, random);
            f.resetCounts();
            long t = System.nanoTime();
            SyncReport report = f.sync();
            ms[r] = (System.nanoTime() - t) / 1e6;
            require(report.writes() == churn.total(), "incremental sync wrote " + report.writes());
            requests[r] = f.providerRequests();
            transactions[r] = f.store().transactions();
            calls[r] = f.store().totalCalls();
            settle(f);
            t = System.nanoTime();
            SyncReport idle = f.sync();
            idleMs[r] = (System.nanoTime() - t) / 1e6;
            require(idle.writes() == 0, "a sync without changes wrote " + idle.writes());
        }
        return String.format(
                Locale.ROOT,
                "| %s | %,d series | %s | %d | %d | %d | %s |",
                f.storeKind() == StoreKind.INDEXED ? "IndexedMappingStore" : "testkit InMemoryMappingStore",
                n,
                stats(ms, "%.1f"),
                median(requests),
                median(transactions),
                median(calls),
                stats(idleMs, "%.1f"));
    }

    private void testkitStoreInitialSyncs() {
        int[] sizes = quick ? new int[] {2_000, 4_000} : new int[] {10_000, 20_000};
        out.add("### Initial sync on the testkit's InMemoryMappingStore (one run each)");
        out.add("");
        out.add("| calendar | wall time (s) | series/s | store transactions |");
        out.add("|---|---:|---:|---:|");
        for (int n : sizes) {
            EngineFixture f = loaded(StoreKind.TESTKIT, n);
            f.resetCounts();
            progress("initial sync of " + n + " series on the testkit store");
            long t = System.nanoTime();
            SyncReport report = f.sync();
            double s = (System.nanoTime() - t) / 1e9;
            require(report.writes() == n, "initial sync wrote " + report.writes());
            out.add(String.format(
                    Locale.ROOT,
                    "| %,d series | %.2f | %,.0f | %d |",
                    n,
                    s,
                    n / s,
                    f.store().transactions()));
        }
        out.add("");
    }

    private void heapChild(String xmx) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-Xmx" + xmx,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                EngineHeapRunner.class.getName(),
                Integer.toString(size));
        progress("peak heap: initial sync of " + size + " series in a child JVM with -Xmx" + xmx);
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<String, String> fields = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("HEAP ")) {
                    Arrays.stream(line.substring(5).split(" "))
                            .map(kv -> kv.split("=", 2))
                            .forEach(kv -> fields.put(kv[0], kv[1]));
                }
            }
        }
        int exit = p.waitFor();
        out.add("### Peak heap of the initial sync (child JVM, -Xmx" + xmx + ", IndexedMappingStore)");
        out.add("");
        if (fields.isEmpty()) {
            out.add("The child JVM printed no figures (exit code " + exit + "): it did not fit, or failed to start.");
            out.add("");
            return;
        }
        out.add("| calendar | fit (no OutOfMemoryError) | sync (s) | heap before the sync (A loaded) | peak live heap"
                + " during the sync | sum of pool peaks | retained after | growth of the live heap | GCs |");
        out.add("|---|---|---:|---:|---:|---:|---:|---:|---|");
        long baseline = Long.parseLong(fields.get("baseline"));
        long peakLive = Long.parseLong(fields.get("peakLive"));
        out.add(String.format(
                Locale.ROOT,
                "| %,d series | %s | %s | %s | %s | %s | %s | %s | %s (%s collections) |",
                size,
                fields.get("fit").equals("true") ? "yes" : "**no**",
                fields.get("seconds"),
                mb(baseline),
                mb(peakLive),
                mb(Long.parseLong(fields.get("peakPools"))),
                fields.get("retained").equals("-1") ? "-" : mb(Long.parseLong(fields.get("retained"))),
                mb(peakLive - baseline),
                fields.get("gc").replace('_', ' '),
                fields.get("collections")));
        out.add("");
    }

    // ------------------------------------------------------------------ helpers

    private EngineFixture loaded(StoreKind kind, int n) {
        EngineFixture f = new EngineFixture(kind);
        f.putA(new Workload(seed++).series(n));
        return f;
    }

    /** Syncs until a sync writes nothing; the first one usually re-reads the previous sync's own writes. */
    private static void settle(EngineFixture f) {
        for (int i = 0; i < 3; i++) {
            if (f.sync().writes() == 0) {
                return;
            }
        }
        throw new IllegalStateException("the pair does not settle: three syncs in a row wrote something");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void progress(String message) {
        System.err.println("[engine-bench] " + message);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024.0));
    }

    private static String stats(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        if (sorted.length == 1) {
            return String.format(Locale.ROOT, format, median);
        }
        return String.format(
                Locale.ROOT, format + " [" + format + "-" + format + "]", median, sorted[0], sorted[sorted.length - 1]);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
