package dev.calsync.testkit.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Request bodies with a DOCTYPE are refused (CALDAV.md §2.7, §3.2): no DTD, no entities, no XXE. */
class XmlSecurityConformanceTest extends CalDavTestSupport {
    private static final String XXE =
            "<?xml version=\"1.0\"?><!DOCTYPE d:propfind [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                    + "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:displayname>&xxe;</d:displayname></d:prop></d:propfind>";
    private static final String LAUGHS = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            + "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
            + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">]>"
            + "<d:sync-collection xmlns:d=\"DAV:\"><d:sync-token>&lol2;</d:sync-token><d:sync-level>1</d:sync-level>"
            + "<d:prop><d:getetag/></d:prop></d:sync-collection>";

    @Test
    void propfindWithDoctypeIs400() {
        String cal = newCalendar();
        var r = send("PROPFIND", caldav.calendarUri(cal), XXE, "Depth", "0");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("root:");
    }

    @Test
    void reportWithDoctypeIs400() {
        String cal = newCalendar();
        assertThat(send("REPORT", caldav.calendarUri(cal), LAUGHS, "Depth", "0").statusCode())
                .isEqualTo(400);
        String internalOnly = "<?xml version=\"1.0\"?><!DOCTYPE x><d:sync-collection xmlns:d=\"DAV:\"><d:sync-token/>"
                + "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>";
        assertThat(send("REPORT", caldav.calendarUri(cal), internalOnly, "Depth", "0")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("REPORT", caldav.calendarUri(cal), syncBody(null), "Depth", "0")
                        .statusCode())
                .isEqualTo(207);
    }

    @Test
    void mkcalendarWithDoctypeIs400AndCreatesNothing() {
        String body = "<?xml version=\"1.0\"?><!DOCTYPE c:mkcalendar [<!ENTITY n \"x\">]><c:mkcalendar xmlns:d=\"DAV:\""
                + " xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:set><d:prop><d:displayname>&n;</d:displayname>"
                + "</d:prop></d:set></c:mkcalendar>";
        var uri = caldav.calendarHomeUri().resolve("doctype/");
        assertThat(send("MKCALENDAR", uri, body).statusCode()).isEqualTo(400);
        assertThat(propfind(uri, "0", "<d:resourcetype/>").statusCode()).isEqualTo(404);
    }

    @Test
    void malformedXmlIs400() {
        String cal = newCalendar();
        assertThat(send("REPORT", caldav.calendarUri(cal), "<d:sync-collection xmlns:d=\"DAV:\">", "Depth", "0")
                        .statusCode())
                .isEqualTo(400);
    }
}
