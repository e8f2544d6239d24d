package dev.calsync.caldav.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class DavRequestsTest {

    private static Element parsed(String body) {
        assertThat(body).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        return DavXml.parse(body, "request body");
    }

    @Test
    void propfindBodiesAskForTheNamedProperties() {
        Element cals = parsed(DavRequests.propfindCalendars());
        assertThat(DavXml.is(cals, DavXml.DAV, "propfind")).isTrue();
        Element prop = DavXml.child(cals, DavXml.DAV, "prop");
        assertThat(DavXml.elements(prop))
                .extracting(DavXml::name)
                .containsExactlyInAnyOrder(
                        DavProps.RESOURCETYPE,
                        DavProps.DISPLAYNAME,
                        DavProps.SUPPORTED_CALENDAR_COMPONENT_SET,
                        DavProps.GETCTAG,
                        DavProps.SYNC_TOKEN,
                        DavProps.SUPPORTED_REPORT_SET,
                        DavProps.CURRENT_USER_PRIVILEGE_SET,
                        DavProps.CALENDAR_COLOR);
        assertThat(DavXml.elements(DavXml.child(parsed(DavRequests.propfindPrincipal()), DavXml.DAV, "prop")))
                .extracting(DavXml::name)
                .containsExactly(DavProps.CURRENT_USER_PRINCIPAL, DavProps.CALENDAR_HOME_SET);
        assertThat(DavXml.elements(DavXml.child(parsed(DavRequests.propfindEtags()), DavXml.DAV, "prop")))
                .extracting(DavXml::name)
                .contains(DavProps.GETETAG);
        assertThat(DavXml.elements(DavXml.child(parsed(DavRequests.propfindCollectionState()), DavXml.DAV, "prop")))
                .extracting(DavXml::name)
                .containsExactly(DavProps.GETCTAG, DavProps.SYNC_TOKEN, DavProps.SUPPORTED_REPORT_SET);
        parsed(DavRequests.propfindHomeSet());
    }

    @Test
    void syncCollectionHasLevelOneNoLimitAndTheTokenVerbatimButEscaped() {
        Element initial = parsed(DavRequests.syncCollection(null));
        assertThat(DavXml.is(initial, DavXml.DAV, "sync-collection")).isTrue();
        assertThat(DavXml.elements(initial))
                .extracting(e -> e.getLocalName())
                .containsExactly("sync-token", "sync-level", "prop");
        assertThat(DavXml.text(DavXml.child(initial, DavXml.DAV, "sync-token"))).isEmpty();
        assertThat(DavXml.text(DavXml.child(initial, DavXml.DAV, "sync-level"))).isEqualTo("1");
        assertThat(DavRequests.syncCollection("")).isEqualTo(DavRequests.syncCollection(null));

        String token = "data:,a&b<c>\"d";
        String body = DavRequests.syncCollection(token);
        assertThat(body).doesNotContain("limit").contains("a&amp;b&lt;c&gt;");
        assertThat(DavXml.text(DavXml.child(parsed(body), DavXml.DAV, "sync-token")))
                .isEqualTo(token);
    }

    @Test
    void multigetListsEveryHrefAsARawPath() {
        Element m = parsed(DavRequests.calendarMultiget(List.of(
                URI.create("https://h/cal/a.ics"),
                URI.create("https://h/cal/a@b%20c.ics"),
                URI.create("https://h/cal/x&y.ics"))));
        assertThat(DavXml.is(m, DavXml.CALDAV, "calendar-multiget")).isTrue();
        assertThat(DavXml.children(m, DavXml.DAV, "href"))
                .extracting(DavXml::text)
                .containsExactly("/cal/a.ics", "/cal/a@b%20c.ics", "/cal/x&y.ics");
        assertThat(DavXml.elements(DavXml.child(m, DavXml.DAV, "prop")))
                .extracting(DavXml::name)
                .containsExactly(DavProps.GETETAG, DavProps.CALENDAR_DATA);
        assertThatThrownBy(() -> DavRequests.calendarMultiget(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void calendarQueryNestsVeventInVcalendarWithAUtcTimeRange() {
        String body = DavRequests.calendarQuery(
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T12:30:00Z"), false);
        Element q = parsed(body);
        Element vcal = DavXml.child(DavXml.child(q, DavXml.CALDAV, "filter"), DavXml.CALDAV, "comp-filter");
        assertThat(vcal.getAttribute("name")).isEqualTo("VCALENDAR");
        Element vevent = DavXml.child(vcal, DavXml.CALDAV, "comp-filter");
        assertThat(vevent.getAttribute("name")).isEqualTo("VEVENT");
        Element range = DavXml.child(vevent, DavXml.CALDAV, "time-range");
        assertThat(range.getAttribute("start")).isEqualTo("20260101T000000Z");
        assertThat(range.getAttribute("end")).isEqualTo("20260201T123000Z");
        assertThat(body).doesNotContain("calendar-data");
        assertThat(DavRequests.calendarQuery(null, Instant.parse("2026-02-01T00:00:00Z"), true))
                .contains("calendar-data")
                .doesNotContain("start=");
        assertThatThrownBy(() -> DavRequests.calendarQuery(
                        Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mkcalendarEscapesTheNameAndAsksForVeventOnly() {
        Element mk = parsed(DavRequests.mkcalendar("Team <Ops> & \"Friends\""));
        assertThat(DavXml.is(mk, DavXml.CALDAV, "mkcalendar")).isTrue();
        Element prop = DavXml.child(DavXml.child(mk, DavXml.DAV, "set"), DavXml.DAV, "prop");
        assertThat(DavXml.text(DavXml.child(prop, DavXml.DAV, "displayname"))).isEqualTo("Team <Ops> & \"Friends\"");
        Element comps = DavXml.child(prop, DavXml.CALDAV, "supported-calendar-component-set");
        assertThat(DavXml.children(comps, DavXml.CALDAV, "comp"))
                .extracting(e -> e.getAttribute("name"))
                .containsExactly("VEVENT");
    }
}
