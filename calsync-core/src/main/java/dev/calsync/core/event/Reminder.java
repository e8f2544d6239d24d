package dev.calsync.core.event;

import java.util.Objects;

/**
 * An explicit reminder: a {@code VALARM} with a relative trigger before the start, or one of
 * Google's {@code reminders.overrides}. An event with no explicit reminders uses the calendar's
 * defaults (Google {@code useDefault: true}, a VEVENT without VALARM).
 *
 * @param method how the user is reminded
 * @param minutesBefore minutes before the start, 0 or more
 */
public record Reminder(Method method, int minutesBefore) {

    /** How the user is reminded. */
    public enum Method {
        /** A pop-up or notification: {@code ACTION:DISPLAY} / Google {@code popup}. */
        DISPLAY,
        /** An email: {@code ACTION:EMAIL} / Google {@code email}. */
        EMAIL
    }

    /**
     * Checks the reminder.
     *
     * @param method how the user is reminded
     * @param minutesBefore minutes before the start, 0 or more
     * @throws IllegalArgumentException if {@code minutesBefore} is negative
     */
    public Reminder {
        Objects.requireNonNull(method, "method");
        if (minutesBefore < 0) {
            throw new IllegalArgumentException("minutesBefore must be >= 0: " + minutesBefore);
        }
    }
}
