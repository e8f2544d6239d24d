package dev.calsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncCommandTest {
    @TempDir
    Path dir;

    CliFixture cli;
    String googleCal;
    String davCal;

    @BeforeEach
    void setUp() {
        cli = new CliFixture(dir);
        googleCal = cli.googleCalendar("work@group.calendar.google.com");
        davCal = cli.caldav.createCalendar("work").toString();
        CliFixture.Result r = cli.run("pairs", "add", "work", "--a", "google:" + googleCal, "--b", "dav:" + davCal);
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    @Test
    void syncCopiesBothWaysAndPrintsTheSummary() {
        cli.googleEvent(googleCal, "from-google@example.com", "Planning");
        cli.caldav.userPut("work", "from-dav.ics", ics("from-dav@example.com", "Review"));

        CliFixture.Result r = cli.run("sync");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("pair work: reading both sides")
                .contains("pair work: 2 writes in")
                .contains("google")
                .contains("dav");
        assertThat(r.err()).isEmpty();
        assertThat(cli.google.storedEvents(googleCal)).hasSize(2);
        assertThat(cli.caldav.resource(
                        "work", dev.calsync.caldav.CalDavCalendarProvider.resourceNameFor("from-google@example.com")))
                .isPresent();
        assertThat(cli.storeState().pairs()).singleElement().satisfies(p -> {
            assertThat(p.syncTokenA()).isNotNull();
            assertThat(p.syncTokenB()).isNotNull();
        });

        CliFixture.Result again = cli.run("sync", "work");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("pair work: 0 writes").contains("changes since last sync");
    }

    @Test
    void dryRunWritesAndStoresNothing() {
        cli.googleEvent(googleCal, "from-google@example.com", "Planning");
        var before = cli.storeState();
        CliFixture.Result r = cli.run("sync", "work", "--dry-run");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("dry run, 1 operations planned, nothing written");
        assertThat(cli.storeState()).isEqualTo(before);
        assertThat(cli.caldav.resource(
                        "work", dev.calsync.caldav.CalDavCalendarProvider.resourceNameFor("from-google@example.com")))
                .isEmpty();
    }

    @Test
    void forcedProgressBarIsDrawn() {
        cli.googleEvent(googleCal, "from-google@example.com", "Planning");
        CliFixture.Result r = cli.run("sync", "work", "--progress=bar", "--force-full-sync");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\rwork").contains("pair work: 1 writes");
    }

    @Test
    void unknownPairIsAUsageError() {
        var before = cli.storeState();
        CliFixture.Result r = cli.run("sync", "work", "nosuch");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unknown pair 'nosuch'");
        assertThat(r.out()).doesNotContain("reading");
        assertThat(cli.storeState()).isEqualTo(before);
    }

    @Test
    void wrongPasswordFailsWithAuthAndChangesNothing() {
        cli.googleEvent(googleCal, "from-google@example.com", "Planning");
        assertThat(cli.run("sync", "work").exitCode()).isZero();
        cli.googleEvent(googleCal, "second@example.com", "Standup");
        var before = cli.storeState();

        cli.env.put(CliFixture.DAV_PASSWORD_ENV, "wrong-password");
        CliFixture.Result r = cli.run("sync", "work");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err().lines())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("calsync: pair 'work': side B failed")
                        .contains("401")
                        .contains("see "));
        assertThat(r.err() + r.out()).doesNotContain("wrong-password");
        assertThat(cli.storeState()).isEqualTo(before);
    }

    @Test
    void unreachableServerFailsAndChangesNothing() {
        String calendar = "http://127.0.0.1:" + CliFixture.FREE_PORT + "/alice/work/";
        assertThat(cli.run(
                                "pairs",
                                "add",
                                "down",
                                "--a",
                                "google:" + googleCal,
                                "--b",
                                "down:" + calendar,
                                "--no-check")
                        .exitCode())
                .isZero();
        var before = cli.storeState();
        CliFixture.Result r = cli.run("sync", "down");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("pair 'down'").contains("cannot be reached");
        assertThat(cli.storeState()).isEqualTo(before);
    }

    @Test
    void oneFailingPairDoesNotStopTheOthers() {
        String calendar = "http://127.0.0.1:" + CliFixture.FREE_PORT + "/alice/work/";
        cli.run("pairs", "add", "down", "--a", "google:" + googleCal, "--b", "down:" + calendar, "--no-check");
        cli.googleEvent(googleCal, "from-google@example.com", "Planning");
        CliFixture.Result r = cli.run("sync");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.out()).contains("pair work: 1 writes");
        assertThat(r.err()).contains("1 of 2 pairs failed");
    }

    @Test
    void massDeletionIsRefusedUnlessAllowed() {
        for (int i = 0; i < 8; i++) {
            cli.googleEvent(googleCal, "ev-" + i + "@example.com", "Event " + i);
        }
        assertThat(cli.run("sync", "work").exitCode()).isZero();
        for (int i = 0; i < 8; i++) {
            cli.caldav.userDelete(
                    "work", dev.calsync.caldav.CalDavCalendarProvider.resourceNameFor("ev-" + i + "@example.com"));
        }
        var before = cli.storeState();
        CliFixture.Result refused = cli.run("sync", "work");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(refused.err()).contains("--allow-mass-deletion");
        assertThat(cli.storeState()).isEqualTo(before);
        assertThat(cli.google.storedEvents(googleCal).stream()
                        .filter(e -> !"cancelled".equals(e.path("status").asText())))
                .hasSize(8);

        CliFixture.Result allowed = cli.run("sync", "work", "--allow-mass-deletion");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(allowed.out()).contains("deletions on evidence TOKEN_DELTA: 8");
    }

    static String ics(String uid, String summary) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid
                + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260311T100000Z\r\nDTEND:20260311T110000Z\r\nSUMMARY:"
                + summary + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }
}
