package dev.calsync.testkit.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The collection and resource properties of CALDAV.md §2.1 and §3.4 step 1, Radicale-shaped. */
class PropfindConformanceTest extends CalDavTestSupport {
    private static final String CAL_PROPS = "<d:resourcetype/><d:displayname/><c:supported-calendar-component-set/>"
            + "<cs:getctag/><d:sync-token/><d:supported-report-set/><d:current-user-privilege-set/>";

    @Test
    void calendarCollectionHasTheSyncPropertiesAClientNeeds() {
        String cal = newCalendar();
        Resp r = multi(propfind(caldav.calendarUri(cal), "0", CAL_PROPS)).only("/alice/" + cal + "/");
        assertThat(r.missing()).isEmpty();
        assertThat(has(r.props().get(DAV + "resourcetype"), DAV, "collection")).isTrue();
        assertThat(has(r.props().get(DAV + "resourcetype"), C, "calendar")).isTrue();
        assertThat(r.text(CS, "getctag")).matches("\"[0-9a-f]{64}\"");
        assertThat(r.text(DAV, "sync-token")).startsWith("http://"); // RFC 6578: a URI
        var reports = r.props().get(DAV + "supported-report-set");
        assertThat(has(reports, DAV, "sync-collection")).isTrue();
        assertThat(has(reports, C, "calendar-multiget")).isTrue();
        assertThat(has(reports, C, "calendar-query")).isTrue();
        assertThat(has(reports, DAV, "report")).isTrue(); // with the <report> wrapper, as Radicale
        assertThat(has(r.props().get(DAV + "current-user-privilege-set"), DAV, "write-content"))
                .isTrue();
    }

    @Test
    void ctagAndSyncTokenChangeWithContentAndOnlyThen() {
        String cal = newCalendar();
        Resp before = multi(propfind(caldav.calendarUri(cal), "0", CAL_PROPS))
                .responses()
                .get(0);
        Resp same = multi(propfind(caldav.calendarUri(cal), "0", CAL_PROPS))
                .responses()
                .get(0);
        assertThat(same.text(CS, "getctag")).isEqualTo(before.text(CS, "getctag"));
        assertThat(same.text(DAV, "sync-token")).isEqualTo(before.text(DAV, "sync-token"));
        caldav.userPut(cal, "a.ics", event("a"));
        Resp after = multi(propfind(caldav.calendarUri(cal), "0", CAL_PROPS))
                .responses()
                .get(0);
        assertThat(after.text(CS, "getctag")).isNotEqualTo(before.text(CS, "getctag"));
        assertThat(after.text(DAV, "sync-token")).isNotEqualTo(before.text(DAV, "sync-token"));
    }

    @Test
    void unknownPropertiesComeBackIn404Propstat() {
        String cal = newCalendar();
        Resp r = multi(propfind(caldav.calendarUri(cal), "0", "<d:displayname/><x:nope xmlns:x=\"urn:x\"/>"))
                .responses()
                .get(0);
        assertThat(r.text(DAV, "displayname")).isEqualTo(cal);
        assertThat(r.missing()).containsExactly("urn:xnope");
    }

    @Test
    void depthOneListsResourcesWithTheEtagGetReturns() {
        String cal = newCalendar();
        String etag = caldav.userPut(cal, "a@b c.ics", event("a"));
        Multi m = multi(propfind(caldav.calendarUri(cal), "1", "<d:getetag/><d:getcontenttype/>"));
        assertThat(m.hrefs()).containsExactly("/alice/" + cal + "/", "/alice/" + cal + "/a%40b%20c.ics");
        Resp r = m.only("/alice/" + cal + "/a%40b%20c.ics");
        assertThat(r.text(DAV, "getetag")).isEqualTo(etag);
        assertThat(r.text(DAV, "getcontenttype")).startsWith("text/calendar").contains("VEVENT");
        HttpResponse<String> get = send("GET", item(cal, "a%40b%20c.ics"), null);
        assertThat(get.headers().firstValue("ETag")).contains(etag);
        assertThat(multi(propfind(caldav.calendarUri(cal), "0", "<d:getetag/>")).hrefs())
                .hasSize(1);
    }

    @Test
    void unknownPathIs404() {
        assertThat(propfind(caldav.calendarUri("missing"), "0", "<d:getetag/>").statusCode())
                .isEqualTo(404);
    }

    @Test
    void withoutSyncCollectionThereIsNoSyncTokenAndNoSuchReport() {
        try (CalDavEmulator sabre = CalDavEmulator.start(
                CalDavEmulatorOptions.builder().syncCollectionSupported(false).build())) {
            sabre.createCalendar("c");
            Resp r = multi(send(sabre, "PROPFIND", sabre.calendarUri("c"), propfindBody(CAL_PROPS), "Depth", "0"))
                    .responses()
                    .get(0);
            assertThat(has(r.props().get(DAV + "supported-report-set"), DAV, "sync-collection"))
                    .isFalse();
            assertThat(has(r.props().get(DAV + "supported-report-set"), C, "calendar-multiget"))
                    .isTrue();
            assertThat(r.missing()).containsExactly(DAV + "sync-token");
            assertThat(r.text(CS, "getctag")).isNotBlank();

            HttpResponse<String> report = send(sabre, "REPORT", sabre.calendarUri("c"), syncBody(null), "Depth", "0");
            assertThat(report.statusCode()).isEqualTo(403);
            assertThat(has(parse(report.body()).getDocumentElement(), DAV, "supported-report"))
                    .isTrue();
            assertThat(has(parse(report.body()).getDocumentElement(), DAV, "valid-sync-token"))
                    .isFalse();
        }
    }
}
