package dev.calsync.examples.samples;

import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.net.URI;
import java.nio.file.Path;

/**
 * Keeps a Google calendar and a CalDAV (iCloud) calendar in two-way sync: a provider for each side,
 * a SQLite file that remembers what was synced, and the engine. The body of {@link #syncOnce} is
 * the code of {@code docs/quickstart.md} (a test keeps the two identical).
 *
 * <p>Run it as often as you like (from a scheduler, say): the SQLite file holds each side's sync
 * token, so every run after the first reads only what changed since the run before.
 */
public final class AssembleSync {
    private AssembleSync() {}

    /**
     * Syncs one Google calendar with one CalDAV calendar once.
     *
     * @param googleCredentials OAuth credentials with the {@code calendar} scope, e.g. {@code
     *     GoogleCredentials.fromStream(in).createScoped(CalendarScopes.CALENDAR)}
     * @param googleRootUrl the Google API's root URL: {@code https://www.googleapis.com/}, or an
     *     emulator's in tests
     * @param caldavServer where CalDAV discovery starts, e.g. {@code https://caldav.icloud.com/}
     * @param caldavUser the CalDAV user (for iCloud, the Apple ID)
     * @param caldavPassword the CalDAV password (for iCloud, an app-specific password)
     * @param sqliteFile the store's file; created and migrated on first use
     * @param pairId the host application's name for the pair, e.g. {@code work}
     * @param googleCalendarId the Google calendar, e.g. {@code primary} or {@code ...@group.calendar.google.com}
     * @param caldavCalendarUrl the CalDAV calendar's collection URL ({@link CalDavCalendarProvider#calendars()} lists them)
     * @return what the sync did
     */
    public static SyncReport syncOnce(
            GoogleCredentials googleCredentials,
            String googleRootUrl,
            URI caldavServer,
            String caldavUser,
            String caldavPassword,
            Path sqliteFile,
            String pairId,
            String googleCalendarId,
            String caldavCalendarUrl) {
        // quickstart:begin
        GoogleCalendarProvider google = GoogleCalendarProvider.builder()
                .credentials(googleCredentials)
                .rootUrl(googleRootUrl)
                .build();
        // For iCloud: CalDavCalendarProvider.icloud(appleId, appSpecificPassword).build()
        try (CalDavCalendarProvider caldav = CalDavCalendarProvider.builder()
                        .serverUri(caldavServer)
                        .credentials(caldavUser, caldavPassword)
                        .build();
                JdbiMappingStore store = JdbiMappingStore.sqlite(sqliteFile)) {
            store.useTransaction(tx -> {
                if (tx.pair(pairId).isEmpty()) {
                    tx.putPair(CalendarPair.of(pairId, googleCalendarId, caldavCalendarUrl));
                }
            });
            SyncEngine engine = SyncEngine.builder()
                    .sideA(google)
                    .sideB(caldav)
                    .store(store)
                    .build();
            return engine.sync(pairId);
        }
        // quickstart:end
    }
}
