package dev.calsync.examples.cli;

import dev.calsync.core.Side;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.HealthReport;
import dev.calsync.core.spi.MappingTransaction;
import dev.calsync.core.spi.SideMapping;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code calsync pairs add|list|remove|validate}: the pairs of calendars kept in sync, stored in the
 * configured store. A pair's calendars are written {@code ACCOUNT:CALENDAR} ({@link CalendarRef}).
 */
@Command(
        name = "pairs",
        description = "Add, list, remove and validate the pairs of calendars kept in sync.",
        subcommands = {
            PairsCommand.Add.class,
            PairsCommand.ListPairs.class,
            PairsCommand.Remove.class,
            PairsCommand.Validate.class
        })
final class PairsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing subcommand: add, list, remove or validate");
    }

    /** A pair id: letters, digits, '.', '_', '-'. */
    static void requirePairId(String id) {
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw CliException.usage(
                    "bad pair id '" + id + "': use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
    }

    /** The pairs named, or all of them when none is named; an unknown name is a usage error. */
    static List<CalendarPair> select(MappingTransaction tx, List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return tx.pairs();
        }
        List<CalendarPair> pairs = new ArrayList<>();
        for (String id : ids) {
            pairs.add(tx.pair(id)
                    .orElseThrow(() ->
                            CliException.usage("unknown pair '" + id + "' (calsync pairs list shows the pairs)")));
        }
        return pairs;
    }

    /** {@code calsync pairs add}. */
    @Command(
            name = "add",
            description = "Add a pair after checking that both calendars can be read.",
            footer = {
                "",
                "Calendars are ACCOUNT:CALENDAR, ACCOUNT being an account of the configuration file:",
                "  calsync pairs add work --a google:primary \\",
                "      --b icloud:https://p42-caldav.icloud.com/1234/calendars/work/"
            })
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "PAIR", description = "The new pair's id, e.g. work.")
        String pairId;

        @Option(
                names = "--a",
                required = true,
                paramLabel = "ACCOUNT:CALENDAR",
                description = "Side A: e.g. google:primary.")
        String sideA;

        @Option(
                names = "--b",
                required = true,
                paramLabel = "ACCOUNT:CALENDAR",
                description = "Side B: e.g. icloud:https://caldav.icloud.com/.../calendars/work/.")
        String sideB;

        @Option(names = "--no-check", description = "Do not contact the servers to check the calendars.")
        boolean noCheck;

        @Option(names = "--disabled", description = "Add the pair disabled (not synced until enabled).")
        boolean disabled;

        @Override
        public Integer call() {
            requirePairId(pairId);
            CalendarRef a = CalendarRef.parse(sideA);
            CalendarRef b = CalendarRef.parse(sideB);
            CliConfig cfg = config.load();
            try (Accounts accounts = new Accounts(cfg, config.env())) {
                accounts.check(a);
                accounts.check(b);
                if (a.toString().equals(b.toString())) {
                    throw CliException.usage("side A and side B are the same calendar: " + a);
                }
                if (!noCheck) {
                    // Credentials, then the calendars: nothing is stored unless both can be read.
                    CalendarProvider pa = accounts.provider(a.account());
                    CalendarProvider pb = accounts.provider(b.account());
                    check(pa, a, "side A");
                    check(pb, b, "side B");
                }
                try (JdbiMappingStore store = Stores.open(cfg, config.env())) {
                    store.useTransaction(tx -> {
                        if (tx.pair(pairId).isPresent()) {
                            throw CliException.usage(
                                    "pair '" + pairId + "' exists already (calsync pairs remove " + pairId + " first)");
                        }
                        CalendarPair pair = CalendarPair.of(pairId, a.toString(), b.toString());
                        tx.putPair(
                                disabled
                                        ? new CalendarPair(
                                                pairId,
                                                pair.calendarA(),
                                                pair.calendarB(),
                                                null,
                                                null,
                                                null,
                                                null,
                                                false)
                                        : pair);
                    });
                }
            }
            PrintWriter out = config.out();
            out.println("added pair " + pairId + (disabled ? " (disabled)" : "") + ": A = " + a + ", B = " + b);
            out.println("next: calsync sync " + pairId + " --dry-run");
            return ExitCodes.OK;
        }

        private static void check(CalendarProvider provider, CalendarRef ref, String side) {
            try (ChangeListing listing = provider.listChanges(ref.toString(), null)) {
                listing.nextPage();
            } catch (RuntimeException e) {
                throw Failures.classify(side + " " + ref, e);
            }
        }
    }

    /** {@code calsync pairs list}. */
    @Command(name = "list", description = "List the pairs with their calendars and sync tokens.")
    static final class ListPairs implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            CliConfig cfg = config.load();
            List<CalendarPair> pairs;
            try (JdbiMappingStore store = Stores.open(cfg, config.env())) {
                pairs = store.inTransaction(MappingTransaction::pairs);
            }
            PrintWriter out = config.out();
            if (pairs.isEmpty()) {
                out.println("no pairs in the " + cfg.store().describe() + " (add one with calsync pairs add)");
                return ExitCodes.OK;
            }
            for (CalendarPair p : pairs) {
                out.println(p.pairId() + (p.enabled() ? "" : " (disabled)"));
                out.println("  A: " + p.calendarA() + "  " + synced(p.syncTokenA(), p.lastUpdatedA()));
                out.println("  B: " + p.calendarB() + "  " + synced(p.syncTokenB(), p.lastUpdatedB()));
            }
            return ExitCodes.OK;
        }

        private static String synced(String token, Instant at) {
            return token == null ? "[never synced]" : "[synced " + at + "]";
        }
    }

    /** {@code calsync pairs remove}. */
    @Command(
            name = "remove",
            description = "Remove a pair with its mappings, journal and retry queue; the calendars are not touched.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "PAIR", description = "The pair to remove.")
        String pairId;

        @Override
        public Integer call() {
            CliConfig cfg = config.load();
            boolean removed;
            try (JdbiMappingStore store = Stores.open(cfg, config.env())) {
                removed = store.inTransaction(tx -> tx.removePair(pairId));
            }
            if (!removed) {
                throw CliException.usage("unknown pair '" + pairId + "' (calsync pairs list shows the pairs)");
            }
            config.out().println("removed pair " + pairId + " (the calendars themselves were not changed)");
            return ExitCodes.OK;
        }
    }

    /** {@code calsync pairs validate}. */
    @Command(
            name = "validate",
            description = "Check pairs against the configuration and the store's records: accounts that exist,"
                    + " sync tokens on both sides, active mappings with UIDs and resource URLs on both sides."
                    + " Exits 1 if something is wrong.")
    static final class Validate implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(arity = "0..*", paramLabel = "PAIR", description = "Pairs to check (default: all).")
        List<String> pairIds;

        /** What was found for one pair. */
        record Finding(CalendarPair pair, List<String> problems, List<String> notes) {}

        @Override
        public Integer call() {
            CliConfig cfg = config.load();
            List<Finding> findings;
            HealthReport health;
            try (JdbiMappingStore store = Stores.open(cfg, config.env())) {
                record Result(List<Finding> findings, HealthReport health) {}
                Result r = store.inTransaction(tx -> {
                    List<Finding> list = new ArrayList<>();
                    for (CalendarPair p : select(tx, pairIds)) {
                        list.add(check(cfg, tx, p));
                    }
                    return new Result(list, tx.health(Instant.EPOCH));
                });
                findings = r.findings();
                health = r.health();
            }
            PrintWriter out = config.out();
            int problems = 0;
            if (findings.isEmpty()) {
                out.println("no pairs in the " + cfg.store().describe());
            }
            for (Finding f : findings) {
                problems += f.problems().size();
                out.println("pair " + f.pair().pairId() + ": "
                        + (f.problems().isEmpty() ? "OK" : f.problems().size() + " problem(s)"));
                f.problems().forEach(p -> out.println("  problem: " + p));
                f.notes().forEach(n -> out.println("  note: " + n));
            }
            HealthReport.TokenCoverage t = health.tokens();
            HealthReport.MappingCompleteness m = health.mappings();
            out.printf(
                    "store: %d enabled pairs, side-A tokens %d/%d, side-B tokens %d/%d; %d active mappings,"
                            + " %d with UIDs and %d with resource URLs on both sides%n",
                    t.enabledPairs(),
                    t.withTokenA(),
                    t.enabledPairs(),
                    t.withTokenB(),
                    t.enabledPairs(),
                    m.active(),
                    m.withUids(),
                    m.withResourceUrls());
            if (problems > 0) {
                config.err().println("calsync: pairs validate found " + problems + " problem(s)");
                return ExitCodes.PROBLEMS;
            }
            return ExitCodes.OK;
        }

        private static Finding check(CliConfig cfg, MappingTransaction tx, CalendarPair p) {
            List<String> problems = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (Side side : Side.values()) {
                String calendar = p.calendar(side);
                int colon = calendar.indexOf(':');
                String account = colon > 0 ? calendar.substring(0, colon) : null;
                if (account == null || !cfg.accounts().containsKey(account)) {
                    problems.add("side " + side + " calendar " + calendar + " names no account of " + cfg.source()
                            + " (calendars are ACCOUNT:CALENDAR)");
                }
                if (p.enabled() && p.syncToken(side) == null) {
                    problems.add("no side-" + side + " sync token: never synced, or no sync completed"
                            + " (run calsync sync " + p.pairId() + ")");
                }
            }
            if (!p.enabled()) {
                notes.add("disabled: not synced");
            }
            List<EventMapping> active = tx.mappings(p.pairId(), SyncStatus.ACTIVE);
            long withoutUids = active.stream().filter(m -> !hasUids(m)).count();
            long withoutUrls = active.stream().filter(m -> !hasUrls(m)).count();
            if (withoutUids > 0) {
                problems.add(withoutUids + " of " + active.size() + " active mappings lack a UID on a side");
            }
            if (withoutUrls > 0) {
                problems.add(withoutUrls + " of " + active.size()
                        + " active mappings lack a resource URL (self link) on a side");
            }
            int orphaned = tx.mappings(p.pairId(), SyncStatus.ORPHANED).size();
            int quarantined = tx.mappings(p.pairId(), SyncStatus.QUARANTINED).size();
            int retries = tx.retries(p.pairId()).size();
            notes.add(active.size() + " active mappings" + (orphaned > 0 ? ", " + orphaned + " orphaned" : "")
                    + (quarantined > 0 ? ", " + quarantined + " quarantined" : "")
                    + (retries > 0 ? ", " + retries + " series waiting in the retry queue" : ""));
            return new Finding(p, problems, notes);
        }

        private static boolean hasUids(EventMapping m) {
            return present(m.a())
                    && present(m.b())
                    && !m.a().uid().isBlank()
                    && !m.b().uid().isBlank();
        }

        private static boolean hasUrls(EventMapping m) {
            return present(m.a()) && present(m.b()) && notBlank(m.a().resourceUrl()) && notBlank(m.b().resourceUrl());
        }

        private static boolean present(SideMapping s) {
            return s != null;
        }

        private static boolean notBlank(String s) {
            return s != null && !s.isBlank();
        }
    }
}
