package dev.calsync.e2e;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.google.GoogleCalendarProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The credentials calsync is given in a world: a Google access token (the emulator accepts any) and
 * Radicale's user and password, and the providers built from them. A test JVM makes them with
 * {@link #create}, which registers them with {@link Secrets}; a child JVM reads them from the
 * environment {@link #environment()} gives it ({@link #fromEnvironment}).
 *
 * @param googleToken the Google access token
 * @param caldavUser the CalDAV user
 * @param caldavPassword the CalDAV password
 */
record Accounts(String googleToken, String caldavUser, String caldavPassword) {
    private static final String GOOGLE_TOKEN = "CALSYNC_E2E_GOOGLE_TOKEN";
    private static final String CALDAV_PASSWORD = "CALSYNC_E2E_CALDAV_PASSWORD";

    /** A random Google token and Radicale's credentials, all registered as secrets. */
    static Accounts create(String caldavUser, String caldavPassword) {
        byte[] token = new byte[24];
        new SecureRandom().nextBytes(token);
        Accounts accounts = new Accounts("ya29." + HexFormat.of().formatHex(token), caldavUser, caldavPassword);
        Secrets.register(accounts.googleToken);
        Secrets.register(caldavPassword);
        Secrets.register(Base64.getEncoder()
                .encodeToString((caldavUser + ":" + caldavPassword).getBytes(StandardCharsets.UTF_8)));
        return accounts;
    }

    /** In a child JVM: the secrets from its environment, the user from its arguments. */
    static Accounts fromEnvironment(String caldavUser) {
        return new Accounts(System.getenv(GOOGLE_TOKEN), caldavUser, System.getenv(CALDAV_PASSWORD));
    }

    /** The environment that hands the secrets to a child JVM. */
    Map<String, String> environment() {
        return Map.of(GOOGLE_TOKEN, googleToken, CALDAV_PASSWORD, caldavPassword);
    }

    /** A Google provider pointed at {@code rootUrl}, as configured by {@code customize}. */
    GoogleCalendarProvider googleProvider(String rootUrl, UnaryOperator<GoogleCalendarProvider.Builder> customize) {
        return customize
                .apply(GoogleCalendarProvider.builder()
                        .credentials(
                                GoogleCredentials.create(new AccessToken(googleToken, new Date(Long.MAX_VALUE / 2))))
                        .rootUrl(rootUrl)
                        .applicationName("calsync-e2e")
                        .retryPolicy(E2e.QUICK_RETRIES))
                .build();
    }

    /** A CalDAV provider pointed at {@code server}, as configured by {@code customize}. */
    CalDavCalendarProvider caldavProvider(URI server, UnaryOperator<CalDavCalendarProvider.Builder> customize) {
        return customize
                .apply(CalDavCalendarProvider.builder()
                        .serverUri(server)
                        .credentials(caldavUser, caldavPassword)
                        .retryPolicy(E2e.QUICK_RETRIES))
                .build();
    }

    @Override
    public String toString() {
        return "Accounts[" + caldavUser + "]"; // never the secrets
    }
}
