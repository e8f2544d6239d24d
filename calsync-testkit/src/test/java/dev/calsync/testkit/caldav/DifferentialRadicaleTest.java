package dev.calsync.testkit.caldav;

import static dev.calsync.testkit.caldav.DifferentialScenario.event;
import static dev.calsync.testkit.caldav.DifferentialScenario.overrideOnly;
import static dev.calsync.testkit.caldav.DifferentialScenario.recurringWithMovedOverride;
import static dev.calsync.testkit.caldav.DifferentialScenario.scenario;
import static dev.calsync.testkit.caldav.DifferentialScenario.todo;
import static dev.calsync.testkit.caldav.DifferentialScenario.twoUids;

import dev.calsync.testkit.caldav.DifferentialRunner.Observed;
import dev.calsync.testkit.caldav.DifferentialRunner.Target;
import dev.calsync.testkit.caldav.DifferentialScenario.Auth;
import dev.calsync.testkit.caldav.DifferentialScenario.Base;
import dev.calsync.testkit.servers.LocalCalDavServer;
import dev.calsync.testkit.servers.LocalCalDavServerExtension;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

/**
 * Differential test: the same scripted raw-protocol scenarios run against the emulator (with {@link
 * CalDavEmulatorOptions#defaults()}, which claim to be Radicale-like) and against a real Radicale
 * 3.1.8, each in a fresh calendar, and every answer is reduced by {@link DifferentialRunner} to a
 * server-independent observation. The two observation lists must be equal step by step, except for
 * the {@link #EXPECTED_DIFFERENCES} declared below, which must occur exactly as declared (so a
 * declared difference that disappears, or changes shape, fails too).
 *
 * <p>{@code -Dcalsync.differential.verbose=true} prints every observation.
 *
 * <p>Only the defaults are compared: the iCloud and Xandikos switches are deliberate departures from
 * Radicale and have their own conformance tests.
 */
class DifferentialRadicaleTest {

    @RegisterExtension
    static final LocalCalDavServerExtension RADICALE = LocalCalDavServerExtension.of(LocalCalDavServer.Kind.RADICALE);

    private static CalDavEmulator emulator;

    @BeforeAll
    static void startEmulator() {
        emulator = CalDavEmulator.start();
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    /**
     * A difference between the emulator and Radicale that is kept on purpose: the observations of
     * step {@code step} of scenario {@code scenario} must be exactly these, on each side.
     */
    record ExpectedDifference(String scenario, String step, String why, String emulator, String radicale) {}

    /** Every difference kept on purpose. Empty means the emulator matches Radicale on every step. */
    static final List<ExpectedDifference> EXPECTED_DIFFERENCES = List.of();

    // ------------------------------------------------------------------------------------------
    // scenarios

    private static final String CAL_PROPS = "<d:resourcetype/><d:displayname/><c:supported-calendar-component-set/>"
            + "<cs:getctag/><d:sync-token/><d:supported-report-set/>";

    static List<DifferentialScenario> scenarios() {
        List<DifferentialScenario> s = new ArrayList<>();
        s.add(scenario("well-known", "RFC 6764 bootstrap: OPTIONS, /.well-known/caldav with and without credentials")
                .request("OPTIONS principal", "OPTIONS", Base.PRINCIPAL, "", null)
                .request("GET well-known", "GET", Base.ROOT, "/.well-known/caldav", null)
                .propfind("PROPFIND well-known", Base.ROOT, "/.well-known/caldav", "0", "<d:current-user-principal/>")
                .raw("GET well-known anonymous", "GET", Base.ROOT, "/.well-known/caldav", null, Auth.NONE)
                .build());
        s.add(scenario("principal", "current-user-principal on the root, calendar-home-set on the principal")
                .propfind("PROPFIND root cup", Base.ROOT, "/", "0", "<d:current-user-principal/>")
                .propfind(
                        "PROPFIND principal",
                        Base.PRINCIPAL,
                        "",
                        "0",
                        "<d:current-user-principal/><c:calendar-home-set/><d:resourcetype/>")
                .build());
        s.add(scenario("home-listing", "PROPFIND Depth 1 on the home lists the calendar with its properties")
                .propfind("PROPFIND home depth 1", Base.HOME, "", "1", CAL_PROPS)
                .propfind("PROPFIND calendar depth 0", Base.CALENDAR, "", "0", CAL_PROPS)
                .build());
        s.add(scenario("mkcalendar", "MKCALENDAR on an existing calendar, then a new one twice")
                .request("MKCALENDAR existing", "MKCALENDAR", Base.HOME, "{calname}/", mkcalendar("again"))
                .request("MKCALENDAR new", "MKCALENDAR", Base.HOME, "{calname}-mk/", mkcalendar("second"))
                .request("MKCALENDAR new again", "MKCALENDAR", Base.HOME, "{calname}-mk/", mkcalendar("second"))
                .propfind("PROPFIND new", Base.HOME, "{calname}-mk/", "0", CAL_PROPS)
                .build());
        s.add(scenario("put-create", "PUT If-None-Match:* creates, a second one is refused, GET sees the PUT's ETag")
                .put("create", "ev1.ics", event("uid-1", "one"), "If-None-Match", "*")
                .put("create again", "ev1.ics", event("uid-1", "one bis"), "If-None-Match", "*")
                .get("GET", "ev1.ics")
                .build());
        s.add(scenario("put-update", "PUT If-Match current, stale, weak, * and on a missing resource")
                .put("create", "ev1.ics", event("uid-1", "v1"), "If-None-Match", "*")
                .put("update current", "ev1.ics", event("uid-1", "v2"), "If-Match", "{etag:ev1.ics}")
                .put("update stale", "ev1.ics", event("uid-1", "v3"), "If-Match", "{etag~1:ev1.ics}")
                .put("update weak", "ev1.ics", event("uid-1", "v3"), "If-Match", "W/{etag:ev1.ics}")
                .put("update star", "ev1.ics", event("uid-1", "v3"), "If-Match", "*")
                .put("update missing", "missing.ics", event("uid-m", "m"), "If-Match", "{etag:ev1.ics}")
                .put("update unconditional", "ev1.ics", event("uid-1", "v4"))
                .get("GET", "ev1.ics")
                .get("GET missing", "missing.ics")
                .build());
        s.add(scenario("uid-conflict", "a UID held by another resource of the calendar is refused")
                .put("create ev1", "ev1.ics", event("uid-1", "one"), "If-None-Match", "*")
                .put("create ev2 same UID", "ev2.ics", event("uid-1", "two"), "If-None-Match", "*")
                .put("ev2 same UID unconditional", "ev2.ics", event("uid-1", "two"))
                .put("ev1 update own UID", "ev1.ics", event("uid-1", "one bis"), "If-Match", "{etag:ev1.ics}")
                .get("GET ev2", "ev2.ics")
                .build());
        s.add(scenario("invalid-bodies", "non-iCalendar, two UIDs, override-only; a VTODO in a VEVENT calendar")
                .put("not iCalendar", "bad.ics", "this is not iCalendar\r\n", "If-None-Match", "*")
                .put("two UIDs", "two.ics", twoUids("uid-a", "uid-b"), "If-None-Match", "*")
                .put("override only", "orphan.ics", overrideOnly("uid-o"), "If-None-Match", "*")
                .put("VTODO", "task.ics", todo("uid-t"), "If-None-Match", "*")
                .sync("sync", "")
                .build());
        s.add(scenario("delete", "DELETE with stale and current If-Match, without, and twice")
                .put("create ev1", "ev1.ics", event("uid-1", "v1"), "If-None-Match", "*")
                .put("update ev1", "ev1.ics", event("uid-1", "v2"), "If-Match", "{etag:ev1.ics}")
                .put("create ev2", "ev2.ics", event("uid-2", "two"), "If-None-Match", "*")
                .delete("DELETE stale", "ev1.ics", "If-Match", "{etag~1:ev1.ics}")
                .delete("DELETE current", "ev1.ics", "If-Match", "{etag:ev1.ics}")
                .delete("DELETE again with If-Match", "ev1.ics", "If-Match", "{etag:ev1.ics}")
                .delete("DELETE unconditional", "ev2.ics")
                .delete("DELETE unconditional again", "ev2.ics")
                .get("GET deleted", "ev1.ics")
                .build());
        s.add(scenario("get", "GET of an existing member, a missing one, the collection")
                .put("create", "ev1.ics", event("uid-1", "one"), "If-None-Match", "*")
                .get("GET existing", "ev1.ics")
                .get("GET missing", "missing.ics")
                .request("GET collection", "GET", Base.CALENDAR, "", null)
                .propfind("PROPFIND collection getetag", Base.CALENDAR, "", "0", "<d:getetag/>")
                .request("GET home", "GET", Base.HOME, "", null)
                .build());
        s.add(scenario("missing-targets", "requests on a member or calendar that does not exist; DELETE of a calendar")
                .propfind("PROPFIND missing member", Base.CALENDAR, "missing.ics", "0", "<d:getetag/>")
                .request(
                        "PUT into missing calendar",
                        "PUT",
                        Base.HOME,
                        "{calname}-none/ev1.ics",
                        event("uid-1", "one"),
                        "Content-Type",
                        "text/calendar; charset=utf-8")
                .propfind("PROPFIND missing calendar", Base.HOME, "{calname}-none/", "0", "<d:getetag/>")
                .request("DELETE missing calendar", "DELETE", Base.HOME, "{calname}-none/", null)
                .put("create ev1", "ev1.ics", event("uid-1", "one"), "If-None-Match", "*")
                .request("DELETE calendar", "DELETE", Base.CALENDAR, "", null)
                .propfind("PROPFIND deleted calendar", Base.CALENDAR, "", "0", "<d:getetag/>")
                .get("GET member of deleted calendar", "ev1.ics")
                .build());
        s.add(scenario("sync-unchanged", "initial sync, the same again with its token, sync-token and ctag props")
                .put("create ev1", "ev1.ics", event("uid-1", "one"), "If-None-Match", "*")
                .put("create ev2", "ev2.ics", event("uid-2", "two"), "If-None-Match", "*")
                .sync("initial", "")
                .sync("unchanged", "{token}")
                .propfind("PROPFIND token", Base.CALENDAR, "", "0", "<d:sync-token/><cs:getctag/>")
                .sync("unchanged again", "{token}")
                .propfind("PROPFIND token again", Base.CALENDAR, "", "0", "<d:sync-token/><cs:getctag/>")
                .request(
                        "sync Depth 1, level infinite",
                        "REPORT",
                        Base.CALENDAR,
                        "",
                        "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:sync-collection xmlns:d=\"DAV:\">"
                                + "<d:sync-token/><d:sync-level>infinite</d:sync-level><d:prop><d:getetag/></d:prop>"
                                + "</d:sync-collection>",
                        "Depth",
                        "1",
                        "Content-Type",
                        "application/xml; charset=utf-8")
                .build());
        s.add(scenario("sync-update", "a member updated between two syncs is reported with its new ETag")
                .put("create ev1", "ev1.ics", event("uid-1", "v1"), "If-None-Match", "*")
                .put("create ev2", "ev2.ics", event("uid-2", "two"), "If-None-Match", "*")
                .sync("initial", "")
                .propfind("PROPFIND ctag before", Base.CALENDAR, "", "0", "<cs:getctag/><d:sync-token/>")
                .put("update ev1", "ev1.ics", event("uid-1", "v2"), "If-Match", "{etag:ev1.ics}")
                .sync("after update", "{token}")
                .propfind("PROPFIND ctag", Base.CALENDAR, "", "0", "<cs:getctag/><d:sync-token/>")
                .build());
        s.add(scenario("sync-create-delete", "a member created and deleted between two syncs is reported removed")
                .put("create ev1", "ev1.ics", event("uid-1", "one"), "If-None-Match", "*")
                .sync("initial", "")
                .put("create ev2", "ev2.ics", event("uid-2", "two"), "If-None-Match", "*")
                .delete("delete ev2", "ev2.ics", "If-Match", "{etag:ev2.ics}")
                .sync("after create+delete", "{token}")
                .build());
        s.add(scenario("sync-delete", "removed members: 404 after a token, and (Radicale) on a new initial sync")
                .put("create ev1", "ev1.ics", event("uid-1", "one"), "If-None-Match", "*")
                .put("create ev2", "ev2.ics", event("uid-2", "two"), "If-None-Match", "*")
                .sync("initial", "")
                .delete("delete ev1", "ev1.ics", "If-Match", "{etag:ev1.ics}")
                .sync("after delete", "{token}")
                .sync("initial after delete", "")
                .put("re-create ev1", "ev1.ics", event("uid-1", "one again"), "If-None-Match", "*")
                .sync("after re-create", "{token}")
                .build());
        s.add(scenario(
                        "sync-bad-token",
                        "a well-formed unknown token, garbage, a foreign token; the good one still works")
                .put("create ev1", "ev1.ics", event("uid-1", "one"), "If-None-Match", "*")
                .sync("initial", "")
                .sync("unknown token", "{token:unknown}")
                .sync("garbage token", "garbage")
                .sync("foreign token", "http://example.com/ns/sync/1")
                .sync("good token", "{token}")
                .build());
        s.add(scenario("multiget", "calendar-multiget with existing, missing, absolute-URL and foreign hrefs")
                .put("create ev1", "ev1.ics", event("uid-1", "one"), "If-None-Match", "*")
                .put("create ev2", "ev2.ics", event("uid-2", "two"), "If-None-Match", "*")
                .multiget("existing and missing", "{href:ev1.ics}", "{href:missing.ics}", "{url:ev2.ics}")
                .multiget("outside the calendar", "/elsewhere/x.ics")
                .put("create a@b", "a@b.ics", event("uid-3", "at sign"), "If-None-Match", "*")
                .multiget("encoded and raw @", "{href:a%40b.ics}", "{href:a@b.ics}")
                .propfind("PROPFIND listing hrefs", Base.CALENDAR, "", "1", "<d:getetag/>")
                .build());
        s.add(scenario("query", "calendar-query time-range over a series whose second instance moved to February")
                .put("create series", "rec.ics", recurringWithMovedOverride("uid-r"), "If-None-Match", "*")
                .put("create single", "single.ics", event("uid-s", "single"), "If-None-Match", "*")
                .query("window of the moved override", "20260210T080000Z", "20260210T110000Z")
                .query("window the override left", "20260106T080000Z", "20260106T110000Z")
                .query("window of the third instance", "20260107T080000Z", "20260107T110000Z")
                .query("window of the first instance", "20260105T080000Z", "20260105T110000Z")
                .query("empty window", "20260301T000000Z", "20260401T000000Z")
                .build());
        s.add(scenario("etag-listing", "PROPFIND Depth 1 getetag after creates, an update and a delete")
                .put("create ev1", "ev1.ics", event("uid-1", "v1"), "If-None-Match", "*")
                .put("create ev2", "ev2.ics", event("uid-2", "two"), "If-None-Match", "*")
                .put("update ev1", "ev1.ics", event("uid-1", "v2"), "If-Match", "{etag:ev1.ics}")
                .delete("delete ev2", "ev2.ics", "If-Match", "{etag:ev2.ics}")
                .put("create ev3", "ev3.ics", event("uid-3", "three"), "If-None-Match", "*")
                .propfind("PROPFIND depth 1", Base.CALENDAR, "", "1", "<d:getetag/>")
                .build());
        s.add(scenario("unauthenticated", "requests without or with wrong credentials get 401 and change nothing")
                .raw("PROPFIND anonymous", "PROPFIND", Base.PRINCIPAL, "", null, Auth.NONE, "Depth", "0")
                .raw("PROPFIND wrong password", "PROPFIND", Base.PRINCIPAL, "", null, Auth.WRONG_PASSWORD, "Depth", "0")
                .raw(
                        "PUT anonymous",
                        "PUT",
                        Base.CALENDAR,
                        "ev1.ics",
                        event("uid-1", "one"),
                        Auth.NONE,
                        "Content-Type",
                        "text/calendar; charset=utf-8")
                .raw("GET anonymous", "GET", Base.CALENDAR, "ev1.ics", null, Auth.NONE)
                .get("GET with credentials", "ev1.ics")
                .build());
        return s;
    }

    private static String mkcalendar(String displayName) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<c:mkcalendar xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:set><d:prop>"
                + "<d:displayname>" + displayName + "</d:displayname><c:supported-calendar-component-set>"
                + "<c:comp name=\"VEVENT\"/></c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>";
    }

    // ------------------------------------------------------------------------------------------
    // the test

    @TestFactory
    Stream<DynamicTest> emulatorBehavesLikeRadicale() {
        List<DifferentialScenario> all = scenarios();
        checkDeclarations(all);
        String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(2));
        return IntStream.range(0, all.size()).mapToObj(i -> {
            DifferentialScenario scenario = all.get(i);
            String calName = String.format("d%02d-%s", i, run);
            return DynamicTest.dynamicTest(scenario.name(), () -> compare(scenario, calName));
        });
    }

    private static void compare(DifferentialScenario scenario, String calName) {
        LocalCalDavServer radicale = RADICALE.server();
        Target emu = new Target(
                "emulator",
                emulator.baseUri(),
                emulator.principalUri(),
                emulator.calendarHomeUri(),
                emulator.username(),
                emulator.password(),
                emulator::createCalendar);
        Target real = new Target(
                "radicale",
                radicale.baseUri(),
                radicale.principalUri(),
                radicale.calendarHomeUri(),
                radicale.username(),
                radicale.password(),
                (Function<String, java.net.URI>) radicale::createCalendar);
        List<Observed> e = DifferentialRunner.run(emu, scenario, calName);
        List<Observed> r = DifferentialRunner.run(real, scenario, calName);
        Map<String, ExpectedDifference> expected = EXPECTED_DIFFERENCES.stream()
                .filter(d -> d.scenario().equals(scenario.name()))
                .collect(Collectors.toMap(ExpectedDifference::step, d -> d));
        if (Boolean.getBoolean("calsync.differential.verbose")) {
            StringBuilder all = new StringBuilder("=== " + scenario.name() + "\n");
            for (int i = 0; i < e.size(); i++) {
                all.append("step ")
                        .append(i + 1)
                        .append(" '")
                        .append(e.get(i).step().label())
                        .append("': ")
                        .append(e.get(i).step())
                        .append("\n")
                        .append(indent(e.get(i).observation()));
                if (!e.get(i).observation().equals(r.get(i).observation())) {
                    all.append("\n    radicale:\n").append(indent(r.get(i).observation()));
                }
                all.append("\n");
            }
            System.out.println(all);
        }
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < e.size(); i++) {
            Observed oe = e.get(i);
            Observed or = r.get(i);
            String label = oe.step().label();
            ExpectedDifference d = expected.get(label);
            if (d == null && !oe.observation().equals(or.observation())) {
                report.append(diff(scenario, i, oe, or, "differs"));
            } else if (d != null
                    && (!oe.observation().equals(d.emulator())
                            || !or.observation().equals(d.radicale()))) {
                report.append(
                        diff(scenario, i, oe, or, "does not match the declared expected difference (" + d.why() + ")"));
            }
        }
        if (report.length() > 0) {
            throw new AssertionFailedError("scenario '" + scenario.name() + "' (" + scenario.description()
                    + "): the emulator differs from Radicale\n" + report);
        }
    }

    private static String diff(DifferentialScenario scenario, int i, Observed e, Observed r, String what) {
        return "\n--- scenario '" + scenario.name() + "', step " + (i + 1) + " '"
                + e.step().label() + "' " + what
                + "\n    step:     " + e.step()
                + "\n    emulator: " + e.request() + "\n" + indent(e.observation())
                + "\n    radicale: " + r.request() + "\n" + indent(r.observation())
                + "\n    emulator raw: " + indent(e.raw()).trim()
                + "\n    radicale raw: " + indent(r.raw()).trim() + "\n";
    }

    private static String indent(String s) {
        return s.lines().map(l -> "        " + l).collect(Collectors.joining("\n"));
    }

    /** Step labels are unique per scenario, and every declared difference names a real step. */
    private static void checkDeclarations(List<DifferentialScenario> all) {
        Set<String> known = new HashSet<>();
        for (DifferentialScenario sc : all) {
            Set<String> labels = new HashSet<>();
            sc.steps().forEach(st -> {
                if (!labels.add(st.label())) {
                    throw new IllegalStateException("duplicate step label in " + sc.name() + ": " + st.label());
                }
                known.add(sc.name() + "/" + st.label());
            });
        }
        for (ExpectedDifference d : EXPECTED_DIFFERENCES) {
            if (!known.contains(d.scenario() + "/" + d.step())) {
                throw new IllegalStateException("expected difference names no step: " + d);
            }
        }
    }
}
