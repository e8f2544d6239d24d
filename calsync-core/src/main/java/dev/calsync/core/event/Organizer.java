package dev.calsync.core.event;

/**
 * The event's organizer ({@code ORGANIZER} / Google {@code organizer}).
 *
 * @param email the address, normalised: {@code mailto:} stripped, lower case
 * @param displayName the name shown, or null
 */
public record Organizer(String email, String displayName) {
    /**
     * Normalises the address.
     *
     * @param email the address; {@code mailto:} is stripped and it is lower-cased
     * @param displayName the name shown; blank becomes null
     * @throws IllegalArgumentException if {@code email} is blank
     */
    public Organizer {
        email = Emails.normalize(email);
        if (email == null) {
            throw new IllegalArgumentException("an organizer needs an email address");
        }
        displayName = displayName == null || displayName.isBlank() ? null : displayName;
    }
}
