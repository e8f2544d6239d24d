package dev.calsync.testkit.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** calendar-multiget (RFC 4791 §7.9, CALDAV.md §2.3, §6.5) and iCloud's eventual consistency (§4 #16). */
class MultigetConformanceTest extends CalDavTestSupport {

    @Test
    void missingHrefIsA404InsideThe207AndTheOthersAreServed() {
        String cal = newCalendar();
        String ics = event("a");
        String etag = caldav.userPut(cal, "a.ics", ics);
        Multi m = multi(multiget(cal, href(cal, "a.ics"), href(cal, "missing.ics")));
        assertThat(m.hrefs()).containsExactly(href(cal, "a.ics"), href(cal, "missing.ics"));
        Resp a = m.only(href(cal, "a.ics"));
        assertThat(a.text(DAV, "getetag")).isEqualTo(etag);
        assertThat(a.text(C, "calendar-data")).isEqualTo(ics.replace("\r\n", "\n"));
        assertThat(m.only(href(cal, "missing.ics")).status()).isEqualTo("HTTP/1.1 404 Not Found");
    }

    @Test
    void absoluteUrlsAndEitherEncodingOfAtAreAccepted() {
        String cal = newCalendar();
        caldav.userPut(cal, "a@b.ics", event("a"));
        String encoded = href(cal, "a%40b.ics");
        String absolute = caldav.calendarUri(cal).resolve("a%40b.ics").toString();
        String raw = "/alice/" + cal + "/a@b.ics";
        for (String spelling : new String[] {absolute, raw, encoded}) {
            Multi m = multi(multiget(cal, spelling));
            assertThat(m.hrefs()).as(spelling).containsExactly(encoded);
            assertThat(m.responses().get(0).status()).as(spelling).isNull();
        }
        // As on Radicale (which collects the hrefs into a set of decoded paths), one resource named
        // three ways in one request is answered once.
        Multi all = multi(multiget(cal, absolute, raw, encoded));
        assertThat(all.hrefs()).containsExactly(encoded);
    }

    @Test
    void hrefsOfAnotherCalendarAre404() {
        String cal = newCalendar();
        String other = newCalendar();
        caldav.userPut(other, "a.ics", event("a-other"));
        assertThat(multi(multiget(cal, href(other, "a.ics"))).responses().get(0).status())
                .contains("404");
    }

    @Test
    void defaultsHaveNoLag() {
        String cal = newCalendar();
        caldav.userPut(cal, "a.ics", event("a"));
        multi(sync(cal, null));
        assertThat(multi(multiget(cal, href(cal, "a.ics"))).responses().get(0).status())
                .isNull();
    }

    @Test
    void afterASyncListsAnHrefTheNextMultigetsOfItAre404ForTheConfiguredCount() {
        try (CalDavEmulator e = CalDavEmulator.start(
                CalDavEmulatorOptions.builder().multigetLagAfterSync(2).build())) {
            e.createCalendar("c");
            e.userPut("c", "a.ics", event("a"));
            e.userPut("c", "b.ics", event("b"));
            String a = e.calendarUri("c").getRawPath() + "a.ics";
            String b = e.calendarUri("c").getRawPath() + "b.ics";
            // no sync yet: no lag
            assertThat(statusOf(e, a)).isNull();
            multi(send(e, "REPORT", e.calendarUri("c"), syncBody(null), "Depth", "0"));
            assertThat(statusOf(e, a)).contains("404");
            assertThat(statusOf(e, a)).contains("404");
            assertThat(statusOf(e, a)).isNull();
            assertThat(statusOf(e, b)).contains("404"); // counted per href
            // GET is not affected
            assertThat(send(e, "GET", e.calendarUri("c").resolve("b.ics"), null).statusCode())
                    .isEqualTo(200);
        }
    }

    private static String statusOf(CalDavEmulator e, String href) {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><c:calendar-multiget xmlns:d=\"DAV:\""
                + " xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:prop><d:getetag/></d:prop><d:href>" + href
                + "</d:href></c:calendar-multiget>";
        return multi(send(e, "REPORT", e.calendarUri("c"), body, "Depth", "1"))
                .only(href)
                .status();
    }
}
