package dev.calsync.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.spi.QuarantinedItem;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.caldav.CalDavEmulatorOptions;
import dev.calsync.testkit.caldav.CalDavEmulatorOptions.BadTokenResponse;
import dev.calsync.testkit.caldav.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the CalDAV provider does with each server behaviour of CALDAV.md, on the CalDAV emulator. */
class CalDavCalendarProviderTest {
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private CalDavEmulator emulator(CalDavEmulatorOptions options) {
        CalDavEmulator e = CalDavEmulator.start(options);
        open.add(e);
        return e;
    }

    private CalDavCalendarProvider provider(CalDavEmulator e, int maxAttempts, String... allowHosts) {
        CalDavCalendarProvider p = CalDavCalendarProvider.builder()
                .serverUri(e.baseUri())
                .credentials(e.username(), e.password())
                .allowHosts(allowHosts)
                .retryPolicy(new RetryPolicy(maxAttempts, Duration.ofMillis(1), Duration.ofSeconds(10)))
                .sleeper(waits::add)
                .multigetBatchSize(10)
                .build();
        open.add(p);
        return p;
    }

    private CalDavCalendarProvider provider(CalDavEmulator e) {
        return provider(e, 3);
    }

    /** An event as another client writes it. */
    private static String ics(String uid, String summary, String... extraLines) {
        StringBuilder sb = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//iCloud//EN\r\n"
                + "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20300101T000000Z\r\n"
                + "DTSTART:20300304T100000Z\r\nDTEND:20300304T110000Z\r\nSUMMARY:" + summary + "\r\n");
        for (String line : extraLines) {
            sb.append(line).append("\r\n");
        }
        return sb.append("END:VEVENT\r\nEND:VCALENDAR\r\n").toString();
    }

    private static EventSeries single(String uid, String summary) {
        return EventSeries.of(EventComponent.builder(uid, EventTime.utc(Instant.parse("2030-03-04T10:00:00Z")))
                .end(EventTime.utc(Instant.parse("2030-03-04T11:00:00Z")))
                .summary(summary)
                .build());
    }

    private static String uid(String name) {
        return name + "-" + UUID.randomUUID() + "@calsync.test";
    }

    /** A listing read to the end. */
    private record Listed(
            boolean full,
            boolean rejected,
            List<RemoteComponent> components,
            List<String> tombstones,
            List<QuarantinedItem> quarantined,
            String token) {
        List<String> uids() {
            return components.stream()
                    .map(c -> c.component().uid())
                    .distinct()
                    .sorted()
                    .toList();
        }
    }

    private static Listed list(CalDavCalendarProvider p, URI calendar, String token) {
        try (ChangeListing l = p.listChanges(calendar.toString(), token)) {
            List<RemoteComponent> components = new ArrayList<>();
            List<String> tombstones = new ArrayList<>();
            List<QuarantinedItem> quarantined = new ArrayList<>();
            for (Optional<ChangePage> page = l.nextPage(); page.isPresent(); page = l.nextPage()) {
                components.addAll(page.get().components());
                tombstones.addAll(page.get().tombstones());
                quarantined.addAll(page.get().quarantined());
            }
            return new Listed(l.isFull(), l.tokenRejected(), components, tombstones, quarantined, l.nextSyncToken());
        }
    }

    private static long count(CalDavEmulator e, String method) {
        return e.requests().stream().filter(r -> r.method().equals(method)).count();
    }

    // ------------------------------------------------------------------ discovery

    @Test
    void discoveryFindsTheEventCalendarsOfTheHome() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.defaults());
        URI work = e.createCalendar("work");

        List<CalDavCalendar> calendars = provider(e).calendars();

        assertThat(calendars).hasSize(1);
        CalDavCalendar c = calendars.get(0);
        assertThat(c.url()).isEqualTo(work);
        assertThat(c.id()).endsWith("/alice/work/");
        assertThat(c.displayName()).isEqualTo("work");
        assertThat(c.components()).contains("VEVENT");
        assertThat(c.ctag()).isNotBlank();
        assertThat(c.syncToken()).isNotBlank();
        assertThat(c.supportsSyncCollection()).isTrue();
        assertThat(c.writable()).isTrue();
    }

    @Test
    void discoveryFollowsAnICloudHomeSetOnAnAllowedHost() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.icloud());
        URI work = e.createCalendar("work");
        assertThat(work.getPort()).isNotEqualTo(e.baseUri().getPort());

        List<CalDavCalendar> calendars = provider(e, 3, "127.0.0.1").calendars();

        assertThat(calendars).extracting(CalDavCalendar::url).containsExactly(work);
    }

    @Test
    void discoveryRefusesAHomeSetOnAHostThatIsNotAllowed() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.icloud());
        e.createCalendar("work");
        CalDavCalendarProvider p = provider(e);

        assertThatThrownBy(p::calendars)
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("allowHosts")
                .hasMessageNotContaining(e.password());
        String home = e.calendarHomeUri().getPath();
        assertThat(e.requests()).noneMatch(r -> r.path().startsWith(home));
    }

    // ------------------------------------------------------------------ listings

    @Test
    void aNoChangeListingIsOneReport() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.defaults());
        URI cal = e.createCalendar("work");
        e.userPut("work", "a.ics", ics(uid("a"), "A"));
        CalDavCalendarProvider p = provider(e);
        String token = list(p, cal, null).token();
        e.clearRequests();

        Listed delta = list(p, cal, token);

        assertThat(delta.full()).isFalse();
        assertThat(delta.components()).isEmpty();
        assertThat(e.requests()).extracting(RecordedRequest::method).containsExactly("REPORT");
    }

    @Test
    void truncatedSyncAnswersAreFollowedToTheEnd() {
        CalDavEmulator e =
                emulator(CalDavEmulatorOptions.builder().syncPageSize(2).build());
        URI cal = e.createCalendar("work");
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            uids.add(uid("t" + i));
            e.userPut("work", "t" + i + ".ics", ics(uids.get(i), "T" + i));
        }
        CalDavCalendarProvider p = provider(e);
        e.clearRequests();

        Listed full = list(p, cal, null);

        assertThat(full.uids()).containsExactlyInAnyOrderElementsOf(uids);
        // 5 members in pages of 2: three sync-collection REPORTs, then one multiget per answer with members
        assertThat(count(e, "REPORT")).isEqualTo(3 + 3);
        e.userDelete("work", "t0.ics");
        e.userPut("work", "t1.ics", ics(uids.get(1), "T1 edited"));
        Listed delta = list(p, cal, full.token());
        assertThat(delta.full()).isFalse();
        assertThat(delta.uids()).containsExactly(uids.get(1));
        assertThat(delta.tombstones()).containsExactly(cal.getPath() + "t0.ics");
        assertThat(list(p, cal, delta.token()).components()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(BadTokenResponse.class)
    void everyFormOfInvalidTokenGivesAFullListingThatSaysSo(BadTokenResponse answer) {
        CalDavEmulator e = emulator(
                CalDavEmulatorOptions.builder().badTokenResponse(answer).build());
        URI cal = e.createCalendar("work");
        String there = uid("there");
        e.userPut("work", "there.ics", ics(there, "There"));
        CalDavCalendarProvider p = provider(e);
        String token = list(p, cal, null).token();
        e.invalidateSyncTokens("work");

        Listed listed = list(p, cal, token);

        assertThat(listed.full()).isTrue();
        assertThat(listed.rejected()).isTrue();
        assertThat(listed.uids()).containsExactly(there);
        assertThat(listed.tombstones()).isEmpty();
        assertThat(list(p, cal, listed.token()).full()).isFalse();
    }

    @Test
    void aServerWithoutSyncCollectionIsListedWithTheCtagAndEtags() {
        CalDavEmulator e = emulator(
                CalDavEmulatorOptions.builder().syncCollectionSupported(false).build());
        URI cal = e.createCalendar("work");
        String a = uid("a");
        e.userPut("work", "a.ics", ics(a, "A"));
        CalDavCalendarProvider p = provider(e);

        Listed first = list(p, cal, null);
        assertThat(first.full()).isTrue();
        assertThat(first.rejected()).isFalse();
        assertThat(first.uids()).containsExactly(a);

        e.clearRequests();
        Listed unchanged = list(p, cal, first.token());
        assertThat(unchanged.full()).isFalse();
        assertThat(unchanged.components()).isEmpty();
        assertThat(e.requests()).extracting(RecordedRequest::method).containsExactly("PROPFIND");

        String b = uid("b");
        e.userPut("work", "b.ics", ics(b, "B"));
        Listed changed = list(p, cal, unchanged.token());
        assertThat(changed.full()).isTrue();
        assertThat(changed.tombstones()).isEmpty();
        assertThat(changed.uids()).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void aResourceTheMultigetCannotYetReadIsQuarantinedNotDeletedAndReadNextSync() {
        CalDavEmulator e =
                emulator(CalDavEmulatorOptions.builder().multigetLagAfterSync(2).build());
        URI cal = e.createCalendar("work");
        String kept = uid("kept");
        e.userPut("work", "kept.ics", ics(kept, "Kept"));
        CalDavCalendarProvider impatient = provider(e, 2); // two multigets per listing: both lag
        String token = list(provider(e, 3), cal, null).token();
        String late = uid("late");
        e.userPut("work", "late.ics", ics(late, "Late"));

        Listed delta = list(impatient, cal, token);

        assertThat(delta.components()).isEmpty();
        assertThat(delta.tombstones()).isEmpty();
        assertThat(delta.quarantined())
                .extracting(QuarantinedItem::remoteId)
                .containsExactly(cal.getPath() + "late.ics");
        assertThat(delta.quarantined().get(0).reason()).contains("404").contains("held back");
        assertThat(delta.token()).as("the token is held back").isEqualTo(token);

        Listed next = list(provider(e, 3), cal, delta.token()); // three tries: the third read succeeds
        assertThat(next.quarantined()).isEmpty();
        assertThat(next.uids()).containsExactly(late);
        assertThat(next.token()).isNotEqualTo(token);
    }

    @Test
    void aFullListingThatCannotReadEverythingAsksForAnotherFullListing() {
        CalDavEmulator e =
                emulator(CalDavEmulatorOptions.builder().multigetLagAfterSync(1).build());
        URI cal = e.createCalendar("work");
        e.userPut("work", "late.ics", ics(uid("late"), "Late"));

        Listed full = list(provider(e, 1), cal, null);

        assertThat(full.quarantined()).hasSize(1);
        Listed again = list(provider(e, 3), cal, full.token());
        assertThat(again.full()).isTrue();
        assertThat(again.rejected()).isFalse();
        assertThat(again.components()).hasSize(1);
    }

    @Test
    void theCollectionItselfAndDuplicateHrefsAreIgnored() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.builder()
                .collectionInSyncResults(true)
                .duplicateHrefs(true)
                .build());
        URI cal = e.createCalendar("work");
        CalDavCalendarProvider p = provider(e);
        String token = list(p, cal, null).token();
        String a = uid("a");
        String b = uid("b");
        e.userPut("work", "a.ics", ics(a, "A"));
        e.userPut("work", "b.ics", ics(b, "B"));

        Listed delta = list(p, cal, token);

        assertThat(delta.components()).extracting(c -> c.component().uid()).containsExactlyInAnyOrder(a, b);
        assertThat(delta.quarantined()).isEmpty();
    }

    @Test
    void aMalformedResourceIsQuarantinedWhileTheRestOfTheCalendarSyncs() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.defaults());
        URI cal = e.createCalendar("work");
        String fine = uid("fine");
        e.userPut("work", "fine.ics", ics(fine, "Fine"));
        e.userPut("work", "broken.ics", String.format(CalDavHarness.MALFORMED[0], uid("broken")));
        e.userPut(
                "work",
                "task.ics",
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VTODO\r\nUID:" + uid("task")
                        + "\r\nDTSTAMP:20300101T000000Z\r\nSUMMARY:a task\r\nEND:VTODO\r\nEND:VCALENDAR\r\n");
        CalDavCalendarProvider p = provider(e);

        Listed full = list(p, cal, null);

        assertThat(full.uids()).containsExactly(fine);
        assertThat(full.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.remoteId()).isEqualTo(cal.getPath() + "broken.ics");
            assertThat(q.location()).isEqualTo(cal + "broken.ics");
            assertThat(q.reason()).contains("DTEND");
        });
        assertThat(full.token())
                .as("a malformed resource does not hold the token back")
                .doesNotStartWith("calsync-");
    }

    // ------------------------------------------------------------------ fetch and writes

    @Test
    void createGoesToAnHrefDerivedFromTheUidNotTheUidItself() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.defaults());
        URI cal = e.createCalendar("work");
        String uid = "a/b@c%d " + UUID.randomUUID();

        RemoteSeries created = written(provider(e).createSeries(cal.toString(), single(uid, "Odd UID")));

        String name = CalDavCalendarProvider.resourceNameFor(uid);
        assertThat(name).matches("[0-9a-v]{52}\\.ics").isEqualTo(CalDavCalendarProvider.resourceNameFor(uid));
        assertThat(created.ref(EventKey.master(uid)).orElseThrow().remoteId()).isEqualTo(cal.getPath() + name);
        assertThat(e.resource("work", name)).isPresent();
    }

    @Test
    void withoutAnEtagOnPutTheEtagIsReadWithAPropfind() {
        CalDavEmulator e =
                emulator(CalDavEmulatorOptions.builder().etagOnPut(false).build());
        URI cal = e.createCalendar("work");
        String uid = uid("noetag");
        CalDavCalendarProvider p = provider(e);

        RemoteSeries created = written(p.createSeries(cal.toString(), single(uid, "No ETag")));

        String stored = e.resource("work", CalDavCalendarProvider.resourceNameFor(uid))
                .orElseThrow()
                .etag();
        assertThat(created.ref(EventKey.master(uid)).orElseThrow().etag()).isEqualTo(stored);
        assertThat(e.requests()).extracting(RecordedRequest::method).endsWith("PUT", "PROPFIND");
        RemoteSeries updated =
                written(p.updateSeries(cal.toString(), SeriesVersion.of(created), single(uid, "Renamed")));
        assertThat(updated.series().master().summary()).isEqualTo("Renamed");
    }

    @Test
    void anotherClientsResourceHoldingTheUidIsAlreadyExistsAndFetchFindsIt() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.defaults());
        URI cal = e.createCalendar("work");
        String uid = uid("theirs");
        e.userPut("work", "3F2504E0-4F89-11D3-9A0C-0305E82C3301.ics", ics(uid, "Theirs"));
        CalDavCalendarProvider p = provider(e);

        assertThat(p.createSeries(cal.toString(), single(uid, "Ours"))).isInstanceOf(WriteOutcome.AlreadyExists.class);

        RemoteSeries found = p.fetchSeries(cal.toString(), uid, List.of()).orElseThrow();
        assertThat(found.series().master().summary()).isEqualTo("Theirs");
        assertThat(found.ref(EventKey.master(uid)).orElseThrow().remoteId())
                .isEqualTo(cal.getPath() + "3F2504E0-4F89-11D3-9A0C-0305E82C3301.ics");
    }

    @Test
    void aUidHeldInAnotherCalendarOfAnICloudAccountIsAFailureNotAlreadyExists() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.icloud());
        URI work = e.createCalendar("work");
        e.createCalendar("home");
        String uid = uid("elsewhere");
        e.userPut("home", "x.ics", ics(uid, "At home"));

        assertThatThrownBy(() -> provider(e, 3, "127.0.0.1").createSeries(work.toString(), single(uid, "At work")))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("another calendar");
    }

    @Test
    void updatesCarryTheEtagExactlyAsReceived() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.defaults());
        URI cal = e.createCalendar("work");
        String uid = uid("exact");
        CalDavCalendarProvider p = provider(e);
        RemoteSeries v1 = written(p.createSeries(cal.toString(), single(uid, "One")));
        String name = CalDavCalendarProvider.resourceNameFor(uid);
        String etag = v1.ref(EventKey.master(uid)).orElseThrow().etag();
        assertThat(etag)
                .isEqualTo(e.resource("work", name).orElseThrow().etag())
                .startsWith("\"");

        RemoteSeries v2 = written(p.updateSeries(cal.toString(), SeriesVersion.of(v1), single(uid, "Two")));

        assertThat(v2.ref(EventKey.master(uid)).orElseThrow().etag())
                .isEqualTo(e.resource("work", name).orElseThrow().etag());
        assertThat(p.updateSeries(cal.toString(), SeriesVersion.of(v1), single(uid, "Stale")))
                .isInstanceOf(WriteOutcome.PreconditionFailed.class);
        RemoteRef unquoted = new RemoteRef(cal.getPath() + name, etag.replace("\"", ""), null);
        assertThat(p.deleteSeries(
                        cal.toString(), SeriesVersion.of(RemoteSeries.inOneResource(single(uid, "Two"), unquoted))))
                .as("an ETag without its quotes is not the ETag")
                .isInstanceOf(WriteOutcome.PreconditionFailed.class);
        assertThat(e.resource("work", name).orElseThrow().body()).contains("SUMMARY:Two");
    }

    @Test
    void a503WithRetryAfterIsWaitedOutAndRetried() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.defaults());
        URI cal = e.createCalendar("work");
        String a = uid("a");
        e.userPut("work", "a.ics", ics(a, "A"));
        CalDavCalendarProvider p = provider(e, 5);
        e.faults().serviceUnavailable(2, Duration.ofSeconds(3));

        Listed listed = list(p, cal, null);

        assertThat(listed.uids()).containsExactly(a);
        assertThat(waits).hasSize(2).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(3)));
        assertThat(e.requests()).extracting(RecordedRequest::status).startsWith(503, 503);
    }

    @Test
    void appleAndOtherUnmappedPropertiesSurviveAnUpdate() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.defaults());
        URI cal = e.createCalendar("work");
        String uid = uid("apple");
        e.userPut(
                "work",
                "apple.ics",
                ics(
                        uid,
                        "From the iPhone",
                        "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
                        "X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-TITLE=Office:geo:52.52,13.40",
                        "PRIORITY:1"));
        CalDavCalendarProvider p = provider(e);
        RemoteSeries theirs = p.fetchSeries(cal.toString(), uid, List.of()).orElseThrow();

        written(p.updateSeries(cal.toString(), SeriesVersion.of(theirs), single(uid, "Renamed by calsync")));

        String body = e.resource("work", "apple.ics").orElseThrow().body();
        assertThat(body)
                .contains("SUMMARY:Renamed by calsync")
                .contains("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC")
                .contains("X-APPLE-STRUCTURED-LOCATION")
                .contains("PRIORITY:1");
    }

    @Test
    void fetchFindsASeriesByItsKnownHrefAndConfirmsAnAbsenceOnlyAfterSearching() {
        CalDavEmulator e = emulator(CalDavEmulatorOptions.defaults());
        URI cal = e.createCalendar("work");
        String uid = uid("known");
        e.userPut("work", "k.ics", ics(uid, "Known"));
        CalDavCalendarProvider p = provider(e);
        RemoteRef known = new RemoteRef(cal.getPath() + "k.ics", null, null);
        e.clearRequests();

        assertThat(p.fetchSeries(cal.toString(), uid, List.of(known))).isPresent();
        assertThat(e.requests()).extracting(RecordedRequest::method).containsExactly("GET");

        e.userDelete("work", "k.ics");
        e.clearRequests();
        assertThat(p.fetchSeries(cal.toString(), uid, List.of(known))).isEmpty();
        assertThat(e.requests()).extracting(RecordedRequest::method).containsExactly("GET", "GET", "REPORT");
    }

    private static RemoteSeries written(WriteOutcome outcome) {
        assertThat(outcome).isInstanceOf(WriteOutcome.Written.class);
        return ((WriteOutcome.Written) outcome).result();
    }
}
