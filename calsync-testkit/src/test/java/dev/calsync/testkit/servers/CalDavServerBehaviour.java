package dev.calsync.testkit.servers;

import static dev.calsync.testkit.servers.LocalCalDavServer.Kind.RADICALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.testkit.servers.Dav.Entry;
import dev.calsync.testkit.servers.Dav.Multistatus;
import dev.calsync.testkit.servers.Dav.Response;
import dev.calsync.testkit.servers.LocalCalDavServer.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins what a real server answers, per kind, as CALDAV.md §6.5 reports it (and where reality differs,
 * reality). One server per concrete class; each test uses its own calendar.
 */
abstract class CalDavServerBehaviour {

    abstract LocalCalDavServer server();

    Kind kind() {
        return server().kind();
    }

    Dav dav() {
        return new Dav(server());
    }

    static final String SYNC_OK = "HTTP/1.1 200 OK";
    static final String NOT_FOUND = "HTTP/1.1 404 Not Found";

    @Test
    void listensOnLoopbackWithTheDocumentedCoordinates() {
        LocalCalDavServer server = server();
        assertThat(server.baseUri().toString()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
        assertThat(server.storageDir()).isDirectory();
        if (kind() == RADICALE) {
            assertThat(server.username()).startsWith("calsync-");
            assertThat(server.password()).hasSizeGreaterThanOrEqualTo(20);
            assertThat(server.principalUri().getPath()).isEqualTo("/" + server.username() + "/");
            assertThat(server.calendarHomeUri()).isEqualTo(server.principalUri());
        } else {
            assertThat(server.username()).isNull();
            assertThat(server.password()).isNull();
            assertThat(server.principalUri().getPath()).isEqualTo("/user/");
            assertThat(server.calendarHomeUri().getPath()).isEqualTo("/user/calendars/");
        }
    }

    @Test
    void httpVersionAndConnectionReuse() throws IOException {
        // Raw socket: HttpClient would hide the version. Radicale answers HTTP/1.0 with no
        // Connection header and closes; Xandikos (aiohttp) answers HTTP/1.1 and keeps the connection.
        try (Socket socket = new Socket("127.0.0.1", server().port())) {
            socket.setSoTimeout(5000);
            String auth = server().username() == null
                    ? ""
                    : "Authorization: Basic "
                            + Base64.getEncoder()
                                    .encodeToString((server().username() + ":" + server().password())
                                            .getBytes(StandardCharsets.UTF_8))
                            + "\r\n";
            socket.getOutputStream()
                    .write(("OPTIONS " + server().principalUri().getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth
                                    + "Content-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String statusLine = in.readLine();
            List<String> headers = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                headers.add(line.toLowerCase(Locale.ROOT));
            }
            if (kind() == RADICALE) {
                assertThat(statusLine).startsWith("HTTP/1.0 200");
                assertThat(headers).noneMatch(h -> h.startsWith("connection:"));
                assertThat(headers).contains("dav: 1, 2, 3, calendar-access, addressbook, extended-mkcol");
                long length = headers.stream()
                        .filter(h -> h.startsWith("content-length:"))
                        .mapToLong(h -> Long.parseLong(h.substring(15).trim()))
                        .findFirst()
                        .orElse(0);
                in.skip(length);
                assertThat(in.read()).as("Radicale closes the connection").isEqualTo(-1);
            } else {
                assertThat(statusLine).startsWith("HTTP/1.1 200");
                assertThat(headers).anyMatch(h -> h.startsWith("dav:") && h.contains("sync-collection"));
            }
        }
    }

    @Test
    void authentication() {
        URI principal = server().principalUri();
        Response anonymous = Dav.anonymous().propfind(principal, "0", "<d:resourcetype/>");
        Response wrongPassword = new Dav("intruder", "wrong").propfind(principal, "0", "<d:resourcetype/>");
        Response ok = dav().propfind(principal, "0", "<d:resourcetype/>");
        assertThat(ok.status()).isEqualTo(207);
        if (kind() == RADICALE) {
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).hasValue("Basic realm=\"Radicale - Password Required\"");
            assertThat(wrongPassword.status()).isEqualTo(401);
        } else {
            // Xandikos has no authentication at all: anything goes.
            assertThat(anonymous.status()).isEqualTo(207);
            assertThat(wrongPassword.status()).isEqualTo(207);
        }
    }

    @Test
    void discoveryFromWellKnownToCalendarHome() {
        Dav dav = dav();
        Response wellKnown = dav.get(server().baseUri().resolve("/.well-known/caldav"));
        assertThat(wellKnown.status()).isEqualTo(kind() == RADICALE ? 301 : 302);
        assertThat(wellKnown.header("Location")).hasValue("/");

        Response root = dav.propfind(server().baseUri(), "0", "<d:current-user-principal/>");
        assertThat(root.status()).as(root.toString()).isEqualTo(207);
        String principal = Dav.text(Dav.descendant(
                Dav.descendant(root.multistatus().root(), Dav.DAV, "current-user-principal"), Dav.DAV, "href"));
        assertThat(principal).isEqualTo(server().principalUri().getPath());

        Response home = dav.propfind(server().baseUri().resolve(principal), "0", "<c:calendar-home-set/>");
        assertThat(home.status()).as(home.toString()).isEqualTo(207);
        String homeHref = Dav.text(Dav.descendant(
                Dav.descendant(home.multistatus().root(), Dav.CALDAV, "calendar-home-set"), Dav.DAV, "href"));
        assertThat(homeHref).isEqualTo(server().calendarHomeUri().getPath());
    }

    @Test
    void mkcalendarCreatesACalendarOnceOnly() {
        URI calendar = server().createCalendar("mk");
        assertThat(calendar).isEqualTo(server().calendarHomeUri().resolve("mk/"));

        Response props = dav().propfind(calendar, "0", "<d:resourcetype/><d:displayname/>");
        assertThat(props.status()).isEqualTo(207);
        assertThat(Dav.descendant(props.multistatus().root(), Dav.CALDAV, "calendar"))
                .isNotNull();
        assertThat(Dav.text(Dav.descendant(props.multistatus().root(), Dav.DAV, "displayname")))
                .isEqualTo("mk");

        Response again = dav().send("MKCALENDAR", calendar, null);
        if (kind() == RADICALE) {
            assertThat(again.status()).isEqualTo(409);
            assertThat(Dav.descendant(
                            Dav.parseXml(again.body()).getDocumentElement(), Dav.DAV, "resource-must-be-null"))
                    .isNotNull();
        } else {
            // a 207 whose inner response is the 403
            assertThat(again.status()).isEqualTo(207);
            assertThat(again.multistatus().entries())
                    .singleElement()
                    .satisfies(e -> assertThat(e.status()).isEqualTo("HTTP/1.1 403 Forbidden"));
            assertThat(Dav.descendant(again.multistatus().root(), Dav.DAV, "resource-must-be-null"))
                    .isNotNull();
        }
        assertThatThrownBy(() -> server().createCalendar("mk"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MKCALENDAR")
                .hasMessageContaining(kind() == RADICALE ? "409" : "207");
    }

    @Test
    void conditionalPutAndDelete() {
        Dav dav = dav();
        URI calendar = server().createCalendar("conditional");
        URI ev = calendar.resolve("ev1.ics");

        Response created = dav.put(ev, Dav.event("ev1@calsync", "one"), "If-None-Match", "*");
        assertThat(created.status()).isEqualTo(201);
        String etag = created.etag();
        assertThat(dav.get(ev).etag()).isEqualTo(etag);

        assertThat(dav.put(ev, Dav.event("ev1@calsync", "one"), "If-None-Match", "*")
                        .status())
                .isEqualTo(412);
        assertThat(dav.put(ev, Dav.event("ev1@calsync", "two"), "If-Match", "\"stale\"")
                        .status())
                .isEqualTo(412);

        Response updated = dav.put(ev, Dav.event("ev1@calsync", "two"), "If-Match", etag);
        assertThat(updated.status()).isEqualTo(kind() == RADICALE ? 201 : 204);
        assertThat(updated.etag()).isNotEqualTo(etag);
        assertThat(dav.get(ev).etag()).isEqualTo(updated.etag());

        assertThat(dav.delete(ev, etag).status()).isEqualTo(412);
        assertThat(dav.delete(ev, updated.etag()).status()).isEqualTo(kind() == RADICALE ? 200 : 204);
        assertThat(dav.get(ev).status()).isEqualTo(404);
    }

    @Test
    void syncCollectionInitialAndIncremental() {
        Dav dav = dav();
        URI calendar = server().createCalendar("sync");
        String etagA = dav.put(calendar.resolve("a.ics"), Dav.event("a@calsync", "a"), "If-None-Match", "*")
                .etag();
        String etagB = dav.put(calendar.resolve("b.ics"), Dav.event("b@calsync", "b"), "If-None-Match", "*")
                .etag();
        dav.put(calendar.resolve("c.ics"), Dav.event("c@calsync", "c"), "If-None-Match", "*")
                .etag();

        Response initial = dav.sync(calendar, null);
        assertThat(initial.status()).isEqualTo(207);
        Multistatus first = initial.multistatus();
        assertThat(first.hrefs())
                .containsExactlyInAnyOrder(
                        calendar.getPath() + "a.ics", calendar.getPath() + "b.ics", calendar.getPath() + "c.ics");
        assertThat(first.entry("a.ics").propstatStatus()).isEqualTo(SYNC_OK);
        assertThat(first.entry("a.ics").etag()).isEqualTo(etagA);
        String token = first.syncToken();
        if (kind() == RADICALE) {
            assertThat(token).matches("http://radicale\\.org/ns/sync/[0-9a-f]{64}");
        } else {
            assertThat(token).matches("[0-9a-f]{40}"); // a git SHA-1, not a URI (RFC 6578 §3.2 wants one)
        }

        Multistatus unchanged = dav.sync(calendar, token).multistatus();
        assertThat(unchanged.entries()).isEmpty();
        assertThat(unchanged.syncToken()).isEqualTo(token);

        // update a, create d, create then delete e, delete b
        dav.put(calendar.resolve("a.ics"), Dav.event("a@calsync", "a2"), "If-Match", etagA);
        dav.put(calendar.resolve("d.ics"), Dav.event("d@calsync", "d"), "If-None-Match", "*");
        String etagE = dav.put(calendar.resolve("e.ics"), Dav.event("e@calsync", "e"), "If-None-Match", "*")
                .etag();
        assertThat(dav.delete(calendar.resolve("e.ics"), etagE).status()).isBetween(200, 204);
        assertThat(dav.delete(calendar.resolve("b.ics"), etagB).status()).isBetween(200, 204);

        Response delta = dav.sync(calendar, token);
        assertThat(delta.status()).isEqualTo(207);
        Multistatus changes = delta.multistatus();
        assertThat(changes.syncToken()).isNotEqualTo(token);
        Entry a = changes.entry("a.ics");
        assertThat(a.status()).isNull();
        assertThat(a.propstatStatus()).isEqualTo(SYNC_OK);
        assertThat(a.etag()).isEqualTo(dav.get(calendar.resolve("a.ics")).etag());
        assertThat(changes.entry("d.ics").propstatStatus()).isEqualTo(SYNC_OK);
        assertThat(changes.entry("b.ics").status()).isEqualTo(NOT_FOUND);
        assertThat(changes.entry("b.ics").propstatStatus()).isNull();
        if (kind() == RADICALE) {
            // created and deleted between the two syncs: reported as removed (RFC 6578 §3.5.2)
            assertThat(changes.entry("e.ics").status()).isEqualTo(NOT_FOUND);
            assertThat(changes.hrefs()).hasSize(4);
        } else {
            // Xandikos omits it (a violation of RFC 6578 §3.5.2)
            assertThat(changes.hrefs()).noneMatch(h -> h.endsWith("e.ics")).hasSize(3);
        }

        Multistatus fresh = dav.sync(calendar, null).multistatus();
        List<String> members =
                List.of(calendar.getPath() + "a.ics", calendar.getPath() + "c.ics", calendar.getPath() + "d.ics");
        if (kind() == RADICALE) {
            // Radicale lists removed members as 404 even in an initial sync (RFC 6578 §3.4 forbids it)
            assertThat(fresh.hrefs()).containsAll(members);
            assertThat(fresh.entry("b.ics").status()).isEqualTo(NOT_FOUND);
            assertThat(fresh.entry("e.ics").status()).isEqualTo(NOT_FOUND);
            assertThat(fresh.hrefs()).hasSize(5);
        } else {
            assertThat(fresh.hrefs()).containsExactlyInAnyOrderElementsOf(members);
        }
        assertThat(fresh.syncToken()).isEqualTo(changes.syncToken());
    }

    @Test
    void invalidSyncTokens() {
        URI calendar = server().createCalendar("badtoken");
        dav().put(calendar.resolve("x.ics"), Dav.event("x@calsync", "x"), "If-None-Match", "*");
        String sameShape = kind() == RADICALE ? "http://radicale.org/ns/sync/" + "0".repeat(64) : "0".repeat(40);
        for (String token : List.of("http://example.invalid/ns/sync/0", sameShape)) {
            Response response = dav().sync(calendar, token);
            if (kind() == RADICALE) {
                assertThat(response.status()).as(token).isEqualTo(403);
                assertThat(Dav.descendant(
                                Dav.parseXml(response.body()).getDocumentElement(), Dav.DAV, "valid-sync-token"))
                        .isNotNull();
            } else {
                // an uncaught KeyError in the git store
                assertThat(response.status()).as(token).isEqualTo(500);
            }
        }
    }

    @Test
    void multigetWithAMissingHref() {
        URI calendar = server().createCalendar("multiget");
        String etag = dav().put(calendar.resolve("m.ics"), Dav.event("m@calsync", "m"), "If-None-Match", "*")
                .etag();

        Response response =
                dav().multiget(calendar, List.of(calendar.getPath() + "m.ics", calendar.getPath() + "missing.ics"));
        assertThat(response.status()).isEqualTo(207);
        Multistatus multistatus = response.multistatus();
        assertThat(multistatus.entries()).hasSize(2);
        Entry found = multistatus.entry("m.ics");
        assertThat(found.propstatStatus()).isEqualTo(SYNC_OK);
        assertThat(found.etag()).isEqualTo(etag);
        assertThat(found.calendarData()).contains("UID:m@calsync");
        assertThat(multistatus.entry("missing.ics").status()).isEqualTo(NOT_FOUND);
    }

    @Test
    void seedWritesAThousandResourcesTheServerServes() {
        Map<String, String> resources = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            resources.put("seed-" + i + ".ics", Dav.event("seed-" + i + "@calsync", "Seed " + i));
        }
        long t0 = System.nanoTime();
        server().seed("volume", resources);
        long seeded = System.nanoTime();
        URI calendar = server().calendarUri("volume");
        Response sync = dav().sync(calendar, null);
        long synced = System.nanoTime();
        System.out.printf(
                "[%s] seed 1000: %d ms, first sync-collection: %d ms%n",
                kind(), (seeded - t0) / 1_000_000, (synced - seeded) / 1_000_000);

        assertThat(sync.status()).isEqualTo(207);
        Multistatus all = sync.multistatus();
        assertThat(all.entries()).hasSize(1000).allSatisfy(e -> {
            assertThat(e.propstatStatus()).isEqualTo(SYNC_OK);
            assertThat(e.etag()).isNotBlank();
        });
        assertThat(all.hrefs()).contains(calendar.getPath() + "seed-999.ics");
        Response one = dav().get(calendar.resolve("seed-7.ics"));
        assertThat(one.body()).contains("UID:seed-7@calsync");
        assertThat(one.etag()).isEqualTo(all.entry("/seed-7.ics").etag());

        // the server indexes the seeded UIDs: the same UID under another href is a conflict
        Response duplicate =
                dav().put(calendar.resolve("dup.ics"), Dav.event("seed-7@calsync", "dup"), "If-None-Match", "*");
        if (kind() == RADICALE) {
            assertThat(duplicate.status()).isEqualTo(409);
        } else {
            assertThat(duplicate.status()).isEqualTo(207);
            assertThat(duplicate.multistatus().entries())
                    .singleElement()
                    .satisfies(e -> assertThat(e.status()).isEqualTo("HTTP/1.1 412 Precondition Failed"));
        }
        assertThat(Dav.descendant(Dav.parseXml(duplicate.body()).getDocumentElement(), Dav.CALDAV, "no-uid-conflict"))
                .isNotNull();
    }

    @Test
    void seedIntoACalendarCreatedOverHttpShowsUpInTheNextDelta() {
        Dav dav = dav();
        URI calendar = server().createCalendar("grow");
        dav.put(calendar.resolve("first.ics"), Dav.event("first@calsync", "first"), "If-None-Match", "*");
        String token = dav.sync(calendar, null).multistatus().syncToken();

        server().seed(
                        "grow",
                        Map.of(
                                "s1.ics", Dav.event("s1@calsync", "s1"),
                                "s2.ics", Dav.event("s2@calsync", "s2")));

        Multistatus delta = dav.sync(calendar, token).multistatus();
        assertThat(delta.hrefs())
                .containsExactlyInAnyOrder(calendar.getPath() + "s1.ics", calendar.getPath() + "s2.ics");
        // and the server keeps working on it
        assertThat(dav.put(calendar.resolve("after.ics"), Dav.event("after@calsync", "after"), "If-None-Match", "*")
                        .status())
                .isEqualTo(201);
        assertThat(dav.sync(calendar, null).multistatus().entries()).hasSize(4);
    }
}
