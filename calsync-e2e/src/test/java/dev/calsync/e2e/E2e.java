package dev.calsync.e2e;

import dev.calsync.core.sync.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The suite's settings, from the system properties the build passes (see the module's pom). */
final class E2e {
    private E2e() {}

    /**
     * Retries quick enough for a test: five attempts, waits from 20 ms to 0.5 s. Waits a server asks
     * for with {@code Retry-After} are honoured on top of this (see the providers).
     */
    static final RetryPolicy QUICK_RETRIES = new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(500));

    /** Whether the full sweep ({@code -Pchaos}) runs. */
    static boolean chaos() {
        return Boolean.getBoolean("calsync.e2e.chaos");
    }

    /**
     * How many kill points a crash sweep takes, spread over the whole sync; 0 means every write is
     * one ({@code -Pchaos}).
     */
    static int killPoints() {
        return Integer.getInteger("calsync.e2e.killPoints", 12);
    }

    /** Where the suite writes its figures and the children's output: {@code target/e2e}. */
    static Path outputDir() {
        Path dir = Path.of(System.getProperty("calsync.e2e.outputDir", "target/e2e"));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
