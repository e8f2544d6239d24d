package dev.calsync.examples.cli;

import com.google.auth.oauth2.UserAuthorizer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.calsync.examples.cli.CliConfig.GoogleAccount;
import dev.calsync.examples.cli.CliConfig.OAuth;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code calsync auth google ACCOUNT}: the OAuth installed-app flow for a Google account with {@code
 * "auth": "oauth"}. Prints the consent URL, receives the redirect on a loopback server at {@code
 * http://127.0.0.1:<port>/oauth2callback}, exchanges the code (with PKCE) and stores the refresh
 * token in the account's {@code tokenFile} (owner-only permissions). No token is ever printed.
 */
@Command(
        name = "auth",
        description = "Authorize accounts.",
        subcommands = {AuthCommand.Google.class})
final class AuthCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: google");
    }

    /** {@code calsync auth google ACCOUNT}. */
    @Command(
            name = "google",
            description = "Authorize a Google account (\"auth\": \"oauth\"): open the printed URL in a browser;"
                    + " calsync waits for Google's redirect to 127.0.0.1 and stores the refresh token in the"
                    + " account's tokenFile.")
    static final class Google implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The Google account of the configuration.")
        String account;

        @Option(
                names = "--port",
                defaultValue = "0",
                description = "The loopback port to receive the redirect on (default: any free port).")
        int port;

        @Option(
                names = "--timeout",
                defaultValue = "300",
                paramLabel = "SECONDS",
                description = "How long to wait for the redirect. Default: ${DEFAULT-VALUE}.")
        int timeoutSeconds;

        @Override
        public Integer call() throws IOException {
            CliConfig cfg = config.load();
            Accounts accounts = new Accounts(cfg, config.env());
            if (!(accounts.account(account) instanceof GoogleAccount g) || !(g.auth() instanceof OAuth o)) {
                throw CliException.config("account '" + account
                        + "' is not a Google account with \"auth\": \"oauth\"; nothing to authorize");
            }
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            CompletableFuture<Map<String, String>> redirect = new CompletableFuture<>();
            server.createContext("/oauth2callback", exchange -> answer(exchange, redirect));
            server.start();
            try {
                URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
                UserAuthorizer authorizer = accounts.authorizer(account, o, URI.create("/oauth2callback"));
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                String state = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                String url =
                        authorizer.getAuthorizationUrl(account, state, base).toString();
                PrintWriter out = config.out();
                out.println("Open this URL in a browser and allow calsync to use the calendars of the account:");
                out.println(url);
                out.println("Waiting for the redirect to " + base + "/oauth2callback ...");
                out.flush();
                Map<String, String> params;
                try {
                    params = redirect.get(timeoutSeconds, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new CliException(
                            ExitCodes.AUTH, "no redirect from the browser within " + timeoutSeconds + " s");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CliException(ExitCodes.AUTH, "interrupted while waiting for the redirect");
                } catch (ExecutionException e) {
                    throw new CliException(ExitCodes.AUTH, "the redirect failed");
                }
                if (params.containsKey("error")) {
                    throw new CliException(ExitCodes.AUTH, "Google refused the authorization: " + params.get("error"));
                }
                if (!state.equals(params.get("state"))) {
                    throw new CliException(
                            ExitCodes.AUTH, "the redirect's state does not match this request; nothing was stored");
                }
                String code = params.get("code");
                if (code == null || code.isBlank()) {
                    throw new CliException(ExitCodes.AUTH, "the redirect carried no authorization code");
                }
                try {
                    authorizer.getAndStoreCredentialsFromCode(account, code, base);
                } catch (IOException e) {
                    // The token endpoint's error, without the code or any token.
                    throw new CliException(
                            ExitCodes.AUTH,
                            "the token endpoint refused the authorization code ("
                                    + e.getClass().getSimpleName() + ")");
                }
                out.println("authorized account '" + account + "'; the refresh token is stored in " + o.tokenFile());
                return ExitCodes.OK;
            } finally {
                server.stop(0);
            }
        }

        private static void answer(HttpExchange exchange, CompletableFuture<Map<String, String>> redirect)
                throws IOException {
            Map<String, String> params = new HashMap<>();
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null) {
                for (String part : query.split("&")) {
                    int eq = part.indexOf('=');
                    if (eq > 0) {
                        params.put(
                                URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                                URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            boolean relevant = params.containsKey("code") || params.containsKey("error");
            byte[] body = (relevant
                            ? "calsync received the authorization; you can close this window."
                            : "calsync is waiting for Google's redirect.")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(relevant ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            if (relevant) {
                redirect.complete(params);
            }
        }
    }
}
