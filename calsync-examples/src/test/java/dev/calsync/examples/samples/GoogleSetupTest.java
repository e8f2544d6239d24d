package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.sun.net.httpserver.HttpServer;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.SeriesWrite;
import dev.calsync.core.spi.WriteResult;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.testkit.google.GoogleApiFault;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import dev.calsync.testkit.google.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GoogleSetup} run against the Google Calendar emulator. Credentials that must refresh get
 * their access tokens from a token endpoint on loopback (standing for {@code
 * https://oauth2.googleapis.com/token}), so nothing reaches Google.
 */
class GoogleSetupTest {
    private static final String CALENDAR = "team@group.calendar.google.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GoogleCalendarEmulator google;
    private HttpServer tokenServer;
    private final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        google = GoogleCalendarEmulator.start();
        google.createCalendar(CALENDAR);
        tokenServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tokenServer.createContext("/token", exchange -> {
            tokenRequests.add(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] body = "{\"access_token\":\"loopback-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tokenServer.start();
    }

    @AfterEach
    void stop() {
        tokenServer.stop(0);
        google.close();
    }

    private URI tokenUri() {
        return URI.create("http://127.0.0.1:" + tokenServer.getAddress().getPort() + "/token");
    }

    @Test
    void aRefreshTokenIsExchangedForAnAccessTokenAndTheCalendarIsRead() {
        insert("Planning");

        GoogleCalendarProvider provider =
                GoogleSetup.fromRefreshToken("client-1", "secret-1", "refresh-1", tokenUri(), google.rootUrl());

        assertThat(summaries(provider)).containsExactly("Planning");
        assertThat(tokenRequests).hasSize(1);
        assertThat(tokenRequests.get(0))
                .containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", "refresh-1")
                .containsEntry("client_id", "client-1");
    }

    @Test
    void aServiceAccountWithASubjectActsAsThatUser() throws Exception {
        insert("Board meeting");

        GoogleCalendarProvider provider;
        try (InputStream key = serviceAccountKey()) {
            provider = GoogleSetup.fromServiceAccount(key, "alice@example.com", google.rootUrl());
        }

        assertThat(summaries(provider)).containsExactly("Board meeting");
        assertThat(tokenRequests).hasSize(1);
        assertThat(tokenRequests.get(0)).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        JsonNode claims = jwtClaims(tokenRequests.get(0).get("assertion"));
        assertThat(claims.path("iss").asText()).isEqualTo("calsync-test@example-project.iam.gserviceaccount.com");
        assertThat(claims.path("sub").asText()).isEqualTo("alice@example.com");
        assertThat(claims.path("scope").asText()).isEqualTo("https://www.googleapis.com/auth/calendar");
    }

    @Test
    void aServiceAccountWithoutASubjectActsAsItself() throws Exception {
        insert("Shared with the service account");

        GoogleCalendarProvider provider;
        try (InputStream key = serviceAccountKey()) {
            provider = GoogleSetup.fromServiceAccount(key, null, google.rootUrl());
        }

        assertThat(summaries(provider)).containsExactly("Shared with the service account");
        assertThat(tokenRequests).hasSize(1);
        assertThat(jwtClaims(tokenRequests.get(0).get("assertion")).has("sub")).isFalse();
    }

    @Test
    void theTunedProviderListsInPagesOf500AndWritesInBatchesOf20() {
        GoogleCalendarProvider provider = GoogleSetup.tuned(fixedToken(), google.rootUrl());
        List<SeriesWrite> creates = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            creates.add(new SeriesWrite.Create(series("tuned-" + i + "@example.org", "Event " + i)));
        }
        google.clearRequests();

        List<WriteResult> results = provider.writeSeries(CALENDAR, creates);

        assertThat(results).allSatisfy(r -> assertThat(r.failure()).isNull());
        assertThat(google.requests())
                .filteredOn(r -> r.path().startsWith("batch"))
                .as("45 inserts in batches of at most 20")
                .hasSize(3);
        google.clearRequests();
        assertThat(summaries(provider)).hasSize(45);
        assertThat(google.requests())
                .filteredOn(r -> r.method().equals("GET") && r.path().endsWith("/events"))
                .extracting(r -> r.queryParam("maxResults"))
                .containsOnly("500");
    }

    @Test
    void aProviderWithItsOwnTimeoutsReadsTheCalendar() {
        insert("With its own timeouts");

        GoogleCalendarProvider provider = GoogleSetup.withTimeouts(fixedToken(), google.rootUrl());

        assertThat(summaries(provider)).containsExactly("With its own timeouts");
    }

    @Test
    void checkingACalendarTurnsTheAccessReasonIntoAdvice() {
        GoogleCalendarProvider provider = GoogleSetup.tuned(fixedToken(), google.rootUrl());

        assertThat(GoogleSetup.checkCalendar(provider, CALENDAR)).isNull();
        assertThat(GoogleSetup.checkCalendar(provider, "nobody@group.calendar.google.com"))
                .isEqualTo("No such calendar, or it is not shared with this account.");
        google.faults().failNext(1, GoogleApiFault.authError401(), (RecordedRequest r) -> true);
        assertThat(GoogleSetup.checkCalendar(provider, CALENDAR))
                .isEqualTo("Sign in again: the credentials were refused.");
    }

    // ------------------------------------------------------------------ helpers

    /** An access token used as it is, never refreshed (the emulator accepts any). */
    private static GoogleCredentials fixedToken() {
        return GoogleCredentials.create(new AccessToken("emulator-token", new Date(Long.MAX_VALUE / 2)));
    }

    private void insert(String summary) {
        ObjectNode event = JSON.createObjectNode().put("summary", summary);
        event.putObject("start").put("dateTime", "2030-03-04T09:00:00Z");
        event.putObject("end").put("dateTime", "2030-03-04T10:00:00Z");
        google.userInsert(CALENDAR, event);
    }

    private static EventSeries series(String uid, String summary) {
        Instant start = Instant.parse("2030-05-06T08:00:00Z");
        return EventSeries.of(EventComponent.builder(uid, EventTime.utc(start))
                .end(EventTime.utc(start.plusSeconds(1800)))
                .summary(summary)
                .build());
    }

    /** The summaries of a full listing of the calendar. */
    private static List<String> summaries(GoogleCalendarProvider provider) {
        List<String> out = new ArrayList<>();
        try (ChangeListing listing = provider.listChanges(CALENDAR, null)) {
            for (Optional<ChangePage> page = listing.nextPage(); page.isPresent(); page = listing.nextPage()) {
                for (RemoteComponent c : page.get().components()) {
                    out.add(c.component().summary());
                }
            }
        }
        return out;
    }

    /** A service account key as the Cloud console downloads it, with a fresh RSA key and the loopback token endpoint. */
    private InputStream serviceAccountKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode key = JSON.createObjectNode()
                .put("type", "service_account")
                .put("project_id", "example-project")
                .put("private_key_id", "test-key-1")
                .put("private_key", pem)
                .put("client_email", "calsync-test@example-project.iam.gserviceaccount.com")
                .put("client_id", "123456789")
                .put("token_uri", tokenUri().toString());
        return new ByteArrayInputStream(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode jwtClaims(String jwt) throws IOException {
        String payload = jwt.split("\\.")[1];
        return JSON.readTree(Base64.getUrlDecoder().decode(payload));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String part : body.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
