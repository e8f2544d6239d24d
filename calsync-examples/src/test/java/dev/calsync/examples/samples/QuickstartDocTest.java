package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/quickstart.md} shows the code that {@link AssembleSyncTest} runs: the code between the
 * {@code quickstart:begin} and {@code quickstart:end} markers of {@link AssembleSync}, and its
 * imports, word for word; its links and Maven coordinates point at what exists.
 */
class QuickstartDocTest {
    /** Surefire runs in the module's directory. */
    private static final Path SAMPLE = Path.of("src/main/java/dev/calsync/examples/samples/AssembleSync.java");

    private static final Path DOC = Path.of("../docs/quickstart.md");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL);

    private static List<String> javaBlocks() throws IOException {
        Matcher m = JAVA_BLOCK.matcher(Files.readString(DOC));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** The quickstart region of the sample, as {@link DocSamplesTest} extracts regions. */
    static String sampleBody(String source) {
        return DocSamplesTest.region(source, "quickstart");
    }

    @Test
    void theDocShowsTheSampleBodyWordForWord() throws IOException {
        String body = sampleBody(Files.readString(SAMPLE));

        assertThat(body.lines().count()).as("the sample stays short").isBetween(15L, 30L);
        assertThat(javaBlocks()).contains(body);
    }

    @Test
    void theReadmeShowsTheSampleBodyWordForWord() throws IOException {
        String body = sampleBody(Files.readString(SAMPLE));
        Matcher m = JAVA_BLOCK.matcher(Files.readString(Path.of("../README.md")));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }

        assertThat(blocks).contains(body);
    }

    @Test
    void theDocShowsExactlyTheSampleImports() throws IOException {
        String imports = Files.readString(SAMPLE)
                .lines()
                .filter(l -> l.startsWith("import "))
                .collect(Collectors.joining("\n"));

        assertThat(javaBlocks()).contains(imports);
    }

    @Test
    void everyLinkedSourceFileExists() throws IOException {
        Matcher m = Pattern.compile("\\]\\((\\.\\./[^)]+)\\)").matcher(Files.readString(DOC));
        List<String> links = new ArrayList<>();
        while (m.find()) {
            links.add(m.group(1));
        }

        assertThat(links)
                .hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(link -> assertThat(DOC.resolveSibling(link)).isRegularFile());
        assertThat(links)
                .anyMatch(l -> l.endsWith("/CustomMappingStore.java"))
                .anyMatch(l -> l.endsWith("/CustomConflictCallback.java"))
                .anyMatch(l -> l.endsWith("/ManyPairsWorkers.java"));
    }

    @Test
    void theDocsMavenCoordinatesAreTheBomsAndItManagesEveryModuleNamed() throws IOException {
        String doc = Files.readString(DOC);
        String bom = Files.readString(Path.of("../calsync-bom/pom.xml"));
        Matcher version = Pattern.compile("<artifactId>calsync-bom</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(bom);
        assertThat(version.find()).isTrue();

        assertThat(doc)
                .contains("<artifactId>calsync-bom</artifactId>\n      <version>" + version.group(1) + "</version>");
        for (String module : List.of("calsync-google", "calsync-caldav", "calsync-store-jdbi")) {
            assertThat(doc).contains("<artifactId>" + module + "</artifactId>");
            assertThat(bom).contains("<artifactId>" + module + "</artifactId>");
        }
    }
}
