package dev.calsync.testkit.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * calendar-query with a VEVENT time-range (RFC 4791 §9.9, CALDAV.md §2.4): recurring series expanded
 * in their time zone, overrides moved into and out of the window, EXDATE, all-day events.
 */
class CalendarQueryConformanceTest extends CalDavTestSupport {
    private static final String BERLIN = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\n"
            + "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\n"
            + "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\n"
            + "TZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
            + "END:STANDARD\r\nEND:VTIMEZONE\r\n";

    /**
     * Weekly on Mondays 09:00 Berlin from 2026-01-05, COUNT=13; the 2026-01-12 instance moved to
     * 2026-01-14 15:00; the 2026-01-19 instance excluded.
     */
    static final String SERIES = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//tests//EN\r\n" + BERLIN
            + "BEGIN:VEVENT\r\nUID:series\r\nDTSTAMP:20260101T000000Z\r\n"
            + "DTSTART;TZID=Europe/Berlin:20260105T090000\r\nDTEND;TZID=Europe/Berlin:20260105T100000\r\n"
            + "RRULE:FREQ=WEEKLY;COUNT=13\r\nEXDATE;TZID=Europe/Berlin:20260119T090000\r\nSUMMARY:weekly\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nUID:series\r\nDTSTAMP:20260101T000000Z\r\nRECURRENCE-ID;TZID=Europe/Berlin:20260112T090000\r\n"
            + "DTSTART;TZID=Europe/Berlin:20260114T150000\r\nDTEND;TZID=Europe/Berlin:20260114T160000\r\n"
            + "SUMMARY:moved\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    static final String ALL_DAY = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//tests//EN\r\n"
            + "BEGIN:VEVENT\r\nUID:allday\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260301\r\n"
            + "DTEND;VALUE=DATE:20260302\r\nSUMMARY:day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    static final String TODO = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//tests//EN\r\n"
            + "BEGIN:VTODO\r\nUID:todo\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:task\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";

    private String cal;

    @BeforeAll
    void fill() {
        cal = newCalendar();
        caldav.userPut(cal, "series.ics", SERIES);
        caldav.userPut(cal, "single.ics", event("single", "20260201T120000Z", "20260201T130000Z"));
        caldav.userPut(cal, "allday.ics", ALL_DAY);
        caldav.userPut(cal, "todo.ics", TODO);
    }

    private List<String> query(String start, String end) {
        return query(
                "VEVENT", start == null ? "" : " start=\"" + start + "\"", end == null ? "" : " end=\"" + end + "\"");
    }

    private List<String> query(String comp, String start, String end) {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><c:calendar-query xmlns:d=\"DAV:\""
                + " xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:prop><d:getetag/></d:prop><c:filter>"
                + "<c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"" + comp + "\">"
                + (start.isEmpty() && end.isEmpty() ? "" : "<c:time-range" + start + end + "/>")
                + "</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>";
        Multi m = multi(send("REPORT", caldav.calendarUri(cal), body, "Depth", "1"));
        assertThat(m.responses())
                .allSatisfy(r -> assertThat(r.text(DAV, "getetag")).isNotBlank());
        return m.hrefs().stream().map(h -> h.substring(h.lastIndexOf('/') + 1)).toList();
    }

    @Test
    void withoutTimeRangeEveryEventMatchesAndTasksDoNot() {
        assertThat(query(null, null)).containsExactlyInAnyOrder("series.ics", "single.ics", "allday.ics");
        assertThat(query("VTODO", "", "")).containsExactly("todo.ics");
    }

    @Test
    void laterInstanceOfASeriesMatches() {
        // 2026-02-02 09:00 Berlin = 08:00Z (4th instance)
        assertThat(query("20260202T075900Z", "20260202T080100Z")).containsExactly("series.ics");
        // between instances: nothing
        assertThat(query("20260203T000000Z", "20260204T000000Z")).isEmpty();
    }

    @Test
    void afterTheLastInstanceNothingMatches() {
        // 13th instance 2026-03-30 09:00 CEST = 07:00Z; the 14th would be 2026-04-06
        assertThat(query("20260330T065900Z", "20260330T070100Z")).containsExactly("series.ics");
        assertThat(query("20260406T000000Z", "20260407T000000Z")).isEmpty();
    }

    @Test
    void seriesInstancesKeepTheirWallClockTimeAcrossDst() {
        // before DST 09:00 Berlin is 08:00Z, after it (2026-03-29) 07:00Z
        assertThat(query("20260323T080000Z", "20260323T080100Z")).containsExactly("series.ics");
        assertThat(query("20260330T080000Z", "20260330T085900Z")).isEmpty();
        assertThat(query("20260330T070000Z", "20260330T070100Z")).containsExactly("series.ics");
    }

    @Test
    void overrideMovedIntoTheWindowMatchesTheSeries() {
        // only the moved occurrence lies on 2026-01-14 (15:00 Berlin = 14:00Z)
        assertThat(query("20260114T000000Z", "20260115T000000Z")).containsExactly("series.ics");
    }

    @Test
    void overrideMovedOutOfTheWindowLeavesNothingAtItsOriginalSlot() {
        // the original slot 2026-01-12 08:00Z was moved away
        assertThat(query("20260112T000000Z", "20260113T000000Z")).isEmpty();
    }

    @Test
    void excludedInstanceDoesNotMatch() {
        assertThat(query("20260119T000000Z", "20260120T000000Z")).isEmpty();
    }

    @Test
    void allDayEventCoversItsDateOnly() {
        assertThat(query("20260301T120000Z", "20260301T130000Z")).containsExactly("allday.ics");
        assertThat(query("20260302T000000Z", "20260302T010000Z")).isEmpty();
    }

    @Test
    void theEmulatorLeavesTheJvmsZoneIdsAlone() {
        // ical4j's CalendarBuilder would add 1500 ical4j-local-… ids that calsync-core cannot load
        query("20260101T000000Z", "20260201T000000Z");
        assertThat(java.time.ZoneId.getAvailableZoneIds()).noneMatch(id -> id.startsWith("ical4j"));
    }

    @Test
    void rangeBoundariesAreHalfOpen() {
        // single: 12:00Z-13:00Z on 2026-02-01
        assertThat(query("20260201T130000Z", "20260201T140000Z")).isEmpty();
        assertThat(query("20260201T110000Z", "20260201T120000Z")).isEmpty();
        assertThat(query("20260201T125959Z", "20260201T140000Z")).containsExactly("single.ics");
        assertThat(query("20260201T000000Z", null)).containsExactlyInAnyOrder("series.ics", "single.ics", "allday.ics");
        assertThat(query("20260305T000000Z", null)).containsExactly("series.ics");
        assertThat(query(null, "20260105T080000Z")).isEmpty();
        assertThat(query(null, "20260105T080100Z")).containsExactly("series.ics");
    }
}
