package dev.calsync.testkit.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("§14 rate limits and fault injection")
class RateLimitConformanceTest extends EmulatorTestSupport {

    @Test
    @DisplayName("§14 429 rateLimitExceeded with Retry-After in whole seconds, then the request succeeds")
    void rateLimit429WithRetryAfter() throws Exception {
        String cal = newCalendar();
        google.faults().failNext(1, GoogleApiFault.rateLimitExceeded429(Duration.ofMillis(1500)));
        assertThatThrownBy(() -> net.events().list(cal).execute())
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(429);
                    assertThat(e.getHeaders().getRetryAfter()).isEqualTo("2");
                    assertThat(e.getDetails().getErrors().get(0).getDomain()).isEqualTo("usageLimits");
                    assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("rateLimitExceeded");
                });
        assertThat(net.events().list(cal).execute().getItems()).isEmpty();
    }

    @Test
    @DisplayName("§14 failNext(n) fails exactly n requests; a predicate picks which; clear() disarms")
    void countsAndPredicates() throws Exception {
        String cal = newCalendar();
        google.faults().failNext(2, GoogleApiFault.serviceUnavailable503());
        fails(() -> net.events().list(cal).execute(), 503, "backendError", null);
        fails(() -> net.events().list(cal).execute(), 503, "backendError", null);
        net.events().list(cal).execute();
        google.faults()
                .failNext(1, GoogleApiFault.quotaExceeded403(), r -> r.method().equals("POST"));
        net.events().list(cal).execute();
        fails(() -> insertSimple(cal), 403, "quotaExceeded", "Calendar usage limits exceeded.");
        google.faults().failNext(5, GoogleApiFault.backendError500());
        google.faults().clear();
        net.events().list(cal).execute();
        assertThat(google.requests()).anySatisfy(r -> assertThat(r.status()).isEqualTo(503));
    }

    @Test
    @DisplayName("§14 faulted writes are not applied")
    void faultedWritesNotApplied() {
        String cal = newCalendar();
        google.faults().failNext(1, GoogleApiFault.userRateLimitExceeded403());
        fails(() -> insertSimple(cal), 403, "userRateLimitExceeded", "User Rate Limit Exceeded");
        assertThat(google.storedEvents(cal)).isEmpty();
    }
}
