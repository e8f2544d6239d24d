package dev.calsync.core.event;

/** iCalendar {@code TRANSP} / Google {@code transparency}: whether the event blocks time. */
public enum Transparency {
    /** Busy; the default. */
    OPAQUE,
    /** Free. */
    TRANSPARENT
}
