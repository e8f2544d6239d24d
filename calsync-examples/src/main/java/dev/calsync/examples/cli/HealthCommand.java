package dev.calsync.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code calsync health}: placeholder of the module skeleton, replaced by its implementation. */
@Command(name = "health", description = "(being built)")
final class HealthCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("calsync health is being built");
    }
}
