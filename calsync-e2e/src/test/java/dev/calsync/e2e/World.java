package dev.calsync.e2e;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncOptions;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.examples.demo.DemoEvent;
import dev.calsync.examples.demo.GoogleUser;
import dev.calsync.examples.demo.Workload;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import dev.calsync.testkit.servers.LocalCalDavServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One pair's whole world, all real but Google: the Google Calendar emulator on 127.0.0.1, a real
 * Radicale server on 127.0.0.1 (its own process and storage), a SQLite mapping store in a file, one
 * calendar on each side, the pair {@value #PAIR}, and a user of each calendar who records what they
 * create and delete in a {@link Ledger}.
 *
 * <p>Each sync opens the providers and the store afresh, as a process started by a scheduler does;
 * {@link #sync(Endpoints, SyncOptions)} can point the providers at proxies in front of the servers.
 * The Google provider follows its root URL; the CalDAV provider talks only to the origin of the
 * pair's calendar URL (Radicale's), so a scenario that sends CalDAV through a proxy also has the pair
 * name the calendar there ({@link #routeCalDav}).
 * The Google access token and the Radicale password are random per world and registered with
 * {@link Secrets}, so the logs can be searched for them.
 */
final class World implements AutoCloseable {
    static final String PAIR = "e2e";
    static final String GOOGLE_CALENDAR = "e2e@group.calendar.google.com";
    static final String CALDAV_CALENDAR = "e2e";

    /** Where the providers send their requests: the servers themselves, or proxies in front. */
    record Endpoints(String googleRootUrl, URI caldavServer) {}

    private final Path dir;
    private final GoogleCalendarEmulator google;
    private final LocalCalDavServer radicale;
    private final Accounts accounts;
    private final URI caldavCalendar;
    private final Ledger ledger = new Ledger();
    private final GoogleUser googleUser;
    private final DavUser davUser;

    private World(Path dir, GoogleCalendarEmulator google, LocalCalDavServer radicale) {
        this.dir = dir;
        this.google = google;
        this.radicale = radicale;
        this.accounts = Accounts.create(radicale.username(), radicale.password());
        google.createCalendar(GOOGLE_CALENDAR, ZoneId.of("Europe/Berlin"));
        this.caldavCalendar = radicale.createCalendar(CALDAV_CALENDAR);
        this.googleUser = new GoogleUser(google, GOOGLE_CALENDAR);
        this.davUser = new DavUser(caldavCalendar, radicale.username(), radicale.password(), ledger);
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(storeFile())) {
            store.useTransaction(tx -> tx.putPair(CalendarPair.of(PAIR, GOOGLE_CALENDAR, caldavCalendar.toString())));
        }
    }

    /** Starts the emulator and Radicale, and creates the calendars, the store file and the pair. */
    static World start(Path dir) {
        GoogleCalendarEmulator google = GoogleCalendarEmulator.start();
        LocalCalDavServer radicale = null;
        try {
            radicale = LocalCalDavServer.start(LocalCalDavServer.Kind.RADICALE);
            return new World(dir, google, radicale);
        } catch (RuntimeException | Error e) {
            if (radicale != null) {
                radicale.close();
            }
            google.close();
            throw e;
        }
    }

    GoogleCalendarEmulator google() {
        return google;
    }

    LocalCalDavServer radicale() {
        return radicale;
    }

    URI caldavCalendar() {
        return caldavCalendar;
    }

    Path storeFile() {
        return dir.resolve("store.db");
    }

    Path dir() {
        return dir;
    }

    Ledger ledger() {
        return ledger;
    }

    /** The credentials calsync is given here. */
    Accounts accounts() {
        return accounts;
    }

    /** The servers themselves. */
    Endpoints direct() {
        return new Endpoints(google.rootUrl(), radicale.baseUri());
    }

    /** The Google calendar's user (edits through the emulator's user API). */
    GoogleUser googleUser() {
        return googleUser;
    }

    /** The CalDAV calendar's other client. */
    DavUser davUser() {
        return davUser;
    }

    /** Creates {@code event} on the side its origin names, and records it in the ledger. */
    String create(DemoEvent event) {
        if (event.origin() == DemoEvent.Origin.GOOGLE) {
            String uid = googleUser.create(event);
            ledger.created(uid);
            return uid;
        }
        return davUser.create(event);
    }

    /** Creates every event of {@code Workload.generate(seed, size)}; returns their UIDs. */
    List<String> populate(long seed, int size) {
        List<String> uids = new ArrayList<>();
        for (DemoEvent e : Workload.generate(seed, size).events()) {
            uids.add(create(e));
        }
        return uids;
    }

    /** Deletes series {@code uid} on Google as its user, and records it. */
    void deleteOnGoogle(String uid) {
        googleUser.delete(uid);
        ledger.deleted(uid);
    }

    /**
     * Makes the pair name the CalDAV calendar at {@code server}'s origin, its path, tokens and
     * mappings unchanged: the CalDAV provider sends requests (and credentials) only to the origin of
     * the calendar it is asked for, and the engine reads the calendar from the pair on every sync.
     * Route it back to {@code radicale().baseUri()} before syncing straight to Radicale again.
     *
     * @param server a proxy in front of Radicale, or Radicale itself
     */
    void routeCalDav(URI server) {
        String calendar = server.resolve(caldavCalendar.getRawPath()).toString();
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(storeFile())) {
            store.useTransaction(tx -> {
                CalendarPair p = tx.pair(PAIR).orElseThrow();
                tx.putPair(new CalendarPair(
                        p.pairId(),
                        p.calendarA(),
                        calendar,
                        p.syncTokenA(),
                        p.syncTokenB(),
                        p.lastUpdatedA(),
                        p.lastUpdatedB(),
                        p.enabled()));
            });
        }
    }

    /** A Google provider pointed at {@code rootUrl}. */
    GoogleCalendarProvider googleProvider(String rootUrl) {
        return googleProvider(rootUrl, UnaryOperator.identity());
    }

    /** A Google provider pointed at {@code rootUrl}, as configured by {@code customize}. */
    GoogleCalendarProvider googleProvider(String rootUrl, UnaryOperator<GoogleCalendarProvider.Builder> customize) {
        return accounts.googleProvider(rootUrl, customize);
    }

    /** A CalDAV provider pointed at {@code server}, as configured by {@code customize}. */
    CalDavCalendarProvider caldavProvider(URI server, UnaryOperator<CalDavCalendarProvider.Builder> customize) {
        return accounts.caldavProvider(server, customize);
    }

    /** One normal sync, in this process, straight to the servers. */
    SyncReport sync() {
        return sync(direct(), SyncOptions.defaults());
    }

    /** One sync in this process through {@code endpoints}; providers and store opened and closed around it. */
    SyncReport sync(Endpoints endpoints, SyncOptions options) {
        return sync(endpoints, options, UnaryOperator.identity());
    }

    /** As {@link #sync(Endpoints, SyncOptions)}, with the CalDAV provider's builder customised. */
    SyncReport sync(Endpoints endpoints, SyncOptions options, UnaryOperator<CalDavCalendarProvider.Builder> caldav) {
        GoogleCalendarProvider g = googleProvider(endpoints.googleRootUrl());
        try (CalDavCalendarProvider c = caldavProvider(endpoints.caldavServer(), caldav);
                JdbiMappingStore store = JdbiMappingStore.sqlite(storeFile())) {
            SyncEngine engine = SyncEngine.builder()
                    .sideA(g)
                    .sideB(c)
                    .store(store)
                    .conflictResolver(ConflictResolvers.standard())
                    .build();
            return engine.sync(PAIR, options);
        }
    }

    /**
     * Syncs normally until a sync writes nothing (at most {@code max} syncs): how a scheduler's next
     * runs settle a pair after a fault.
     *
     * @return the number of syncs it took
     * @throws AssertionError if the pair does not settle
     */
    int syncUntilQuiet(int max) {
        for (int i = 1; i <= max; i++) {
            SyncReport report = sync();
            if (report.writes() == 0 && report.parked().isEmpty()) {
                return i;
            }
        }
        throw new AssertionError("the pair still writes after " + max + " syncs");
    }

    /** Checks the invariants against both servers and the store. */
    Outcome check() {
        return Invariants.check(this);
    }

    @Override
    public void close() {
        try {
            radicale.close();
        } finally {
            google.close();
        }
    }
}
