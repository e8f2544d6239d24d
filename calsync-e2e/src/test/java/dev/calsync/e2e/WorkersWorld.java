package dev.calsync.e2e;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.Lease;
import dev.calsync.examples.demo.DemoEvent;
import dev.calsync.examples.demo.GoogleUser;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.store.jdbi.PostgresTestDatabase;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import dev.calsync.testkit.servers.LocalCalDavServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The world of many pairs: one Google Calendar emulator holding a calendar per pair, one real
 * Radicale holding a calendar per pair, and one PostgreSQL store (a fresh schema of the machine's
 * server, or of an embedded one: {@link PostgresTestDatabase}, dropped on close) holding every pair,
 * shared by the worker processes. Each pair has a user on each side and its own {@link Ledger}.
 *
 * <p>The Google access token and the Radicale password are random and registered with {@link
 * Secrets}; the workers get them through their environment. The JDBC URL carries no password
 * (trust authentication).
 */
final class WorkersWorld implements AutoCloseable {

    /** One pair: its calendars, the user of each, and what they did. */
    record Pair(
            String id,
            String googleCalendar,
            URI caldavCalendar,
            GoogleUser googleUser,
            DavUser davUser,
            Ledger ledger,
            List<String> uids) {

        /** Creates {@code event} on the side its origin names, and records it. */
        String create(DemoEvent event) {
            String uid;
            if (event.origin() == DemoEvent.Origin.GOOGLE) {
                uid = googleUser.create(event);
                ledger.created(uid);
            } else {
                uid = davUser.create(event);
            }
            uids.add(uid);
            return uid;
        }

        /** Deletes series {@code uid} on Google as its user, and records it. */
        void deleteOnGoogle(String uid) {
            googleUser.delete(uid);
            ledger.deleted(uid);
        }
    }

    private final GoogleCalendarEmulator google;
    private final LocalCalDavServer radicale;
    private final PostgresTestDatabase.Schema schema;
    private final JdbiMappingStore store;
    private final Accounts accounts;
    private final List<Pair> pairs = new ArrayList<>();

    private WorkersWorld(
            GoogleCalendarEmulator google, LocalCalDavServer radicale, PostgresTestDatabase.Schema schema) {
        this.google = google;
        this.radicale = radicale;
        this.schema = schema;
        this.accounts = Accounts.create(radicale.username(), radicale.password());
        this.store = JdbiMappingStore.postgres(schema.dataSource());
    }

    /** Starts the servers and a fresh schema, and creates {@code count} pairs with empty calendars. */
    static WorkersWorld start(int count) {
        GoogleCalendarEmulator google = GoogleCalendarEmulator.start();
        LocalCalDavServer radicale = null;
        PostgresTestDatabase.Schema schema = null;
        try {
            radicale = LocalCalDavServer.start(LocalCalDavServer.Kind.RADICALE);
            schema = PostgresTestDatabase.freshSchema();
            WorkersWorld world = new WorkersWorld(google, radicale, schema);
            world.createPairs(count);
            return world;
        } catch (RuntimeException | Error e) {
            if (schema != null) {
                schema.close();
            }
            if (radicale != null) {
                radicale.close();
            }
            google.close();
            throw e;
        }
    }

    private void createPairs(int count) {
        List<CalendarPair> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = String.format("w%03d", i);
            String googleCalendar = name + "@group.calendar.google.com";
            google.createCalendar(googleCalendar, ZoneId.of("Europe/Berlin"));
            URI caldavCalendar = radicale.createCalendar(name);
            Ledger ledger = new Ledger();
            Pair pair = new Pair(
                    String.format("pair-%03d", i),
                    googleCalendar,
                    caldavCalendar,
                    new GoogleUser(google, googleCalendar),
                    new DavUser(caldavCalendar, radicale.username(), radicale.password(), ledger),
                    ledger,
                    new ArrayList<>());
            pairs.add(pair);
            rows.add(CalendarPair.of(pair.id(), googleCalendar, caldavCalendar.toString()));
        }
        store.useTransaction(tx -> rows.forEach(tx::putPair));
    }

    List<Pair> pairs() {
        return pairs;
    }

    JdbiMappingStore store() {
        return store;
    }

    GoogleCalendarEmulator google() {
        return google;
    }

    /** The lease recorded on {@code pairId}, expired or not. */
    Optional<Lease> lease(String pairId) {
        return store.inTransaction(tx -> tx.lease(pairId));
    }

    /** How a worker of this world is started for a round. */
    WorkerProcess.Settings worker(
            String workerId,
            Duration lease,
            Instant roundStart,
            Path records,
            int holdAtSync,
            Duration hold,
            Duration patience) {
        return new WorkerProcess.Settings(
                google.rootUrl(),
                radicale.baseUri(),
                radicale.username(),
                schema.jdbcUrl(),
                schema.user(),
                workerId,
                lease,
                roundStart,
                records,
                holdAtSync,
                hold,
                patience);
    }

    /** Starts a worker process; the credentials go through its environment. */
    ChildJvm startWorker(WorkerProcess.Settings settings) {
        return ChildJvm.start(settings.workerId(), WorkerProcess.class, settings.toArgs(), accounts.environment());
    }

    /** The invariants of every pair, added up. */
    Outcome check() {
        GoogleCalendarProvider g = accounts.googleProvider(google.rootUrl(), b -> b);
        try (CalDavCalendarProvider c = accounts.caldavProvider(radicale.baseUri(), b -> b)) {
            List<Outcome> outcomes = new ArrayList<>();
            for (Pair pair : pairs) {
                outcomes.add(Invariants.check(
                        pair.id(),
                        pair.id() + " ",
                        pair.ledger(),
                        g,
                        pair.googleCalendar(),
                        c,
                        pair.caldavCalendar().toString(),
                        store));
            }
            return Outcome.sum(outcomes);
        }
    }

    @Override
    public void close() {
        try {
            store.close();
            schema.close();
        } finally {
            try {
                radicale.close();
            } finally {
                google.close();
            }
        }
    }
}
