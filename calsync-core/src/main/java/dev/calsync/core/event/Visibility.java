package dev.calsync.core.event;

/**
 * iCalendar {@code CLASS} / Google {@code visibility}. {@link #DEFAULT} is Google's "the calendar's
 * default" and an absent CLASS.
 */
public enum Visibility {
    DEFAULT,
    PUBLIC,
    PRIVATE,
    CONFIDENTIAL
}
