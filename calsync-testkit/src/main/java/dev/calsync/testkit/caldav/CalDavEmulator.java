package dev.calsync.testkit.caldav;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A local CalDAV server for tests, served over real HTTP on 127.0.0.1 (an ephemeral port), that
 * behaves like Radicale 3.1.8 as observed in CALDAV.md §6.5 by default and like iCloud where a
 * switch of {@link CalDavEmulatorOptions} says so ({@link CalDavEmulatorOptions#icloud()} turns them
 * all on).
 *
 * <pre>{@code
 * try (CalDavEmulator caldav = CalDavEmulator.start()) {
 *     URI work = caldav.createCalendar("work");          // http://127.0.0.1:<port>/alice/work/
 *     caldav.userPut("work", "ev1.ics", ics);            // as another client
 *     // point the client at caldav.baseUri() with caldav.username() / caldav.password()
 *     caldav.faults().serviceUnavailable(1, Duration.ofSeconds(2));
 *     caldav.requests();                                 // what the client sent, and how much came back
 * }
 * }</pre>
 *
 * <p>Served: {@code /.well-known/caldav} (301 to {@code /}, without authentication), OPTIONS,
 * PROPFIND (Depth 0 and 1; no Depth means 0 and {@code infinity} means 1, as on Radicale), REPORT
 * {@code sync-collection}, {@code calendar-multiget} and {@code calendar-query} (VCALENDAR > one
 * comp-filter with an optional time-range; recurring series expanded, overrides merged), GET (of a
 * resource; of a calendar, Radicale's export of the whole calendar as one VCALENDAR), PUT, DELETE (of
 * a resource or a calendar) and MKCALENDAR. Every other request needs Basic
 * authentication with {@link #username()} and {@link #password()} (401 otherwise). Resources are
 * stored as the exact bytes PUT; their ETag is the quoted SHA-256 of those bytes. Request bodies with
 * a DOCTYPE are answered 400. Not emulated: PROPPATCH, MOVE/COPY, LOCK, ACLs and scheduling, {@code
 * DAV:limit}, {@code <C:expand>}, prop-filter/text-match, and Radicale's HTTP/1.0 connection
 * handling. {@code DifferentialRadicaleTest} runs the same raw scenarios against this emulator and a
 * real Radicale and compares the answers step by step.
 *
 * <p>Thread-safe: requests may arrive concurrently and the test hooks may be called at any time.
 */
public final class CalDavEmulator implements AutoCloseable {
    private final CalDavEmulatorOptions options;
    private final Store store;
    private final CalDavFaults faults = new CalDavFaults();
    private final DavServer server;

    private CalDavEmulator(CalDavEmulatorOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.store = new Store(options);
        try {
            this.server = new DavServer(store, faults);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the CalDAV emulator", e);
        }
    }

    /**
     * Starts an emulator with {@link CalDavEmulatorOptions#defaults()} (Radicale-like).
     *
     * @return the running emulator; close it when done
     */
    public static CalDavEmulator start() {
        return start(CalDavEmulatorOptions.defaults());
    }

    /**
     * Starts an emulator with {@code options}.
     *
     * @param options the switches and credentials
     * @return the running emulator; close it when done
     */
    public static CalDavEmulator start(CalDavEmulatorOptions options) {
        return new CalDavEmulator(options);
    }

    /** {@return the options this emulator runs with} */
    public CalDavEmulatorOptions options() {
        return options;
    }

    /** {@return the discovery server's root, {@code http://127.0.0.1:<port>/}: where a client starts} */
    public URI baseUri() {
        return server.baseUri();
    }

    /** {@return the Basic-auth user name} */
    public String username() {
        return options.username();
    }

    /** {@return the Basic-auth password} */
    public String password() {
        return options.password();
    }

    /**
     * The principal: {@code <base>/<user>/} (Radicale layout) or {@code <base>/<dsid>/principal/}
     * (cross-host layout), on the discovery server.
     *
     * @return the principal's URI
     */
    public URI principalUri() {
        return baseUri().resolve(store.layout.principal);
    }

    /**
     * The calendar home: the principal itself in the Radicale layout; with {@link
     * CalDavEmulatorOptions#crossHostHomeSet()} {@code http://127.0.0.1:<other port>/<dsid>/calendars/}.
     *
     * @return the calendar home's URI
     */
    public URI calendarHomeUri() {
        return URI.create(server.homeOrigin() + store.layout.home);
    }

    /**
     * Creates a calendar collection as MKCALENDAR would, with display name {@code name} and component
     * set VEVENT.
     *
     * @param name the calendar's name, a single path segment
     * @return the collection's absolute URI, ending in {@code /}
     * @throws IllegalArgumentException if the name is empty, contains {@code /}, or exists already
     */
    public URI createCalendar(String name) {
        if (name == null || name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("bad calendar name: " + name);
        }
        synchronized (store) {
            if (store.create(name, name, null, List.of("VEVENT")) == null) {
                throw new IllegalArgumentException("calendar exists already: " + name);
            }
        }
        return calendarUri(name);
    }

    /**
     * {@return the absolute URI of calendar {@code name} (whether or not it exists)}
     *
     * @param name the calendar's name
     */
    public URI calendarUri(String name) {
        return URI.create(server.homeOrigin() + store.layout.calendarHref(name));
    }

    /**
     * Stores a resource as another client would (a PUT without If-Match/If-None-Match): the same
     * checks of the body, the UID and the switches apply, and sync tokens and ctag move on.
     *
     * @param calendar the calendar's name as given to {@link #createCalendar(String)}
     * @param name the resource name, e.g. {@code ev1.ics}
     * @param ics the iCalendar body
     * @return the new ETag, with quotes
     * @throws IllegalStateException with the HTTP status a PUT would get, if rejected
     */
    public String userPut(String calendar, String name, String ics) {
        Objects.requireNonNull(ics, "ics");
        Store.Outcome o;
        synchronized (store) {
            o = store.put(calendar, name, ics.getBytes(StandardCharsets.UTF_8), null, null, true);
        }
        if (o.status() >= 300) {
            throw new IllegalStateException(
                    "userPut rejected with " + o.status() + (o.body() == null ? "" : ": " + o.body()));
        }
        return o.etag();
    }

    /**
     * Deletes a resource as another client would (no If-Match).
     *
     * @param calendar the calendar's name
     * @param name the resource name
     * @throws NoSuchElementException if there is no such resource
     */
    public void userDelete(String calendar, String name) {
        synchronized (store) {
            if (store.delete(calendar, name, null).status() == 404) {
                throw new NoSuchElementException(calendar + "/" + name);
            }
        }
    }

    /**
     * {@return the stored resource (exact bytes and ETag), if any}
     *
     * @param calendar the calendar's name
     * @param name the resource name
     */
    public Optional<StoredResource> resource(String calendar, String name) {
        synchronized (store) {
            Store.Cal c = store.calendar(calendar);
            Store.Item it = c == null ? null : c.items.get(name);
            if (it == null) {
                return Optional.empty();
            }
            return Optional.of(new StoredResource(
                    store.layout.itemHref(calendar, name), it.etag(), new String(it.bytes(), StandardCharsets.UTF_8)));
        }
    }

    /**
     * Forgets every sync token issued for the calendar: a sync-collection with any of them now gets
     * {@link CalDavEmulatorOptions#badTokenResponse()} (tokens issued afterwards are valid).
     *
     * @param calendar the calendar's name
     * @throws NoSuchElementException if there is no such calendar
     */
    public void invalidateSyncTokens(String calendar) {
        synchronized (store) {
            Store.Cal c = store.calendar(calendar);
            if (c == null) {
                throw new NoSuchElementException(calendar);
            }
            store.invalidateTokens(c);
        }
    }

    /** {@return the fault switches of this emulator} */
    public CalDavFaults faults() {
        return faults;
    }

    /** {@return the requests received on either server since the start or {@link #clearRequests()}, oldest first} */
    public List<RecordedRequest> requests() {
        return server.requests();
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        server.clearRequests();
    }

    /** Stops the server(s). */
    @Override
    public void close() {
        server.stop();
    }
}
