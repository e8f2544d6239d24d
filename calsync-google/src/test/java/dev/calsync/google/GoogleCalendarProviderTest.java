package dev.calsync.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.id.GoogleEventIds;
import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.SeriesWrite;
import dev.calsync.core.spi.TransientProviderException;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.core.spi.WriteResult;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.testkit.google.GoogleApiFault;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import dev.calsync.testkit.google.GoogleEmulatorOptions;
import dev.calsync.testkit.google.GoogleEmulatorOptions.UpdateOfDeleted;
import dev.calsync.testkit.google.RecordedRequest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Google provider does on the wire: requests, batches, backoff, typed errors, restores. */
class GoogleCalendarProviderTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private GoogleCalendarEmulator emulator;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private GoogleCalendarProvider google;
    private String cal;

    @BeforeEach
    void start() {
        emulator = GoogleCalendarEmulator.start();
        cal = emulator.createCalendar("c-" + UUID.randomUUID() + "@group.calendar.google.com");
        google = provider(emulator, 250, 50);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private GoogleCalendarProvider provider(GoogleCalendarEmulator on, int pageSize, int batchSize) {
        return GoogleCalendarProvider.builder()
                .credentials(GoogleCredentials.create(new AccessToken("t", new Date(Long.MAX_VALUE / 2))))
                .rootUrl(on.rootUrl())
                .pageSize(pageSize)
                .batchSize(batchSize)
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2)))
                .sleeper(waits::add)
                .build();
    }

    private static EventSeries meeting(String uid, int day) {
        LocalDateTime start = LocalDateTime.of(2030, 3, 4, 10, 0).plusDays(day);
        return EventSeries.of(EventComponent.builder(uid, EventTime.of(start, BERLIN))
                .end(EventTime.of(start.plusHours(1), BERLIN))
                .summary("Meeting " + day)
                .build());
    }

    private static List<SeriesWrite> creates(int n) {
        List<SeriesWrite> writes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            writes.add(new SeriesWrite.Create(meeting("m" + i + "@calsync.test", i)));
        }
        return writes;
    }

    private String fullListingToken() {
        try (ChangeListing l = google.listChanges(cal, null)) {
            while (l.nextPage().isPresent()) {
                // read to the end
            }
            return l.nextSyncToken();
        }
    }

    @Test
    void aHundredCreatesGoInTwoBatchRequests() {
        emulator.clearRequests();
        long before = google.httpRequests();

        List<WriteResult> results = google.writeSeries(cal, creates(100));

        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isInstanceOf(WriteOutcome.Written.class));
        assertThat(emulator.httpExchanges()).isEqualTo(2);
        assertThat(emulator.requests()).filteredOn(RecordedRequest::inBatch).hasSize(100);
        assertThat(google.httpRequests() - before).isEqualTo(2);
        assertThat(emulator.storedEvents(cal)).hasSize(100);
    }

    @Test
    void createsUseTheDeterministicIdAndKeepTheUid() {
        google.createSeries(cal, meeting("planning@calsync.test", 0));

        ObjectNode stored = emulator.event(cal, GoogleEventIds.forUid("planning@calsync.test"))
                .orElseThrow();
        assertThat(stored.path("extendedProperties")
                        .path("private")
                        .path("calsyncUid")
                        .asText())
                .isEqualTo("planning@calsync.test");
        assertThat(emulator.requests())
                .filteredOn(r -> r.method().equals("POST"))
                .allSatisfy(r -> assertThat(r.queryParam("sendUpdates")).isEqualTo("none"));
    }

    @Test
    void aNoChangeSyncIsOneRequest() {
        google.writeSeries(cal, creates(30));
        String token = fullListingToken();
        emulator.clearRequests();

        try (ChangeListing l = google.listChanges(cal, token)) {
            Optional<ChangePage> page = l.nextPage();
            assertThat(page).isPresent();
            assertThat(page.get().components()).isEmpty();
            assertThat(l.nextPage()).isEmpty();
        }
        assertThat(emulator.httpExchanges()).isEqualTo(1);
    }

    @Test
    void rateLimitedBatchPartsAreResentAloneAfterRetryAfter() {
        emulator.faults()
                .failNext(3, GoogleApiFault.rateLimitExceeded429(Duration.ofSeconds(2)), RecordedRequest::inBatch);
        emulator.clearRequests();

        List<WriteResult> results = google.writeSeries(cal, creates(10));

        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isInstanceOf(WriteOutcome.Written.class));
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        // the first batch of 10 parts, then the 3 refused parts again
        assertThat(emulator.requests()).filteredOn(RecordedRequest::inBatch).hasSize(13);
        assertThat(emulator.storedEvents(cal)).hasSize(10);
    }

    @Test
    void batchRequestsLogNoAccessTokenAtDebug() {
        // The Google client logs request bodies at CONFIG (SLF4J's DEBUG); a batch body holds every
        // part's headers, its Authorization header included.
        String token = "ya29.batch-log-test-" + UUID.randomUUID();
        GoogleCalendarProvider withToken = GoogleCalendarProvider.builder()
                .credentials(GoogleCredentials.create(new AccessToken(token, new Date(Long.MAX_VALUE / 2))))
                .rootUrl(emulator.rootUrl())
                .build();
        java.util.logging.Logger transport =
                java.util.logging.Logger.getLogger(com.google.api.client.http.HttpTransport.class.getName());
        List<String> logged = new CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(String.valueOf(r.getMessage()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(java.util.logging.Level.CONFIG);
        java.util.logging.Level before = transport.getLevel();
        transport.setLevel(java.util.logging.Level.CONFIG);
        transport.addHandler(capture);
        try {
            assertThat(withToken.writeSeries(cal, creates(3)))
                    .allSatisfy(r -> assertThat(r.outcome()).isInstanceOf(WriteOutcome.Written.class));
        } finally {
            transport.removeHandler(capture);
            transport.setLevel(before);
        }

        assertThat(logged).anySatisfy(line -> assertThat(line).contains("batch/calendar/v3"));
        assertThat(logged).noneSatisfy(line -> assertThat(line).contains(token));
    }

    @Test
    void aBatchRequestRateLimitedAsAWholeIsRetriedNotTakenForForbidden() {
        emulator.faults()
                .failNext(
                        1, GoogleApiFault.rateLimitExceeded403(), r -> r.path().equals("batch/calendar/v3"));

        List<WriteResult> results = google.writeSeries(cal, creates(3));

        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isInstanceOf(WriteOutcome.Written.class));
        assertThat(waits).hasSize(1);
        assertThat(emulator.storedEvents(cal)).hasSize(3);
    }

    @Test
    void aServerThatNeverAnswersCostsTheReadTimeoutNotTheClientDefault() throws Exception {
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            GoogleCalendarProvider impatient = GoogleCalendarProvider.builder()
                    .credentials(GoogleCredentials.create(new AccessToken("t", new Date(Long.MAX_VALUE / 2))))
                    .rootUrl("http://127.0.0.1:" + silent.getLocalPort() + "/")
                    .connectTimeout(Duration.ofSeconds(2))
                    .readTimeout(Duration.ofMillis(300))
                    .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)))
                    .sleeper(waits::add)
                    .build();
            long started = System.nanoTime();

            assertThatThrownBy(() -> impatient.listChanges(cal, null)).isInstanceOf(TransientProviderException.class);

            // two attempts of 0.3 s each, where the Google client's default read timeout is 20 s
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
        assertThatThrownBy(() -> GoogleCalendarProvider.builder().readTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rateLimitReasonsOn403AreRetriedButQuotaIsNot() {
        emulator.faults().failNext(1, GoogleApiFault.userRateLimitExceeded403());
        assertThat(google.createSeries(cal, meeting("a@calsync.test", 0))).isInstanceOf(WriteOutcome.Written.class);

        emulator.faults().failNext(1, GoogleApiFault.quotaExceeded403());
        assertThatThrownBy(() -> google.createSeries(cal, meeting("b@calsync.test", 1)))
                .isNotInstanceOf(TransientProviderException.class)
                .hasMessageContaining("quotaExceeded")
                .hasMessageContaining(cal);
    }

    @Test
    void serverErrorsThatOutlastTheRetriesAreTransientForTheEngine() {
        emulator.faults().failNext(10, GoogleApiFault.serviceUnavailable503());

        assertThatThrownBy(() -> google.listChanges(cal, null))
                .isInstanceOf(TransientProviderException.class)
                .hasMessageContaining("503");
        assertThat(waits).hasSize(3);
    }

    @Test
    void refusedCredentialsAndUnknownCalendarsAreAccessErrorsNamingCalendarAndRequest() {
        emulator.faults().failNext(1, GoogleApiFault.authError401());
        assertThatThrownBy(() -> google.listChanges(cal, null))
                .isInstanceOf(CalendarAccessException.class)
                .hasMessageContaining(cal)
                .hasMessageContaining("GET events")
                .hasMessageContaining("401")
                .hasMessageNotContaining("Bearer")
                .extracting(e -> ((CalendarAccessException) e).reason())
                .isEqualTo(CalendarAccessException.Reason.CREDENTIALS_REFUSED);

        assertThatThrownBy(() -> google.listChanges("nobody@example.org", null))
                .isInstanceOf(CalendarAccessException.class)
                .hasMessageContaining("nobody@example.org")
                .hasMessageContaining("404")
                .extracting(e -> ((CalendarAccessException) e).reason())
                .isEqualTo(CalendarAccessException.Reason.NOT_FOUND);
    }

    @Test
    void writingToAReadOnlyCalendarIsAnAccessError() {
        emulator.setAccessRole(cal, "reader");

        assertThatThrownBy(() -> google.createSeries(cal, meeting("a@calsync.test", 0)))
                .isInstanceOf(CalendarAccessException.class)
                .hasMessageContaining("requiredAccessLevel")
                .extracting(e -> ((CalendarAccessException) e).reason())
                .isEqualTo(CalendarAccessException.Reason.FORBIDDEN);
    }

    @Test
    void anExpiredTokenAndAGarbageTokenBothFallBackToAFullListing() {
        google.writeSeries(cal, creates(3));
        String token = fullListingToken();

        emulator.invalidateSyncTokens(cal);
        try (ChangeListing l = google.listChanges(cal, token)) {
            assertThat(l.isFull()).isTrue();
            assertThat(l.tokenRejected()).isTrue();
            assertThat(l.nextPage().orElseThrow().components()).hasSize(3);
        }
        try (ChangeListing l = google.listChanges(cal, "garbage")) {
            assertThat(l.tokenRejected()).isTrue();
            assertThat(l.nextPage().orElseThrow().components()).hasSize(3);
        }
    }

    @Test
    void aCreateOverTheSeriesTheUserDeletedRestoresIt() {
        String uid = "back@calsync.test";
        RemoteSeries first = ((WriteOutcome.Written) google.createSeries(cal, meeting(uid, 0))).result();
        google.deleteSeries(cal, SeriesVersion.of(first));

        WriteOutcome again = google.createSeries(cal, meeting(uid, 2));

        assertThat(again).isInstanceOf(WriteOutcome.Written.class);
        ObjectNode stored = emulator.event(cal, GoogleEventIds.forUid(uid)).orElseThrow();
        assertThat(stored.path("status").asText()).isEqualTo("confirmed");
        assertThat(stored.path("summary").asText()).isEqualTo("Meeting 2");
    }

    @Test
    void aRestoredSeriesKeepsNoCancellationItsDeletionLeftOnAFormerException() {
        String uid = "daily-back@calsync.test";
        LocalDateTime start = LocalDateTime.of(2030, 3, 4, 10, 0);
        EventComponent master = EventComponent.builder(uid, EventTime.of(start, BERLIN))
                .end(EventTime.of(start.plusHours(1), BERLIN))
                .summary("Daily")
                .recurrence(new dev.calsync.core.event.Recurrence(
                        List.of("RRULE:FREQ=DAILY;COUNT=10"), List.of(), List.of()))
                .build();
        dev.calsync.core.event.RecurrenceId third =
                dev.calsync.core.event.RecurrenceId.of(EventTime.of(start.plusDays(2), BERLIN));
        EventComponent moved = master.toBuilder()
                .recurrenceId(third)
                .recurrence(dev.calsync.core.event.Recurrence.NONE)
                .start(EventTime.of(start.plusDays(2).plusHours(3), BERLIN))
                .end(EventTime.of(start.plusDays(2).plusHours(4), BERLIN))
                .summary("Moved")
                .build();
        EventSeries withException = new EventSeries(uid, master, List.of(moved), new java.util.TreeSet<>());
        RemoteSeries first = ((WriteOutcome.Written) google.createSeries(cal, withException)).result();
        // The user deletes the series on Google: its exception goes with it (cancelled).
        emulator.userDelete(
                cal,
                first.ref(dev.calsync.core.event.EventKey.master(uid))
                        .orElseThrow()
                        .remoteId());

        // The other side still has the series, its exception reverted: it comes back without it.
        assertThat(google.createSeries(cal, EventSeries.of(master))).isInstanceOf(WriteOutcome.Written.class);

        EventSeries back = google.fetchSeries(cal, uid, List.of()).orElseThrow().series();
        assertThat(back.cancelledOccurrences())
                .as("the former exception is an occurrence again")
                .isEmpty();
        assertThat(back.overrides()).isEmpty();
        assertThat(back.master().summary()).isEqualTo("Daily");
    }

    @Test
    void whereGoogleRefusesToUndeleteTheSeriesIsImportedUnderItsUid() {
        try (GoogleCalendarEmulator strict = GoogleCalendarEmulator.start(GoogleEmulatorOptions.builder()
                .updateOfDeleted(UpdateOfDeleted.FORBIDDEN)
                .build())) {
            String c = strict.createCalendar("strict@group.calendar.google.com");
            GoogleCalendarProvider p = provider(strict, 250, 50);
            String uid = "back@calsync.test";
            RemoteSeries first = ((WriteOutcome.Written) p.createSeries(c, meeting(uid, 0))).result();
            p.deleteSeries(c, SeriesVersion.of(first));

            assertThat(p.createSeries(c, meeting(uid, 2))).isInstanceOf(WriteOutcome.Written.class);
            assertThat(p.fetchSeries(c, uid, List.of())
                            .orElseThrow()
                            .series()
                            .master()
                            .summary())
                    .isEqualTo("Meeting 2");
            assertThat(p.createSeries(c, meeting(uid, 2))).isInstanceOf(WriteOutcome.AlreadyExists.class);
        }
    }

    @Test
    void anInvitationIsImportedWithItsOrganizer() {
        String uid = "invite@calsync.test";
        EventSeries invitation = EventSeries.of(meeting(uid, 0).master().toBuilder()
                .organizer(new Organizer("boss@example.org", "The Boss"))
                .build());

        RemoteSeries written = ((WriteOutcome.Written) google.createSeries(cal, invitation)).result();

        assertThat(written.series().master().organizer().email()).isEqualTo("boss@example.org");
        assertThat(google.fetchSeries(cal, uid, List.of())
                        .orElseThrow()
                        .series()
                        .master()
                        .organizer()
                        .email())
                .isEqualTo("boss@example.org");
    }

    @Test
    void anInvitationTheUserDeletedIsRestoredWithItsOrganizerWhenCreatedAgain() {
        String uid = "deleted-invite@calsync.test";
        EventSeries invitation = EventSeries.of(meeting(uid, 0).master().toBuilder()
                .organizer(new Organizer("boss@example.org", "The Boss"))
                .summary("Planning")
                .build());
        RemoteSeries first = ((WriteOutcome.Written) google.createSeries(cal, invitation)).result();
        String importedId = first.ref(dev.calsync.core.event.EventKey.master(uid))
                .orElseThrow()
                .remoteId();
        emulator.userDelete(cal, importedId);

        // The import is refused for a UID a deleted event holds; the deleted event comes back instead.
        WriteOutcome again = google.createSeries(cal, invitation);

        assertThat(again).isInstanceOf(WriteOutcome.Written.class);
        RemoteSeries back = google.fetchSeries(cal, uid, List.of()).orElseThrow();
        assertThat(back.ref(dev.calsync.core.event.EventKey.master(uid))
                        .orElseThrow()
                        .remoteId())
                .isEqualTo(importedId);
        assertThat(back.series().master().organizer().email()).isEqualTo("boss@example.org");
        assertThat(back.series().master().summary()).isEqualTo("Planning");
        assertThat(emulator.event(cal, GoogleEventIds.forUid(uid)))
                .as("no second copy")
                .isEmpty();
    }

    @Test
    void aDeletedInvitationWhoseSequenceGoogleRaisedIsRestoredAboveIt() {
        String uid = "raised-invite@calsync.test";
        EventSeries invitation = EventSeries.of(meeting(uid, 0).master().toBuilder()
                .organizer(new Organizer("boss@example.org", "The Boss"))
                .summary("Planning")
                .build());
        RemoteSeries first = ((WriteOutcome.Written) google.createSeries(cal, invitation)).result();
        String importedId = first.ref(dev.calsync.core.event.EventKey.master(uid))
                .orElseThrow()
                .remoteId();
        // The organizer reschedules twice (SEQUENCE 2), then the user deletes the invitation.
        emulator.userPatch(
                cal,
                importedId,
                EmulatorHarness.node(new com.google.api.services.calendar.model.Event().setSequence(2)));
        emulator.userDelete(cal, importedId);

        // The other side still has it at SEQUENCE 0: the restore must not go below Google's 2, which
        // a listing of deleted events does not show.
        WriteOutcome again = google.createSeries(cal, invitation);

        assertThat(again).isInstanceOf(WriteOutcome.Written.class);
        RemoteSeries back = google.fetchSeries(cal, uid, List.of()).orElseThrow();
        assertThat(back.series().master().summary()).isEqualTo("Planning");
        assertThat(back.series().master().sequence()).isEqualTo(2);
    }

    @Test
    void anUpdatePatchesAndKeepsWhatCalsyncDoesNotMap() {
        String uid = "colour@calsync.test";
        RemoteSeries first = ((WriteOutcome.Written) google.createSeries(cal, meeting(uid, 0))).result();
        String id = GoogleEventIds.forUid(uid);
        ObjectNode colour = EmulatorHarness.node(new com.google.api.services.calendar.model.Event().setColorId("5"));
        emulator.userPatch(cal, id, colour);
        RemoteSeries seen = google.fetchSeries(cal, uid, List.of()).orElseThrow();

        EventSeries renamed = EventSeries.of(
                first.series().master().toBuilder().summary("Renamed").build());
        assertThat(google.updateSeries(cal, SeriesVersion.of(seen), renamed)).isInstanceOf(WriteOutcome.Written.class);

        ObjectNode stored = emulator.event(cal, id).orElseThrow();
        assertThat(stored.path("summary").asText()).isEqualTo("Renamed");
        assertThat(stored.path("colorId").asText()).isEqualTo("5");
        assertThat(emulator.requests())
                .filteredOn(r -> r.method().equals("PATCH"))
                .isNotEmpty();
    }

    @Test
    void anUpdateWithAStaleEtagIsAPreconditionFailure() {
        String uid = "stale@calsync.test";
        RemoteSeries first = ((WriteOutcome.Written) google.createSeries(cal, meeting(uid, 0))).result();
        emulator.userPatch(
                cal,
                GoogleEventIds.forUid(uid),
                EmulatorHarness.node(new com.google.api.services.calendar.model.Event().setSummary("by the user")));

        WriteOutcome outcome = google.updateSeries(
                cal,
                SeriesVersion.of(first),
                EventSeries.of(first.series().master().toBuilder()
                        .summary("by calsync")
                        .build()));

        assertThat(outcome).isInstanceOf(WriteOutcome.PreconditionFailed.class);
        assertThat(emulator.event(cal, GoogleEventIds.forUid(uid))
                        .orElseThrow()
                        .path("summary")
                        .asText())
                .isEqualTo("by the user");
    }

    @Test
    void aCancelledInstanceInADeltaIsACancelledOccurrenceOfItsSeries() {
        String uid = "weekly@calsync.test";
        EventComponent master = meeting(uid, 0).master().toBuilder()
                .recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;COUNT=5"))
                .build();
        google.createSeries(cal, EventSeries.of(master));
        String token = fullListingToken();
        String masterId = GoogleEventIds.forUid(uid);
        RecurrenceId second = RecurrenceId.of(EventTime.of(LocalDateTime.of(2030, 3, 11, 10, 0), BERLIN));
        emulator.userDelete(cal, GoogleEventIds.instanceId(masterId, second));
        google = provider(emulator, 250, 50); // a fresh provider knows no master yet

        try (ChangeListing l = google.listChanges(cal, token)) {
            ChangePage page = l.nextPage().orElseThrow();
            assertThat(page.tombstones()).isEmpty();
            assertThat(page.components()).singleElement().satisfies(c -> {
                assertThat(c.component().key().uid()).isEqualTo(uid);
                assertThat(c.component().status()).isEqualTo(dev.calsync.core.event.EventStatus.CANCELLED);
                assertThat(c.component().recurrenceId()).isEqualTo(second);
            });
        }
    }
}
