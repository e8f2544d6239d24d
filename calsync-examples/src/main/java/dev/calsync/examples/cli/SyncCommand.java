package dev.calsync.examples.cli;

import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code calsync sync [PAIR...]}: syncs pairs (all enabled ones without arguments), showing progress
 * and then {@link ReportText#summary} for each. A failing pair does not stop the others; the command
 * then exits with the first failure's code after a one-line reason per failed pair.
 */
@Command(name = "sync", description = "Sync pairs (default: every enabled pair) and print what was done.")
final class SyncCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(SyncCommand.class);

    /** How the progress is shown. */
    enum Progress {
        /** A bar when standard output is a terminal, plain lines otherwise. */
        auto,
        /** Always a bar. */
        bar,
        /** Always plain lines. */
        plain
    }

    @Mixin
    ConfigOption config;

    @Parameters(arity = "0..*", paramLabel = "PAIR", description = "Pairs to sync (default: every enabled pair).")
    List<String> pairIds;

    @Option(names = "--force-full-sync", description = "Ignore stored sync tokens and list both sides fully.")
    boolean forceFullSync;

    @Option(names = "--dry-run", description = "Decide and show the plan; write nothing, store nothing.")
    boolean dryRun;

    @Option(
            names = "--allow-mass-deletion",
            description = "Carry out a plan even if it deletes a large share of a side's events.")
    boolean allowMassDeletion;

    @Option(
            names = "--progress",
            paramLabel = "MODE",
            defaultValue = "auto",
            description = "auto (a bar on a terminal), bar or plain. Default: ${DEFAULT-VALUE}.")
    Progress progress;

    @Override
    public Integer call() {
        CliConfig cfg = config.load();
        PrintWriter out = config.out();
        PrintWriter err = config.err();
        SyncOptions options = SyncOptions.builder()
                .forceFullSync(forceFullSync)
                .dryRun(dryRun)
                .allowMassDeletion(allowMassDeletion)
                .massDeletionShare(cfg.sync().massDeletionShare())
                .massDeletionMinimum(cfg.sync().massDeletionMinimum())
                .preferredSide(cfg.sync().preferredSide())
                .build();
        boolean bar = progress == Progress.bar || (progress == Progress.auto && System.console() != null);
        int exit = ExitCodes.OK;
        int failed = 0;
        try (JdbiMappingStore store = Stores.open(cfg, config.env());
                Accounts accounts = new Accounts(cfg, config.env())) {
            List<CalendarPair> pairs = store.inTransaction(tx -> PairsCommand.select(tx, pairIds));
            if (pairIds == null || pairIds.isEmpty()) {
                pairs = pairs.stream().filter(CalendarPair::enabled).toList();
                if (pairs.isEmpty()) {
                    out.println(
                            "no enabled pairs in the " + cfg.store().describe() + " (add one with calsync pairs add)");
                    return ExitCodes.OK;
                }
            }
            for (CalendarPair pair : pairs) {
                try {
                    SyncReport report = syncOne(cfg, store, accounts, pair, options, out, bar);
                    ReportText.summary(report, account(pair.calendarA()), account(pair.calendarB()))
                            .forEach(out::println);
                    out.flush();
                } catch (RuntimeException e) {
                    CliException failure = Failures.classify("pair '" + pair.pairId() + "'", e);
                    log.warn("sync of pair {} failed: {}", pair.pairId(), failure.getMessage());
                    log.debug("sync of pair {} failed", pair.pairId(), e);
                    err.println("calsync: " + failure.getMessage() + hint(failure));
                    err.flush();
                    failed++;
                    if (exit == ExitCodes.OK) {
                        exit = failure.exitCode();
                    }
                }
            }
            if (failed > 0 && pairs.size() > 1) {
                err.println("calsync: " + failed + " of " + pairs.size() + " pairs failed");
            }
        }
        return exit;
    }

    private static String hint(CliException failure) {
        return switch (failure.exitCode()) {
            case ExitCodes.AUTH ->
                "; check the account's credentials in the configuration (see " + CliLogging.location() + ")";
            case ExitCodes.UNREACHABLE -> "; see " + CliLogging.location();
            case ExitCodes.USAGE -> "";
            default ->
                failure.getMessage().contains("--allow-mass-deletion")
                        ? ""
                        : "; see " + CliLogging.location() + " and calsync pairs validate";
        };
    }

    private SyncReport syncOne(
            CliConfig cfg,
            JdbiMappingStore store,
            Accounts accounts,
            CalendarPair pair,
            SyncOptions options,
            PrintWriter out,
            boolean bar) {
        String where = "pair '" + pair.pairId() + "'";
        CalendarRef a = ref(where, pair.calendarA());
        CalendarRef b = ref(where, pair.calendarB());
        accounts.check(a);
        accounts.check(b);
        SyncEngine engine = SyncEngine.builder()
                .sideA(accounts.provider(a.account()))
                .sideB(accounts.provider(b.account()))
                .store(store)
                .retryPolicy(new RetryPolicy(
                        cfg.sync().retryAttempts(),
                        Duration.ofMillis(cfg.sync().retryInitialDelayMillis()),
                        Duration.ofSeconds(30)))
                .listener(new SyncProgress(out, bar))
                .build();
        return engine.sync(pair.pairId(), options);
    }

    private static CalendarRef ref(String where, String stored) {
        try {
            return CalendarRef.parse(stored);
        } catch (CliException e) {
            throw CliException.config(where + ": the stored calendar '" + stored
                    + "' names no account (calsync stores calendars as ACCOUNT:CALENDAR)");
        }
    }

    private static String account(String stored) {
        int colon = stored.indexOf(':');
        return colon > 0 ? stored.substring(0, colon) : "side";
    }
}
