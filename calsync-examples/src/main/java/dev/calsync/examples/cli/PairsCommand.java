package dev.calsync.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code calsync pairs}: placeholder of the module skeleton, replaced by its implementation. */
@Command(name = "pairs", description = "(being built)")
final class PairsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("calsync pairs is being built");
    }
}
