package dev.calsync.examples.samples;

import com.google.api.services.calendar.CalendarScopes;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.google.GoogleCalendarProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The code of {@code docs/google-setup.md}: a {@link GoogleCalendarProvider} signed in with a
 * person's refresh token or with a service account key, tuned for quotas, with its own HTTP
 * timeouts, and a check of a calendar that turns {@link CalendarAccessException#reason()} into
 * advice. {@code GoogleSetupTest} runs each against the testkit's Google Calendar emulator, with a
 * token endpoint on loopback.
 */
public final class GoogleSetup {
    private GoogleSetup() {}

    /**
     * A provider acting as the person who granted {@code refreshToken} (the OAuth installed-app flow).
     *
     * @param clientId the OAuth client's id ({@code installed.client_id} of the client secret file)
     * @param clientSecret the OAuth client's secret ({@code installed.client_secret})
     * @param refreshToken the refresh token the consent gave, as the host application stored it
     * @param tokenServerUri Google's token endpoint, {@code https://oauth2.googleapis.com/token} (the
     *     {@code token_uri} of the client secret file)
     * @param rootUrl the API's root URL, {@code https://www.googleapis.com/} (tests: the emulator's)
     * @return the provider
     */
    public static GoogleCalendarProvider fromRefreshToken(
            String clientId, String clientSecret, String refreshToken, URI tokenServerUri, String rootUrl) {
        // user-credentials:begin
        UserCredentials credentials = UserCredentials.newBuilder()
                .setClientId(clientId)
                .setClientSecret(clientSecret)
                .setRefreshToken(refreshToken) // the scopes are those the person granted
                .setTokenServerUri(tokenServerUri)
                .build();
        return GoogleCalendarProvider.builder()
                .credentials(credentials)
                .rootUrl(rootUrl)
                .applicationName("my-app")
                .build();
        // user-credentials:end
    }

    /**
     * A provider signed in as a service account: as {@code subject} through domain-wide delegation,
     * or as the service account itself (it sees the calendars shared with its address).
     *
     * @param keyJson the service account's JSON key
     * @param subject the Workspace user to act as, or null
     * @param rootUrl the API's root URL, {@code https://www.googleapis.com/} (tests: the emulator's)
     * @return the provider
     * @throws IOException if the key cannot be read
     */
    public static GoogleCalendarProvider fromServiceAccount(InputStream keyJson, String subject, String rootUrl)
            throws IOException {
        // service-account:begin
        GoogleCredentials credentials =
                ServiceAccountCredentials.fromStream(keyJson).createScoped(List.of(CalendarScopes.CALENDAR));
        if (subject != null) {
            credentials = credentials.createDelegated(subject); // domain-wide delegation
        }
        return GoogleCalendarProvider.builder()
                .credentials(credentials)
                .rootUrl(rootUrl)
                .build();
        // service-account:end
    }

    /**
     * A provider with smaller pages and batches and a longer retry policy than the defaults.
     *
     * @param credentials the account's credentials
     * @param rootUrl the API's root URL
     * @return the provider
     */
    public static GoogleCalendarProvider tuned(GoogleCredentials credentials, String rootUrl) {
        // tuning:begin
        return GoogleCalendarProvider.builder()
                .credentials(credentials)
                .rootUrl(rootUrl)
                .pageSize(500) // events per listing page; default 2500, Google's maximum
                .batchSize(20) // requests per batch request; default 100, at most 1000
                // 8 calls in all; waits capped at 1 s, 2 s, 4 s ... 2 min, or longer if Retry-After says so
                .retryPolicy(new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(2)))
                .build();
        // tuning:end
    }

    /**
     * A provider with its own HTTP timeouts: how long to wait for a connection, and for the answer.
     *
     * @param credentials the account's credentials
     * @param rootUrl the API's root URL
     * @return the provider
     */
    public static GoogleCalendarProvider withTimeouts(GoogleCredentials credentials, String rootUrl) {
        // timeouts:begin
        return GoogleCalendarProvider.builder()
                .credentials(credentials)
                .rootUrl(rootUrl)
                .connectTimeout(Duration.ofSeconds(10)) // default 20 s
                .readTimeout(Duration.ofSeconds(30)) // default 20 s; a silent server costs this per attempt
                .build();
        // timeouts:end
    }

    /**
     * Reads the first page of a calendar once and says what is wrong with it, if anything: what a
     * host application may do before it stores a pair.
     *
     * @param provider the account's provider (Google, or any other)
     * @param calendarId the calendar
     * @return null if the calendar can be used, else advice for the user
     */
    public static String checkCalendar(CalendarProvider provider, String calendarId) {
        // check-calendar:begin
        try {
            provider.listChanges(calendarId, null).close(); // reads the first page
            return null;
        } catch (CalendarAccessException e) {
            return switch (e.reason()) {
                case CREDENTIALS_REFUSED -> "Sign in again: the credentials were refused.";
                case FORBIDDEN -> "The account may not use this calendar; ask its owner to share it.";
                case NOT_FOUND -> "No such calendar, or it is not shared with this account.";
                case INVALID_CALENDAR_ID -> "This is not a calendar id of this account.";
                case OTHER -> e.getMessage();
            };
        }
        // check-calendar:end
    }
}
