package dev.calsync.core.event;

/** An attendee's reply: iCalendar {@code PARTSTAT} / Google {@code responseStatus}. */
public enum ParticipationStatus {
    /** No reply yet; the default. */
    NEEDS_ACTION,
    /** Accepted. */
    ACCEPTED,
    /** Declined. */
    DECLINED,
    /** Tentatively accepted. */
    TENTATIVE,
    /** Delegated to someone else. */
    DELEGATED
}
