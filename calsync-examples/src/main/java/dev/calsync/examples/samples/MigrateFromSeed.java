package dev.calsync.examples.samples;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.apache.v5.Apache5HttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.sync.PlannedOperation;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.store.jdbi.seedimport.SeedImport;
import dev.calsync.store.jdbi.seedimport.SeedImportReport;
import dev.calsync.store.jdbi.seedimport.SeedImportReport.GoogleUidTag;
import dev.calsync.store.jdbi.seedimport.SeedImportReport.ImportedPair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The switch-over from the seed's Python tool to calsync, the code of {@code docs/migrating.md}:
 * import the seed's database into a calsync store, tag the Google events whose UID Google reports
 * differently from their iCloud copy, preview the first sync of each pair with a dry run, and sync
 * only when the plan holds nothing to review.
 */
public final class MigrateFromSeed {
    private MigrateFromSeed() {}

    /**
     * What the switch-over did.
     *
     * @param imported what the import carried over
     * @param googleEventsTagged the Google events that were given their series' UID
     * @param dryRuns each pair's dry run
     * @param toReview each pair's planned steps a person should look at before the real sync (empty
     *     lists when there is nothing)
     * @param firstSyncs each pair's first real sync; empty when something was to review
     */
    public record Outcome(
            SeedImportReport imported,
            int googleEventsTagged,
            Map<String, SyncReport> dryRuns,
            Map<String, List<PlannedOperation>> toReview,
            Map<String, SyncReport> firstSyncs) {}

    /**
     * A Google Calendar API client, for the provider and for tagging.
     *
     * @param credentials OAuth credentials with the {@code calendar} scope
     * @param rootUrl {@code https://www.googleapis.com/}, or an emulator's in tests
     * @return the client
     */
    public static Calendar googleClient(GoogleCredentials credentials, String rootUrl) {
        // client:begin
        Calendar googleClient = new Calendar.Builder(
                        new Apache5HttpTransport(),
                        GsonFactory.getDefaultInstance(),
                        new HttpCredentialsAdapter(credentials))
                .setApplicationName("calsync-migration")
                .setRootUrl(rootUrl)
                .build();
        // client:end
        return googleClient;
    }

    /**
     * Runs the switch-over. The seed's tool must be stopped and its database backed up first.
     *
     * @param seedFile the seed's SQLite database (read, never written)
     * @param calsyncFile calsync's SQLite store; created if missing
     * @param googleClient the Google Calendar API client
     * @param caldav the CalDAV provider for the iCloud account
     * @return what was done
     * @throws IOException if tagging a Google event fails
     */
    public static Outcome switchOver(
            Path seedFile, Path calsyncFile, Calendar googleClient, CalDavCalendarProvider caldav) throws IOException {
        GoogleCalendarProvider google =
                GoogleCalendarProvider.builder().client(googleClient).build();
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(calsyncFile)) {
            // import:begin
            // Google on side A, iCloud on side B, pair ids "seed-" + calendar_mappings.id.
            SeedImportReport imported = SeedImport.builder().build().importInto(store, seedFile);
            // Google copies of iCloud events report Google's own iCalUID: give them the series' UID.
            int tagged = tagGoogleEvents(googleClient, imported.googleUidTags());
            // import:end

            SyncEngine engine = SyncEngine.builder()
                    .sideA(google)
                    .sideB(caldav)
                    .store(store)
                    .build();
            Map<String, SyncReport> dryRuns = new LinkedHashMap<>();
            Map<String, List<PlannedOperation>> toReview = new LinkedHashMap<>();
            for (ImportedPair pair : imported.pairs()) {
                String pairId = pair.pairId();
                // dry-run:begin
                SyncReport plan =
                        engine.sync(pairId, SyncOptions.builder().dryRun(true).build());
                // Series the seed had on one side only are expected to be created on the other.
                Set<String> oneSided = store.inTransaction(tx -> tx.mappings(pairId, SyncStatus.ACTIVE)).stream()
                        .filter(m -> m.a() == null || m.b() == null)
                        .map(m -> m.key().uid())
                        .collect(Collectors.toSet());
                // Anything else than adopting a mapped series is for a person to look at first.
                List<PlannedOperation> review = plan.plan().stream()
                        .filter(op -> op.kind() != SyncOperation.Kind.ADOPT)
                        .filter(op -> op.kind() != SyncOperation.Kind.CREATE || !oneSided.contains(op.uid()))
                        .toList();
                // dry-run:end
                dryRuns.put(pairId, plan);
                toReview.put(pairId, plan.wouldBeRefused().isPresent() ? plan.plan() : review);
            }
            Map<String, SyncReport> firstSyncs = new LinkedHashMap<>();
            if (toReview.values().stream().allMatch(List::isEmpty)) {
                for (ImportedPair pair : imported.pairs()) {
                    // sync:begin
                    SyncReport first = engine.sync(pair.pairId());
                    // sync:end
                    firstSyncs.put(pair.pairId(), first);
                }
            }
            return new Outcome(imported, tagged, dryRuns, toReview, firstSyncs);
        }
    }

    /**
     * Gives each listed Google event its series' UID in calsync's private extended property, where
     * calsync's Google provider looks before {@code iCalUID}. A recurring event's changed
     * occurrences (events of their own, sharing its {@code iCalUID}) are tagged with it. Events that
     * are gone are left to the first sync; events already tagged are not written again. Only the
     * private extended properties change: no field calsync compares, no notification sent.
     *
     * @param google the Google Calendar API client
     * @param tags {@link SeedImportReport#googleUidTags()}
     * @return how many events were written
     * @throws IOException if Google refuses a read or a write
     */
    public static int tagGoogleEvents(Calendar google, List<GoogleUidTag> tags) throws IOException {
        // tag:begin
        int written = 0;
        for (GoogleUidTag tag : tags) {
            Event event = eventOrNull(google, tag.googleCalendarId(), tag.googleEventId());
            if (event == null || "cancelled".equals(event.getStatus())) {
                continue;
            }
            List<Event> events = new ArrayList<>(List.of(event));
            if (event.getRecurrence() != null && !event.getRecurrence().isEmpty()) {
                String page = null;
                do {
                    Events list = google.events()
                            .list(tag.googleCalendarId())
                            .setICalUID(event.getICalUID())
                            .setPageToken(page)
                            .execute();
                    for (Event e : list.getItems()) {
                        if (event.getId().equals(e.getRecurringEventId()) && !"cancelled".equals(e.getStatus())) {
                            events.add(e);
                        }
                    }
                    page = list.getNextPageToken();
                } while (page != null);
            }
            for (Event e : events) {
                Map<String, String> own = new HashMap<>();
                if (e.getExtendedProperties() != null
                        && e.getExtendedProperties().getPrivate() != null) {
                    own.putAll(e.getExtendedProperties().getPrivate());
                }
                if (tag.uid().equals(own.get(GoogleCalendarProvider.UID_PROPERTY))) {
                    continue;
                }
                own.put(GoogleCalendarProvider.UID_PROPERTY, tag.uid());
                Event patch = new Event().setExtendedProperties(new Event.ExtendedProperties().setPrivate(own));
                google.events()
                        .patch(tag.googleCalendarId(), e.getId(), patch)
                        .setSendUpdates("none")
                        .execute();
                written++;
            }
        }
        // tag:end
        return written;
    }

    private static Event eventOrNull(Calendar google, String calendarId, String eventId) throws IOException {
        try {
            return google.events().get(calendarId, eventId).execute();
        } catch (GoogleJsonResponseException e) {
            if (e.getStatusCode() == 404 || e.getStatusCode() == 410) {
                return null;
            }
            throw e;
        }
    }
}
