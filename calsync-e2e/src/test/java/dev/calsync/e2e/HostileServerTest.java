package dev.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.spi.TransientProviderException;
import dev.calsync.core.sync.SideFailedException;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.e2e.HostileServer.Attack;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 7, a hostile server. A pair syncs the Google emulator with a CalDAV calendar on
 * {@link HostileServer}, which answers the listing with XML carrying external entities (a file,
 * a URL on another host) or a billion-laughs expansion, with hrefs and a calendar home on another
 * host, with 301/302/307 redirects to another host, and with a 100 MB body; the Google provider
 * pointed at the same server meets the 100 MB body, redirects and a body that is not JSON. Each
 * answer is refused with a typed error naming the request (or the foreign hrefs are ignored and
 * the rest syncs), nothing is written to the other side, no request reaches {@linkplain
 * HostileForeignHost the other hosts}, so no credential either, and the 100 MB bodies are cut at the
 * providers' caps: a child JVM with {@code -Xmx64m} refuses them too.
 */
@ExtendWith(NoSecretsInLogs.class)
class HostileServerTest {
    private static final String SCENARIO = "7. hostile server";
    private static final String GOOGLE_CALENDAR = "hostile@group.calendar.google.com";
    private static final String USER = "hostile-user";
    private static final List<String> GOOGLE_UIDS = List.of("g1@hostile.test", "g2@hostile.test", "g3@hostile.test");

    @TempDir
    Path dir;

    private HostileForeignHost foreign;
    private HostileForeignHost otherPort;
    private HostileServer hostile;
    private GoogleCalendarEmulator google;
    private String password;
    private String token;

    @BeforeEach
    void start() {
        foreign = HostileForeignHost.start("127.0.0.2");
        otherPort = HostileForeignHost.start("127.0.0.1");
        hostile = HostileServer.start(foreign, otherPort);
        google = GoogleCalendarEmulator.start();
        google.createCalendar(GOOGLE_CALENDAR, ZoneOffset.UTC);
        for (String uid : GOOGLE_UIDS) {
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            event.put("iCalUID", uid).put("summary", uid);
            event.putObject("start").put("dateTime", "2027-04-02T10:00:00Z");
            event.putObject("end").put("dateTime", "2027-04-02T11:00:00Z");
            google.userImport(GOOGLE_CALENDAR, event);
        }
        password = random("app-");
        token = random("ya29.");
        Secrets.register(password);
        Secrets.register(token);
        Secrets.register(Base64.getEncoder().encodeToString((USER + ":" + password).getBytes()));
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(storeFile())) {
            store.useTransaction(tx -> tx.putPair(CalendarPair.of(
                    World.PAIR, GOOGLE_CALENDAR, hostile.calendar().toString())));
        }
    }

    @AfterEach
    void stop() {
        google.close();
        hostile.close();
        otherPort.close();
        foreign.close();
    }

    @ParameterizedTest
    @EnumSource(
            value = Attack.class,
            names = {"XXE_FILE", "XXE_HTTP", "BILLION_LAUGHS"})
    void xmlWithEntitiesIsRefusedBeforeAnyEntityIsResolved(Attack attack) {
        hostile.attack(attack);
        long started = System.nanoTime();

        assertThatThrownBy(this::sync)
                .isInstanceOf(SideFailedException.class)
                .hasMessageContaining("side B")
                .hasRootCauseInstanceOf(ProviderException.class)
                .hasMessageContaining("DOCTYPE")
                .satisfies(e ->
                        assertThat(messages(e)).doesNotContain("root:x:0:0").doesNotContain("lollollol"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertNothingReachedTheForeignHosts();
        Figures.record(
                SCENARIO, "CalDAV listing: " + label(attack), hostile.hostileAnswers(), 1, googleOutcome(Set.of()));
    }

    @Test
    void hrefsOnAnotherHostAreIgnoredAndTheCalendarsOwnResourceSyncs() {
        hostile.attack(Attack.FOREIGN_HREFS);

        SyncReport report = sync();

        assertThat(report.writes()).isEqualTo(GOOGLE_UIDS.size() + 1L);
        assertThat(googleUids()).contains("own@hostile.test").doesNotContain("stolen@hostile.test");
        assertNothingReachedTheForeignHosts();
        Figures.record(
                SCENARIO,
                "CalDAV listing with hrefs on 127.0.0.2 and on another port of 127.0.0.1",
                hostile.hostileAnswers(),
                1,
                googleOutcome(Set.of("own@hostile.test")));
    }

    @Test
    void aCalendarHomeOnAnotherHostIsRefusedAtDiscovery() {
        hostile.attack(Attack.FOREIGN_HOME);
        try (CalDavCalendarProvider caldav = caldav()) {
            assertThatThrownBy(caldav::calendars)
                    .isInstanceOf(ProviderException.class)
                    .hasMessageContaining("127.0.0.2")
                    .hasMessageContaining("credentials may not go");
        }
        assertNothingReachedTheForeignHosts();
        Figures.record(
                SCENARIO,
                "CalDAV discovery: calendar-home-set on 127.0.0.2",
                hostile.hostileAnswers(),
                0,
                googleOutcome(Set.of()));
    }

    @ParameterizedTest
    @EnumSource(
            value = Attack.class,
            names = {"REDIRECT_301", "REDIRECT_302", "REDIRECT_307"})
    void aRedirectToAnotherHostIsRefused(Attack attack) {
        hostile.attack(attack);

        assertThatThrownBy(this::sync)
                .isInstanceOf(SideFailedException.class)
                .hasMessageContaining("side B")
                .hasMessageContaining("refusing REPORT")
                .hasMessageContaining("credentials may not go there");

        assertNothingReachedTheForeignHosts();
        Figures.record(
                SCENARIO, "CalDAV listing: " + label(attack), hostile.hostileAnswers(), 1, googleOutcome(Set.of()));
    }

    @Test
    void aHundredMegabyteListingIsCutAtTheCapAndRefusedInASmallHeap() {
        hostile.attack(Attack.HUNDRED_MB_BODY);

        assertThatThrownBy(this::sync)
                .isInstanceOf(SideFailedException.class)
                .hasMessageContaining("larger than 20971520 bytes");
        assertThat(hostile.bodyBytesSent()).as("bytes the server could send").isLessThan(HostileServer.HUNDRED_MB / 2);
        assertThat(probe(
                        "caldav",
                        hostile.baseUri().toString(),
                        hostile.calendar().toString()))
                .contains("refused", "larger than 20971520 bytes", "heapMb=");

        assertNothingReachedTheForeignHosts();
        Figures.record(
                SCENARIO,
                "CalDAV listing: a 100 MB multistatus (in this JVM and in one with -Xmx64m)",
                hostile.hostileAnswers(),
                2,
                googleOutcome(Set.of()));
    }

    @Test
    void theGoogleProviderRefusesAHundredMegabytePageInASmallHeap() {
        hostile.attack(Attack.HUNDRED_MB_BODY);

        assertThatThrownBy(() -> listGoogle(googleOnHostile()))
                .isInstanceOf(ProviderException.class)
                .isNotInstanceOf(TransientProviderException.class)
                .hasMessageContaining("larger than");
        assertThat(hostile.bodyBytesSent()).as("bytes the server could send").isLessThan(HostileServer.HUNDRED_MB / 2);
        assertThat(probe("google", hostile.googleRootUrl(), GOOGLE_CALENDAR))
                .contains("refused", "larger than", "heapMb=");

        assertNothingReachedTheForeignHosts();
        Figures.record(
                SCENARIO,
                "Google events.list: a 100 MB page (in this JVM and in one with -Xmx64m)",
                hostile.hostileAnswers(),
                0,
                worldless());
    }

    @ParameterizedTest
    @EnumSource(
            value = Attack.class,
            names = {"REDIRECT_301", "REDIRECT_302", "REDIRECT_307", "NOT_JSON"})
    void theGoogleProviderFollowsNoRedirectAndRefusesAPageThatIsNotJson(Attack attack) {
        hostile.attack(attack);

        assertThatThrownBy(() -> listGoogle(googleOnHostile()))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining(GOOGLE_CALENDAR)
                .hasMessageContaining(
                        attack == Attack.NOT_JSON ? "not JSON" : attack.name().substring(9));

        assertNothingReachedTheForeignHosts();
        Figures.record(SCENARIO, "Google events.list: " + label(attack), hostile.hostileAnswers(), 0, worldless());
    }

    // ------------------------------------------------------------------ the pair

    private Path storeFile() {
        return dir.resolve("store.db");
    }

    private CalDavCalendarProvider caldav() {
        return CalDavCalendarProvider.builder()
                .serverUri(hostile.baseUri())
                .credentials(USER, password)
                .retryPolicy(E2e.QUICK_RETRIES)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    private GoogleCalendarProvider googleAt(String rootUrl) {
        return GoogleCalendarProvider.builder()
                .credentials(GoogleCredentials.create(new AccessToken(token, new Date(Long.MAX_VALUE / 2))))
                .rootUrl(rootUrl)
                .retryPolicy(E2e.QUICK_RETRIES)
                .build();
    }

    private GoogleCalendarProvider googleOnHostile() {
        return googleAt(hostile.googleRootUrl());
    }

    /** One sync of the pair: Google (the emulator) and the hostile CalDAV server. */
    private SyncReport sync() {
        try (CalDavCalendarProvider caldav = caldav();
                JdbiMappingStore store = JdbiMappingStore.sqlite(storeFile())) {
            return SyncEngine.builder()
                    .sideA(googleAt(google.rootUrl()))
                    .sideB(caldav)
                    .store(store)
                    .conflictResolver(ConflictResolvers.standard())
                    .build()
                    .sync(World.PAIR);
        }
    }

    private static void listGoogle(GoogleCalendarProvider provider) {
        try (ChangeListing listing = provider.listChanges(GOOGLE_CALENDAR, null)) {
            while (listing.nextPage().isPresent()) {
                // read every page
            }
        }
    }

    // ------------------------------------------------------------------ checks

    private void assertNothingReachedTheForeignHosts() {
        assertThat(foreign.received()).as("requests to 127.0.0.2").isEmpty();
        assertThat(otherPort.received())
                .as("requests to another port of 127.0.0.1")
                .isEmpty();
    }

    private Set<String> googleUids() {
        Set<String> uids = new TreeSet<>();
        for (ObjectNode e : google.storedEvents(GOOGLE_CALENDAR)) {
            if (!"cancelled".equals(e.path("status").asText())) {
                String own = e.path("extendedProperties")
                        .path("private")
                        .path("calsyncUid")
                        .asText("");
                uids.add(own.isEmpty() ? e.path("iCalUID").asText() : own);
            }
        }
        return uids;
    }

    /**
     * The outcome on Google, the only side this scenario can read: the user's series must all be
     * there, and besides them only {@code copied} (what the hostile calendar legitimately held).
     */
    private Outcome googleOutcome(Set<String> copied) {
        Set<String> uids = googleUids();
        List<String> lost = new ArrayList<>();
        GOOGLE_UIDS.stream().filter(u -> !uids.contains(u)).forEach(u -> lost.add("google:" + u));
        List<String> strays = new ArrayList<>();
        uids.stream()
                .filter(u -> !GOOGLE_UIDS.contains(u) && !copied.contains(u))
                .forEach(u -> strays.add("google:" + u));
        int events = (int) google.storedEvents(GOOGLE_CALENDAR).stream()
                .filter(e -> !"cancelled".equals(e.path("status").asText()))
                .count();
        List<String> duplicates = new ArrayList<>();
        if (events != uids.size()) {
            duplicates.add("google: " + events + " events for " + uids.size() + " UIDs");
        }
        return new Outcome(GOOGLE_UIDS.size(), lost, Set.of(), List.of(), duplicates, List.of(), List.of(), strays);
    }

    /** Provider-level cases build no pair: nothing live, nothing found. */
    private static Outcome worldless() {
        return new Outcome(0, List.of(), Set.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static String label(Attack attack) {
        return switch (attack) {
            case XXE_FILE -> "XXE, external entity file:///etc/passwd";
            case XXE_HTTP -> "XXE, external entity on http://127.0.0.2";
            case BILLION_LAUGHS -> "billion laughs (10^9 entity expansion)";
            case REDIRECT_301, REDIRECT_302, REDIRECT_307 -> attack.name().substring(9) + " redirect to 127.0.0.2";
            case NOT_JSON -> "a page that is not JSON";
            default -> attack.name();
        };
    }

    /**
     * Runs {@link HostileProbe} in a child JVM with {@code -Xmx64m} (its output in
     * {@code target/e2e/children/}, searched for secrets like every log) and returns its output.
     */
    private String probe(String kind, String server, String calendar) {
        try (ChildJvm child = ChildJvm.start(
                "hostile-probe-" + kind,
                "64m",
                HostileProbe.class,
                List.of(kind, server, calendar, USER),
                Map.of("CALSYNC_E2E_SECRET", kind.equals("google") ? token : password))) {
            int exit = child.await(60);
            String output = child.output();
            assertThat(exit).as(output).isZero();
            return output;
        }
    }

    private static String random(String prefix) {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
