package dev.calsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calsync auth google}: the loopback OAuth flow against a local token endpoint (named by the
 * client secret file's {@code token_uri}, as Google's own file names Google's), then a sync with the
 * stored refresh token against the emulator.
 */
class AuthCommandTest {
    private static final String REFRESH_TOKEN = "refresh-token-that-must-not-be-printed";

    @TempDir
    Path dir;

    CliFixture cli;
    HttpServer tokenServer;
    final Map<String, String> lastTokenRequest = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir);
        tokenServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tokenServer.createContext("/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (lastTokenRequest) {
                lastTokenRequest.clear();
                for (String part : body.split("&")) {
                    String[] kv = part.split("=", 2);
                    lastTokenRequest.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
                }
            }
            boolean ok = "good-code".equals(lastTokenRequest.get("code"))
                    || "refresh_token".equals(lastTokenRequest.get("grant_type"));
            byte[] answer = (ok
                            ? "{\"access_token\":\"access-1\",\"expires_in\":3600,\"token_type\":\"Bearer\","
                                    + "\"refresh_token\":\"" + REFRESH_TOKEN + "\"}"
                            : "{\"error\":\"invalid_grant\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        tokenServer.start();
        Path secret = dir.resolve("client_secret.json");
        Files.writeString(secret, """
                {"installed": {"client_id": "cid.apps.googleusercontent.com", "client_secret": "csecret",
                  "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "http://127.0.0.1:%d/token"}}
                """.formatted(tokenServer.getAddress().getPort()));
        cli.writeConfig(cli.defaultConfig()
                .replace(
                        "\"accounts\": {",
                        "\"accounts\": {\n \"me\": {\"type\": \"google\", \"auth\": \"oauth\", \"clientSecretFile\":"
                                + " \"client_secret.json\", \"tokenFile\": \"tokens/google.json\", \"rootUrl\": \""
                                + cli.google.rootUrl() + "\"},"));
    }

    @AfterEach
    void tearDown() {
        tokenServer.stop(0);
        cli.close();
    }

    /** Runs {@code auth google me}, follows the printed URL's redirect with {@code code} and the state. */
    private CliFixture.Result authorize(String code, boolean keepState) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> CalsyncCli.run(
                cli.env,
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "auth",
                "google",
                "me",
                "--timeout",
                "20",
                "--config",
                cli.config.toString()));
        Pattern urlLine = Pattern.compile("(https://accounts\\.google\\.com/\\S+)");
        Matcher m = null;
        for (int i = 0; i < 200 && (m == null || !m.find()); i++) {
            Thread.sleep(50);
            m = urlLine.matcher(out.toString());
        }
        String url = m.group(1);
        Map<String, String> q = new HashMap<>();
        for (String part : URI.create(url).getRawQuery().split("&")) {
            String[] kv = part.split("=", 2);
            q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(q.get("redirect_uri")).startsWith("http://127.0.0.1:").endsWith("/oauth2callback");
        assertThat(q.get("scope")).isEqualTo(Accounts.CALENDAR_SCOPE);
        assertThat(q.get("code_challenge")).isNotBlank();
        String state = keepState ? q.get("state") : "forged";
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(q.get("redirect_uri") + "?code=" + code + "&state=" + state))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        int code0 = exit.get(30, TimeUnit.SECONDS);
        return new CliFixture.Result(code0, out.toString(), err.toString());
    }

    @Test
    void loopbackFlowStoresTheRefreshTokenPrivatelyAndSyncUsesIt() throws Exception {
        CliFixture.Result r = authorize("good-code", true);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("authorized account 'me'").doesNotContain(REFRESH_TOKEN);
        assertThat(lastTokenRequest).containsEntry("code", "good-code").containsKey("code_verifier");
        Path tokens = dir.resolve("tokens/google.json");
        assertThat(Files.readString(tokens)).contains(REFRESH_TOKEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)))
                .isEqualTo("rw-------");

        // The stored refresh token signs the account in for pairs add and sync.
        String googleCal = cli.googleCalendar("mine@group.calendar.google.com");
        String davCal = cli.caldav.createCalendar("mine").toString();
        CliFixture.Result add = cli.run("pairs", "add", "mine", "--a", "me:" + googleCal, "--b", "dav:" + davCal);
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(cli.run("sync", "mine").exitCode()).isZero();
    }

    @Test
    void forgedStateAndRefusedCodeStoreNothing() throws Exception {
        CliFixture.Result forged = authorize("good-code", false);
        assertThat(forged.exitCode()).as(forged.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(forged.err()).contains("state does not match");
        CliFixture.Result refused = authorize("bad-code", true);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(refused.err()).contains("token endpoint refused");
        assertThat(dir.resolve("tokens/google.json")).doesNotExist();
    }

    @Test
    void unauthorizedAccountIsExitFour() {
        CliFixture.Result r = cli.run("pairs", "add", "x", "--a", "me:primary", "--b", "google:primary");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err()).contains("account 'me' is not authorized yet: run calsync auth google me");
        assertThat(cli.storeState().pairs()).isEmpty();
    }
}
