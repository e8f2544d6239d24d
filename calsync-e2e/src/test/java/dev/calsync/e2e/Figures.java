package dev.calsync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * The figures of a run, one row per scenario case, appended to {@code target/e2e/reliability.md}
 * (a Markdown table's rows: scenario, what was injected, how many times, syncs run, and the
 * outcome) and printed; {@code docs/reliability.md} quotes them.
 */
final class Figures {
    private Figures() {}

    /**
     * Records one case.
     *
     * @param scenario e.g. "1. process crash"
     * @param injected what was injected, e.g. "SIGKILL after write k"
     * @param times how many faults were injected
     * @param syncs how many syncs ran (including the settling ones)
     * @param outcome the invariants' findings after the settling syncs
     */
    static void record(String scenario, String injected, int times, int syncs, Outcome outcome) {
        String row = "| " + scenario + " | " + injected + " | " + times + " | " + syncs + " | "
                + outcome.liveSeries() + " | " + outcome.lost().size() + " | "
                + outcome.duplicates().size()
                + " | " + outcome.falseDeletes().size() + " | "
                + outcome.resurrected().size() + " | "
                + (outcome.differences().isEmpty()
                                && outcome.mappingMismatches().isEmpty()
                        ? "yes"
                        : "no")
                + " |\n";
        System.out.print("RELIABILITY " + row);
        try {
            Files.writeString(
                    E2e.outputDir().resolve("reliability.md"),
                    row,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
