package dev.calsync.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code calsync} command: {@code java -jar calsync.jar <command>}. See {@code docs/cli.md}.
 */
@Command(
        name = "calsync",
        mixinStandardHelpOptions = true,
        versionProvider = CalsyncCli.Version.class,
        description = "Two-way sync of a Google calendar and a CalDAV (iCloud) calendar.",
        subcommands = {DemoCommand.class, PairsCommand.class, SyncCommand.class, HealthCommand.class, AuthCommand.class
        })
public final class CalsyncCli {
    // No static logger: main() configures slf4j-simple before the first logger is made.

    private final Map<String, String> env;

    /** A command line reading the process environment. */
    public CalsyncCli() {
        this(System.getenv());
    }

    private CalsyncCli(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** The environment the commands read ({@code CALSYNC_CONFIG}, the variables holding secrets). */
    Map<String, String> env() {
        return env;
    }

    /** Runs the command line and exits with its code; logs go to the log file (see {@code docs/cli.md}). */
    public static void main(String[] args) {
        CliLogging.configure(System.getenv());
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return run(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the command line with another environment and output streams, and returns its exit code
     * (for tests and embedding). Nothing is read from the process environment.
     *
     * @param env the environment variables the commands see
     * @param out standard output
     * @param err standard error: warnings and the one-line reason of a failure
     * @param args the arguments
     */
    public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new CalsyncCli(env));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            CliException failure = ex instanceof RuntimeException r
                    ? Failures.classify(commandLine.getCommandName(), r)
                    : new CliException(ExitCodes.PROBLEMS, commandLine.getCommandName() + ": " + ex);
            // The message names what was wrong; the stack trace goes to the log only at DEBUG.
            Logger log = LoggerFactory.getLogger(CalsyncCli.class);
            log.debug("calsync {} failed", commandLine.getCommandName(), ex);
            commandLine.getErr().println("calsync: " + failure.getMessage());
            commandLine.getErr().flush();
            return failure.exitCode();
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CalsyncCli.class.getPackage().getImplementationVersion();
            return new String[] {"calsync " + (v == null ? "(development build)" : v)};
        }
    }
}
