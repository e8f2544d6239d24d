package dev.calsync.caldav.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.calsync.caldav.internal.DavTestServer.Answer;
import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.sync.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DavClientTest {
    private static final String USER = "alice@example.com";
    private static final String PASSWORD = "s3cret-Pa55-word";
    private static final String BASIC =
            "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final List<Duration> sleeps = new ArrayList<>();
    private DavTestServer server;
    private DavTestServer foreign;
    private DavClient client;

    @BeforeEach
    void start() throws IOException {
        server = new DavTestServer();
        foreign = new DavTestServer();
        client = client(server.uri("/"));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        foreign.close();
    }

    private DavClient client(URI origin, String... allowHosts) {
        return DavClient.builder(origin)
                .credentials(USER, PASSWORD.toCharArray())
                .allowHosts(allowHosts)
                .retryPolicy(new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(30)))
                .sleeper(sleeps::add)
                .random(new Random(1))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .connectTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static void assertNoSecret(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain(PASSWORD).doesNotContain(BASIC.substring(6));
            assertThat(c.toString()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void propfindSendsMethodDepthXmlContentTypeAndPreemptiveBasic() {
        server.answer(Answer.of(
                207, DavFixtures.load("radicale/propfind-calendar.xml"), "Content-Type", "text/xml; charset=utf-8"));

        DavResponse r = client.propfind(server.uri("/alice/flow/"), DavDepth.ZERO, DavRequests.propfindCalendars());

        assertThat(server.requests).singleElement().satisfies(req -> {
            assertThat(req.method()).isEqualTo("PROPFIND");
            assertThat(req.path()).isEqualTo("/alice/flow/");
            assertThat(req.header("Depth")).isEqualTo("0");
            assertThat(req.header("Content-Type")).isEqualToIgnoringCase("application/xml; charset=utf-8");
            assertThat(req.header("Authorization")).isEqualTo(BASIC);
            assertThat(req.body()).isEqualTo(DavRequests.propfindCalendars());
        });
        assertThat(r.status()).isEqualTo(207);
        assertThat(r.uri()).isEqualTo(server.uri("/alice/flow/"));
        assertThat(r.multiStatus().responses().get(0).props().displayName()).isEqualTo("Work");
        assertThat(client.requests()).isEqualTo(1);
        assertThat(client.bytesReceived())
                .isEqualTo(DavFixtures.load("radicale/propfind-calendar.xml").length());
    }

    @Test
    void reportWithoutDepthSendsNoDepthHeader() {
        server.answer(Answer.of(207, DavFixtures.load("radicale/multiget.xml")));

        client.report(
                server.uri("/alice/flow/"),
                null,
                DavRequests.calendarMultiget(List.of(server.uri("/alice/flow/ev1.ics"))));
        client.report(server.uri("/alice/flow/"), DavDepth.ONE, DavRequests.calendarQuery(null, null, false));

        assertThat(server.requests).extracting(DavTestServer.Request::method).containsExactly("REPORT", "REPORT");
        assertThat(server.requests.get(0).header("Depth")).isNull();
        assertThat(server.requests.get(1).header("Depth")).isEqualTo("1");
    }

    @Test
    void putCreateAndUpdateSendConditionsExactlyAndReturnTheEtagAsSent() {
        server.answer(
                Answer.of(201, "", "ETag", "\"5700568005d1\""),
                Answer.of(204),
                Answer.of(412, "Precondition failed.", "Content-Type", "text/plain; charset=utf-8"),
                Answer.of(
                        207,
                        DavFixtures.load("xandikos/uidconflict.xml"),
                        "Content-Type",
                        "text/xml; charset=\"utf-8\""));
        URI ev = server.uri("/alice/flow/ev1.ics");
        String ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";

        DavResponse created = client.put(ev, ics, null, true);
        DavResponse updated = client.put(ev, ics, "\"5700568005d1\"", false);
        DavResponse stale = client.put(ev, ics, "\"stale\"", false);
        DavResponse conflict = client.put(server.uri("/alice/flow/other.ics"), ics, null, true);

        var create = server.requests.get(0);
        assertThat(create.method()).isEqualTo("PUT");
        assertThat(create.header("If-None-Match")).isEqualTo("*");
        assertThat(create.header("If-Match")).isNull();
        assertThat(create.header("Content-Type")).isEqualToIgnoringCase("text/calendar; charset=utf-8");
        assertThat(create.body()).isEqualTo(ics);
        assertThat(server.requests.get(1).header("If-Match")).isEqualTo("\"5700568005d1\"");
        assertThat(server.requests.get(1).header("If-None-Match")).isNull();
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.etag()).isEqualTo(new DavETag("\"5700568005d1\""));
        assertThat(updated.status()).isEqualTo(204);
        assertThat(updated.etag()).isNull();
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.body()).isEqualTo("Precondition failed.");
        assertThat(conflict.status()).isEqualTo(207);
        assertThat(conflict.multiStatus().allSucceeded()).isFalse();
        assertThat(conflict.multiStatus().firstFailure().orElseThrow().error().uidConflict())
                .isTrue();
        assertThat(server.requests).hasSize(4);
    }

    @Test
    void deleteAndMkcalendarAndGet() {
        server.answer(Answer.of(204), Answer.of(201), Answer.of(200, "BEGIN:VCALENDAR", "ETag", "W/\"w1\""));

        client.delete(server.uri("/alice/flow/ev2.ics"), "\"e2\"");
        client.mkcalendar(server.uri("/alice/new/"), DavRequests.mkcalendar("New"));
        DavResponse got = client.get(server.uri("/alice/flow/ev1.ics"));

        assertThat(server.requests)
                .extracting(DavTestServer.Request::method)
                .containsExactly("DELETE", "MKCALENDAR", "GET");
        assertThat(server.requests.get(0).header("If-Match")).isEqualTo("\"e2\"");
        assertThat(server.requests.get(1).header("Content-Type"))
                .isEqualToIgnoringCase("application/xml; charset=utf-8");
        assertThat(got.etag().weak()).isTrue();
        assertThat(got.body()).isEqualTo("BEGIN:VCALENDAR");
    }

    @Test
    void weakOrStarIfMatchAndBothConditionsAreRefusedBeforeSending() {
        URI ev = server.uri("/cal/a.ics");
        assertThatThrownBy(() -> client.put(ev, "x", "W/\"w\"", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.put(ev, "x", "*", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.put(ev, "x", "\"e\"", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.delete(ev, "*")).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requests).isEmpty();
    }

    @Test
    void a503IsRetriedHonouringRetryAfterInSecondsAndAsHttpDate() {
        server.answer(
                Answer.of(503, "", "Retry-After", "3"),
                Answer.of(503, "", "Retry-After", "Wed, 25 Nov 2026 10:00:07 GMT"),
                Answer.of(207, "<multistatus xmlns=\"DAV:\"/>"));

        DavResponse r = client.report(server.uri("/cal/"), DavDepth.ZERO, DavRequests.syncCollection(null));

        assertThat(r.status()).isEqualTo(207);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(7));
        assertThat(server.requests).hasSize(3).allSatisfy(req -> {
            assertThat(req.body()).isEqualTo(DavRequests.syncCollection(null));
            assertThat(req.header("Depth")).isEqualTo("0");
        });
        assertThat(client.requests()).isEqualTo(3);
    }

    @Test
    void a503OrA429IsRetriedEvenForPutBecauseTheServerDidNotAct() {
        server.answer(Answer.of(429, "", "Retry-After", "1"), Answer.of(503), Answer.of(201, "", "ETag", "\"n\""));

        DavResponse r = client.put(server.uri("/cal/a.ics"), "x", null, true);

        assertThat(r.status()).isEqualTo(201);
        assertThat(server.requests).hasSize(3);
        assertThat(sleeps).hasSize(2).first().isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a500IsRetriedForReportButNotForPut() {
        server.answer(Answer.of(500), Answer.of(500), Answer.of(500, "500 Internal Server Error"));
        Throwable t = catchThrowable(
                () -> client.report(server.uri("/cal/"), DavDepth.ZERO, DavRequests.syncCollection("tok")));

        assertThat(t).isInstanceOf(DavTransientException.class).hasMessageContaining("500");
        DavTransientException e = (DavTransientException) t;
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.lastResponse())
                .hasValueSatisfying(r -> assertThat(r.body()).isEqualTo("500 Internal Server Error"));
        assertThat(server.requests).hasSize(3);
        assertNoSecret(t);

        server.answer(Answer.of(500));
        DavResponse put = client.put(server.uri("/cal/a.ics"), "x", "\"e\"", false);
        assertThat(put.status()).isEqualTo(500);
        assertThat(server.requests).hasSize(4);
    }

    @Test
    void aRetryAfterLongerThanThePolicyAllowsIsHandedToTheCallerWithoutSleeping() {
        server.answer(Answer.of(503, "", "Retry-After", "3600"));

        Throwable t = catchThrowable(() -> client.get(server.uri("/cal/a.ics")));

        assertThat(t).isInstanceOf(DavTransientException.class);
        assertThat(((DavTransientException) t).retryAfter()).contains(Duration.ofHours(1));
        assertThat(sleeps).isEmpty();
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void noAnswerIsRetriedForPropfindButNeverForPut() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket dropper = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!dropper.isClosed()) {
                    try (Socket s = dropper.accept()) {
                        connections.incrementAndGet();
                        InputStream in = s.getInputStream();
                        in.read(new byte[8192]); // read (part of) the request, then hang up without answering
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            URI origin = URI.create("http://127.0.0.1:" + dropper.getLocalPort() + "/");
            try (DavClient c = client(origin)) {
                Throwable put = catchThrowable(() -> c.put(origin.resolve("/cal/a.ics"), "x", null, true));
                assertThat(put).isInstanceOf(DavTransientException.class).hasMessageContaining("PUT");
                assertThat(connections.get()).isEqualTo(1);
                assertThat(c.requests()).isEqualTo(1);
                assertNoSecret(put);

                Throwable propfind = catchThrowable(() ->
                        c.propfind(origin.resolve("/cal/"), DavDepth.ZERO, DavRequests.propfindCollectionState()));
                assertThat(propfind).isInstanceOf(DavTransientException.class).hasMessageContaining("3 attempts");
                assertThat(connections.get()).isEqualTo(4);
                assertThat(sleeps).hasSize(2);
                assertNoSecret(propfind);
            }
        }
    }

    @Test
    void a401IsACalendarAccessExceptionNamingTheUriNotThePassword() {
        server.answer(Answer.of(401, "", "WWW-Authenticate", "Basic realm=\"MMCalDav\""));

        Throwable t = catchThrowable(
                () -> client.propfind(server.uri("/alice/"), DavDepth.ZERO, DavRequests.propfindPrincipal()));

        assertThat(t)
                .isInstanceOf(CalendarAccessException.class)
                .hasMessageContaining("401")
                .hasMessageContaining(server.uri("/alice/").toString());
        assertThat(((CalendarAccessException) t).reason())
                .isEqualTo(CalendarAccessException.Reason.CREDENTIALS_REFUSED);
        assertNoSecret(t);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void requestsToAForeignHostAreRefusedBeforeAnythingIsSent() {
        Throwable t = catchThrowable(() -> client.get(foreign.uri("/cal/x.ics")));

        assertThat(t).isInstanceOf(DavProtocolException.class).hasMessageContaining("refusing");
        assertNoSecret(t);
        assertThat(foreign.requests).isEmpty();
        assertThat(server.requests).isEmpty();
        assertThat(client.requests()).isZero();
    }

    @Test
    void aCrossHostRedirectOutsideTheAllowListIsRefused() {
        server.answer(Answer.of(302, "", "Location", foreign.uri("/steal/").toString()));

        Throwable t = catchThrowable(() ->
                client.propfind(server.uri("/.well-known/caldav"), DavDepth.ZERO, DavRequests.propfindPrincipal()));

        assertThat(t).isInstanceOf(DavProtocolException.class).hasMessageContaining("redirected from");
        assertNoSecret(t);
        assertThat(foreign.requests).isEmpty();
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void aSameOriginRedirectKeepsMethodBodyAndDepth() {
        server.answer(
                Answer.of(301, "", "Location", "/"),
                Answer.of(207, DavFixtures.load("radicale/propfind-principal.xml")));

        DavResponse r =
                client.propfind(server.uri("/.well-known/caldav"), DavDepth.ZERO, DavRequests.propfindPrincipal());

        assertThat(server.requests).extracting(DavTestServer.Request::method).containsExactly("PROPFIND", "PROPFIND");
        assertThat(server.requests.get(1).path()).isEqualTo("/");
        assertThat(server.requests.get(1).body()).isEqualTo(DavRequests.propfindPrincipal());
        assertThat(server.requests.get(1).header("Depth")).isEqualTo("0");
        assertThat(r.uri()).isEqualTo(server.uri("/"));
        assertThat(r.multiStatus().responses().get(0).props().currentUserPrincipal())
                .isEqualTo("/alice/");
    }

    @Test
    void aRedirectToAnAllowedHostIsFollowedWithCredentials() {
        try (DavClient c = client(server.uri("/"), "localhost")) {
            URI partition = URI.create("http://localhost:" + foreign.port() + "/1234/calendars/");
            server.answer(Answer.of(307, "", "Location", partition.toString()));
            foreign.answer(Answer.of(207, "<multistatus xmlns=\"DAV:\"/>"));

            DavResponse r = c.propfind(server.uri("/1234/calendars/"), DavDepth.ONE, DavRequests.propfindCalendars());

            assertThat(r.status()).isEqualTo(207);
            assertThat(r.uri()).isEqualTo(partition);
            assertThat(foreign.requests).singleElement().satisfies(req -> {
                assertThat(req.method()).isEqualTo("PROPFIND");
                assertThat(req.header("Authorization")).isEqualTo(BASIC);
                assertThat(req.header("Depth")).isEqualTo("1");
            });
        }
    }

    @Test
    void putDoesNotFollowA301ButReturnsIt() {
        server.answer(Answer.of(301, "", "Location", "/elsewhere.ics"));

        DavResponse r = client.put(server.uri("/cal/a.ics"), "x", null, true);

        assertThat(r.status()).isEqualTo(301);
        assertThat(r.locationUri()).contains(server.uri("/elsewhere.ics"));
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void theAllowListMatchesSubdomainsOverHttpsOnly() {
        try (DavClient icloud = DavClient.builder(URI.create("https://caldav.icloud.com/"))
                .credentials(USER, PASSWORD)
                .allowHosts("*.icloud.com")
                .build()) {
            assertThat(icloud.allowed(URI.create("https://caldav.icloud.com/x")))
                    .isTrue();
            assertThat(icloud.allowed(URI.create("https://caldav.icloud.com:443/x")))
                    .isTrue();
            assertThat(icloud.allowed(URI.create("https://p42-caldav.icloud.com:443/1234/calendars/")))
                    .isTrue();
            assertThat(icloud.allowed(URI.create("http://p42-caldav.icloud.com/1234/calendars/")))
                    .isFalse();
            assertThat(icloud.allowed(URI.create("http://caldav.icloud.com/"))).isFalse();
            assertThat(icloud.allowed(URI.create("https://icloud.com.evil.example/")))
                    .isFalse();
            assertThat(icloud.allowed(URI.create("https://evilicloud.com/"))).isFalse();
            assertThat(icloud.allowed(URI.create("https://user@p42-caldav.icloud.com/")))
                    .isFalse();
            assertThat(icloud.toString()).doesNotContain(PASSWORD).doesNotContain(USER);
        }
        assertThatThrownBy(() ->
                        DavClient.builder(URI.create("https://x.example/")).allowHosts("*.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DavClient.builder(URI.create("https://u:p@x.example/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("u:p");
    }

    @Test
    void aBodyOverTheCapIsAProtocolError() {
        try (DavClient small =
                DavClient.builder(server.uri("/")).maxBodyBytes(10).build()) {
            server.answer(Answer.of(207, "<multistatus xmlns=\"DAV:\"/>"));
            assertThatThrownBy(() -> small.report(server.uri("/cal/"), DavDepth.ZERO, DavRequests.syncCollection(null)))
                    .isInstanceOf(DavProtocolException.class)
                    .hasMessageContaining("larger than 10 bytes");
        }
    }

    @Test
    void aHundredMegabyteBodyIsCutAtTheCapWithoutReadingTheRest() throws java.io.IOException {
        long hundredMb = 100L * 1024 * 1024;
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        com.sun.net.httpserver.HttpServer streaming =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        streaming.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(207, 0);
                byte[] chunk = "<response><href>/cal/x.ics</href></response>"
                        .repeat(400)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                try (java.io.OutputStream out = exchange.getResponseBody()) {
                    out.write("<multistatus xmlns=\"DAV:\">".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    while (sent.get() < hundredMb) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (java.io.IOException clientHungUp) {
                    // the client stopped reading
                }
            }
        });
        streaming.start();
        java.net.URI origin =
                java.net.URI.create("http://127.0.0.1:" + streaming.getAddress().getPort() + "/");
        try (DavClient small =
                DavClient.builder(origin).maxBodyBytes(1024 * 1024).build()) {
            assertThatThrownBy(() ->
                            small.report(origin.resolve("/cal/"), DavDepth.ZERO, DavRequests.syncCollection(null)))
                    .isInstanceOf(DavProtocolException.class)
                    .hasMessageContaining("larger than 1048576 bytes");
        } finally {
            streaming.stop(0);
        }
        assertThat(sent.get())
                .as("bytes the server could send before the client hung up")
                .isLessThan(hundredMb / 4);
    }

    @Test
    void withoutCredentialsNoAuthorizationIsSent() {
        try (DavClient anonymous = DavClient.builder(server.uri("/")).build()) {
            anonymous.get(server.uri("/cal/a.ics"));
        }
        assertThat(server.requests.get(0).header("Authorization")).isNull();
    }
}
