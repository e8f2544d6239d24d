package dev.calsync.core.event;

/**
 * iCalendar {@code CLASS} / Google {@code visibility}. {@link #DEFAULT} is Google's "the calendar's
 * default" and an absent CLASS.
 */
public enum Visibility {
    /** The calendar's default; also an absent CLASS. */
    DEFAULT,
    /** Public: {@code CLASS:PUBLIC}. */
    PUBLIC,
    /** Private: {@code CLASS:PRIVATE}. */
    PRIVATE,
    /** Confidential: {@code CLASS:CONFIDENTIAL}. */
    CONFIDENTIAL
}
