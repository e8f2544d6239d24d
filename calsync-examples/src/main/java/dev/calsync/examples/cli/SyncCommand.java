package dev.calsync.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code calsync sync}: placeholder of the module skeleton, replaced by its implementation. */
@Command(name = "sync", description = "(being built)")
final class SyncCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("calsync sync is being built");
    }
}
