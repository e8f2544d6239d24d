package dev.calsync.google.internal;

import com.google.api.client.googleapis.batch.BatchRequest;
import com.google.api.client.googleapis.batch.json.JsonBatchCallback;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonErrorContainer;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponseException;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.CalendarRequest;
import com.google.auth.Retryable;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.core.sync.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes requests to Google, one at a time or in batch requests, and retries those whose answers may
 * pass (rate limits, 5xx, no answer) with jittered exponential backoff that honours {@code
 * Retry-After}. A batch whose parts partly fail re-sends only the failed parts. Answers are never
 * thrown: callers read each {@link Call#answer()}.
 *
 * <p>Thread-safe if the client and sleeper are.
 */
public final class GoogleExecutor {
    private static final Logger log = LoggerFactory.getLogger(GoogleExecutor.class);

    /**
     * The outer request of a batch logs no content: its body holds each part's request with its
     * headers, Authorization included, and the Google client logs request bodies at CONFIG (SLF4J's
     * DEBUG), where it hides only the outer request's own Authorization header. It follows no
     * redirect either, as no request of the provider does.
     */
    private final Calendar client;

    private final int batchSize;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final AtomicLong httpRequests = new AtomicLong();

    /**
     * @param client the Google client
     * @param batchSize parts per batch request, 1 to 1000
     * @param retryPolicy how often and how long to retry answers that may pass
     * @param sleeper waits between retries
     * @param random jitter
     */
    public GoogleExecutor(
            Calendar client, int batchSize, RetryPolicy retryPolicy, Sleeper sleeper, RandomGenerator random) {
        this.client = Objects.requireNonNull(client, "client");
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("batch size must be 1 to 1000: " + batchSize);
        }
        this.batchSize = batchSize;
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The Google client. */
    public Calendar client() {
        return client;
    }

    /** How many HTTP requests this executor made (a batch request is one). */
    public long httpRequests() {
        return httpRequests.get();
    }

    /** Makes one request, retrying while its answer may pass; returns the last answer. */
    public <T> Answer<T> one(Call<T> call) {
        all(List.of(call));
        return call.answer();
    }

    /**
     * Makes every request, in batch requests of at most the batch size (a lone request goes on its
     * own), retrying the parts whose answers may pass.
     */
    public void all(List<? extends Call<?>> calls) {
        List<Call<?>> pending = new ArrayList<>(calls);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            for (int from = 0; from < pending.size(); from += batchSize) {
                List<Call<?>> chunk = pending.subList(from, Math.min(pending.size(), from + batchSize));
                if (chunk.size() == 1) {
                    single(chunk.get(0));
                } else {
                    batch(chunk);
                }
            }
            List<Call<?>> again = new ArrayList<>();
            Duration retryAfter = null;
            for (Call<?> call : pending) {
                if (call.answer().isTransient()) {
                    again.add(call);
                    Duration asked = call.answer().retryAfter();
                    if (asked != null && (retryAfter == null || asked.compareTo(retryAfter) > 0)) {
                        retryAfter = asked;
                    }
                }
            }
            if (again.isEmpty()
                    || !waitToRetry(
                            attempt,
                            retryAfter,
                            again.size() + " of " + pending.size() + " requests may pass ("
                                    + again.get(0).answer().describe() + ")")) {
                return;
            }
            pending = again;
        }
    }

    /**
     * Makes one request and returns its body as text, unparsed, retrying while its answer may pass:
     * for listings, whose items are parsed one by one so that one unreadable item is quarantined
     * rather than failing the page.
     */
    public Answer<String> unparsed(CalendarRequest<?> request) {
        for (int attempt = 1; ; attempt++) {
            Answer<String> answer;
            httpRequests.incrementAndGet();
            try {
                com.google.api.client.http.HttpResponse response = request.executeUnparsed();
                try {
                    answer = Answer.ok(response.getStatusCode(), response.parseAsString());
                } finally {
                    response.disconnect();
                }
            } catch (IOException | IllegalStateException e) {
                answer = failed(e);
            }
            if (!answer.isTransient()
                    || !waitToRetry(
                            attempt, answer.retryAfter(), "listing request may pass (" + answer.describe() + ")")) {
                return answer;
            }
        }
    }

    /**
     * Waits before attempt {@code attempt + 1}; false if the attempts are spent or the thread was
     * interrupted while waiting.
     */
    private boolean waitToRetry(int attempt, Duration retryAfter, String why) {
        if (attempt >= retryPolicy.maxAttempts()) {
            return false;
        }
        Duration wait = retryPolicy.delayAfter(attempt, retryAfter, random);
        log.debug("{}, retrying in {}", why, wait);
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The answer a failed request stands for: Google's error (status, reason, message, {@code
     * Retry-After}), credentials refused, or no answer at all.
     */
    private <T> Answer<T> failed(Exception e) {
        if (e instanceof GoogleJsonResponseException g) {
            GoogleJsonError details = g.getDetails();
            return Answer.error(
                    g.getStatusCode(),
                    reason(details),
                    details != null ? details.getMessage() : g.getStatusMessage(),
                    retryAfter(g.getHeaders()));
        }
        if (e instanceof HttpResponseException h) {
            // A batch request refused as a whole is not a JSON client request: its error body, and
            // so its reason (rateLimitExceeded, say), is only in the content.
            GoogleJsonError details = errorIn(h.getContent());
            return Answer.error(
                    h.getStatusCode(),
                    reason(details),
                    details != null && details.getMessage() != null ? details.getMessage() : h.getStatusMessage(),
                    retryAfter(h.getHeaders()));
        }
        if (e instanceof IllegalStateException refused) {
            // The credentials adapter answers a 401 by refreshing the token; credentials that cannot
            // be refreshed throw instead. Either way the credentials were refused.
            return Answer.error(
                    401,
                    "authError",
                    "the credentials were refused and cannot be refreshed: " + refused.getMessage(),
                    null);
        }
        if (e instanceof Retryable auth && !auth.isRetryable()) {
            // The token endpoint refused to refresh the access token (invalid_grant: a revoked or
            // expired refresh token, a deleted service account key): no retry brings it back. The
            // library's GoogleAuthException is not public; Retryable is what it shows.
            return Answer.error(
                    401, "authError", "the token endpoint refused the credentials: " + e.getMessage(), null);
        }
        return Answer.noAnswer((IOException) e);
    }

    private <T> void single(Call<T> call) {
        httpRequests.incrementAndGet();
        try {
            T value = call.request().execute();
            call.answer(Answer.ok(call.request().getLastStatusCode(), value));
        } catch (IOException | IllegalStateException e) {
            call.answer(failed(e));
        }
    }

    private void batch(List<Call<?>> chunk) {
        BatchRequest batch = client.batch(this::initializeBatchRequest);
        try {
            for (Call<?> call : chunk) {
                queue(batch, call);
            }
            httpRequests.incrementAndGet();
            batch.execute();
        } catch (HttpResponseException e) {
            // The batch request as a whole was refused: every part shares its answer.
            for (Call<?> call : chunk) {
                if (call.answer() == null || call.answer().status() == 0) {
                    setAnswer(call, failed(e));
                }
            }
        } catch (IOException | IllegalStateException e) {
            for (Call<?> call : chunk) {
                setAnswer(call, failed(e));
            }
        }
        for (Call<?> call : chunk) {
            if (call.answer() == null) {
                setAnswer(call, Answer.noAnswer(new IOException("the batch response had no part for this request")));
            }
        }
    }

    /**
     * Initializes the outer request of a batch as the client initializes every request, but with
     * its body left out of the log and no redirect followed: the Google client logs request bodies at {@code CONFIG} (SLF4J's
     * DEBUG), and a batch body holds each part's headers, the {@code Authorization} header included.
     */
    private void initializeBatchRequest(HttpRequest outer) throws IOException {
        HttpRequestInitializer own = client.getRequestFactory().getInitializer();
        if (own != null) {
            own.initialize(outer);
        }
        outer.setContentLoggingLimit(0);
        outer.setFollowRedirects(false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void setAnswer(Call call, Answer answer) {
        call.answer(answer);
    }

    private static <T> void queue(BatchRequest batch, Call<T> call) throws IOException {
        call.answer(null);
        call.request().queue(batch, new JsonBatchCallback<T>() {
            @Override
            public void onSuccess(T value, HttpHeaders headers) {
                call.answer(Answer.ok(200, value));
            }

            @Override
            public void onFailure(GoogleJsonError error, HttpHeaders headers) {
                call.answer(Answer.error(error.getCode(), reason(error), error.getMessage(), retryAfter(headers)));
            }
        });
    }

    /** Google's error in an error answer's body, or null if it holds none. */
    private GoogleJsonError errorIn(String content) {
        if (content == null || content.isBlank()) {
            return null;
        }
        try {
            GoogleJsonErrorContainer container =
                    client.getJsonFactory().fromString(content, GoogleJsonErrorContainer.class);
            return container == null ? null : container.getError();
        } catch (IOException | IllegalArgumentException unreadable) {
            return null;
        }
    }

    private static String reason(GoogleJsonError details) {
        if (details == null
                || details.getErrors() == null
                || details.getErrors().isEmpty()) {
            return null;
        }
        return details.getErrors().get(0).getReason();
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null if absent or unreadable. */
    static Duration retryAfter(HttpHeaders headers) {
        if (headers == null) {
            return null;
        }
        String value = headers.getFirstHeaderStringValue("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
