package dev.calsync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The credentials the suite hands calsync (Google access tokens, CalDAV passwords and their Basic
 * encodings), and the search for them in everything calsync wrote: the DEBUG log of this JVM
 * ({@code target/e2e-debug.log}, see {@code simplelogger.properties}), java.util.logging's output of
 * the Google client ({@code target/e2e/jul.log}), the output of every child process
 * ({@code target/e2e/children/}) and the messages of exceptions the tests caught.
 */
final class Secrets {
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private Secrets() {}

    /** Remembers {@code secret}: it must appear in no log and no exception message. */
    static void register(String secret) {
        if (secret != null && secret.length() >= 8) {
            SECRETS.add(secret);
        }
    }

    /**
     * Where each registered secret appears in {@code text}, as "{@code where}: line N" (never quoting
     * the secret).
     */
    static List<String> findIn(String where, String text) {
        List<String> found = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (String s : SECRETS) {
                if (lines[i].contains(s)) {
                    found.add(where + ": line " + (i + 1) + " holds a registered secret (" + s.length()
                            + " characters, starting " + s.substring(0, 2) + "…)");
                }
            }
        }
        return found;
    }

    /** The findings in a throwable's messages, its causes' and its suppressed exceptions'. */
    static List<String> findIn(Throwable t) {
        List<String> found = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            found.addAll(findIn(c.getClass().getName() + "'s message", String.valueOf(c.getMessage())));
            for (Throwable s : c.getSuppressed()) {
                found.addAll(findIn(s));
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return found;
    }

    /** The findings in every log file the suite's processes wrote so far. */
    static List<String> findInLogs() {
        List<String> found = new ArrayList<>();
        for (Path file : logFiles()) {
            try {
                found.addAll(findIn(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    /** How many secrets are registered. */
    static int registered() {
        return SECRETS.size();
    }

    /** How many lines the log files hold in all. */
    static long linesInLogs() {
        long lines = 0;
        for (Path file : logFiles()) {
            try (Stream<String> l = Files.lines(file, StandardCharsets.ISO_8859_1)) {
                lines += l.count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    /** Every log file: this JVM's DEBUG log and JUL log, and each child's output. */
    static List<Path> logFiles() {
        Path dir = E2e.outputDir();
        List<Path> files = new ArrayList<>();
        Path debug = Path.of("target/e2e-debug.log");
        if (Files.isRegularFile(debug)) {
            files.add(debug);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
