package dev.calsync.examples.cli;

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
        subcommands = {DemoCommand.class, PairsCommand.class, SyncCommand.class, HealthCommand.class})
public final class CalsyncCli {

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return new CommandLine(new CalsyncCli()).execute(args);
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
