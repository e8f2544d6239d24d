package dev.calsync.examples.cli;

/**
 * The exit codes of the {@code calsync} command, documented in {@code docs/cli.md}. Every failure
 * also prints a one-line reason on standard error.
 */
public final class ExitCodes {
    /** Done, and everything checked was right. */
    public static final int OK = 0;
    /**
     * The command ran but found something wrong: a sync failed or was refused, {@code pairs
     * validate} found problems, the demo's final check failed.
     */
    public static final int PROBLEMS = 1;
    /** Bad arguments: an unknown option or command, an unknown pair (picocli's own code for usage). */
    public static final int USAGE = 2;
    /** The configuration is missing or malformed, or names something that cannot be used (a bad URL). */
    public static final int CONFIG = 3;
    /** A server refused the credentials (401/403) or a credential is missing. */
    public static final int AUTH = 4;
    /** A server or the store could not be reached. */
    public static final int UNREACHABLE = 5;

    private ExitCodes() {}
}
