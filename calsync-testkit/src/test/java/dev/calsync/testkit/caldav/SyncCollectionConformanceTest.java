package dev.calsync.testkit.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.testkit.caldav.CalDavEmulatorOptions.BadTokenResponse;
import dev.calsync.testkit.memory.ManualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 6578 sync-collection as CALDAV.md §2.2 and §6.5 describe it, and the iCloud switches of §4. */
class SyncCollectionConformanceTest extends CalDavTestSupport {

    @Test
    void initialSyncListsEveryMemberWithItsEtag() {
        String cal = newCalendar();
        String a = caldav.userPut(cal, "a.ics", event("a"));
        String b = caldav.userPut(cal, "b.ics", event("b"));
        Multi m = multi(sync(cal, null));
        assertThat(m.syncToken()).startsWith("http://");
        assertThat(m.hrefs()).containsExactlyInAnyOrder(href(cal, "a.ics"), href(cal, "b.ics"));
        assertThat(m.only(href(cal, "a.ics")).text(DAV, "getetag")).isEqualTo(a);
        assertThat(m.only(href(cal, "b.ics")).text(DAV, "getetag")).isEqualTo(b);
        assertThat(m.only(href(cal, "a.ics")).status()).isNull();
    }

    @Test
    void nothingChangedGivesTheSameTokenAndNoResponses() {
        String cal = newCalendar();
        caldav.userPut(cal, "a.ics", event("a"));
        String token = multi(sync(cal, null)).syncToken();
        Multi again = multi(sync(cal, token));
        assertThat(again.responses()).isEmpty();
        assertThat(again.syncToken()).isEqualTo(token);
    }

    @Test
    void incrementalSyncReportsChangesAndRemovalsAs404WithANewToken() {
        String cal = newCalendar();
        caldav.userPut(cal, "a.ics", event("a"));
        caldav.userPut(cal, "b.ics", event("b"));
        String t1 = multi(sync(cal, null)).syncToken();

        String a2 = caldav.userPut(cal, "a.ics", event("a", "20260105T110000Z", "20260105T120000Z"));
        caldav.userDelete(cal, "b.ics");
        caldav.userPut(cal, "c.ics", event("c"));
        Multi m = multi(sync(cal, t1));
        assertThat(m.syncToken()).isNotEqualTo(t1);
        assertThat(m.hrefs()).containsExactlyInAnyOrder(href(cal, "a.ics"), href(cal, "b.ics"), href(cal, "c.ics"));
        assertThat(m.only(href(cal, "a.ics")).text(DAV, "getetag")).isEqualTo(a2);
        Resp removed = m.only(href(cal, "b.ics"));
        assertThat(removed.status()).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(removed.props()).isEmpty();
        assertThat(removed.missing()).isEmpty(); // no propstat at all

        // the old token stays valid (within the retention) and still sees the same changes
        assertThat(multi(sync(cal, t1)).hrefs()).hasSize(3);
        assertThat(multi(sync(cal, m.syncToken())).responses()).isEmpty();
    }

    @Test
    void createdThenDeletedBetweenSyncsIsReportedAsRemovedLikeRadicale() {
        String cal = newCalendar();
        String t1 = multi(sync(cal, null)).syncToken();
        caldav.userPut(cal, "tmp.ics", event("tmp"));
        caldav.userDelete(cal, "tmp.ics");
        Multi m = multi(sync(cal, t1));
        assertThat(m.only(href(cal, "tmp.ics")).status()).contains("404");
    }

    @Test
    void initialSyncAfterADeleteStillListsTheDeletedHrefAs404LikeRadicale() {
        String cal = newCalendar();
        caldav.userPut(cal, "gone.ics", event("gone"));
        caldav.userPut(cal, "kept.ics", event("kept"));
        caldav.userDelete(cal, "gone.ics");
        Multi m = multi(sync(cal, null));
        assertThat(m.only(href(cal, "gone.ics")).status()).contains("404");
        assertThat(m.only(href(cal, "kept.ics")).status()).isNull();
    }

    @Test
    void deleteAndRecreateAtTheSameHrefIsAChange() {
        String cal = newCalendar();
        caldav.userPut(cal, "a.ics", event("a"));
        String t1 = multi(sync(cal, null)).syncToken();
        caldav.userDelete(cal, "a.ics");
        String etag = caldav.userPut(cal, "a.ics", event("a"));
        Resp r = multi(sync(cal, t1)).only(href(cal, "a.ics"));
        assertThat(r.status()).isNull();
        assertThat(r.text(DAV, "getetag")).isEqualTo(etag);
    }

    @Test
    void depthOneAndTheSyncTokenPropertyAreAcceptedToo() {
        String cal = newCalendar();
        String propToken = multi(propfind(caldav.calendarUri(cal), "0", "<d:sync-token/>"))
                .responses()
                .get(0)
                .text(DAV, "sync-token");
        caldav.userPut(cal, "a.ics", event("a"));
        HttpResponse<String> r = send("REPORT", caldav.calendarUri(cal), syncBody(propToken), "Depth", "1");
        assertThat(multi(r).hrefs()).containsExactly(href(cal, "a.ics"));
    }

    @Test
    void calendarDataCanBeAskedForInTheSyncReport() {
        String cal = newCalendar();
        String ics = event("a");
        caldav.userPut(cal, "a.ics", ics);
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:sync-collection xmlns:d=\"DAV:\""
                + " xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:sync-token/><d:sync-level>1</d:sync-level>"
                + "<d:prop><d:getetag/><c:calendar-data/></d:prop></d:sync-collection>";
        Resp r = multi(send("REPORT", caldav.calendarUri(cal), body, "Depth", "0"))
                .only(href(cal, "a.ics"));
        assertThat(r.text(C, "calendar-data")).isEqualTo(ics.replace("\r\n", "\n"));
    }

    @ParameterizedTest
    @EnumSource(BadTokenResponse.class)
    void badTokenIsAnsweredAsConfigured(BadTokenResponse mode) {
        try (CalDavEmulator e = CalDavEmulator.start(
                CalDavEmulatorOptions.builder().badTokenResponse(mode).build())) {
            e.createCalendar("c");
            List<String> bad =
                    List.of("http://calsync.dev/ns/sync/0000", "HwoQEgwAAA==", "http://radicale.org/ns/sync/x");
            for (String token : bad) {
                HttpResponse<String> r = send(e, "REPORT", e.calendarUri("c"), syncBody(token), "Depth", "0");
                switch (mode) {
                    case FORBIDDEN_VALID_SYNC_TOKEN -> {
                        assertThat(r.statusCode()).isEqualTo(403);
                        assertThat(has(parse(r.body()).getDocumentElement(), DAV, "valid-sync-token"))
                                .isTrue();
                    }
                    case BARE_FORBIDDEN -> {
                        assertThat(r.statusCode()).isEqualTo(403);
                        assertThat(r.body()).isEmpty();
                    }
                    case CONFLICT_409 -> {
                        assertThat(r.statusCode()).isEqualTo(409);
                        assertThat(has(parse(r.body()).getDocumentElement(), DAV, "valid-sync-token"))
                                .isTrue();
                    }
                    case GONE_410 -> assertThat(r.statusCode()).isEqualTo(410);
                    case SERVER_ERROR_500 -> {
                        assertThat(r.statusCode()).isEqualTo(500);
                        assertThat(r.body()).doesNotContain("valid-sync-token");
                    }
                }
            }
            // an empty token always works: the client's way out
            assertThat(send(e, "REPORT", e.calendarUri("c"), syncBody(null), "Depth", "0")
                            .statusCode())
                    .isEqualTo(207);
        }
    }

    @Test
    void invalidatedTokensAreRejectedAndAFullResyncRecovers() {
        String cal = newCalendar();
        caldav.userPut(cal, "a.ics", event("a"));
        String token = multi(sync(cal, null)).syncToken();
        caldav.invalidateSyncTokens(cal);
        HttpResponse<String> r = sync(cal, token);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("valid-sync-token");
        assertThat(multi(sync(cal, null)).hrefs()).containsExactly(href(cal, "a.ics"));
    }

    @Test
    void tokensExpireAfterTheRetention() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (CalDavEmulator e = CalDavEmulator.start(CalDavEmulatorOptions.builder()
                .clock(clock)
                .tokenRetention(Duration.ofDays(1))
                .build())) {
            e.createCalendar("c");
            e.userPut("c", "a.ics", event("a"));
            String token = multi(send(e, "REPORT", e.calendarUri("c"), syncBody(null), "Depth", "0"))
                    .syncToken();
            clock.advance(Duration.ofHours(23));
            assertThat(send(e, "REPORT", e.calendarUri("c"), syncBody(token), "Depth", "0")
                            .statusCode())
                    .isEqualTo(207); // using it renews it, like Radicale touching the token file
            clock.advance(Duration.ofHours(25));
            assertThat(send(e, "REPORT", e.calendarUri("c"), syncBody(token), "Depth", "0")
                            .statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void truncatedResultsCarryA507ForTheCollectionAndATokenToContinue() {
        try (CalDavEmulator e = CalDavEmulator.start(
                CalDavEmulatorOptions.builder().syncPageSize(2).build())) {
            e.createCalendar("c");
            for (int i = 0; i < 5; i++) {
                e.userPut("c", "e" + i + ".ics", event("e" + i));
            }
            String collection = e.calendarUri("c").getRawPath();
            List<String> seen = new ArrayList<>();
            String token = null;
            int rounds = 0;
            while (true) {
                rounds++;
                Multi m = multi(send(e, "REPORT", e.calendarUri("c"), syncBody(token), "Depth", "0"));
                token = m.syncToken();
                boolean more = false;
                for (Resp r : m.responses()) {
                    if (r.href().equals(collection)) {
                        assertThat(r.status()).isEqualTo("HTTP/1.1 507 Insufficient Storage");
                        assertThat(has(r.error(), DAV, "number-of-matches-within-limits"))
                                .isTrue();
                        more = true;
                    } else {
                        seen.add(r.href());
                    }
                }
                assertThat(m.responses().size()).isLessThanOrEqualTo(3);
                if (!more) {
                    break;
                }
            }
            assertThat(rounds).isEqualTo(3);
            assertThat(seen).doesNotHaveDuplicates().hasSize(5);
            // a change after the last page is seen from the final token, and only it
            e.userDelete("c", "e0.ics");
            Multi after = multi(send(e, "REPORT", e.calendarUri("c"), syncBody(token), "Depth", "0"));
            assertThat(after.hrefs()).containsExactly(collection + "e0.ics");
        }
    }

    @Test
    void icloudListsTheCollectionItselfAndAHrefTwice() {
        try (CalDavEmulator e = CalDavEmulator.start(CalDavEmulatorOptions.builder()
                .collectionInSyncResults(true)
                .duplicateHrefs(true)
                .build())) {
            e.createCalendar("c");
            e.userPut("c", "a.ics", event("a"));
            String collection = e.calendarUri("c").getRawPath();
            Multi m = multi(send(e, "REPORT", e.calendarUri("c"), syncBody(null), "Depth", "0"));
            assertThat(m.hrefs()).containsExactly(collection, collection + "a.ics", collection + "a.ics");
            assertThat(m.responses().get(0).text(DAV, "getetag")).isNotBlank();
            Multi none = multi(send(e, "REPORT", e.calendarUri("c"), syncBody(m.syncToken()), "Depth", "0"));
            assertThat(none.responses()).isEmpty();
        }
    }

    @Test
    void radicaleDefaultsNeverListTheCollectionNorDuplicates() {
        String cal = newCalendar();
        caldav.userPut(cal, "a.ics", event("a"));
        assertThat(multi(sync(cal, null)).hrefs()).containsExactly(href(cal, "a.ics"));
    }
}
