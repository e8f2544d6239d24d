package dev.calsync.bench.vdir;

import dev.calsync.bench.CountingProxy;
import dev.calsync.testkit.servers.LocalCalDavServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * calsync against vdirsyncer 0.19 (the Debian package) on real CalDAV servers: both tools sync two
 * calendars of one Radicale (and of one Xandikos), each tool its own pair of calendars seeded with
 * the same {@link Workload}, each run as a separate process through a {@link CountingProxy}.
 *
 * <p>Scenarios, in this order within a run: the initial copy (A full, B empty; at more than 2,000
 * events, unless {@code --initial-copy}, an adoption instead: A and B seeded with the same events,
 * first sync; {@code --adopt} forces that at every size), a second sync with nothing changed (calsync lists its own writes of the first sync
 * once more), a steady-state no-change sync, the 1% churn on side A (see {@link Workload#churn}), and a
 * two-sided conflict (one event's SUMMARY edited differently on A and on B; both tools let A win).
 * After each, a correctness check reads both calendars straight from the server and compares them
 * with {@link IcsNormalizer} (plus the count of VEVENTs, overrides included, that should be there).
 *
 * <p>Per tool run: wall time (from start to exit of the process, start-up included), client CPU
 * (user + system) and peak RSS from {@code /usr/bin/time -f "%U %S %M"} (the kernel's rusage of the
 * waited-for child, all threads, exact; sampling {@code /proc} would miss the last interval before
 * exit), requests by method and bytes sent and received through the proxy, and the server's CPU
 * time over the run (from {@code /proc/<pid>/stat}). Figures are medians of the runs with min and
 * max; ratios calsync/vdirsyncer are taken per run (both tools measured in the same run, on the
 * same server process) and their median printed.
 *
 * <p>Usage: {@code calsync-bench/run-vdirsyncer-bench.sh [--quick] [--runs N] [--events N[,N...]]
 * [--servers radicale,xandikos] [--initial-copy | --adopt] [--seed S] [--jfr DIR] [--calsync-jvm-options
 * "OPTS"] [--plan-only]}.
 */
public final class VdirsyncerBenchmark {
    private static final String CALSYNC = "calsync";
    private static final String VDIRSYNCER = "vdirsyncer";
    private static final List<String> TOOLS = List.of(CALSYNC, VDIRSYNCER);
    private static final Path TIME = Path.of("/usr/bin/time");
    private static final String NO_CHANGE = "no-change sync (steady state)";
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
    /** The calsync child JVM's options besides {@code -Xmx1g}: a short-lived command-line process. */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private VdirsyncerBenchmark() {}

    /** What to run: one server kind at one size, so many times. */
    record Plan(LocalCalDavServer.Kind server, int events, int runs, boolean initialCopy) {
        String scenarioOne() {
            return initialCopy ? "initial copy" : "first sync, both full";
        }

        /** A rough expected duration on a quiet 2-core machine (see {@link #expectedSeconds}). */
        double seconds() {
            return runs * expectedSeconds(server, events, initialCopy);
        }
    }

    /**
     * The model behind the up-front estimate: a PUT costs about 13 ms plus 78 µs per item already in
     * the collection (Radicale and Xandikos check UIDs across the collection, CALDAV.md §6.8);
     * Radicale parses new files once at about 9 ms each; Xandikos answers a multiget at about 25 ms
     * per href; plus 20 s of starts and checks per run.
     */
    static double expectedSeconds(LocalCalDavServer.Kind kind, int n, boolean initialCopy) {
        double puts = initialCopy ? 2 * (n * 0.013 + 7.8e-5 * n * (double) n / 2) : 0;
        int churn = Math.max(3, n / 100);
        double churnPuts = 4 * churn * (0.013 + 7.8e-5 * n);
        double reads = kind == LocalCalDavServer.Kind.RADICALE
                ? (initialCopy ? 2 : 4) * n * 0.009
                : (initialCopy ? 1 : 3) * n * 0.025 * 2;
        return 25 + puts + churnPuts + reads + 10 * n * 0.001;
    }

    /** One measured process run. */
    record Sample(
            double wallSeconds,
            double cpuSeconds,
            double rssMiB,
            Map<String, Long> requests,
            long sent,
            long received,
            double serverCpuSeconds,
            double startCpuSeconds,
            int exitCode,
            String check) {
        long requestCount() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Samples of one (plan, scenario, tool). */
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();

    private Options options;

    /** The run of the current plan, from 1 (names the JFR recordings). */
    private int currentRun;

    /** Command-line options. */
    record Options(
            boolean quick,
            int runs,
            List<Integer> events,
            List<LocalCalDavServer.Kind> servers,
            boolean initialCopy,
            boolean adopt,
            long seed,
            Path jfr,
            List<String> jvmOptions) {
        static Options parse(String[] args) {
            boolean quick = false;
            int runs = 3;
            List<Integer> events = null;
            List<LocalCalDavServer.Kind> servers = null;
            boolean initialCopy = false;
            boolean adopt = false;
            long seed = 42;
            Path jfr = null;
            List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--events" ->
                        events = Stream.of(args[++i].split(","))
                                .map(String::trim)
                                .map(Integer::parseInt)
                                .toList();
                    case "--servers" ->
                        servers = Stream.of(args[++i].split(","))
                                .map(s ->
                                        LocalCalDavServer.Kind.valueOf(s.trim().toUpperCase(Locale.ROOT)))
                                .toList();
                    case "--initial-copy" -> initialCopy = true;
                    case "--adopt" -> adopt = true;
                    case "--plan-only" -> {
                        // main: print the plan and the expected duration, run nothing
                    }
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--jfr" -> jfr = Path.of(args[++i]);
                    case "--calsync-jvm-options" ->
                        jvmOptions = args[++i].isBlank()
                                ? List.of()
                                : List.of(args[i].trim().split("\\s+"));
                    default ->
                        throw new IllegalArgumentException(
                                "unknown argument " + args[i]
                                        + "; usage: [--quick] [--runs N] [--events N[,N...]] [--servers radicale,xandikos]"
                                        + " [--initial-copy | --adopt] [--seed S] [--jfr DIR] [--calsync-jvm-options \"OPTS\"] [--plan-only]");
                }
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1");
            }
            return new Options(quick, runs, events, servers, initialCopy, adopt, seed, jfr, jvmOptions);
        }

        /**
         * The plans. Default: Radicale 1,000 (initial copy) x runs and 5,000 (adoption; a PUT-based
         * initial copy would take about 17 min per tool) x 1; Xandikos 1,000 x 1 (its multiget costs
         * about 25 ms per href). {@code --quick}: Radicale 200 x 1.
         */
        List<Plan> plans() {
            List<Plan> out = new ArrayList<>();
            if (quick) {
                int n = events == null ? 200 : events.get(0);
                out.add(new Plan(LocalCalDavServer.Kind.RADICALE, n, 1, !adopt && (initialCopy || n <= 2000)));
                return out;
            }
            List<Integer> sizes = events == null ? List.of(1000, 5000) : events;
            List<LocalCalDavServer.Kind> kinds = servers == null
                    ? List.of(LocalCalDavServer.Kind.RADICALE, LocalCalDavServer.Kind.XANDIKOS)
                    : servers;
            for (LocalCalDavServer.Kind kind : kinds) {
                for (int n : sizes) {
                    boolean copy = !adopt && (initialCopy || n <= 2000);
                    if (kind == LocalCalDavServer.Kind.XANDIKOS && n > 1000 && events == null) {
                        continue; // Xandikos: 1,000 only by default
                    }
                    int r = kind == LocalCalDavServer.Kind.XANDIKOS || n > 2000 ? 1 : runs;
                    if (events != null) {
                        r = runs;
                    }
                    out.add(new Plan(kind, n, r, copy));
                }
            }
            return out;
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) throws Exception {
        VdirsyncerBenchmark bench = new VdirsyncerBenchmark();
        bench.options = Options.parse(args);
        List<Plan> plans = bench.options.plans();
        if (!Files.isExecutable(TIME)) {
            throw new IllegalStateException("/usr/bin/time is missing (apt-get install time)");
        }
        String version = run(List.of(VDIRSYNCER, "--version")).trim();
        double expected = plans.stream().mapToDouble(Plan::seconds).sum();
        System.out.printf(
                "calsync vs %s; %d cores, Java %s; seed %d%n",
                version,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                bench.options.seed());
        for (Plan p : plans) {
            System.out.printf(
                    "  plan: %s, %,d events, %d run(s), %s; expected about %.0f s%n",
                    p.server().name().toLowerCase(Locale.ROOT), p.events(), p.runs(), p.scenarioOne(), p.seconds());
        }
        System.out.printf("expected duration in all: about %.1f min (on a quiet 2-core machine)%n%n", expected / 60);
        System.out.flush();
        if (Stream.of(args).anyMatch("--plan-only"::equals)) {
            return;
        }
        long t0 = System.nanoTime();
        for (Plan p : plans) {
            for (int r = 0; r < p.runs(); r++) {
                bench.runOnce(p, r);
            }
        }
        System.out.print(bench.table(plans));
        System.out.println();
        bench.targets(plans).forEach(System.out::println);
        System.out.printf("%ntotal %.1f min%n", (System.nanoTime() - t0) / 60e9);
    }

    // ------------------------------------------------------------------------------------ one run

    private void runOnce(Plan plan, int run) throws IOException, InterruptedException {
        long seed = options.seed();
        currentRun = run + 1;
        List<Workload.Event> events = Workload.events(plan.events(), seed);
        Map<String, String> resources = Workload.resources(events, seed);
        Path work = Files.createTempDirectory("calsync-vdir-bench-");
        System.err.printf(
                "== %s %d events, run %d/%d (%s)%n", plan.server(), plan.events(), run + 1, plan.runs(), work);
        try (LocalCalDavServer server = LocalCalDavServer.start(plan.server());
                CountingProxy proxy = new CountingProxy(server.port())) {
            long serverPid = serverPid(plan.server());
            DavClient dav = new DavClient(server.username(), server.password());
            Map<String, Context> contexts = new LinkedHashMap<>();
            for (String tool : TOOLS) {
                server.seed(tool + "-a", resources);
                if (plan.initialCopy()) {
                    server.createCalendar(tool + "-b");
                } else {
                    server.seed(tool + "-b", resources);
                }
                Context c = new Context(tool, server, proxy, work.resolve(tool));
                Files.createDirectories(c.dir);
                contexts.put(tool, c);
                // the server parses the seeded files once, on the first read: not part of a tool's run
                dav.list(c.a);
                dav.list(c.b);
            }
            writeVdirsyncerConfig(contexts.get(VDIRSYNCER), server);
            String discover = run(
                    List.of(VDIRSYNCER, "-c", contexts.get(VDIRSYNCER).config().toString(), "discover"));
            if (discover.contains("error")) {
                System.err.println("vdirsyncer discover: " + discover);
            }
            List<String> order = run % 2 == 0 ? TOOLS : List.of(VDIRSYNCER, CALSYNC);
            Map<String, Integer> live = new TreeMap<>(); // uid -> VEVENTs expected
            events.forEach(e -> live.put(e.uid(), 1 + e.overrides()));

            scenario(plan, plan.scenarioOne(), order, contexts, serverPid, dav, live, null);
            // calsync's next sync lists its own writes of the first once (sync-collection on B)
            scenario(plan, "second sync (nothing changed)", order, contexts, serverPid, dav, live, null);
            scenario(plan, NO_CHANGE, order, contexts, serverPid, dav, live, null);

            Workload.Churn churn = Workload.churn(plan.events(), seed);
            for (Context c : contexts.values()) {
                churn.modified()
                        .forEach(e -> dav.put(c.a.resolve(e.resourceName()), Workload.render(e, seed, " (changed)")));
                churn.deleted().forEach(e -> dav.delete(c.a.resolve(e.resourceName())));
                churn.created().forEach(e -> dav.put(c.a.resolve(e.resourceName()), Workload.render(e, seed, "")));
            }
            churn.deleted().forEach(e -> live.remove(e.uid()));
            churn.created().forEach(e -> live.put(e.uid(), 1 + e.overrides()));
            scenario(
                    plan,
                    String.format(
                            "1%% churn on A (%d mod, %d del, %d new)",
                            churn.modified().size(),
                            churn.deleted().size(),
                            churn.created().size()),
                    order,
                    contexts,
                    serverPid,
                    dav,
                    live,
                    null);

            Set<String> touched = Stream.of(churn.modified(), churn.deleted())
                    .flatMap(List::stream)
                    .map(Workload.Event::uid)
                    .collect(Collectors.toSet());
            Workload.Event victim = events.stream()
                    .filter(e -> e.kind() == Workload.Kind.RECURRING_WITH_OVERRIDES && !touched.contains(e.uid()))
                    .findFirst()
                    .orElseThrow();
            for (Context c : contexts.values()) {
                dav.put(c.a.resolve(victim.resourceName()), Workload.render(victim, seed, " (edited on A)"));
                DavClient.Resource onB = dav.list(c.b).stream()
                        .filter(res -> res.ics().contains("UID:" + victim.uid()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("not on " + c.b + ": " + victim.uid()));
                dav.put(
                        c.b.resolve(onB.href()),
                        onB.ics().replaceAll("(?m)^(SUMMARY[^:\r\n]*:[^\r\n]*)", "$1 (edited on B)"));
            }
            scenario(plan, "two-sided conflict (1 series)", order, contexts, serverPid, dav, live, victim.uid());
        } finally {
            deleteRecursively(work);
        }
    }

    /** One tool's calendars (straight to the server) and working directory. */
    private static final class Context {
        final String tool;
        final URI a;
        final URI b;
        final URI proxiedA;
        final URI proxiedB;
        final Path dir;
        final LocalCalDavServer server;
        final CountingProxy proxy;

        Context(String tool, LocalCalDavServer server, CountingProxy proxy, Path dir) {
            this.tool = tool;
            this.server = server;
            this.proxy = proxy;
            this.a = server.calendarUri(tool + "-a");
            this.b = server.calendarUri(tool + "-b");
            this.proxiedA = proxy.through(a);
            this.proxiedB = proxy.through(b);
            this.dir = dir;
        }

        Path config() {
            return dir.resolve("config");
        }
    }

    private void scenario(
            Plan plan,
            String scenario,
            List<String> order,
            Map<String, Context> contexts,
            long serverPid,
            DavClient dav,
            Map<String, Integer> live,
            String conflictUid)
            throws IOException, InterruptedException {
        for (String tool : order) {
            Context c = contexts.get(tool);
            CountingProxy proxy = c.proxy;
            proxy.reset();
            double serverBefore = cpuSeconds(serverPid);
            List<String> command = new ArrayList<>(List.of(
                    TIME.toString(),
                    "-f",
                    "%U %S %M",
                    "-o",
                    c.dir.resolve("time.out").toString()));
            Map<String, String> env = new TreeMap<>();
            if (tool.equals(CALSYNC)) {
                command.add(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.add("-Xmx1g");
                command.addAll(options.jvmOptions());
                command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
                if (options.jfr() != null) {
                    Files.createDirectories(options.jfr());
                    String name = String.format(
                            "calsync-%s-%d-run%d-%s.jfr",
                            plan.server().name().toLowerCase(Locale.ROOT),
                            plan.events(),
                            currentRun,
                            scenario.replaceAll("[^A-Za-z0-9]+", "-"));
                    command.add("-XX:StartFlightRecording=settings=profile,filename="
                            + options.jfr().resolve(name).toAbsolutePath());
                }
                command.addAll(List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        CalsyncOnce.class.getName(),
                        proxy.baseUri().toString(),
                        c.proxiedA.toString(),
                        c.proxiedB.toString(),
                        c.dir.resolve("calsync.db").toString()));
                Files.deleteIfExists(c.dir.resolve("calsync.times"));
                env.put("CALSYNC_BENCH_TIMES", c.dir.resolve("calsync.times").toString());
                if (c.server.username() != null) {
                    env.put("CALSYNC_BENCH_USER", c.server.username());
                    env.put("CALSYNC_BENCH_PASSWORD", c.server.password());
                }
            } else {
                command.addAll(List.of(VDIRSYNCER, "-c", c.config().toString(), "sync"));
            }
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            c.dir.resolve("output.log").toFile()));
            cleanPythonEnvironment(pb.environment());
            pb.environment().putAll(env);
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(tool + " did not finish within 60 min");
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double serverCpu = cpuSeconds(serverPid) - serverBefore;
            List<String> timeLines = Files.readAllLines(c.dir.resolve("time.out"));
            String[] usage = timeLines.get(timeLines.size() - 1).trim().split(" ");
            double cpu = Double.parseDouble(usage[0]) + Double.parseDouble(usage[1]);
            double rss = Long.parseLong(usage[2]) / 1024.0;
            double startCpu = Double.NaN;
            if (tool.equals(CALSYNC) && Files.exists(c.dir.resolve("calsync.times"))) {
                startCpu = Long.parseLong(Files.readString(c.dir.resolve("calsync.times"))
                                .trim()
                                .split(" ")[0])
                        / 1e9;
            }
            String check = check(dav, c, live, conflictUid);
            if (p.exitValue() != 0) {
                check = "exit " + p.exitValue() + "; " + check;
                System.err.println(tool + " output:\n" + tail(c.dir.resolve("output.log")));
            }
            Sample s = new Sample(
                    wall,
                    cpu,
                    rss,
                    proxy.requestsByMethod(),
                    proxy.sentBytes(),
                    proxy.wireBytes(),
                    serverCpu,
                    startCpu,
                    p.exitValue(),
                    check);
            samples.computeIfAbsent(key(plan, scenario, tool), k -> new ArrayList<>())
                    .add(s);
            System.err.printf(
                    Locale.ROOT,
                    "   %-40s %-10s wall %6.2f s, cpu %6.2f s (start %.2f s), rss %4.0f MiB, %s, sent %s, received %s, server cpu %.2f s; %s%n",
                    scenario,
                    tool,
                    wall,
                    cpu,
                    startCpu,
                    rss,
                    s.requests(),
                    Table.bytes(s.sent()),
                    Table.bytes(s.received()),
                    serverCpu,
                    check);
        }
    }

    /**
     * Both calendars straight from the server: same UIDs and same normalised content, as many
     * VEVENTs on B as expected, and after the conflict A's edit on both sides.
     */
    private static String check(DavClient dav, Context c, Map<String, Integer> live, String conflictUid) {
        List<DavClient.Resource> a = dav.list(c.a);
        List<DavClient.Resource> b = dav.list(c.b);
        Map<String, String> na =
                IcsNormalizer.byUid(a.stream().map(DavClient.Resource::ics).toList());
        Map<String, String> nb =
                IcsNormalizer.byUid(b.stream().map(DavClient.Resource::ics).toList());
        List<String> problems = new ArrayList<>();
        List<String> diffs = IcsNormalizer.differences(na, nb, 3);
        if (!diffs.isEmpty()) {
            problems.add(diffs.size() + (diffs.get(diffs.size() - 1).startsWith("...") ? "+" : "") + " UIDs differ");
            System.err.println("   " + c.tool + " A/B differences:\n" + String.join("\n", diffs));
        }
        int expectedEvents = live.values().stream().mapToInt(Integer::intValue).sum();
        int onB =
                b.stream().mapToInt(r -> IcsNormalizer.vevents(r.ics()).size()).sum();
        if (!nb.keySet().equals(live.keySet()) || onB != expectedEvents) {
            problems.add(String.format(
                    "B has %d UIDs/%d VEVENTs, expected %d/%d", nb.size(), onB, live.size(), expectedEvents));
        }
        if (conflictUid != null) {
            String merged = nb.getOrDefault(conflictUid, "");
            if (!merged.contains("(edited on A)") || merged.contains("(edited on B)")) {
                problems.add("conflict not won by A");
            }
        }
        return problems.isEmpty() ? "ok" : String.join("; ", problems);
    }

    // -------------------------------------------------------------------------------- vdirsyncer

    private static void writeVdirsyncerConfig(Context c, LocalCalDavServer server) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("[general]\nstatus_path = \"").append(c.dir.resolve("status")).append("/\"\n\n");
        sb.append("[pair bench]\na = \"bench_a\"\nb = \"bench_b\"\ncollections = null\n");
        sb.append("conflict_resolution = \"a wins\"\n\n");
        for (String side : List.of("a", "b")) {
            sb.append("[storage bench_").append(side).append("]\ntype = \"caldav\"\n");
            sb.append("url = \"")
                    .append(side.equals("a") ? c.proxiedA : c.proxiedB)
                    .append("\"\n");
            if (server.username() != null) {
                sb.append("username = \"").append(server.username()).append("\"\n");
                sb.append("password = \"").append(server.password()).append("\"\n");
            }
            sb.append('\n');
        }
        Files.createFile(
                c.config(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(c.config(), sb.toString(), StandardCharsets.UTF_8);
    }

    private static void cleanPythonEnvironment(Map<String, String> env) {
        for (String name : List.of("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")) {
            env.remove(name);
        }
    }

    /** Runs a short command and returns its output (stdin: a few "y" answers). */
    private static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        cleanPythonEnvironment(pb.environment());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write("y\ny\ny\ny\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException closedEarly) {
            // it did not read
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed with " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    // --------------------------------------------------------------------------------- processes

    /** The server process: our child running the kind's executable. */
    private static long serverPid(LocalCalDavServer.Kind kind) {
        return ProcessHandle.current()
                .children()
                .filter(h -> h.info().commandLine().orElse("").contains(kind.executable()))
                .map(ProcessHandle::pid)
                .max(Comparator.naturalOrder())
                .orElseThrow(() -> new IllegalStateException("no " + kind.executable() + " child process"));
    }

    /** User + system CPU of a live process from {@code /proc/<pid>/stat}. */
    static double cpuSeconds(long pid) throws IOException {
        return cpuSecondsOfStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    static double cpuSecondsOfStat(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // after the command: state(3) ... utime(14) stime(15), counted from 1 with pid
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 3000 ? "..." + s.substring(s.length() - 3000) : s;
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    // ------------------------------------------------------------------------------------ report

    private static String key(Plan plan, String scenario, String tool) {
        return plan.server() + "|" + plan.events() + "|" + scenario + "|" + tool;
    }

    /** The scenarios measured for a plan, in order. */
    private List<String> scenarios(Plan plan) {
        String prefix = plan.server() + "|" + plan.events() + "|";
        List<String> out = new ArrayList<>();
        for (String k : samples.keySet()) {
            if (k.startsWith(prefix)) {
                String scenario = k.substring(prefix.length(), k.lastIndexOf('|'));
                if (!out.contains(scenario)) {
                    out.add(scenario);
                }
            }
        }
        return out;
    }

    String table(List<Plan> plans) {
        Table t = new Table(
                "server",
                ">events",
                ">runs",
                "scenario",
                "tool",
                ">wall s",
                ">client CPU s",
                ">of which start",
                ">peak RSS MiB",
                ">requests",
                "by method",
                ">sent",
                ">received",
                ">server CPU s",
                "check");
        for (Plan plan : plans) {
            for (String scenario : scenarios(plan)) {
                List<Sample> cs = samples.getOrDefault(key(plan, scenario, CALSYNC), List.of());
                List<Sample> vs = samples.getOrDefault(key(plan, scenario, VDIRSYNCER), List.of());
                for (String tool : TOOLS) {
                    List<Sample> s = tool.equals(CALSYNC) ? cs : vs;
                    if (s.isEmpty()) {
                        continue;
                    }
                    t.row(
                            plan.server().name().toLowerCase(Locale.ROOT),
                            String.format("%,d", plan.events()),
                            Integer.toString(s.size()),
                            scenario,
                            tool,
                            stat(s, Sample::wallSeconds).format("%.2f"),
                            stat(s, Sample::cpuSeconds).format("%.2f"),
                            tool.equals(CALSYNC) && s.stream().noneMatch(x -> Double.isNaN(x.startCpuSeconds()))
                                    ? stat(s, Sample::startCpuSeconds).format("%.2f")
                                    : "–",
                            stat(s, Sample::rssMiB).format("%.0f"),
                            stat(s, x -> (double) x.requestCount()).format("%.0f"),
                            byMethod(s),
                            Table.bytes(stat(s, x -> (double) x.sent())),
                            Table.bytes(stat(s, x -> (double) x.received())),
                            stat(s, Sample::serverCpuSeconds).format("%.2f"),
                            s.stream().map(Sample::check).distinct().collect(Collectors.joining(", ")));
                }
                if (!cs.isEmpty() && cs.size() == vs.size()) {
                    t.row(
                            "",
                            "",
                            "",
                            scenario,
                            "ratio calsync/vdirsyncer",
                            ratio(cs, vs, Sample::wallSeconds),
                            ratio(cs, vs, Sample::cpuSeconds),
                            "",
                            ratio(cs, vs, Sample::rssMiB),
                            ratio(cs, vs, x -> (double) x.requestCount()),
                            "",
                            ratio(cs, vs, x -> (double) x.sent()),
                            ratio(cs, vs, x -> (double) x.received()),
                            ratio(cs, vs, Sample::serverCpuSeconds),
                            "");
                }
            }
        }
        return t.render();
    }

    private static Table.Stat stat(List<Sample> s, java.util.function.ToDoubleFunction<Sample> f) {
        return Table.Stat.of(s.stream().map(f::applyAsDouble).toList());
    }

    /** Per-run ratios calsync/vdirsyncer, their median (min–max); {@code –} where vdirsyncer's is 0. */
    static String ratio(List<Sample> c, List<Sample> v, java.util.function.ToDoubleFunction<Sample> f) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            double den = f.applyAsDouble(v.get(i));
            if (den == 0) {
                return "–";
            }
            ratios.add(f.applyAsDouble(c.get(i)) / den);
        }
        Table.Stat s = Table.Stat.of(ratios);
        return s.format(s.median() < 0.1 ? "%.4f" : "%.2f");
    }

    /** Median count per method, e.g. {@code PUT 1000, REPORT 21}. */
    static String byMethod(List<Sample> s) {
        Map<String, List<Double>> counts = new TreeMap<>();
        for (Sample x : s) {
            x.requests().keySet().forEach(m -> counts.putIfAbsent(m, new ArrayList<>()));
        }
        for (Sample x : s) {
            counts.forEach((m, list) -> list.add((double) x.requests().getOrDefault(m, 0L)));
        }
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " " + Table.Stat.of(e.getValue()).format("%.0f"))
                .collect(Collectors.joining(", "));
    }

    /** The targets and whether this run met them. */
    List<String> targets(List<Plan> plans) {
        List<String> out = new ArrayList<>();
        out.add("Targets:");
        Optional<Plan> big = plans.stream()
                .filter(p -> p.server() == LocalCalDavServer.Kind.RADICALE && p.events() >= 5000)
                .findFirst();
        for (Plan p : plans) {
            if (p.events() < 5000 && big.isPresent()) {
                continue;
            }
            List<Sample> c = samples.getOrDefault(key(p, NO_CHANGE, CALSYNC), List.of());
            List<Sample> v = samples.getOrDefault(key(p, NO_CHANGE, VDIRSYNCER), List.of());
            if (!c.isEmpty() && c.size() == v.size()) {
                double factor = stat(v, x -> (double) x.received()).median()
                        / stat(c, x -> (double) x.received()).median();
                out.add(String.format(
                        Locale.ROOT,
                        "- no-change sync bytes received, %s %,d events: vdirsyncer/calsync = %.1fx (target >= 100x at 5,000): %s",
                        p.server().name().toLowerCase(Locale.ROOT),
                        p.events(),
                        factor,
                        p.events() < 5000 ? "not at 5,000 events" : factor >= 100 ? "MET" : "MISSED"));
            }
        }
        for (Plan p : plans) {
            if (!p.initialCopy()) {
                continue;
            }
            List<Sample> c = samples.getOrDefault(key(p, p.scenarioOne(), CALSYNC), List.of());
            List<Sample> v = samples.getOrDefault(key(p, p.scenarioOne(), VDIRSYNCER), List.of());
            if (c.isEmpty() || c.size() != v.size()) {
                continue;
            }
            String where = p.server().name().toLowerCase(Locale.ROOT) + String.format(" %,d events", p.events());
            double cpu = Table.Stat.of(perRun(c, v, Sample::cpuSeconds)).median();
            double wall = Table.Stat.of(perRun(c, v, Sample::wallSeconds)).median();
            out.add(String.format(
                    Locale.ROOT,
                    "- initial copy client CPU, %s: calsync/vdirsyncer = %.2f (target <= 0.33): %s",
                    where,
                    cpu,
                    cpu <= 1.0 / 3 ? "MET" : "MISSED"));
            out.add(String.format(
                    Locale.ROOT,
                    "- initial copy wall time, %s: calsync/vdirsyncer = %.2f (target <= 0.50): %s",
                    where,
                    wall,
                    wall <= 0.5 ? "MET" : "MISSED"));
        }
        return out;
    }

    private static List<Double> perRun(List<Sample> c, List<Sample> v, java.util.function.ToDoubleFunction<Sample> f) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            out.add(f.applyAsDouble(c.get(i)) / f.applyAsDouble(v.get(i)));
        }
        return out;
    }
}
