package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.spi.HealthReport;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.store.jdbi.PostgresTestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java code block of the README and of {@code docs/} is compiled and run: each is preceded by
 * a marker {@code <!-- sample: PATH#REGION -->} naming a source file of the build (relative to the
 * page) and a region in it
 * (the lines between {@code // REGION:begin} and {@code // REGION:end}, without their shared
 * indentation; the region {@code imports} is the file's import lines), and shows that region word
 * for word. The samples themselves run in their own tests (and the two small ones here).
 */
class DocSamplesTest {
    /** Surefire runs in the module's directory. */
    private static final Path ROOT = Path.of("..");

    private static final Pattern BLOCK =
            Pattern.compile("(?:<!-- sample: ([^#\\s]+)#([\\w-]+) -->\\n)?```java\\n(.*?)\\n```", Pattern.DOTALL);

    /** The Markdown pages checked: the README and every page under docs/. */
    static List<Path> pages() {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /**
     * What is wrong with the Java blocks of one page: blocks tied to no sample, samples that do not
     * exist, regions that are missing or differ. Sample paths are resolved against {@code dir}, the
     * page's directory.
     */
    static List<String> problems(String pageName, String page, Path dir) {
        List<String> problems = new ArrayList<>();
        Matcher m = BLOCK.matcher(page);
        int n = 0;
        while (m.find()) {
            n++;
            String where = pageName + ", Java block " + n;
            if (m.group(1) == null) {
                problems.add(where + ": no <!-- sample: PATH#REGION --> line before it");
                continue;
            }
            Path source = dir.resolve(m.group(1));
            if (!Files.isRegularFile(source)) {
                problems.add(where + ": " + m.group(1) + " does not exist");
                continue;
            }
            String region;
            try {
                region = region(Files.readString(source), m.group(2));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage() + " in " + m.group(1));
                continue;
            }
            if (!region.equals(m.group(3))) {
                problems.add(where + ": differs from " + m.group(1) + "#" + m.group(2) + ", which reads:\n" + region);
            }
        }
        return problems;
    }

    /** The lines of region {@code name} without the indentation they share, or the import lines. */
    static String region(String source, String name) {
        List<String> lines = source.lines().toList();
        if (name.equals("imports")) {
            return lines.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"));
        }
        int begin = indexOfMarker(lines, "// " + name + ":begin");
        int end = indexOfMarker(lines, "// " + name + ":end");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no region " + name);
        }
        List<String> body = lines.subList(begin + 1, end);
        int indent = body.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
    }

    private static int indexOfMarker(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void everyJavaBlockOfTheDocsIsACompiledSampleWordForWord() throws IOException {
        List<String> problems = new ArrayList<>();
        int blocks = 0;
        for (Path page : pages()) {
            String text = Files.readString(page);
            blocks += (int) BLOCK.matcher(text).results().count();
            problems.addAll(problems(ROOT.relativize(page).toString(), text, page.getParent()));
        }

        assertThat(problems).isEmpty();
        assertThat(blocks).as("Java blocks found in the docs").isGreaterThanOrEqualTo(6);
    }

    @Test
    void theCheckNamesAnUntiedBlockAMissingRegionAndADifference(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("S.java"),
                "import a.B;\nclass S {\n    void m() {\n        // r:begin\n        b();\n        // r:end\n    }\n}\n");
        String page = "```java\nuntied();\n```\n"
                + "<!-- sample: S.java#r -->\n```java\nb();\n```\n"
                + "<!-- sample: S.java#imports -->\n```java\nimport a.B;\n```\n"
                + "<!-- sample: S.java#q -->\n```java\nb();\n```\n"
                + "<!-- sample: S.java#r -->\n```java\nc();\n```\n"
                + "<!-- sample: T.java#r -->\n```java\nb();\n```\n";

        assertThat(problems("page.md", page, dir))
                .containsExactly(
                        "page.md, Java block 1: no <!-- sample: PATH#REGION --> line before it",
                        "page.md, Java block 4: no region q in S.java",
                        "page.md, Java block 5: differs from S.java#r, which reads:\nb();",
                        "page.md, Java block 6: T.java does not exist");
    }

    @Test
    void theCoreTourComputesWhatTheReadmeSays() {
        CoreTour.Result tour = CoreTour.run();

        assertThat(tour.googleId()).hasSize(52).matches("[a-v0-9]+");
        assertThat(tour.fromGoogle()).isEqualTo(tour.fromCalDav());
        assertThat(tour.hash()).isNotNull();
    }

    @Test
    void theStorePageOpensBothDatabasesAndReadsTheirHealth(@TempDir Path dir) {
        try (PostgresTestDatabase.Schema pg = PostgresTestDatabase.freshSchema()) {
            JdbiMappingStore[] stores = StoreSetup.open(dir, pg.dataSource());
            try (JdbiMappingStore embedded = stores[0];
                    JdbiMappingStore shared = stores[1]) {
                for (JdbiMappingStore store : List.of(embedded, shared)) {
                    HealthReport health = StoreSetup.health(store);
                    assertThat(health.tokens().enabledPairs()).isZero();
                }
            }
            assertThat(dir.resolve("calsync.db")).isRegularFile();
        }
    }
}
