package dev.calsync.bench.pair;

import dev.calsync.bench.pair.Floors.Floor;
import dev.calsync.bench.pair.Pair.Changes;
import dev.calsync.bench.pair.Pair.Measured;
import dev.calsync.bench.pair.Pair.SideCount;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Request economy of a whole pair: the real Google provider against the Google emulator (side A)
 * and the real CalDAV provider against the CalDAV emulator (side B, default and iCloud options),
 * synced by {@code SyncEngine}. For each scenario it prints, per side, the HTTP requests the emulator
 * logged (a Google batch counts once, its calls are listed in the notes; CalDAV by method), the
 * bytes on the wire both ways, the scenario's floor ({@link Floors}) and the ratio, and checks that
 * both sides then hold the same series ({@code ContentHash.perComponent} of full listings).
 *
 * <p>Usage: {@code calsync-bench/run-pair-bench.sh [--quick] [--events N]} (default 1000 events,
 * both CalDAV variants; {@code --quick}: 200 events, default CalDAV options only). Exits with status
 * 1 if any scenario ends with the two sides differing.
 */
public final class EmulatorPairBenchmark {
    static final String ECHO_GOOGLE = "next sync (Google lists calsync's own writes)";
    static final String ECHO_CALDAV = "next sync (CalDAV lists calsync's own writes)";

    static final String WHY_ECHO_GOOGLE = "the delta lists calsync's own writes, and a Google delta is not"
            + " whole-series: every recurring master or exception in it costs a read of its series (GET of the"
            + " master + list of the exceptions by iCalUID) before the engine finds it unchanged";
    static final String WHY_ECHO_CALDAV = "the REPORT lists every resource calsync just wrote; bodies not in the"
            + " provider's 256-body LRU cache (or, without an ETag from the PUT, none) are read again, one"
            + " multiget per page of 50 that holds any of them; reading early pages evicts the bodies of the"
            + " last writes";
    static final String WHY_MASTER_UPDATE = "an update of a recurring master first lists the series' exceptions"
            + " by iCalUID (once per series), to keep them in place";
    static final String WHY_GOOGLE_DELTA =
            "recurring masters in the delta: each costs a series read (GET of the" + " master + list by iCalUID)";
    static final String WHY_EXCEPTION_DELTA = "the delta holds only the exception: the provider reads its series"
            + " (GET of the master + list by iCalUID) to hand the engine the whole series";
    static final String WHY_PHASES = "the engine hands the provider 100 series at a time, and each hand-over"
            + " is a batch of masters then a batch of their instances: 2 batches per 100 series instead of"
            + " packing the instance calls of all series together";
    static final String WHY_GET_BEFORE_PUT = "GET before PUT: an update is rendered over the resource's current"
            + " body (to keep unmapped properties), which is not in the provider's 256-body cache";

    private final Floors floors = Floors.CALSYNC_DEFAULTS;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> divergences = new ArrayList<>();

    /** One line of the table. */
    record Row(
            String variant, String scenario, String side, long requests, long floor, long down, long up, String notes) {
        double ratio() {
            return floor == 0 ? Double.NaN : (double) requests / floor;
        }
    }

    private EmulatorPairBenchmark() {}

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) {
        int n = 1000;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--events" -> n = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument " + args[i] + "; usage: [--quick] [--events N]");
            }
        }
        if (quick && !List.of(args).contains("--events")) {
            n = 200;
        }
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "Google emulator <-> CalDAV emulator request economy; %d events; %d cores, Java %s, max heap %d MiB,"
                        + " %s; load average %.1f%n",
                n,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.println("command: calsync-bench/run-pair-bench.sh " + String.join(" ", args));
        out.println(
                "calsync sizes: Google list page 2500, Google batch 100, CalDAV multiget 50; in-memory mapping store");
        long t0 = System.nanoTime();
        EmulatorPairBenchmark bench = new EmulatorPairBenchmark();
        for (boolean icloud : quick ? List.of(false) : List.of(false, true)) {
            bench.runAll(n, icloud, System.err);
        }
        bench.print(out);
        out.printf("total %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);
        if (!bench.divergences.isEmpty()) {
            out.println("DIVERGED:");
            bench.divergences.forEach(d -> out.println("  " + d));
            System.exit(1);
        }
    }

    /** Every scenario for one CalDAV variant: a pair seeded on Google, then one seeded on CalDAV. */
    void runAll(int n, boolean icloud, PrintStream progress) {
        String variant = icloud ? "iCloud" : "default";
        int one = Math.max(1, n / 100);
        int ten = Math.max(1, n / 10);
        try (Pair p = new Pair(icloud)) {
            p.seedGoogle(n);
            long items = p.google.storedEvents(p.googleCal).size();
            step(
                    progress,
                    p,
                    variant,
                    "initial copy from Google (" + n + " series, " + items + " Google items)",
                    () -> floors.initialFromGoogle(items, n));
            step(progress, p, variant, ECHO_CALDAV, floors::noChange, null, WHY_ECHO_CALDAV);
            step(progress, p, variant, "no-change sync", floors::noChange);
            int salt = 1;
            for (int count : List.of(one, ten)) {
                Changes ch = p.changeOnCalDav(count, salt++);
                step(
                        progress,
                        p,
                        variant,
                        describe(ch, "CalDAV", n),
                        () -> floors.changesOnCalDav(ch.modified(), ch.created(), ch.deleted()),
                        WHY_MASTER_UPDATE,
                        null);
                step(progress, p, variant, ECHO_GOOGLE, floors::noChange, WHY_ECHO_GOOGLE, null);
            }
            for (int count : List.of(one, ten)) {
                Changes ch = p.changeOnGoogle(count, salt++);
                step(
                        progress,
                        p,
                        variant,
                        describe(ch, "Google", n),
                        () -> floors.changesOnGoogle(ch.total(), ch.modified() + ch.created(), ch.deleted()),
                        WHY_GOOGLE_DELTA,
                        null);
                step(progress, p, variant, ECHO_CALDAV, floors::noChange, null, WHY_ECHO_CALDAV);
            }
            int k = Math.min(one, p.recurringCount());
            int onCalDav = p.overridesOnCalDav(k, salt++);
            step(
                    progress,
                    p,
                    variant,
                    onCalDav + " recurring series: override changed on CalDAV",
                    () -> floors.overridesOnCalDav(onCalDav));
            step(progress, p, variant, ECHO_GOOGLE, floors::noChange, WHY_ECHO_GOOGLE, null);
            int onGoogle = p.overridesOnGoogle(k, salt++);
            step(
                    progress,
                    p,
                    variant,
                    onGoogle + " recurring series: exception changed on Google",
                    () -> floors.overridesOnGoogle(onGoogle),
                    WHY_EXCEPTION_DELTA,
                    null);
            step(progress, p, variant, ECHO_CALDAV, floors::noChange, null, WHY_ECHO_CALDAV);
        }
        try (Pair p = new Pair(icloud)) {
            p.seedCalDav(n);
            int recurring = p.recurringCount();
            step(
                    progress,
                    p,
                    variant,
                    "initial copy from CalDAV (" + n + " series, " + recurring + " recurring)",
                    () -> floors.initialFromCalDav(n, 2L * recurring),
                    WHY_PHASES,
                    null);
            step(progress, p, variant, ECHO_GOOGLE, floors::noChange, WHY_ECHO_GOOGLE, null);
            step(progress, p, variant, "no-change sync", floors::noChange);
        }
    }

    private static String describe(Changes ch, String side, int n) {
        String share = ch.total() * 100 % n == 0
                ? String.valueOf(ch.total() * 100 / n)
                : String.format(Locale.ROOT, "%.1f", ch.total() * 100.0 / n);
        return String.format(
                Locale.ROOT,
                "%d (%s%%) changed on %s: %d modified, %d created, %d deleted (%d of the modified or deleted"
                        + " recurring)",
                ch.total(),
                share,
                side,
                ch.modified(),
                ch.created(),
                ch.deleted(),
                ch.recurringTouched());
    }

    /** Measures one sync, checks convergence, and adds a row per side. */
    Measured step(PrintStream progress, Pair p, String variant, String scenario, Supplier<Floor> floorOf) {
        return step(progress, p, variant, scenario, floorOf, null, null);
    }

    /**
     * As {@link #step(PrintStream, Pair, String, String, Supplier)}, with why each side may pass its
     * floor in this scenario (shown only where it does).
     */
    Measured step(
            PrintStream progress,
            Pair p,
            String variant,
            String scenario,
            Supplier<Floor> floorOf,
            String googleWhy,
            String caldavWhy) {
        Floor floor = floorOf.get();
        Measured m = p.sync();
        Optional<String> diverged = p.divergence();
        diverged.ifPresent(d -> divergences.add(variant + " / " + scenario + ": " + d));
        String check = diverged.isPresent() ? "**SIDES DIFFER** (see below)" : "converged";
        List<String> problems = new ArrayList<>();
        if (!m.report().quarantined().isEmpty()) {
            problems.add(m.report().quarantined().size() + " quarantined, first "
                    + m.report().quarantined().get(0));
        }
        if (!m.report().parked().isEmpty()) {
            problems.add(m.report().parked().size() + " parked");
        }
        String extra = problems.isEmpty() ? "" : "; " + String.join("; ", problems);
        rows.add(new Row(
                variant,
                scenario,
                "Google",
                m.google().requests(),
                floor.google(),
                m.google().down(),
                m.google().up(),
                "floor: " + floor.googleWhy() + ". " + googleNotes(m.google())
                        + over(m.google().requests() > floor.google(), googleWhy) + "; " + check
                        + "; " + m.report().writes() + " writes; wall " + m.millis() + " ms (load-dependent)" + extra));
        rows.add(new Row(
                variant,
                scenario,
                "CalDAV",
                m.caldav().requests(),
                floor.caldav(),
                m.caldav().down(),
                m.caldav().up(),
                "floor: " + floor.caldavWhy() + ". " + caldavNotes(m.caldav(), p.icloud)
                        + over(
                                m.caldav().requests() > floor.caldav()
                                        && m.caldav().kind("GET") == 0,
                                caldavWhy)));
        progress.printf(
                "%s | %s: Google %d (floor %d), CalDAV %d (floor %d), %d ms, %s%n",
                variant,
                scenario,
                m.google().requests(),
                floor.google(),
                m.caldav().requests(),
                floor.caldav(),
                m.millis(),
                check);
        return m;
    }

    private static String over(boolean over, String why) {
        return over && why != null ? "; over the floor: " + why : "";
    }

    /** The requests by kind, and why they pass the floor where they do. */
    static String googleNotes(SideCount g) {
        StringBuilder sb = new StringBuilder("seen: ").append(kinds(g.kinds()));
        if (g.providerRequests() != g.requests()) {
            sb.append(" (provider counted ").append(g.providerRequests()).append(")");
        }
        return sb.toString();
    }

    static String caldavNotes(SideCount c, boolean icloud) {
        StringBuilder sb = new StringBuilder("seen: ").append(kinds(c.kinds()));
        if (c.providerRequests() != c.requests()) {
            sb.append(" (provider counted ").append(c.providerRequests()).append(")");
        }
        if (c.kind("GET") > 0) {
            sb.append("; over the floor: ").append(c.kind("GET")).append(' ').append(WHY_GET_BEFORE_PUT);
        }
        if (c.kind("PROPFIND") > 0) {
            sb.append("; over the floor: ").append(c.kind("PROPFIND")).append(" PROPFIND after PUT (no ETag on PUT)");
        }
        if (icloud && c.kind("multiget") > 0) {
            sb.append("; iCloud options: a multiget right after a sync answers 404 for the listed hrefs once,"
                    + " so each is sent twice (eventual consistency)");
        }
        return sb.toString();
    }

    private static String kinds(Map<String, Long> kinds) {
        List<String> parts = new ArrayList<>();
        kinds.forEach((k, v) -> parts.add(v + " " + k));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** The Markdown table. */
    void print(PrintStream out) {
        out.println();
        out.println("| CalDAV options | scenario | side | requests | floor | ratio | bytes down / up | notes |");
        out.println("|---|---|---|---:|---:|---:|---:|---|");
        for (Row r : rows) {
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %,d | %,d | %.2f | %,d / %,d | %s |%n",
                    r.variant(),
                    r.scenario(),
                    r.side(),
                    r.requests(),
                    r.floor(),
                    r.ratio(),
                    r.down(),
                    r.up(),
                    r.notes());
        }
    }

    List<Row> rows() {
        return rows;
    }

    List<String> divergences() {
        return divergences;
    }

    /** A benchmark that collects rows without printing (for tests). */
    static EmulatorPairBenchmark forTests() {
        return new EmulatorPairBenchmark();
    }
}
