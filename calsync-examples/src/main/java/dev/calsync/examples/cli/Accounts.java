package dev.calsync.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ClientId;
import com.google.auth.oauth2.DefaultPKCEProvider;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserAuthorizer;
import com.google.auth.oauth2.UserCredentials;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.sync.RetryPolicy;
import dev.calsync.examples.cli.CliConfig.AccessTokenEnv;
import dev.calsync.examples.cli.CliConfig.AccountConfig;
import dev.calsync.examples.cli.CliConfig.CalDavAccount;
import dev.calsync.examples.cli.CliConfig.GoogleAccount;
import dev.calsync.examples.cli.CliConfig.IcloudAccount;
import dev.calsync.examples.cli.CliConfig.OAuth;
import dev.calsync.examples.cli.CliConfig.ServiceAccount;
import dev.calsync.google.GoogleCalendarProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The providers of the configured accounts, built on first use with their secrets read from the
 * environment or the files the configuration names. Closing releases them.
 */
final class Accounts implements AutoCloseable {
    /** The OAuth scope calsync needs: read and write calendars. */
    static final String CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliConfig config;
    private final Map<String, String> env;
    private final Map<String, CalendarProvider> providers = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new java.util.ArrayList<>();

    Accounts(CliConfig config, Map<String, String> env) {
        this.config = config;
        this.env = env;
    }

    /**
     * The account named {@code name}.
     *
     * @throws CliException ({@link ExitCodes#CONFIG}) if the configuration has no such account
     */
    AccountConfig account(String name) {
        AccountConfig a = config.accounts().get(name);
        if (a == null) {
            throw CliException.config("account '" + name + "' is not in the configuration file " + config.source()
                    + (config.accounts().isEmpty()
                            ? " (it has no accounts)"
                            : " (accounts: "
                                    + String.join(", ", config.accounts().keySet()) + ")"));
        }
        return a;
    }

    /** Checks a calendar reference against its account's kind (CalDAV calendars are URLs). */
    void check(CalendarRef ref) {
        AccountConfig a = account(ref.account());
        if (!(a instanceof GoogleAccount)) {
            ref.requireCollectionUrl();
        }
    }

    /**
     * The provider of {@code name}, taking stored calendar ids ({@code ACCOUNT:CALENDAR}).
     *
     * @throws CliException if the account is unknown ({@link ExitCodes#CONFIG}) or a credential is
     *     missing ({@link ExitCodes#AUTH})
     */
    CalendarProvider provider(String name) {
        CalendarProvider p = providers.get(name);
        if (p == null) {
            p = new AccountBoundProvider(name, build(account(name)));
            providers.put(name, p);
        }
        return p;
    }

    private RetryPolicy retryPolicy() {
        var s = config.sync();
        return new RetryPolicy(
                s.retryAttempts(), Duration.ofMillis(s.retryInitialDelayMillis()), Duration.ofSeconds(30));
    }

    private CalendarProvider build(AccountConfig account) {
        if (account instanceof GoogleAccount g) {
            GoogleCalendarProvider.Builder b = GoogleCalendarProvider.builder()
                    .credentials(googleCredentials(g))
                    .retryPolicy(retryPolicy());
            if (g.rootUrl() != null) {
                b.rootUrl(g.rootUrl());
            }
            return b.build();
        }
        CalDavCalendarProvider.Builder b;
        if (account instanceof IcloudAccount i) {
            b = CalDavCalendarProvider.icloud(i.appleId(), secret(i.name(), "passwordEnv", i.passwordEnv()));
        } else {
            CalDavAccount c = (CalDavAccount) account;
            b = CalDavCalendarProvider.builder()
                    .serverUri(c.url())
                    .credentials(c.username(), secret(c.name(), "passwordEnv", c.passwordEnv()));
        }
        CalDavCalendarProvider provider = b.retryPolicy(retryPolicy())
                .connectTimeout(Duration.ofSeconds(config.sync().connectTimeoutSeconds()))
                .build();
        closeables.add(provider);
        return provider;
    }

    /** The value of the environment variable holding a secret of {@code account}. */
    String secret(String account, String field, String variable) {
        String v = env.get(variable);
        if (v == null || v.isEmpty()) {
            throw new CliException(
                    ExitCodes.AUTH,
                    "account '" + account + "': the environment variable " + variable + " (named by " + field
                            + ") is not set");
        }
        return v;
    }

    private GoogleCredentials googleCredentials(GoogleAccount g) {
        if (g.auth() instanceof AccessTokenEnv t) {
            // A ready token: used as it is, never refreshed.
            return GoogleCredentials.create(
                    new AccessToken(secret(g.name(), "accessTokenEnv", t.accessTokenEnv()), null));
        }
        if (g.auth() instanceof ServiceAccount s) {
            try (InputStream in = Files.newInputStream(s.keyFile())) {
                ServiceAccountCredentials c = ServiceAccountCredentials.fromStream(in);
                GoogleCredentials scoped = c.createScoped(List.of(CALENDAR_SCOPE));
                return s.subject() == null ? scoped : scoped.createDelegated(s.subject());
            } catch (NoSuchFileException e) {
                throw CliException.config(
                        "account '" + g.name() + "': the key file " + s.keyFile() + " does not exist");
            } catch (IOException e) {
                throw CliException.config("account '" + g.name() + "': the key file " + s.keyFile()
                        + " is not a service account key (" + e.getClass().getSimpleName() + ")");
            }
        }
        OAuth o = (OAuth) g.auth();
        UserAuthorizer authorizer = authorizer(g.name(), o, null);
        UserCredentials credentials;
        try {
            credentials = authorizer.getCredentials(g.name());
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.AUTH,
                    "account '" + g.name() + "': cannot read the token file " + o.tokenFile() + " ("
                            + e.getClass().getSimpleName() + ")");
        }
        if (credentials == null) {
            throw new CliException(
                    ExitCodes.AUTH,
                    "account '" + g.name() + "' is not authorized yet: run calsync auth google " + g.name());
        }
        return credentials;
    }

    /**
     * The authorizer of an OAuth account, with its client id, token endpoints (from the client secret
     * file) and token file.
     *
     * @param callback the loopback callback for a new authorization, or null
     */
    UserAuthorizer authorizer(String account, OAuth o, URI callback) {
        JsonNode secret;
        try {
            secret = JSON.readTree(o.clientSecretFile().toFile());
        } catch (IOException e) {
            throw CliException.config(
                    "account '" + account + "': cannot read the client secret file " + o.clientSecretFile() + " ("
                            + (Files.exists(o.clientSecretFile()) ? "not JSON" : "missing") + ")");
        }
        JsonNode app = secret == null ? null : secret.has("installed") ? secret.get("installed") : secret.get("web");
        if (app == null || !app.hasNonNull("client_id")) {
            throw CliException.config("account '" + account + "': the client secret file " + o.clientSecretFile()
                    + " has no installed.client_id (download an OAuth client of type Desktop app)");
        }
        ClientId clientId = ClientId.of(
                app.get("client_id").asText(),
                app.hasNonNull("client_secret") ? app.get("client_secret").asText() : null);
        UserAuthorizer.Builder b = UserAuthorizer.newBuilder()
                .setClientId(clientId)
                .setScopes(List.of(CALENDAR_SCOPE))
                .setTokenStore(new FileTokenStore(o.tokenFile()));
        if (app.hasNonNull("token_uri")) {
            b.setTokenServerUri(URI.create(app.get("token_uri").asText()));
        }
        if (app.hasNonNull("auth_uri")) {
            b.setUserAuthUri(URI.create(app.get("auth_uri").asText()));
        }
        if (callback != null) {
            // A new authorization: PKCE, as Google recommends for installed apps.
            b.setCallbackUri(callback).setPKCEProvider(new DefaultPKCEProvider());
        }
        return b.build();
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // Releasing connections: nothing to report.
            }
        }
    }
}
