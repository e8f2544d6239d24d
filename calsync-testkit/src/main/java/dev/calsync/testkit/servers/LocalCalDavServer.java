package dev.calsync.testkit.servers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real CalDAV server (Radicale or Xandikos, the Debian packages) started as a child process on
 * 127.0.0.1 and an ephemeral port, with its storage in a fresh temporary directory, for integration
 * tests of CalDAV clients.
 *
 * <pre>{@code
 * try (LocalCalDavServer server = LocalCalDavServer.start(LocalCalDavServer.Kind.RADICALE)) {
 *     URI work = server.createCalendar("work");          // MKCALENDAR, http://127.0.0.1:port/<user>/work/
 *     server.seed("big", Map.of("e1.ics", ics1, ...));   // written on disk, no HTTP
 *     // point the client under test at server.baseUri() with server.username()/password()
 * }
 * }</pre>
 *
 * <p>What each kind provides:
 *
 * <ul>
 *   <li>{@link Kind#RADICALE}: {@code radicale --config <tmp>/config} with htpasswd (bcrypt) auth for
 *       a generated user and random password, owner-only rights and filesystem storage. The principal
 *       and the calendar home are both {@code /<user>/}. HTTP/1.0, no keep-alive.
 *   <li>{@link Kind#XANDIKOS}: {@code xandikos -d <tmp>/data --defaults -l 127.0.0.1 -p <port>}.
 *       Xandikos has no authentication: {@link #username()} and {@link #password()} are null and any
 *       credentials are ignored. The principal is {@code /user/}, the calendar home {@code
 *       /user/calendars/} (holding the default calendar {@code calendar}).
 * </ul>
 *
 * <p>Both must be installed ({@code scripts/install-caldav-servers.sh}); {@link #start} fails with an
 * {@link IllegalStateException} naming the install command otherwise. Nothing is skipped.
 *
 * <p>The storage directory lives under {@code /dev/shm} when that is a writable directory (Radicale's
 * item cache writes a temporary directory per item; on tmpfs this is several times faster than on a
 * disk), else under {@code java.io.tmpdir}; the system property {@code calsync.caldav.tmpdir}
 * overrides both. The server's output goes to {@code server.log} in the temporary directory and is
 * quoted in every start failure. {@link #close()} stops the process and deletes the directory.
 *
 * <p><b>Radicale and {@link HttpClient}:</b> Radicale answers every request with HTTP/1.0 and no
 * {@code Connection: close} header, then closes the connection. The JDK's {@code HttpClient} keeps
 * such a connection in its pool anyway, and a request that reuses it before the close is noticed
 * fails with {@code java.io.IOException: HTTP/1.1 header parser received no bytes} (intermittent:
 * twice in one run of this package's tests, before they stopped reusing connections). Clients under test must retry that case or not reuse connections.
 *
 * <p>Instances are safe to share between threads of one test class.
 */
public final class LocalCalDavServer implements AutoCloseable {

    /** The server implementation to start. */
    public enum Kind {
        /** Radicale 3.x ({@code /usr/bin/radicale}), htpasswd auth. */
        RADICALE("radicale"),
        /** Xandikos 0.2.x ({@code /usr/bin/xandikos}), git-backed storage, no auth. */
        XANDIKOS("xandikos");

        private final String executable;

        Kind(String executable) {
            this.executable = executable;
        }

        /** {@return the name of the executable looked up on the {@code PATH}} */
        public String executable() {
            return executable;
        }
    }

    static final String INSTALL_HINT =
            "run scripts/install-caldav-servers.sh (apt-get install -y radicale xandikos apache2-utils"
                    + " python3-bcrypt python3-passlib)";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SAFE_RESOURCE = Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9._@-]*");
    private static final String XANDIKOS_PRINCIPAL = "/user/";
    private static final String XANDIKOS_HOME = "/user/calendars/";
    private static final String LOG_FILE = "server.log";

    private final Kind kind;
    private final Path tempDir;
    private final Path storageDir;
    private final String username;
    private final String password;
    private final HttpClient http;
    private final Object lock = new Object();
    private Process process;
    private int port;
    private Thread shutdownHook;
    private boolean closed;

    private LocalCalDavServer(Kind kind, Path tempDir, String username, String password) {
        this.kind = kind;
        this.tempDir = tempDir;
        this.storageDir = tempDir.resolve(kind == Kind.RADICALE ? "collections" : "data");
        this.username = username;
        this.password = password;
        this.http = newHttpClient();
    }

    /**
     * A client for one exchange. Radicale answers HTTP/1.0 without {@code Connection: close} and
     * closes the connection after each response, but {@link HttpClient} returns such a connection to
     * its pool; a later request that picks it up fails with "HTTP/1.1 header parser received no
     * bytes". A client per request never reuses a connection.
     */
    private static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Starts a server of the given kind on 127.0.0.1 and a free port, and returns once it answers
     * HTTP requests (at most about 20 s).
     *
     * @param kind the server implementation
     * @return the running server; close it to stop it and delete its storage
     * @throws IllegalStateException if the server (or, for Radicale, {@code htpasswd}) is not
     *     installed, exits early or does not answer in time; the message quotes the server's output
     */
    public static LocalCalDavServer start(Kind kind) {
        Objects.requireNonNull(kind, "kind");
        return start(kind, requireInstalled(kind.executable(), System.getenv("PATH")));
    }

    static LocalCalDavServer start(Kind kind, Path executable) {
        Path htpasswd = kind == Kind.RADICALE ? requireInstalled("htpasswd", System.getenv("PATH")) : null;
        Path tempDir;
        try {
            tempDir = Files.createTempDirectory(tempBase(), "calsync-" + kind.executable() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for " + kind.executable(), e);
        }
        SecureRandom random = new SecureRandom();
        String user = kind == Kind.RADICALE ? "calsync-" + hex(random, 4) : null;
        String pass = kind == Kind.RADICALE ? token(random, 18) : null;
        LocalCalDavServer server = new LocalCalDavServer(kind, tempDir, user, pass);
        try {
            Files.createDirectories(server.storageDir);
            if (kind == Kind.RADICALE) {
                server.writeHtpasswd(htpasswd);
            }
            server.launch(executable);
            return server;
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException("cannot prepare " + tempDir, e);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** {@return the server implementation} */
    public Kind kind() {
        return kind;
    }

    /** {@return the root of the server, {@code http://127.0.0.1:<port>/}} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** {@return the TCP port on 127.0.0.1} */
    public int port() {
        return port;
    }

    /** {@return the user to authenticate as (Radicale), or null when the server has no authentication (Xandikos)} */
    public String username() {
        return username;
    }

    /** {@return the user's password (Radicale), or null when the server has no authentication (Xandikos)} */
    public String password() {
        return password;
    }

    /** {@return the current user's principal: {@code /<user>/} on Radicale, {@code /user/} on Xandikos} */
    public URI principalUri() {
        return baseUri().resolve(kind == Kind.RADICALE ? "/" + username + "/" : XANDIKOS_PRINCIPAL);
    }

    /**
     * {@return the principal's calendar-home-set: {@code /<user>/} on Radicale, {@code /user/calendars/} on Xandikos}
     */
    public URI calendarHomeUri() {
        return kind == Kind.RADICALE ? principalUri() : baseUri().resolve(XANDIKOS_HOME);
    }

    /**
     * The URI a calendar of this name has (or would have) in the calendar home, with a trailing slash.
     *
     * @param name a path segment of letters, digits, {@code .}, {@code _} and {@code -}
     * @return the calendar's URI
     */
    public URI calendarUri(String name) {
        return calendarHomeUri().resolve(checkSegment(name) + "/");
    }

    /** {@return the directory holding the server's collections (deleted by {@link #close()})} */
    public Path storageDir() {
        return storageDir;
    }

    /** {@return the server's combined stdout and stderr so far} */
    public String log() {
        return readLog(tempDir.resolve(LOG_FILE));
    }

    /**
     * Creates a calendar collection in the calendar home with MKCALENDAR (display name {@code name},
     * supported component set VEVENT; Xandikos ignores the component set).
     *
     * @param name a path segment of letters, digits, {@code .}, {@code _} and {@code -}
     * @return the collection URI, with a trailing slash
     * @throws IllegalStateException if the server does not answer 201
     */
    public URI createCalendar(String name) {
        URI uri = calendarUri(name);
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<c:mkcalendar xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">\n"
                + "  <d:set><d:prop>\n"
                + "    <d:displayname>" + name + "</d:displayname>\n"
                + "    <c:supported-calendar-component-set><c:comp name=\"VEVENT\"/></c:supported-calendar-component-set>\n"
                + "  </d:prop></d:set>\n"
                + "</c:mkcalendar>\n";
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/xml; charset=utf-8")
                .method("MKCALENDAR", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        authorize(request);
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "MKCALENDAR " + uri + " answered " + response.statusCode() + " (expected 201): " + response.body());
        }
        return uri;
    }

    /**
     * Writes calendar resources straight into the server's storage, for volume tests where creating
     * them with PUT would take minutes (a PUT costs time linear in the collection's size on both
     * servers). Creates the calendar (display name {@code calendarName}) if it does not exist, else
     * adds to it; a resource of an existing name is replaced.
     *
     * <p>Works on the running server without a restart: Radicale lists the collection's directory on
     * every request (it parses each new file once, on first access, into its item cache); Xandikos
     * reads the collection's git index on every request. For Xandikos the files are committed to the
     * collection's git repository with the {@code git} command when it is on the {@code PATH}, else
     * with dulwich through Xandikos's own Python interpreter. Do not seed a calendar while requests to
     * it are in flight. The bodies are not validated here, only by the server when it reads them
     * (requests that read an invalid one fail).
     *
     * @param calendarName a path segment of letters, digits, {@code .}, {@code _} and {@code -}
     * @param resources file name (e.g. {@code e1.ics}) to iCalendar body
     */
    public void seed(String calendarName, Map<String, String> resources) {
        checkSegment(calendarName);
        resources.keySet().forEach(LocalCalDavServer::checkResourceName);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the server is closed");
            }
            try {
                if (kind == Kind.RADICALE) {
                    seedRadicale(calendarName, resources);
                } else {
                    seedXandikos(calendarName, resources);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot seed " + calendarName, e);
            }
        }
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL after 5 s) and deletes its temporary directory.
     * Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopProcess();
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to
                }
            }
            deleteRecursively(tempDir);
        }
    }

    @Override
    public String toString() {
        return kind + " on " + baseUri() + " (" + tempDir + ")";
    }

    // ---------------------------------------------------------------------------------- start, stop

    static Path requireInstalled(String name, String pathEnv) {
        Path found = findExecutable(name, pathEnv);
        if (found == null) {
            throw new IllegalStateException(name + " is not installed: " + INSTALL_HINT);
        }
        return found;
    }

    static Path findExecutable(String name, String pathEnv) {
        if (pathEnv == null) {
            return null;
        }
        for (String dir : pathEnv.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Path tempBase() throws IOException {
        String configured = System.getProperty("calsync.caldav.tmpdir");
        if (configured != null && !configured.isBlank()) {
            Path base = Paths.get(configured);
            Files.createDirectories(base);
            return base;
        }
        Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }

    private void writeHtpasswd(Path htpasswd) {
        Path users = tempDir.resolve("users");
        // -i reads the password from stdin (not visible in the process list); -C 4 is the cheapest
        // bcrypt cost, since Radicale checks the password on every request.
        ProcessBuilder builder = new ProcessBuilder(
                        htpasswd.toString(), "-c", "-B", "-C", "4", "-i", users.toString(), username)
                .redirectErrorStream(true);
        String output = run(builder, password + "\n", Duration.ofSeconds(20), "htpasswd");
        if (!Files.isRegularFile(users)) {
            throw new IllegalStateException("htpasswd wrote no file: " + output);
        }
    }

    private String radicaleConfig() {
        return "[server]\n"
                + "hosts = 127.0.0.1:" + port + "\n"
                + "max_connections = 20\n"
                + "[auth]\n"
                + "type = htpasswd\n"
                + "htpasswd_filename = " + tempDir.resolve("users") + "\n"
                + "htpasswd_encryption = bcrypt\n"
                + "# no delay after a failed login, to keep tests of 401 fast\n"
                + "delay = 0\n"
                + "[rights]\n"
                + "type = owner_only\n"
                + "[storage]\n"
                + "filesystem_folder = " + storageDir + "\n"
                + "[web]\n"
                + "type = none\n"
                + "[logging]\n"
                + "level = warning\n"
                + "mask_passwords = True\n";
    }

    private List<String> command(Path executable) throws IOException {
        if (kind == Kind.RADICALE) {
            Path config = tempDir.resolve("config");
            Files.writeString(config, radicaleConfig(), StandardCharsets.UTF_8);
            // --config replaces the default paths (/etc/radicale/config uses remote_user auth)
            return List.of(executable.toString(), "--config", config.toString());
        }
        return List.of(
                executable.toString(),
                "-d",
                storageDir.toString(),
                "--defaults",
                "--current-user-principal",
                XANDIKOS_PRINCIPAL,
                "-l",
                "127.0.0.1",
                "-p",
                Integer.toString(port));
    }

    private void launch(Path executable) {
        Path log = tempDir.resolve(LOG_FILE);
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            try {
                ProcessBuilder builder = new ProcessBuilder(command(executable))
                        .directory(tempDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
                cleanEnvironment(builder.environment());
                synchronized (lock) {
                    process = builder.start();
                    shutdownHook = new Thread(this::stopProcess, "stop " + kind.executable());
                    Runtime.getRuntime().addShutdownHook(shutdownHook);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + executable + ": " + e.getMessage(), e);
            }
            String failure = awaitAnswer();
            if (failure == null) {
                break;
            }
            String output = readLog(log);
            stopProcess();
            if (attempt < START_ATTEMPTS && output.contains("Address already in use")) {
                continue; // another process took the port between our probe and the server's bind
            }
            throw new IllegalStateException(failure + "\n--- " + log + " ---\n" + output);
        }
        if (kind == Kind.RADICALE) {
            // Radicale creates the principal collection at the user's first authenticated request.
            HttpRequest.Builder propfind = HttpRequest.newBuilder(principalUri())
                    .timeout(Duration.ofSeconds(30))
                    .header("Depth", "0")
                    .method("PROPFIND", HttpRequest.BodyPublishers.noBody());
            authorize(propfind);
            int status = send(propfind.build()).statusCode();
            if (status != 207) {
                throw new IllegalStateException("PROPFIND " + principalUri() + " answered " + status
                        + " (expected 207)\n--- " + log + " ---\n" + readLog(log));
            }
        }
    }

    /** Polls until any HTTP answer; returns null when up, else why not. */
    private String awaitAnswer() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(baseUri())
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (true) {
            if (!process.isAlive()) {
                return kind.executable() + " exited with code " + process.exitValue() + " before answering on "
                        + baseUri();
            }
            try {
                http.send(probe, HttpResponse.BodyHandlers.discarding()); // only ever probes
                return null;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for " + kind.executable();
            }
            if (System.nanoTime() > deadline) {
                return kind.executable() + " did not answer on " + baseUri() + " within " + START_TIMEOUT.toSeconds()
                        + " s";
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for " + kind.executable();
            }
        }
    }

    private void stopProcess() {
        Process p;
        synchronized (lock) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static void cleanEnvironment(Map<String, String> env) {
        // The servers run on Debian's /usr/bin/python3; a Python environment meant for another
        // interpreter (pyenv, virtualenv) must not leak into them, nor a Radicale config or git repo.
        for (String name : List.of(
                "PYTHONPATH",
                "PYTHONHOME",
                "PYTHONSTARTUP",
                "VIRTUAL_ENV",
                "RADICALE_CONFIG",
                "GIT_DIR",
                "GIT_WORK_TREE",
                "GIT_INDEX_FILE",
                "GIT_OBJECT_DIRECTORY")) {
            env.remove(name);
        }
    }

    // -------------------------------------------------------------------------------------- seeding

    private void seedRadicale(String calendarName, Map<String, String> resources) throws IOException {
        Path dir = storageDir.resolve("collection-root").resolve(username).resolve(calendarName);
        Path props = dir.resolve(".Radicale.props");
        if (!Files.exists(props)) {
            Files.createDirectories(dir);
            Files.writeString(
                    props,
                    "{\"C:supported-calendar-component-set\": \"VEVENT\", \"D:displayname\": \"" + calendarName
                            + "\", \"tag\": \"VCALENDAR\"}",
                    StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> resource : resources.entrySet()) {
            writeAtomically(dir, resource.getKey(), resource.getValue());
        }
    }

    private void seedXandikos(String calendarName, Map<String, String> resources) throws IOException {
        Path dir = storageDir.resolve("user").resolve("calendars").resolve(calendarName);
        boolean fresh = !Files.isDirectory(dir.resolve(".git"));
        if (fresh) {
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve(".xandikos"),
                    "[DEFAULT]\ntype = calendar\ndisplayname = " + calendarName + "\n",
                    StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> resource : resources.entrySet()) {
            writeAtomically(dir, resource.getKey(), resource.getValue());
        }
        Path git = findExecutable("git", System.getenv("PATH"));
        if (git != null) {
            commitWithGit(git, dir, fresh);
        } else {
            commitWithDulwich(dir, resources);
        }
    }

    private static void writeAtomically(Path dir, String name, String body) throws IOException {
        Path tmp = dir.resolve(".calsync-seed.tmp");
        Files.writeString(tmp, body, StandardCharsets.UTF_8);
        Files.move(
                tmp,
                dir.resolve(name),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static void commitWithGit(Path git, Path dir, boolean fresh) {
        List<String> base = List.of(
                git.toString(),
                "-C",
                dir.toString(),
                "-c",
                "user.name=calsync seed",
                "-c",
                "user.email=seed@calsync.invalid",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "gc.auto=0",
                "-c",
                "core.hooksPath=/dev/null");
        if (fresh) {
            runGit(base, "init", "-q", ".");
            // Xandikos reads refs/heads/master, whatever init.defaultBranch says
            runGit(base, "symbolic-ref", "HEAD", "refs/heads/master");
        }
        runGit(base, "add", "-A", ".");
        runGit(base, "commit", "-q", "--allow-empty", "-m", "calsync seed");
    }

    private static void runGit(List<String> base, String... args) {
        List<String> command = new ArrayList<>(base);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        cleanEnvironment(builder.environment());
        run(builder, null, Duration.ofSeconds(60), "git " + args[0]);
    }

    static void commitWithDulwich(Path dir, Map<String, String> resources) {
        Path python = xandikosInterpreter();
        String script = String.join(
                "\n",
                "import os, sys",
                "from dulwich.repo import Repo",
                "from dulwich import porcelain",
                "path = sys.argv[1]",
                "repo = Repo(path) if os.path.isdir(os.path.join(path, '.git')) else Repo.init(path)",
                "names = sys.stdin.read().split()",
                "porcelain.add(repo, paths=[os.path.join(path, n) for n in names])",
                "porcelain.commit(repo, message=b'calsync seed', author=b'calsync seed <seed@calsync.invalid>',",
                "                 committer=b'calsync seed <seed@calsync.invalid>')",
                "");
        List<String> names = new ArrayList<>(resources.keySet());
        names.add(".xandikos");
        ProcessBuilder builder =
                new ProcessBuilder(python.toString(), "-c", script, dir.toString()).redirectErrorStream(true);
        cleanEnvironment(builder.environment());
        run(builder, String.join("\n", names) + "\n", Duration.ofSeconds(120), "dulwich commit");
    }

    /** The interpreter in the xandikos script's {@code #!} line (Debian: /usr/bin/python3), which has dulwich. */
    private static Path xandikosInterpreter() {
        Path xandikos = requireInstalled(Kind.XANDIKOS.executable(), System.getenv("PATH"));
        try (Stream<String> lines = Files.lines(xandikos, StandardCharsets.UTF_8)) {
            String first = lines.findFirst().orElse("");
            if (first.startsWith("#!")) {
                String[] parts = first.substring(2).trim().split("\\s+");
                String interpreter = parts[0].endsWith("/env") && parts.length > 1 ? parts[1] : parts[0];
                Path path = Paths.get(interpreter);
                return path.isAbsolute() ? path : requireInstalled(interpreter, System.getenv("PATH"));
            }
        } catch (IOException | UncheckedIOException e) {
            // fall through
        }
        return Paths.get("/usr/bin/python3");
    }

    // ------------------------------------------------------------------------------------- helpers

    private void authorize(HttpRequest.Builder request) {
        if (username != null) {
            String credentials = username + ":" + password;
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    private static String run(ProcessBuilder builder, String stdin, Duration timeout, String what) {
        Path output = null;
        try {
            output = Files.createTempFile("calsync-" + what.replace(' ', '-'), ".out");
            builder.redirectOutput(output.toFile());
            Process p = builder.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        what + " did not finish within " + timeout.toSeconds() + " s: " + readLog(output));
            }
            String text = readLog(output);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with exit code " + p.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(what + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static String readLog(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 8000 ? "…" + text.substring(text.length() - 8000) : text;
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static String checkSegment(String name) {
        if (name == null || !SAFE_SEGMENT.matcher(name).matches()) {
            throw new IllegalArgumentException("not a simple calendar name (letters, digits, '.', '_', '-'): " + name);
        }
        return name;
    }

    private static void checkResourceName(String name) {
        if (name == null || !SAFE_RESOURCE.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "not a simple resource file name (letters, digits, '.', '_', '@', '-'; no leading dot): " + name);
        }
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String token(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
