package dev.calsync.examples.cli;

/**
 * A failure of a {@code calsync} command that ends it with a one-line message on standard error and
 * one of the {@link ExitCodes}. The message names what was wrong (a file, a field, an account, a
 * pair) and never holds a secret.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message the one-line reason, without secrets
     */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message the one-line reason, without secrets
     * @param cause the underlying failure (logged at DEBUG, never printed)
     */
    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The exit code the command ends with. */
    public int exitCode() {
        return exitCode;
    }

    /** A configuration problem ({@link ExitCodes#CONFIG}). */
    static CliException config(String message) {
        return new CliException(ExitCodes.CONFIG, message);
    }

    /** A usage problem ({@link ExitCodes#USAGE}). */
    static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }
}
