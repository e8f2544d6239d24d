package dev.calsync.testkit.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Basic authentication (CALDAV.md §3.1, §6.5: 401 + WWW-Authenticate Basic). */
class AuthConformanceTest extends CalDavTestSupport {

    @Test
    void requestsWithoutCredentialsAre401WithABasicChallengeAndChangeNothing() {
        String cal = newCalendar();
        HttpResponse<String> r =
                sendAuth("PROPFIND", caldav.calendarUri(cal), propfindBody("<d:getetag/>"), null, "Depth", "0");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
        assertThat(sendAuth("PUT", item(cal, "a.ics"), event("a"), null).statusCode())
                .isEqualTo(401);
        assertThat(caldav.resource(cal, "a.ics")).isEmpty();
    }

    @Test
    void wrongPasswordOrUserIs401() {
        String cal = newCalendar();
        for (String creds : new String[] {"alice:wrong", "bob:secret", "alice:"}) {
            String header = "Basic " + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8));
            assertThat(sendAuth("GET", item(cal, "a.ics"), null, header).statusCode())
                    .isEqualTo(401);
        }
        assertThat(sendAuth("PROPFIND", caldav.calendarUri(cal), null, "Bearer x", "Depth", "0")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void rightCredentialsAreServed() {
        String cal = newCalendar();
        assertThat(propfind(caldav.calendarUri(cal), "0", "<d:getetag/>").statusCode())
                .isEqualTo(207);
    }

    @Test
    void configuredCredentialsAreUsed() {
        try (CalDavEmulator e = CalDavEmulator.start(
                CalDavEmulatorOptions.builder().username("bob").password("pw").build())) {
            assertThat(e.principalUri().getPath()).isEqualTo("/bob/");
            assertThat(send(e, "PROPFIND", e.principalUri(), propfindBody("<d:resourcetype/>"), "Depth", "0")
                            .statusCode())
                    .isEqualTo(207);
            String alice =
                    "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
            assertThat(sendAuth("PROPFIND", e.principalUri(), null, alice).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void optionsNeedsNoCredentialsAndAdvertisesCalendarAccess() {
        HttpResponse<String> r = sendAuth("OPTIONS", caldav.baseUri(), null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("DAV").orElse("")).contains("calendar-access");
    }
}
