package dev.calsync.e2e;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import java.net.URI;
import java.nio.file.Path;

/**
 * The main class of a child JVM that syncs one pair once, as a host application's scheduled job
 * does: Google provider, CalDAV provider and the SQLite store, all from its arguments; the
 * credentials from the environment ({@code CALSYNC_E2E_GOOGLE_TOKEN},
 * {@code CALSYNC_E2E_CALDAV_PASSWORD}). Prints {@code synced writes=N} and exits 0, or exits 1 with
 * the exception on standard error. Started by {@link ChildJvm}.
 *
 * <p>Arguments: Google root URL, CalDAV server URI, CalDAV user, store file, pair id.
 */
public final class SyncProcess {
    private SyncProcess() {}

    public static void main(String[] args) {
        try {
            SyncReport report = syncOnce(args);
            System.out.println("synced writes=" + report.writes() + " parked="
                    + report.parked().size());
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * Syncs the pair once from this class's arguments and environment, providers and store opened
     * and closed around it.
     *
     * @param args Google root URL, CalDAV server URI, CalDAV user, store file, pair id
     * @return the sync's report
     */
    static SyncReport syncOnce(String[] args) {
        String googleRoot = args[0];
        URI caldavServer = URI.create(args[1]);
        String caldavUser = args[2];
        Path storeFile = Path.of(args[3]);
        String pair = args[4];
        Accounts accounts = Accounts.fromEnvironment(caldavUser);
        GoogleCalendarProvider google =
                accounts.googleProvider(googleRoot, b -> b.applicationName("calsync-e2e-child"));
        try (CalDavCalendarProvider caldav = accounts.caldavProvider(caldavServer, b -> b);
                JdbiMappingStore store = JdbiMappingStore.sqlite(storeFile)) {
            return SyncEngine.builder()
                    .sideA(google)
                    .sideB(caldav)
                    .store(store)
                    .conflictResolver(ConflictResolvers.standard())
                    .build()
                    .sync(pair);
        }
    }
}
