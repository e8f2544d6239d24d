package dev.calsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairsCommandTest {
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
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    private CliFixture.Result add(String id, String a, String b) {
        return cli.run("pairs", "add", id, "--a", a, "--b", b);
    }

    @Test
    void addListValidateRemove() {
        CliFixture.Result added = add("work", "google:" + googleCal, "dav:" + davCal);
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.out()).contains("added pair work");

        CliFixture.Result list = cli.run("pairs", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out())
                .contains("work")
                .contains("A: google:" + googleCal)
                .contains("B: dav:" + davCal)
                .contains("[never synced]");

        // Never synced: no tokens, which validate reports as problems.
        CliFixture.Result fresh = cli.run("pairs", "validate");
        assertThat(fresh.exitCode()).as(fresh.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(fresh.out()).contains("pair work: 2 problem(s)").contains("no side-A sync token");

        cli.googleEvent(googleCal, "ev-1@example.com", "Planning");
        CliFixture.Result sync = cli.run("sync", "work");
        assertThat(sync.exitCode()).as(sync.toString()).isZero();

        CliFixture.Result ok = cli.run("pairs", "validate", "work");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("pair work: OK").contains("1 active mappings");

        CliFixture.Result removed = cli.run("pairs", "remove", "work");
        assertThat(removed.exitCode()).as(removed.toString()).isZero();
        assertThat(cli.storeState().pairs()).isEmpty();
        // The calendars themselves keep their events.
        assertThat(cli.google.storedEvents(googleCal)).hasSize(1);
    }

    @Test
    void validateReportsMappingsWithoutResourceUrls() {
        assertThat(add("work", "google:" + googleCal, "dav:" + davCal).exitCode())
                .isZero();
        cli.googleEvent(googleCal, "ev-1@example.com", "Planning");
        assertThat(cli.run("sync", "work").exitCode()).isZero();
        // Damage one mapping as an old version of the seed left them: no resource URL on side B.
        try (var store = dev.calsync.store.jdbi.JdbiMappingStore.sqlite(cli.db)) {
            store.useTransaction(tx -> {
                var m = tx.mappings("work", dev.calsync.core.spi.SyncStatus.ACTIVE)
                        .get(0);
                var b = m.b();
                tx.putMapping(m.withSide(
                        dev.calsync.core.Side.B,
                        new dev.calsync.core.spi.SideMapping(
                                b.remoteId(), b.uid(), null, b.etag(), b.sequence(), b.contentHash()),
                        m.updatedAt()));
            });
        }
        CliFixture.Result r = cli.run("pairs", "validate");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(r.out()).contains("1 of 1 active mappings lack a resource URL");
        assertThat(r.err()).contains("pairs validate found 1 problem(s)");
    }

    @Test
    void unknownAccountIsAConfigErrorAndAddsNothing() {
        CliFixture.Result r = add("work", "nosuch:primary", "dav:" + davCal);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("account 'nosuch' is not in the configuration file");
        assertThat(cli.storeState().pairs()).isEmpty();
    }

    @Test
    void badCalendarUrlIsAConfigErrorAndAddsNothing() {
        CliFixture.Result r = add("work", "google:" + googleCal, "dav:ht tp://bad url/");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("bad calendar URL").contains("'dav'");
        CliFixture.Result relative = add("work", "google:" + googleCal, "dav:/alice/work/");
        assertThat(relative.exitCode()).as(relative.toString()).isEqualTo(ExitCodes.CONFIG);
        assertThat(cli.storeState().pairs()).isEmpty();
    }

    @Test
    void wrongPasswordIsAnAuthErrorAndAddsNothing() {
        cli.env.put(CliFixture.DAV_PASSWORD_ENV, "not-the-password");
        CliFixture.Result r = add("work", "google:" + googleCal, "dav:" + davCal);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err()).contains("side B dav:" + davCal).contains("401");
        assertThat(r.err() + r.out()).doesNotContain("not-the-password");
        assertThat(cli.storeState().pairs()).isEmpty();
    }

    @Test
    void missingPasswordVariableIsAnAuthError() {
        cli.env.remove(CliFixture.DAV_PASSWORD_ENV);
        CliFixture.Result r = add("work", "google:" + googleCal, "dav:" + davCal);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err())
                .contains("environment variable " + CliFixture.DAV_PASSWORD_ENV)
                .contains("not set");
        assertThat(cli.storeState().pairs()).isEmpty();
    }

    @Test
    void unreachableServerAddsNothing() {
        String calendar = "http://127.0.0.1:" + CliFixture.FREE_PORT + "/alice/work/";
        CliFixture.Result r = add("work", "google:" + googleCal, "down:" + calendar);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("side B down:" + calendar).contains("cannot be reached");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(cli.storeState().pairs()).isEmpty();
    }

    @Test
    void unknownPairAndDuplicatesAreUsageErrors() {
        assertThat(add("work", "google:" + googleCal, "dav:" + davCal).exitCode())
                .isZero();
        var before = cli.storeState();

        CliFixture.Result dup = add("work", "google:primary", "dav:" + davCal);
        assertThat(dup.exitCode()).as(dup.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(dup.err()).contains("pair 'work' exists already");

        CliFixture.Result remove = cli.run("pairs", "remove", "nosuch");
        assertThat(remove.exitCode()).as(remove.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(remove.err()).contains("unknown pair 'nosuch'");

        CliFixture.Result validate = cli.run("pairs", "validate", "nosuch");
        assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(ExitCodes.USAGE);

        CliFixture.Result badRef = add("other", "primary", "dav:" + davCal);
        assertThat(badRef.exitCode()).as(badRef.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(badRef.err()).contains("not a calendar reference");

        assertThat(cli.storeState()).isEqualTo(before);
    }

    @Test
    void addWithoutCheckDoesNotContactServers() {
        String calendar = "http://127.0.0.1:" + CliFixture.FREE_PORT + "/alice/work/";
        CliFixture.Result r =
                cli.run("pairs", "add", "offline", "--a", "google:primary", "--b", "down:" + calendar, "--no-check");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(cli.storeState().pairs()).singleElement().satisfies(p -> {
            assertThat(p.calendarA()).isEqualTo("google:primary");
            assertThat(p.calendarB()).isEqualTo("down:" + calendar);
        });
    }
}
