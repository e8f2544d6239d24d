package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§2 error catalogue")
class ErrorCatalogueConformanceTest extends EmulatorTestSupport {

    @Test
    @DisplayName("§2 E2 timeMin >= timeMax -> 400 calendar/timeRangeEmpty at parameter timeMax")
    void e2TimeRangeEmpty() throws Exception {
        String cal = newCalendar();
        GoogleJsonError d = fails(
                () -> net.events()
                        .list(cal)
                        .setTimeMin(new DateTime("2026-03-10T10:00:00Z"))
                        .setTimeMax(new DateTime("2026-03-10T10:00:00Z"))
                        .execute(),
                400,
                "timeRangeEmpty",
                "The specified time range is empty.");
        assertThat(d.getErrors().get(0).getDomain()).isEqualTo("calendar");
        assertThat(d.getErrors().get(0).getLocationType()).isEqualTo("parameter");
        assertThat(d.getErrors().get(0).getLocation()).isEqualTo("timeMax");
    }

    @Test
    @DisplayName("§2 E3 bad client id -> 400 global/invalid 'Invalid resource id value.'")
    void e3InvalidResourceId() {
        String cal = newCalendar();
        GoogleJsonError d = fails(
                () -> insert(
                        cal,
                        timed("x", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                                .setId("UPPER-case")),
                400,
                "invalid",
                "Invalid resource id value.");
        assertThat(d.getErrors().get(0).getDomain()).isEqualTo("global");
    }

    @Test
    @DisplayName("§2 E4 orderBy=startTime without singleEvents -> 400 badRequest")
    void e4OrderingNotAvailable() {
        String cal = newCalendar();
        fails(
                () -> net.events().list(cal).setOrderBy("startTime").execute(),
                400,
                "badRequest",
                "The requested ordering is not available for the particular query.");
    }

    @Test
    @DisplayName("§2 E5/E6/E7 bad token combinations 400, garbage token 400, invalidated token 410")
    void e5e6e7SyncTokenErrors() throws Exception {
        String cal = newCalendar();
        String token = net.events().list(cal).setShowDeleted(true).execute().getNextSyncToken();
        fails(
                () -> net.events().list(cal).setSyncToken(token).setQ("x").execute(),
                400,
                "syncTokenWithRequestRestrictions",
                "Sync token cannot be used with other request restrictions.");
        fails(
                () -> net.events().list(cal).setSyncToken("garbage!").execute(),
                400,
                "invalid",
                "Invalid sync token value.");
        google.invalidateSyncTokens(cal);
        GoogleJsonError d = fails(
                () -> net.events().list(cal).setSyncToken(token).execute(),
                410,
                "fullSyncRequired",
                "Sync token is no longer valid, a full sync is required.");
        assertThat(d.getErrors().get(0).getDomain()).isEqualTo("calendar");
        assertThat(d.getErrors().get(0).getLocation()).isEqualTo("syncToken");
    }

    @Test
    @DisplayName("§2 E8 updatedMin older than the limit -> 410 updatedMinTooLongAgo")
    void e8UpdatedMinTooLongAgo() {
        String cal = newCalendar();
        GoogleJsonError d = fails(
                () -> net.events()
                        .list(cal)
                        .setUpdatedMin(
                                new DateTime(T0.minus(Duration.ofDays(40)).toEpochMilli()))
                        .execute(),
                410,
                "updatedMinTooLongAgo",
                "The requested minimum modification time lies too far in the past.");
        assertThat(d.getErrors().get(0).getLocation()).isEqualTo("updatedMin");
    }

    @Test
    @DisplayName("§2 E9 E10 E11 E13: deleted 410, unknown 404, duplicate 409, stale If-Match 412")
    void e9e10e11e13() throws Exception {
        String cal = newCalendar();
        Event e = insert(
                cal, timed("x", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z").setId("abcde12345"));
        fails(() -> net.events().get(cal, "nosuchid00").execute(), 404, "notFound", "Not Found");
        fails(
                () -> insert(
                        cal,
                        timed("y", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                                .setId("abcde12345")),
                409,
                "duplicate",
                "The requested identifier already exists.");
        GoogleJsonError d = fails(
                () -> {
                    var req = net.events().delete(cal, e.getId());
                    req.getRequestHeaders().setIfMatch("\"1\"");
                    req.execute();
                },
                412,
                "conditionNotMet",
                "Precondition Failed");
        assertThat(d.getErrors().get(0).getLocationType()).isEqualTo("header");
        assertThat(d.getErrors().get(0).getLocation()).isEqualTo("If-Match");
        net.events().delete(cal, e.getId()).execute();
        fails(() -> net.events().delete(cal, e.getId()).execute(), 410, "deleted", "Resource has been deleted");
    }

    @Test
    @DisplayName("§2 E14 stale sequence -> 400 'Invalid sequence value. ...'")
    void e14InvalidSequence() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        Event moved = net.events()
                .patch(
                        cal,
                        e.getId(),
                        new Event().setStart(at("2026-03-11T10:00:00Z")).setEnd(at("2026-03-11T11:00:00Z")))
                .execute();
        assertThat(moved.getSequence()).isEqualTo(1);
        GoogleJsonError d = fails(() -> net.events().update(cal, e.getId(), e).execute(), 400, "invalid", null);
        assertThat(d.getMessage()).startsWith("Invalid sequence value.");
    }

    @Test
    @DisplayName("§2 E15 recurring event without start.timeZone -> 400 'Missing time zone definition for start time.'")
    void e15MissingTimeZone() {
        String cal = newCalendar();
        fails(
                () -> insert(
                        cal,
                        timed("r", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                                .setRecurrence(List.of("RRULE:FREQ=DAILY"))),
                400,
                "invalid",
                "Missing time zone definition for start time.");
    }

    @Test
    @DisplayName("§2 E16 insert with an unknown recurringEventId -> 400 'Invalid recurringEventId value.'")
    void e16InvalidRecurringEventId() {
        String cal = newCalendar();
        fails(
                () -> insert(
                        cal,
                        timed("r", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                                .setRecurringEventId("nosuchmaster")),
                400,
                "invalid",
                "Invalid recurringEventId value.");
    }

    @Test
    @DisplayName("§2 E17 import with an empty iCalUID -> 400 'Invalid iCalUID value.'")
    void e17InvalidICalUid() {
        String cal = newCalendar();
        fails(
                () -> net.events()
                        .calendarImport(
                                cal,
                                timed("r", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z")
                                        .setICalUID(""))
                        .execute(),
                400,
                "invalid",
                "Invalid iCalUID value.");
    }

    @Test
    @DisplayName("§2 E18 write to a reader calendar -> 403 calendar/requiredAccessLevel; reads still work")
    void e18RequiredAccessLevel() throws Exception {
        String cal = newCalendar();
        Event e = insertSimple(cal);
        google.setAccessRole(cal, "reader");
        GoogleJsonError d = fails(
                () -> insertSimple(cal),
                403,
                "requiredAccessLevel",
                "You need to have writer access to this calendar.");
        assertThat(d.getErrors().get(0).getDomain()).isEqualTo("calendar");
        fails(() -> net.events().delete(cal, e.getId()).execute(), 403, "requiredAccessLevel", null);
        assertThat(net.events().get(cal, e.getId()).execute().getId()).isEqualTo(e.getId());
        assertThat(net.events().list(cal).execute().getAccessRole()).isEqualTo("reader");
    }

    @Test
    @DisplayName("§2 E20-E24 injected faults carry their exact bodies (401 with location Authorization)")
    void injectedFaultBodies() {
        String cal = newCalendar();
        record Case(GoogleApiFault fault, String domain, String reason, String message) {}
        for (Case c : List.of(
                new Case(
                        GoogleApiFault.userRateLimitExceeded403(),
                        "usageLimits",
                        "userRateLimitExceeded",
                        "User Rate Limit Exceeded"),
                new Case(
                        GoogleApiFault.rateLimitExceeded403(),
                        "usageLimits",
                        "rateLimitExceeded",
                        "Rate Limit Exceeded"),
                new Case(
                        GoogleApiFault.quotaExceeded403(),
                        "usageLimits",
                        "quotaExceeded",
                        "Calendar usage limits exceeded."),
                new Case(GoogleApiFault.authError401(), "global", "authError", "Invalid Credentials"),
                new Case(GoogleApiFault.backendError500(), "global", "backendError", "Backend Error"))) {
            google.faults().failNext(1, c.fault());
            GoogleJsonError d =
                    fails(() -> net.events().list(cal).execute(), c.fault().status(), c.reason(), c.message());
            assertThat(d.getErrors().get(0).getDomain()).isEqualTo(c.domain());
            if (c.reason().equals("authError")) {
                assertThat(d.getErrors().get(0).getLocation()).isEqualTo("Authorization");
            }
        }
    }
}
