package dev.calsync.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code calsync demo}: placeholder of the module skeleton, replaced by its implementation. */
@Command(name = "demo", description = "(being built)")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("calsync demo is being built");
    }
}
