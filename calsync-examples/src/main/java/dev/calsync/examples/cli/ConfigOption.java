package dev.calsync.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --config FILE} option every command has, and what commands share: the environment,
 * the output streams, loading the configuration.
 */
final class ConfigOption {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The configuration file (default: $CALSYNC_CONFIG, else"
                    + " $XDG_CONFIG_HOME/calsync/config.json or ~/.config/calsync/config.json).")
    Path file;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The environment of this run. */
    Map<String, String> env() {
        return ((CalsyncCli) spec.root().userObject()).env();
    }

    /** Standard output. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * Finds, reads and checks the configuration; warns on standard error if others can read it.
     *
     * @throws CliException ({@link ExitCodes#CONFIG}) if it is missing or malformed
     */
    CliConfig load() {
        Path path = CliConfig.locate(file, env());
        return CliConfig.load(path, env(), warning -> {
            err().println(warning);
            err().flush();
        });
    }
}
