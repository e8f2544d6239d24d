package dev.calsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCommandTest {
    @TempDir
    Path dir;

    CliFixture cli;

    @BeforeEach
    void setUp() {
        cli = new CliFixture(dir);
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    @Test
    void figuresAsTextAndJson() throws Exception {
        String googleCal = cli.googleCalendar("work@group.calendar.google.com");
        String davCal = cli.caldav.createCalendar("work").toString();
        assertThat(cli.run("pairs", "add", "work", "--a", "google:" + googleCal, "--b", "dav:" + davCal)
                        .exitCode())
                .isZero();
        cli.googleEvent(googleCal, "a@example.com", "A");
        cli.googleEvent(googleCal, "b@example.com", "B");
        assertThat(cli.run("sync").exitCode()).isZero();
        cli.caldav.userDelete("work", dev.calsync.caldav.CalDavCalendarProvider.resourceNameFor("a@example.com"));
        assertThat(cli.run("sync").exitCode()).isZero();

        CliFixture.Result text = cli.run("health");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out())
                .contains("token coverage:       1 enabled pairs; side-A token 1 (100.0%), side-B token 1 (100.0%)")
                .contains("mapping completeness: 1 active mappings; UIDs on both sides 1 (100.0%)")
                .contains("TOKEN_DELTA 1")
                .contains("conflicts by rule since");

        CliFixture.Result json = cli.run("health", "--json", "--since", "1h");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode root = CliFixture.JSON.readTree(json.out());
        assertThat(root.at("/tokenCoverage/enabledPairs").asLong()).isEqualTo(1);
        assertThat(root.at("/tokenCoverage/withTokenB").asLong()).isEqualTo(1);
        assertThat(root.at("/mappingCompleteness/active").asLong()).isEqualTo(1);
        assertThat(root.at("/mappingCompleteness/withResourceUrls").asLong()).isEqualTo(1);
        assertThat(root.at("/deletionsByEvidence/TOKEN_DELTA").asLong()).isEqualTo(1);
        assertThat(root.at("/conflictsByRule/SEQUENCE").isNumber()).isTrue();
        assertThat(root.get("store").asText()).contains(cli.db.toString());
    }

    @Test
    void emptyStoreAndBadWindow() {
        CliFixture.Result r = cli.run("health");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("0 enabled pairs").contains("(n/a)");

        CliFixture.Result bad = cli.run("health", "--since", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("bad --since 'yesterday'");
    }
}
