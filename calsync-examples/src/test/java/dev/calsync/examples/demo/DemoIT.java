package dev.calsync.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar calsync.jar demo}, the packaged jar (failsafe passes its path as {@code
 * calsync.jar}) run as a separate process exactly as a user runs it: it exits 0 within two minutes,
 * shows conflicts and deletions, and ends with the passing check, without a stack trace or log noise.
 */
class DemoIT {

    @Test
    void theDemoRunsFromThePackagedJarAndEndsWithBothCalendarsHoldingTheSameSeries() throws Exception {
        Path jar = Path.of(System.getProperty("calsync.jar", "target/calsync.jar"));
        assertThat(jar).as("the packaged jar").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", jar.toString(), "demo").start();
        CompletableFuture<String> stdout = read(process.getInputStream());
        CompletableFuture<String> stderr = read(process.getErrorStream());

        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String out = stdout.get(10, TimeUnit.SECONDS);
        String err = stderr.get(10, TimeUnit.SECONDS);
        Files.writeString(Path.of("target", "demo-it-output.txt"), out + "\n--- stderr ---\n" + err);

        assertThat(finished)
                .as("finished within 120 s; output so far:%n%s%n%s", out, err)
                .isTrue();
        assertThat(process.exitValue())
                .as("exit code; output:%n%s%n%s", out, err)
                .isZero();
        assertThat(out)
                .containsPattern("conflict: .* SEQUENCE decided for ")
                .containsPattern("conflict: .* TIMESTAMP decided for ")
                .containsPattern("deletion: .* was deleted on Google, so calsync deleted it on iCloud")
                .containsPattern("deletion: .* was deleted on iCloud, so calsync deleted it on Google")
                .containsPattern("(?m)^check: both calendars hold the same \\d+ series$")
                .doesNotContain("Exception");
        assertThat(err).as("standard error").doesNotContain("Exception").doesNotContain(" INFO ");
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }
}
