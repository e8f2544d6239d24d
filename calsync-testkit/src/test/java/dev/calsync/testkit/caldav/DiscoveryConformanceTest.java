package dev.calsync.testkit.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** CALDAV.md §2.1 and §6.5 (Radicale layout), §4 #3 (iCloud's home set on another host), MKCALENDAR. */
class DiscoveryConformanceTest extends CalDavTestSupport {

    @Test
    void wellKnownRedirectsToTheRootWithoutAuthenticationAsRadicaleDoes() {
        for (String method : new String[] {"GET", "PROPFIND"}) {
            HttpResponse<String> r = sendAuth(method, caldav.baseUri().resolve("/.well-known/caldav"), null, null);
            assertThat(r.statusCode()).isEqualTo(301);
            assertThat(r.headers().firstValue("Location")).contains("/");
        }
    }

    @Test
    void rootNamesThePrincipalAndThePrincipalNamesTheHomeRadicaleStyle() {
        Multi root = multi(propfind(caldav.baseUri(), "0", "<d:current-user-principal/>"));
        Resp r = root.only("/");
        assertThat(r.props().get(DAV + "current-user-principal").getTextContent())
                .isEqualTo("/alice/");

        Multi principal =
                multi(propfind(caldav.principalUri(), "0", "<d:current-user-principal/><c:calendar-home-set/>"));
        assertThat(principal.only("/alice/").text(C, "calendar-home-set")).isEqualTo("/alice/");
        assertThat(caldav.principalUri()).isEqualTo(caldav.baseUri().resolve("/alice/"));
        assertThat(caldav.calendarHomeUri()).isEqualTo(caldav.principalUri());
    }

    @Test
    void depthOneOnTheHomeListsCalendarsWithTheirResourceType() {
        String cal = newCalendar();
        Multi m = multi(propfind(caldav.calendarHomeUri(), "1", "<d:resourcetype/><d:displayname/>"));
        Resp c = m.only("/alice/" + cal + "/");
        assertThat(has(c.props().get(DAV + "resourcetype"), C, "calendar")).isTrue();
        assertThat(c.text(DAV, "displayname")).isEqualTo(cal);
        assertThat(has(m.only("/alice/").props().get(DAV + "resourcetype"), C, "calendar"))
                .isFalse();
    }

    @Test
    void mkcalendarCreatesWithItsPropertiesAndAnExistingOneIs409ResourceMustBeNull() {
        URI uri = caldav.calendarHomeUri().resolve("made/");
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><c:mkcalendar xmlns:d=\"DAV:\""
                + " xmlns:c=\"urn:ietf:params:xml:ns:caldav\" xmlns:ical=\"http://apple.com/ns/ical/\"><d:set><d:prop>"
                + "<d:displayname>Made</d:displayname><ical:calendar-color>#FF0000FF</ical:calendar-color>"
                + "<c:supported-calendar-component-set><c:comp name=\"VEVENT\"/></c:supported-calendar-component-set>"
                + "</d:prop></d:set></c:mkcalendar>";
        HttpResponse<String> created = send("MKCALENDAR", uri, body);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).isEmpty();

        Resp r = multi(propfind(
                        uri, "0", "<d:displayname/><ical:calendar-color/><c:supported-calendar-component-set/>"))
                .only("/alice/made/");
        assertThat(r.text(DAV, "displayname")).isEqualTo("Made");
        assertThat(r.text(ICAL, "calendar-color")).isEqualTo("#FF0000FF");
        assertThat(kids(r.props().get(C + "supported-calendar-component-set")))
                .extracting(e -> e.getAttribute("name"))
                .containsExactly("VEVENT");

        HttpResponse<String> again = send("MKCALENDAR", uri, body);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(has(parse(again.body()).getDocumentElement(), DAV, "resource-must-be-null"))
                .isTrue();
    }

    @Test
    void createCalendarReturnsTheCollectionUri() {
        URI uri = caldav.createCalendar("a@b c");
        assertThat(uri.toString()).isEqualTo(caldav.baseUri() + "alice/a%40b%20c/");
        assertThat(propfind(uri, "0", "<d:resourcetype/>").statusCode()).isEqualTo(207);
    }

    @Test
    void crossHostHomeSetIsAnAbsoluteUrlOnAnotherPortWhichAloneServesTheCalendars() {
        try (CalDavEmulator icloud = CalDavEmulator.start(
                CalDavEmulatorOptions.builder().crossHostHomeSet(true).build())) {
            URI work = icloud.createCalendar("work");
            Multi root = multi(send(
                    icloud, "PROPFIND", icloud.baseUri(), propfindBody("<d:current-user-principal/>"), "Depth", "0"));
            String principal =
                    root.only("/").props().get(DAV + "current-user-principal").getTextContent();
            assertThat(principal).isEqualTo("/1234567890/principal/");

            Multi p = multi(send(
                    icloud,
                    "PROPFIND",
                    icloud.baseUri().resolve(principal),
                    propfindBody("<c:calendar-home-set/>"),
                    "Depth",
                    "0"));
            String home = p.responses().get(0).text(C, "calendar-home-set");
            URI homeUri = URI.create(home);
            assertThat(homeUri.getHost()).isEqualTo("127.0.0.1");
            assertThat(homeUri.getPort()).isNotEqualTo(icloud.baseUri().getPort());
            assertThat(homeUri).isEqualTo(icloud.calendarHomeUri());
            assertThat(work.toString()).startsWith(home);

            Multi cals = multi(send(icloud, "PROPFIND", homeUri, propfindBody("<d:resourcetype/>"), "Depth", "1"));
            assertThat(cals.hrefs()).contains("/1234567890/calendars/work/");

            // a client dropping the host of the home set (go-webdav#61) ends on the discovery host: 404
            URI wrongHost = icloud.baseUri().resolve(homeUri.getRawPath());
            assertThat(send(icloud, "PROPFIND", wrongHost, propfindBody("<d:resourcetype/>"), "Depth", "1")
                            .statusCode())
                    .isEqualTo(404);
            assertThat(send(icloud, "PUT", icloud.baseUri().resolve(work.getRawPath() + "x.ics"), event("x"))
                            .statusCode())
                    .isEqualTo(404);
            assertThat(send(icloud, "PUT", work.resolve("x.ics"), event("x")).statusCode())
                    .isEqualTo(201);
        }
    }
}
