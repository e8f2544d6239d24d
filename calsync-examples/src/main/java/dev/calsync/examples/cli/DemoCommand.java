package dev.calsync.examples.cli;

import dev.calsync.examples.demo.Demo;
import dev.calsync.examples.demo.Workload;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code calsync demo}: a two-way sync of an emulated Google calendar and an emulated iCloud
 * calendar on loopback, with a few hundred realistic events, edits and conflicts on both sides, and a
 * final check that both calendars hold the same series. Needs nothing installed; see {@link Demo}.
 */
@Command(
        name = "demo",
        description = {
            "Shows a two-way sync on emulated Google and iCloud calendars, nothing to install.",
            "",
            "Starts a Google Calendar emulator and a CalDAV emulator in iCloud mode on 127.0.0.1, fills"
                    + " both calendars with events as their users would, syncs, edits both sides (with"
                    + " conflicts and deletions), syncs again and checks that both calendars hold the same"
                    + " series.",
            "",
            "Exit code 0 when they do, 1 when they differ."
        },
        mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--events",
            paramLabel = "N",
            description = "How many series to create, half on each side (default: ${DEFAULT-VALUE}, at least "
                    + Workload.MIN_EVENTS + ").",
            defaultValue = "300")
    int events;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            description = "The seed of the workload; the same seed gives the same events (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + Workload.DEFAULT_SEED)
    long seed;

    @Option(
            names = "--keep",
            description = "Keep the temporary directory with the SQLite mapping store, and print where it is.")
    boolean keep;

    @Override
    public Integer call() {
        if (events < Workload.MIN_EVENTS) {
            throw new ParameterException(
                    spec.commandLine(), "--events must be at least " + Workload.MIN_EVENTS + ": " + events);
        }
        // UTF-8 whatever the platform's default: titles and places are not all ASCII.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        return new Demo(events, seed, keep, out).run();
    }
}
