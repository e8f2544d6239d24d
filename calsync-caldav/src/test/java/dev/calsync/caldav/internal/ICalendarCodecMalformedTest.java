package dev.calsync.caldav.internal;

import static dev.calsync.caldav.internal.ICalFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.event.MalformedEventException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Data calsync cannot take without losing something is refused, naming what is wrong. */
class ICalendarCodecMalformedTest {

    private static String event(String... lines) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + String.join("\r\n", lines) + "\r\nEND:VCALENDAR\r\n";
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(String body, String field) {
        return assertThatThrownBy(() -> ICalendarCodec.parse(body))
                .isExactlyInstanceOf(MalformedEventException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((MalformedEventException) e).field())
                        .isEqualTo(field));
    }

    @Test
    void textThatIsNotIcalendarIsRefused() {
        refused("<html><body>Service Unavailable</body></html>", "VCALENDAR").hasMessageContaining("not iCalendar");
        refused("", "VCALENDAR");
        refused("BEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n", "VCALENDAR");
    }

    @Test
    void aTruncatedBodyIsRefused() {
        String whole = fixture("event1.ics");

        refused(whole.substring(0, whole.indexOf("END:VCALENDAR")), "VCALENDAR").hasMessageContaining("never closed");
    }

    @Test
    void mismatchedEndIsRefused() {
        refused(event("BEGIN:VEVENT", "UID:a", "DTSTART:20260101T100000Z", "END:VTODO"), "VCALENDAR")
                .hasMessageContaining("END:VTODO");
    }

    @Test
    void aVeventWithoutUidIsRefused() {
        refused(event("BEGIN:VEVENT", "DTSTART:20260101T100000Z", "END:VEVENT"), "UID");
    }

    @Test
    void twoUidsInOneResourceAreRefused() {
        refused(fixture("two-uids.ics"), "UID").hasMessageContaining("a@x").hasMessageContaining("b@x");
    }

    @Test
    void aMissingDtstartIsRefused() {
        refused(event("BEGIN:VEVENT", "UID:a", "SUMMARY:no start", "END:VEVENT"), "DTSTART");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "DTSTART:2026-01-01T10:00:00Z|DTSTART",
                "DTSTART:20261301T100000Z|DTSTART",
                "DTSTART;TZID=Mars/Olympus:20260101T100000|DTSTART",
                "DTSTART;VALUE=DATE:20260101T100000|DTSTART",
            })
    void anUnparsableStartIsRefused(String line, String field) {
        refused(event("BEGIN:VEVENT", "UID:a", line, "END:VEVENT"), field);
    }

    @Test
    void anEndBeforeTheStartIsRefused() {
        refused(
                event("BEGIN:VEVENT", "UID:a", "DTSTART:20260101T100000Z", "DTEND:20260101T090000Z", "END:VEVENT"),
                "DTEND");
        refused(event("BEGIN:VEVENT", "UID:a", "DTSTART:20260101T100000Z", "DURATION:-PT1H", "END:VEVENT"), "DTEND");
    }

    @Test
    void anEndOfAnotherValueTypeIsRefused() {
        refused(
                event("BEGIN:VEVENT", "UID:a", "DTSTART:20260101T100000Z", "DTEND;VALUE=DATE:20260102", "END:VEVENT"),
                "DTEND");
    }

    @Test
    void twoMastersAreRefused() {
        refused(
                        event(
                                "BEGIN:VEVENT",
                                "UID:a",
                                "DTSTART:20260101T100000Z",
                                "END:VEVENT",
                                "BEGIN:VEVENT",
                                "UID:a",
                                "DTSTART:20260102T100000Z",
                                "END:VEVENT"),
                        "RECURRENCE-ID")
                .hasMessageContaining("two masters");
    }

    @Test
    void twoOverridesOfOneOccurrenceAreRefusedWhateverTheirSpelling() {
        // The same instant, once in UTC and once as a Berlin local time.
        refused(
                        event(
                                "BEGIN:VEVENT",
                                "UID:a",
                                "RECURRENCE-ID:20260105T080000Z",
                                "DTSTART:20260105T090000Z",
                                "END:VEVENT",
                                "BEGIN:VEVENT",
                                "UID:a",
                                "RECURRENCE-ID;TZID=Europe/Berlin:20260105T090000",
                                "DTSTART:20260105T100000Z",
                                "STATUS:CANCELLED",
                                "END:VEVENT"),
                        "RECURRENCE-ID")
                .hasMessageContaining("two overrides");
    }

    @Test
    void unknownStatusAndBadRulesAreRefused() {
        refused(
                event("BEGIN:VEVENT", "UID:a", "DTSTART:20260101T100000Z", "STATUS:NEEDS-ACTION", "END:VEVENT"),
                "STATUS");
        refused(
                event("BEGIN:VEVENT", "UID:a", "DTSTART:20260101T100000Z", "RRULE:FREQ=SOMETIMES", "END:VEVENT"),
                "RRULE");
        refused(event("BEGIN:VEVENT", "UID:a", "DTSTART:20260101T100000Z", "DURATION:soon", "END:VEVENT"), "DURATION");
        refused(
                event("BEGIN:VEVENT", "UID:a", "DTSTART:20260101T100000Z", "ATTENDEE;CN=Nobody:", "END:VEVENT"),
                "ATTENDEE");
    }

    @Test
    void aBrokenCustomVtimezoneIsRefusedAsMalformedNotAsAnIcal4jException() {
        String body = event(
                "BEGIN:VTIMEZONE",
                "TZID:Broken Zone",
                "BEGIN:STANDARD",
                "DTSTART:garbage",
                "TZOFFSETFROM:+0100",
                "TZOFFSETTO:+0100",
                "END:STANDARD",
                "END:VTIMEZONE",
                "BEGIN:VEVENT",
                "UID:a",
                "DTSTART;TZID=Broken Zone:20260101T100000",
                "END:VEVENT");

        assertThatThrownBy(() -> ICalendarCodec.parse(body)).isExactlyInstanceOf(MalformedEventException.class);
    }

    @Test
    void messyButHarmlessValuesAreNotRefused() {
        // Things ical4j's strict parser rejects but that lose nothing calsync maps.
        String body = event(
                "BEGIN:VEVENT",
                "UID:a",
                "DTSTART:20260101T100000Z",
                "URL:not a url",
                "SEQUENCE:abc",
                "PRIORITY:high",
                "GEO:garbage",
                "CREATED:garbage",
                "LAST-MODIFIED:yesterday",
                "END:VEVENT");

        org.assertj.core.api.Assertions.assertThat(ICalendarCodec.parse(body)).isPresent();
    }
}
