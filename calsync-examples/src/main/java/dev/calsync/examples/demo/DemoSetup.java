package dev.calsync.examples.demo;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.caldav.CalDavEmulatorOptions;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Date;

/**
 * Everything the demo runs on, started together and closed together: the Google Calendar emulator
 * and the CalDAV emulator in iCloud mode on 127.0.0.1 (ephemeral ports), one calendar on each, a
 * SQLite mapping store, the two providers pointed at the emulators, the pair and the engine, and a
 * user of each side.
 *
 * <p>The Google provider is given a fixed access token: the emulator accepts any bearer token. The
 * CalDAV provider starts discovery at the emulator's root, as it would at {@code caldav.icloud.com},
 * and may follow the calendar home to the emulator's second port (iCloud's partition host).
 */
public final class DemoSetup implements AutoCloseable {
    /** The pair's id. */
    public static final String PAIR = "family";

    /** The Google calendar's id. */
    public static final String GOOGLE_CALENDAR = "family@group.calendar.google.com";

    /** The Google calendar's time zone. */
    public static final ZoneId GOOGLE_ZONE = ZoneId.of("Europe/Berlin");

    /** The iCloud calendar's name. */
    public static final String ICLOUD_CALENDAR = "family";

    private static final RetryPolicy QUICK_RETRIES = new RetryPolicy(4, Duration.ofMillis(50), Duration.ofSeconds(1));

    private final GoogleCalendarEmulator google;
    private final CalDavEmulator caldav;
    private final JdbiMappingStore store;
    private final CalDavCalendarProvider icloudProvider;
    private final GoogleCalendarProvider googleProvider;
    private final String googleCalendar;
    private final String icloudCalendar;
    private final SyncEngine engine;
    private final GoogleUser googleUser;
    private final ICloudUser icloudUser;

    /**
     * Starts everything.
     *
     * @param storeFile the SQLite file of the mapping store (created)
     * @param seed the workload's seed, from which the iCloud user derives UIDs
     */
    public DemoSetup(Path storeFile, long seed) {
        GoogleCalendarEmulator g = null;
        CalDavEmulator c = null;
        JdbiMappingStore s = null;
        CalDavCalendarProvider p = null;
        try {
            g = GoogleCalendarEmulator.start();
            c = CalDavEmulator.start(CalDavEmulatorOptions.icloud());
            s = JdbiMappingStore.sqlite(storeFile);
            p = CalDavCalendarProvider.builder()
                    .serverUri(c.baseUri())
                    .credentials(c.username(), c.password())
                    .allowHosts("127.0.0.1")
                    .retryPolicy(QUICK_RETRIES)
                    .build();
        } catch (RuntimeException e) {
            closeAll(p, s, c, g);
            throw e;
        }
        this.google = g;
        this.caldav = c;
        this.store = s;
        this.icloudProvider = p;
        try {
            String gcal = google.createCalendar(GOOGLE_CALENDAR, GOOGLE_ZONE);
            String ccal = caldav.createCalendar(ICLOUD_CALENDAR).toString();
            GoogleCalendarProvider gp = GoogleCalendarProvider.builder()
                    .credentials(GoogleCredentials.create(new AccessToken("demo", new Date(Long.MAX_VALUE / 2))))
                    .rootUrl(google.rootUrl())
                    .applicationName("calsync-demo")
                    .retryPolicy(QUICK_RETRIES)
                    .build();
            store.useTransaction(tx -> tx.putPair(CalendarPair.of(PAIR, gcal, ccal)));
            this.googleCalendar = gcal;
            this.icloudCalendar = ccal;
            this.googleProvider = gp;
        } catch (RuntimeException e) {
            closeAll(p, s, c, g);
            throw e;
        }
        this.engine = SyncEngine.builder()
                .sideA(googleProvider)
                .sideB(icloudProvider)
                .store(store)
                .conflictResolver(ConflictResolvers.standard())
                .build();
        this.googleUser = new GoogleUser(google, googleCalendar);
        this.icloudUser = new ICloudUser(caldav, ICLOUD_CALENDAR, seed, Clock.systemUTC());
    }

    /** The Google Calendar emulator. */
    public GoogleCalendarEmulator google() {
        return google;
    }

    /** The CalDAV emulator, in iCloud mode. */
    public CalDavEmulator caldav() {
        return caldav;
    }

    /** The Google provider (side A). */
    public GoogleCalendarProvider googleProvider() {
        return googleProvider;
    }

    /** The CalDAV provider (side B). */
    public CalDavCalendarProvider icloudProvider() {
        return icloudProvider;
    }

    /** The Google calendar's id. */
    public String googleCalendar() {
        return googleCalendar;
    }

    /** The iCloud calendar's URL. */
    public String icloudCalendar() {
        return icloudCalendar;
    }

    /** The engine syncing {@link #PAIR}. */
    public SyncEngine engine() {
        return engine;
    }

    /** The Google calendar's user. */
    public GoogleUser googleUser() {
        return googleUser;
    }

    /** The iCloud calendar's user. */
    public ICloudUser icloudUser() {
        return icloudUser;
    }

    /** Stops the emulators and closes the provider and the store. */
    @Override
    public void close() {
        closeAll(icloudProvider, store, caldav, google);
    }

    private static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cannot close " + r, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
