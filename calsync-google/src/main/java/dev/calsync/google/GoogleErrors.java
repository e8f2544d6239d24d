package dev.calsync.google;

import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.spi.TransientProviderException;
import dev.calsync.google.internal.Answer;
import java.util.Set;

/** Turns Google's error answers into calsync's typed failures. */
final class GoogleErrors {
    private static final Set<String> ACCESS_REASONS =
            Set.of("forbidden", "requiredAccessLevel", "authError", "insufficientPermissions", "accessNotConfigured");

    private GoogleErrors() {}

    /**
     * The failure an error answer stands for.
     *
     * @param calendarId the calendar, named in the message
     * @param request method and path, named in the message (never a token or a body)
     * @param answer the error answer
     * @param notFoundIsCalendar whether a 404 means the calendar (a listing) rather than one event
     */
    static ProviderException failure(String calendarId, String request, Answer<?> answer, boolean notFoundIsCalendar) {
        String message = "Google calendar " + calendarId + ": " + request + " answered " + answer.describe();
        if (answer.isTransient()) {
            return answer.ioFailure() != null
                    ? new TransientProviderException(message, answer.retryAfter(), answer.ioFailure())
                    : new TransientProviderException(message, answer.retryAfter());
        }
        int status = answer.status();
        if (status == 401) {
            return new CalendarAccessException(
                    CalendarAccessException.Reason.CREDENTIALS_REFUSED, message + " (the credentials were refused)");
        }
        if (status == 403 && (answer.reason() == null || ACCESS_REASONS.contains(answer.reason()))) {
            return new CalendarAccessException(
                    CalendarAccessException.Reason.FORBIDDEN, message + " (no write access to this calendar?)");
        }
        if (status == 404 && notFoundIsCalendar) {
            return new CalendarAccessException(
                    CalendarAccessException.Reason.NOT_FOUND,
                    message + " (no such calendar, or not shared with this account)");
        }
        return new ProviderException(message);
    }
}
