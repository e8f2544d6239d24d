package dev.calsync.caldav.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.caldav.internal.DavMultiStatus.Entry;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class DavMultiStatusTest {

    @Test
    void radicaleCalendarPropfindGivesEveryTypedProperty() {
        URI cal = URI.create("http://127.0.0.1:5232/alice/flow/");
        DavMultiStatus ms = DavMultiStatus.parse(DavFixtures.load("radicale/propfind-calendar.xml"), cal);

        assertThat(ms.responses()).hasSize(1);
        DavProps p = ms.responses().get(0).props();
        assertThat(p.isCalendar()).isTrue();
        assertThat(p.isCollection()).isTrue();
        assertThat(p.displayName()).isEqualTo("Work");
        assertThat(p.ctag()).isEqualTo("\"e5c2c912d7f3c2c4ed7b6bcb1347ac6167aa689d98348254110e08c92f4bd00f\"");
        assertThat(p.syncToken())
                .isEqualTo(
                        "http://radicale.org/ns/sync/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(p.supportedComponents()).containsExactly("VEVENT");
        assertThat(p.supportsComponent("VEVENT")).isTrue();
        assertThat(p.supportsComponent("VTODO")).isFalse();
        assertThat(p.supportsSyncCollection()).isTrue();
        assertThat(p.supportedReports()).contains(DavProps.CALENDAR_MULTIGET);
        assertThat(p.canWrite()).isTrue();
        // calendar-color and max-resource-size came back under a 404 propstat: absent, not empty
        assertThat(p.calendarColor()).isNull();
        assertThat(p.has(DavProps.CALENDAR_COLOR)).isFalse();
        assertThat(ms.responses().get(0).propStats())
                .extracting(DavMultiStatus.PropStat::status)
                .containsExactly(200, 404);
    }

    @Test
    void xandikosPropfindWithStatusBeforePropAndNoReportWrapper() {
        URI cal = URI.create("http://127.0.0.1:8091/user/calendars/flow/");
        DavProps p = DavMultiStatus.parse(DavFixtures.load("xandikos/propfind-calendar.xml"), cal)
                .responses()
                .get(0)
                .props();

        assertThat(p.isCalendar()).isTrue();
        assertThat(p.displayName()).isEqualTo("Work");
        assertThat(p.ctag())
                .isEqualTo("68550843516060bdecad44243962da2c4493636f")
                .isEqualTo(p.syncToken());
        assertThat(p.supportsSyncCollection()).isTrue();
        assertThat(p.supportedComponents()).containsExactlyInAnyOrder("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY");
        assertThat(p.canWrite()).isTrue(); // DAV:all
    }

    @Test
    void discoveryBodiesGivePrincipalAndHomeSet() {
        DavMultiStatus r = DavMultiStatus.parse(
                DavFixtures.load("radicale/propfind-principal.xml"), URI.create("http://127.0.0.1:5232/"));
        assertThat(r.responses().get(0).props().currentUserPrincipal()).isEqualTo("/alice/");
        assertThat(r.responses().get(0).props().calendarHomeSet()).isEmpty();

        DavMultiStatus x = DavMultiStatus.parse(
                DavFixtures.load("xandikos/propfind-homeset.xml"), URI.create("http://127.0.0.1:8091/user/"));
        assertThat(x.responses().get(0).props().calendarHomeSet()).containsExactly("/user/calendars/");
    }

    @Test
    void icloudHomeSetIsAnAbsoluteUrlOnThePartitionHost() {
        URI start = URI.create("https://caldav.icloud.com/1234567/principal/");
        DavMultiStatus ms = DavMultiStatus.parse(DavFixtures.load("icloud/propfind-principal.xml"), start);

        DavProps p = ms.responses().get(0).props();
        assertThat(p.currentUserPrincipal()).isEqualTo("/1234567/principal/");
        assertThat(p.calendarHomeSet()).containsExactly("https://p42-caldav.icloud.com:443/1234567/calendars/");
        assertThat(Hrefs.resolve(start, p.calendarHomeSet().get(0)))
                .contains(URI.create("https://p42-caldav.icloud.com/1234567/calendars/"));
    }

    @Test
    void icloudCalendarListingTellsCalendarsTasksAndInboxApart() {
        URI home = URI.create("https://p42-caldav.icloud.com/1234567/calendars/");
        List<Entry> rs = DavMultiStatus.parse(DavFixtures.load("icloud/propfind-calendars.xml"), home)
                .responses();

        assertThat(rs).hasSize(4);
        DavProps homeCal = rs.get(1).props();
        assertThat(homeCal.isCalendar()).isTrue();
        assertThat(homeCal.calendarColor()).isEqualTo("#FF2968FF");
        assertThat(homeCal.ctag()).isEqualTo("HwoQEgwAAA==");
        assertThat(homeCal.syncToken()).isEqualTo("HwoQEgwAAAh4lMBkAAAAAQ==");
        assertThat(homeCal.supportsSyncCollection()).isFalse(); // not listed in this body
        assertThat(homeCal.canWrite()).isTrue();
        DavProps tasks = rs.get(2).props();
        assertThat(tasks.supportsComponent("VEVENT")).isFalse();
        assertThat(tasks.canWrite()).isFalse();
        assertThat(rs.get(3).props().isCalendar()).isFalse();
        assertThat(rs.get(0).props().isCalendar()).isFalse();
    }

    @Test
    void radicaleSyncWithTokenBeforeResponsesGivesChangeAndRemoval() {
        URI cal = URI.create("http://127.0.0.1:5232/alice/flow/");
        DavMultiStatus ms = DavMultiStatus.parse(DavFixtures.load("radicale/sync-token.xml"), cal);

        assertThat(ms.syncToken())
                .isEqualTo(
                        "http://radicale.org/ns/sync/cb45bc68278a54642e32cec665f3695ee6f14f855bb04c3a2ed46d6de0608839");
        assertThat(ms.truncated()).isFalse();
        List<Entry> members = ms.members(cal);
        assertThat(members).extracting(Entry::href).containsExactly("/alice/flow/ev2.ics", "/alice/flow/ev1.ics");
        assertThat(members.get(0).notFound()).isTrue();
        assertThat(members.get(0).propStats()).isEmpty();
        assertThat(members.get(1).notFound()).isFalse();
        assertThat(members.get(1).etag().value())
                .isEqualTo("\"b8b1dda54c150f175d194ebfe19c12f997d1b7b3dfbd2ccacb04a4c142480620\"");
        assertThat(members.get(1).etag().weak()).isFalse();
    }

    @Test
    void xandikosSyncWithTokenAfterResponses() {
        URI cal = URI.create("http://127.0.0.1:8091/user/calendars/flow/");
        DavMultiStatus ms = DavMultiStatus.parse(DavFixtures.load("xandikos/sync-token.xml"), cal);

        assertThat(ms.syncToken()).isEqualTo("ecfdf3e8676921be33627c0dcdb09802eeb26a90");
        assertThat(ms.members(cal)).singleElement().satisfies(e -> {
            assertThat(e.uri()).isEqualTo(URI.create("http://127.0.0.1:8091/user/calendars/flow/ev1.ics"));
            assertThat(e.etag().value()).isEqualTo("\"25ebfa576f3e1c33ea724476d477f163b215b424\"");
        });
    }

    @Test
    void percentEncodedHrefsFromBothServersAreCanonical() {
        URI r = URI.create("http://127.0.0.1:5232/alice/flow/");
        URI x = URI.create("http://127.0.0.1:8091/user/calendars/flow/");

        assertThat(DavMultiStatus.parse(DavFixtures.load("radicale/sync-all.xml"), r)
                        .members(r))
                .extracting(Entry::uri)
                .contains(URI.create("http://127.0.0.1:5232/alice/flow/a@b%20c.ics"));
        assertThat(DavMultiStatus.parse(DavFixtures.load("xandikos/sync-all.xml"), x)
                        .members(x))
                .extracting(Entry::uri)
                .containsExactly(
                        URI.create("http://127.0.0.1:8091/user/calendars/flow/a@b%20c.ics"),
                        URI.create("http://127.0.0.1:8091/user/calendars/flow/ev1.ics"));
    }

    @Test
    void multigetGivesCalendarDataAndPerHrefNotFound() {
        URI cal = URI.create("http://127.0.0.1:5232/alice/flow/");
        List<Entry> members = DavMultiStatus.parse(DavFixtures.load("radicale/multiget.xml"), cal)
                .members(cal);

        assertThat(members).extracting(Entry::href).containsExactly("/alice/flow/missing.ics", "/alice/flow/ev1.ics");
        assertThat(members.get(0).notFound()).isTrue();
        String data = members.get(1).props().calendarData();
        assertThat(data).startsWith("BEGIN:VCALENDAR").contains("RECURRENCE-ID;TZID=Europe/Berlin:20260112T090000");
        assertThat(data.strip()).endsWith("END:VCALENDAR");

        URI xcal = URI.create("http://127.0.0.1:8091/user/calendars/flow/");
        List<Entry> xs = DavMultiStatus.parse(DavFixtures.load("xandikos/multiget.xml"), xcal)
                .members(xcal);
        assertThat(xs).extracting(Entry::notFound).containsExactly(false, true);
        assertThat(xs.get(0).props().calendarData()).contains("SUMMARY:Weekly standup (moved)");
    }

    @Test
    void icloudQuirksDefaultNamespaceCdataCollectionItselfDuplicatesAndEmpty404Propstat() {
        URI cal = URI.create("https://p42-caldav.icloud.com/1234567/calendars/home/");
        DavMultiStatus ms = DavMultiStatus.parse(DavFixtures.load("icloud/multiget-quirks.xml"), cal);

        assertThat(ms.responses()).hasSize(5);
        List<Entry> members = ms.members(cal);
        // the collection itself is dropped; the duplicate A1B2 keeps its last entry at its first place
        assertThat(members)
                .extracting(Entry::uri)
                .containsExactly(
                        URI.create("https://p42-caldav.icloud.com/1234567/calendars/home/A1B2.ics"),
                        URI.create("https://p42-caldav.icloud.com/1234567/calendars/home/C3D4.ics"),
                        URI.create("https://p42-caldav.icloud.com/1234567/calendars/home/gone.ics"));
        assertThat(members.get(0).etag().value()).isEqualTo("\"63758758583\"");
        // the first A1B2 entry: CDATA text intact, the empty 404 propstat does not blank it
        Entry first = ms.responses().get(1);
        assertThat(first.props().calendarData()).contains("SUMMARY:Fish & <Chips>");
        assertThat(first.etag().value()).isEqualTo("\"63758758581\"");
        assertThat(members.get(2).notFound()).isTrue();
    }

    @Test
    void truncationMarkerDuplicatesUnknown404AndWeakEtag() {
        URI cal = URI.create("https://dav.example.com/cal/");
        DavMultiStatus ms = DavMultiStatus.parse(DavFixtures.load("synthetic/sync-507.xml"), cal);

        assertThat(ms.truncated()).isTrue();
        assertThat(ms.syncToken()).isEqualTo("http://sabre.io/ns/sync/17");
        List<Entry> members = ms.members(cal);
        assertThat(members).extracting(Entry::href).containsExactly("/cal/a.ics", "/cal/never-known.ics");
        assertThat(members.get(0).etag().value()).isEqualTo("\"strong-2\"");
        Entry weak = ms.responses().get(0);
        assertThat(weak.etag().value()).isEqualTo("W/\"weak-1\"");
        assertThat(weak.etag().weak()).isTrue();
        assertThat(weak.etag().usableForIfMatch()).isFalse();
    }

    @Test
    void a507WithoutConditionOnlyCountsForTheRequestUri() {
        URI cal = URI.create("https://dav.example.com/cal/");
        String onRequestUri = "<multistatus xmlns=\"DAV:\"><response><href>https://dav.example.com/cal</href>"
                + "<status>HTTP/1.1 507 Insufficient Storage</status></response></multistatus>";
        String onMember = "<multistatus xmlns=\"DAV:\"><response><href>/cal/x.ics</href>"
                + "<status>HTTP/1.1 507 Insufficient Storage</status></response></multistatus>";

        assertThat(DavMultiStatus.parse(onRequestUri, cal).truncated()).isTrue();
        assertThat(DavMultiStatus.parse(onMember, cal).truncated()).isFalse();
    }

    @Test
    void evilHrefsAreNeverMembers() {
        URI cal = URI.create("https://caldav.example.com/cal/");
        DavMultiStatus ms = DavMultiStatus.parse(DavFixtures.load("evil/sync-evil-hrefs.xml"), cal);

        assertThat(ms.responses()).hasSize(11);
        assertThat(ms.members(cal))
                .singleElement()
                .satisfies(e -> assertThat(e.uri()).isEqualTo(URI.create("https://caldav.example.com/cal/good.ics")));
    }

    @Test
    void failedWritesIn207AreSeen() {
        URI x = URI.create("http://127.0.0.1:8091/user/calendars/flow/other.ics");
        DavMultiStatus conflict = DavMultiStatus.parse(DavFixtures.load("xandikos/uidconflict.xml"), x);
        assertThat(conflict.allSucceeded()).isFalse();
        assertThat(conflict.firstFailure()).hasValueSatisfying(e -> {
            assertThat(e.status()).isEqualTo(412);
            assertThat(e.error().uidConflict()).isTrue();
            assertThat(e.description()).isEqualTo("UID already in use.");
        });

        DavMultiStatus exists = DavMultiStatus.parse(
                DavFixtures.load("xandikos/mkcal-existing.xml"),
                URI.create("http://127.0.0.1:8091/user/calendars/flow/"));
        assertThat(exists.allSucceeded()).isFalse();
        assertThat(exists.responses().get(0).error().has(DavError.RESOURCE_MUST_BE_NULL))
                .isTrue();

        DavMultiStatus deleted = DavMultiStatus.parse(
                DavFixtures.load("radicale/delete-200.xml"), URI.create("http://127.0.0.1:5232/alice/flow/ev2.ics"));
        assertThat(deleted.allSucceeded()).isTrue();
    }

    @Test
    void xandikosMkcalendarResponseIsNotAMultistatus() {
        assertThatThrownBy(() -> DavMultiStatus.parse(
                        DavFixtures.load("xandikos/mkcalendar-201.xml"),
                        URI.create("http://127.0.0.1:8091/user/calendars/flow/")))
                .isInstanceOf(DavProtocolException.class)
                .hasMessageContaining("carldav");
    }

    @Test
    void calendarListingsFromRealServersFindTheirCalendars() {
        URI rhome = URI.create("http://127.0.0.1:5232/alice/");
        assertThat(DavMultiStatus.parse(DavFixtures.load("radicale/cals.xml"), rhome)
                        .responses())
                .filteredOn(e -> e.props().isCalendar())
                .extracting(e -> e.props().displayName())
                .contains("Work");
        URI xhome = URI.create("http://127.0.0.1:8091/user/calendars/");
        assertThat(DavMultiStatus.parse(DavFixtures.load("xandikos/cals.xml"), xhome)
                        .responses())
                .filteredOn(e -> e.props().isCalendar())
                .extracting(Entry::uri)
                .contains(
                        URI.create("http://127.0.0.1:8091/user/calendars/flow/"),
                        URI.create("http://127.0.0.1:8091/user/calendars/calendar/"));
    }
}
