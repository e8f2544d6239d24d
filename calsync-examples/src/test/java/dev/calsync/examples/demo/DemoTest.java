package dev.calsync.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.examples.cli.CalsyncCli;
import dev.calsync.examples.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The whole demo, in-process and small: it shows conflicts and deletions and ends with a passing check. */
class DemoTest {

    @Test
    void aSmallDemoShowsBothConflictRulesBothDeletionsAndEndsWithThePassingCheck() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code =
                new Demo(40, Workload.DEFAULT_SEED, true, new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();
        String out = buffer.toString(StandardCharsets.UTF_8);

        assertThat(code).as(out).isEqualTo(ExitCodes.OK);
        assertThat(out)
                .contains("Filled the calendars as their users would: 40 series")
                .containsPattern("conflict: .* changed on both sides; SEQUENCE decided for Google, written to iCloud")
                .containsPattern("conflict: .* changed on both sides; TIMESTAMP decided for iCloud, written to Google")
                .containsPattern("deletion: .* was deleted on Google, so calsync deleted it on iCloud; evidence"
                        + " TOKEN_DELTA")
                .containsPattern("deletion: .* was deleted on iCloud, so calsync deleted it on Google; evidence"
                        + " TOKEN_DELTA")
                .contains("Google holds 38 series, iCloud 38 (40 created, 2 deleted)")
                .contains(Demo.CHECK_OK + "38 series")
                .doesNotContain("FAILED");
        // The third sync writes nothing.
        assertThat(out.substring(out.indexOf("4. Third sync"))).containsPattern("pair family: 0 writes");

        // --keep leaves the store where the output says.
        Matcher kept = Pattern.compile("kept: (\\S+) ").matcher(out);
        assertThat(kept.find()).as(out).isTrue();
        Path dir = Path.of(kept.group(1));
        assertThat(dir.resolve("calsync.db")).isRegularFile();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void tooFewEventsIsAUsageError() {
        assertThat(CalsyncCli.run("demo", "--events", "3")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpNamesTheOptions() {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            assertThat(CalsyncCli.run("demo", "--help")).isEqualTo(ExitCodes.OK);
        } finally {
            System.setOut(original);
        }
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("--events", "--seed", "--keep");
    }
}
