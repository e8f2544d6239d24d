package dev.calsync.core.event;

import java.util.Objects;

/**
 * An invited participant ({@code ATTENDEE} / Google {@code attendees[]}).
 *
 * @param email the address, normalised: {@code mailto:} stripped, lower case
 * @param displayName the name shown, or null
 * @param participation the reply
 * @param optional whether attendance is optional ({@code ROLE=OPT-PARTICIPANT} / Google {@code optional})
 * @param resource whether this is a room or resource ({@code CUTYPE=ROOM|RESOURCE} / Google {@code resource})
 */
public record Attendee(
        String email, String displayName, ParticipationStatus participation, boolean optional, boolean resource) {

    /**
     * Normalises the address and fills in defaults.
     *
     * @param email the address; {@code mailto:} is stripped and it is lower-cased
     * @param displayName the name shown; blank becomes null
     * @param participation the reply; null becomes {@link ParticipationStatus#NEEDS_ACTION}
     * @param optional whether attendance is optional
     * @param resource whether this is a room or resource
     * @throws IllegalArgumentException if {@code email} is blank
     */
    public Attendee {
        email = Emails.normalize(email);
        if (email == null) {
            throw new IllegalArgumentException("an attendee needs an email address");
        }
        participation = Objects.requireNonNullElse(participation, ParticipationStatus.NEEDS_ACTION);
        displayName = displayName == null || displayName.isBlank() ? null : displayName;
    }

    /**
     * {@return a required attendee who has not replied}
     *
     * @param email the attendee's address
     */
    public static Attendee of(String email) {
        return new Attendee(email, null, ParticipationStatus.NEEDS_ACTION, false, false);
    }
}
