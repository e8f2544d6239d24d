package dev.calsync.examples.cli;

import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.spi.TransientProviderException;
import dev.calsync.core.sync.MassDeletionException;
import dev.calsync.core.sync.PairNotFoundException;
import dev.calsync.core.sync.SideFailedException;
import dev.calsync.core.sync.SyncException;
import dev.calsync.store.jdbi.StoreAccessException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Turns the failures of providers, stores and syncs into {@link CliException}s with their exit code. */
final class Failures {
    private Failures() {}

    /** Whether {@code t} (or a cause) is a failure to reach a server at all. */
    static boolean isConnectionFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException
                    || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException
                    || c instanceof SocketTimeoutException
                    || c instanceof java.net.http.HttpConnectTimeoutException) {
                return true;
            }
            if (c.getClass().getName().endsWith("ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a provider's access failure is about credentials (401) or permissions (403). */
    static boolean isAuthFailure(CalendarAccessException e) {
        return e.reason() == CalendarAccessException.Reason.CREDENTIALS_REFUSED
                || e.reason() == CalendarAccessException.Reason.FORBIDDEN;
    }

    /**
     * The exit code and one-line reason for a failure, with {@code where} (e.g. "account 'icloud'",
     * "pair 'work'") in front.
     */
    static CliException classify(String where, RuntimeException e) {
        if (e instanceof CliException c) {
            return c;
        }
        Throwable cause = e instanceof SideFailedException && e.getCause() instanceof RuntimeException r ? r : e;
        String message = Stores.oneLine(e.getMessage());
        // A sync failure names its pair already.
        String text = e instanceof SyncException ? message : where + ": " + message;
        if (e instanceof PairNotFoundException) {
            return new CliException(ExitCodes.USAGE, message + " (calsync pairs list shows the pairs)", e);
        }
        if (e instanceof MassDeletionException) {
            return new CliException(
                    ExitCodes.PROBLEMS, message.replace("use allowMassDeletion", "use --allow-mass-deletion"), e);
        }
        if (cause instanceof CalendarAccessException access) {
            if (isAuthFailure(access)) {
                return new CliException(ExitCodes.AUTH, text, e);
            }
            if (access.reason() == CalendarAccessException.Reason.INVALID_CALENDAR_ID) {
                return new CliException(ExitCodes.CONFIG, text, e);
            }
            return new CliException(ExitCodes.PROBLEMS, text, e);
        }
        if (cause instanceof TransientProviderException && isConnectionFailure(cause)) {
            return new CliException(ExitCodes.UNREACHABLE, text + " (the server cannot be reached)", e);
        }
        if (e instanceof StoreAccessException) {
            return new CliException(isConnectionFailure(e) ? ExitCodes.UNREACHABLE : ExitCodes.PROBLEMS, message, e);
        }
        if (e instanceof SyncException || cause instanceof ProviderException) {
            return new CliException(ExitCodes.PROBLEMS, text, e);
        }
        if (cause instanceof IOException || isConnectionFailure(e)) {
            return new CliException(ExitCodes.UNREACHABLE, text, e);
        }
        return new CliException(ExitCodes.PROBLEMS, where + ": " + e.getClass().getSimpleName() + ": " + message, e);
    }
}
