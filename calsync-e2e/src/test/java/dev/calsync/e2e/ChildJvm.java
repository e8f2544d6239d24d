package dev.calsync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child JVM running a main class of this suite on the test class path, its standard output and
 * error in {@code target/e2e/children/NAME-N.log} (searched for secrets like every log). SLF4J logs
 * at DEBUG to the same file.
 */
final class ChildJvm implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with {@code args} and a 256 MB heap; {@code env} is added to this
     * process's environment.
     */
    static ChildJvm start(String name, Class<?> mainClass, List<String> args, Map<String, String> env) {
        return start(name, "256m", mainClass, args, env);
    }

    /**
     * Starts {@code mainClass} with {@code args} and at most {@code maxHeap} of heap ({@code -Xmx});
     * {@code env} is added to this process's environment.
     */
    static ChildJvm start(String name, String maxHeap, Class<?> mainClass, List<String> args, Map<String, String> env) {
        Path dir = E2e.outputDir().resolve("children");
        Path log = dir.resolve(name + "-" + COUNTER.incrementAndGet() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-Dorg.slf4j.simpleLogger.logFile=System.err");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.hc.client5.http.wire=info");
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.hc.client5.http.headers=info");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                // a fresh file: a build without clean must not read an earlier run's output
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(dir);
            return new ChildJvm(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass.getName(), e);
        }
    }

    /** Starts a {@link SyncProcess} for {@code world}'s pair through {@code endpoints}. */
    static ChildJvm sync(World world, World.Endpoints endpoints) {
        return sync("sync", SyncProcess.class, world, endpoints);
    }

    /**
     * Starts {@code mainClass}, a main class taking {@link SyncProcess}'s arguments and environment,
     * for {@code world}'s pair through {@code endpoints}.
     */
    static ChildJvm sync(String name, Class<?> mainClass, World world, World.Endpoints endpoints) {
        return start(
                name,
                mainClass,
                List.of(
                        endpoints.googleRootUrl(),
                        endpoints.caldavServer().toString(),
                        world.radicale().username(),
                        world.storeFile().toString(),
                        World.PAIR),
                world.accounts().environment());
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    /** The child's output so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the child with SIGKILL ({@link Process#destroyForcibly()} on Linux) and waits for it. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for the child to exit.
     *
     * @return its exit code
     * @throws AssertionError if it does not exit within {@code seconds}
     */
    int await(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                kill();
                throw new AssertionError("child did not exit within " + seconds + " s; output in " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
