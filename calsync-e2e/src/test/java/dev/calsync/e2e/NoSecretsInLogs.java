package dev.calsync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Scenario 8 for every scenario class that uses it: turns on DEBUG logging of the Google client's
 * java.util.logging loggers (calsync and HttpClient log through SLF4J at DEBUG already, see
 * {@code simplelogger.properties}), and after the class's tests searches every log and the message
 * of every exception a test threw for the registered {@link Secrets}.
 */
final class NoSecretsInLogs implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {
    private static final Object LOCK = new Object();
    private static FileHandler julHandler;
    /** Strong references: java.util.logging keeps loggers weakly, and a collected one loses its level. */
    private static final List<Logger> JUL_LOGGERS =
            List.of(Logger.getLogger("com.google.api.client"), Logger.getLogger("com.google.auth"));

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LOCK) {
            if (julHandler != null) {
                return;
            }
            try {
                Path file = E2e.outputDir().resolve("jul.log");
                Files.createDirectories(file.getParent());
                julHandler = new FileHandler(file.toString(), true);
                julHandler.setFormatter(new SimpleFormatter());
                julHandler.setLevel(Level.FINE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Logger l : JUL_LOGGERS) {
                // FINE is SLF4J's DEBUG; the Google client prints Authorization headers only at ALL.
                l.setLevel(Level.FINE);
                l.addHandler(julHandler);
            }
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        List<String> found = Secrets.findIn(throwable);
        if (!found.isEmpty()) {
            AssertionError leak = new AssertionError("a secret appears in a test's exception: " + found);
            leak.addSuppressed(new IllegalStateException("the test's own failure is withheld: it holds a secret"));
            throw leak;
        }
        throw throwable;
    }

    /** Appends what the search covered to {@code target/e2e/secrets.md}, the figures of scenario 8. */
    private static void recordSearch(String after, int found) {
        String row = "| after " + after + " | " + Secrets.logFiles().size() + " | " + Secrets.linesInLogs() + " | "
                + Secrets.registered() + " | " + found + " |\n";
        try {
            Files.writeString(
                    E2e.outputDir().resolve("secrets.md"),
                    row,
                    java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        synchronized (LOCK) {
            if (julHandler != null) {
                julHandler.flush();
            }
        }
        System.err.flush();
        List<String> found = Secrets.findInLogs();
        recordSearch(context.getDisplayName(), found.size());
        if (!found.isEmpty()) {
            throw new AssertionError("secrets in the logs after " + context.getDisplayName() + ": " + found.size()
                    + " lines, the first: " + found.subList(0, Math.min(10, found.size())));
        }
    }
}
