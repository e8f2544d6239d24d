package dev.calsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed, missing and shared configuration files: exit 3 with the file and field named, store untouched. */
class ConfigTest {
    @TempDir
    Path dir;

    CliFixture cli;

    @BeforeEach
    void setUp() {
        cli = new CliFixture(dir);
        assertThat(cli.run(
                                "pairs",
                                "add",
                                "work",
                                "--a",
                                "google:primary",
                                "--b",
                                "dav:" + cli.caldav.baseUri() + "alice/work/",
                                "--no-check")
                        .exitCode())
                .isZero();
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    private void assertConfigError(String config, String... expected) {
        var before = cli.storeState();
        cli.writeConfig(config);
        for (String[] command : new String[][] {
            {"pairs", "list"}, {"pairs", "add", "other", "--a", "google:x", "--b", "google:y", "--no-check"},
            {"sync"}, {"health"}
        }) {
            CliFixture.Result r = cli.run(command);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONFIG);
            assertThat(r.err().lines()).as(r.toString()).hasSize(1);
            assertThat(r.err()).contains(cli.config.toString());
            for (String e : expected) {
                assertThat(r.err()).contains(e);
            }
        }
        assertThat(cli.storeState()).isEqualTo(before);
    }

    @Test
    void jsonSyntaxError() {
        assertConfigError(cli.defaultConfig().replace("\"accounts\":", "\"accounts\""), "is not valid JSON", "line 3");
    }

    @Test
    void missingField() {
        assertConfigError(
                cli.defaultConfig().replace("\"username\": \"" + cli.caldav.username() + "\", ", ""),
                "accounts.dav.username is missing");
    }

    @Test
    void unknownStoreType() {
        assertConfigError(
                cli.defaultConfig().replace("\"type\": \"sqlite\"", "\"type\": \"mysql\""),
                "store.type 'mysql' is not a known store type");
    }

    @Test
    void unknownFieldAndBadAccountUrl() {
        assertConfigError(cli.defaultConfig().replace("\"sync\":", "\"synk\":"), "synk is not a known field");
        assertConfigError(
                cli.defaultConfig().replace("\"url\": \"" + cli.caldav.baseUri() + "\"", "\"url\": \"not a url\""),
                "accounts.dav.url is not a valid URL");
    }

    @Test
    void secretsInTheFileAreRefused() {
        assertConfigError(
                cli.defaultConfig()
                        .replace(
                                "\"passwordEnv\": \"" + CliFixture.DAV_PASSWORD_ENV + "\"}",
                                "\"passwordEnv\": \"hunter2 secret\"}"),
                "must name an environment variable");
    }

    @Test
    void missingFileAndEnvironmentLocation() {
        CliFixture.Result r =
                cli.runRaw("pairs", "list", "--config", dir.resolve("nope.json").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("nope.json does not exist");

        // Without --config: CALSYNC_CONFIG names the file.
        cli.env.put("CALSYNC_CONFIG", cli.config.toString());
        CliFixture.Result viaEnv = cli.runRaw("pairs", "list");
        assertThat(viaEnv.exitCode()).as(viaEnv.toString()).isZero();
        assertThat(viaEnv.out()).contains("work");

        // Without either: $XDG_CONFIG_HOME/calsync/config.json.
        cli.env.remove("CALSYNC_CONFIG");
        cli.env.put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
        CliFixture.Result viaXdg = cli.runRaw("pairs", "list");
        assertThat(viaXdg.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(viaXdg.err()).contains(dir.resolve("xdg/calsync/config.json").toString());
    }

    @Test
    void fileReadableByOthersIsWarnedAbout() throws Exception {
        Files.setPosixFilePermissions(cli.config, PosixFilePermissions.fromString("rw-r--r--"));
        CliFixture.Result r = cli.run("pairs", "list");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err())
                .contains("warning: configuration file " + cli.config)
                .contains("chmod 600");

        Files.setPosixFilePermissions(cli.config, PosixFilePermissions.fromString("rw-------"));
        assertThat(cli.run("pairs", "list").err()).isEmpty();
    }
}
