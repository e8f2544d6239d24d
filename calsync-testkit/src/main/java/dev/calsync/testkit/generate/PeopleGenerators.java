package dev.calsync.testkit.generate;

import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.ParticipationStatus;
import java.util.List;
import java.util.Locale;

/**
 * Generators of calendar users: addresses (spelled as providers write them: with or without {@code
 * mailto:}, in any case, some with non-ASCII letters), attendees with every reply and role, rooms,
 * and organizers. Stateless and safe to share between threads.
 */
public final class PeopleGenerators {

    private static final List<String> NAMES = List.of(
            "ann",
            "bob",
            "chen.wei",
            "dmitri",
            "eve+cal",
            "françois",
            "gül",
            "hana_y",
            "ivan",
            "jörg",
            "o'brien",
            "zoë");
    private static final List<String> DOMAINS =
            List.of("example.com", "example.org", "mail.example.net", "bücher.example", "example.co.uk");
    private static final List<String> DISPLAY_NAMES =
            List.of("Ann Example", "Bob", "陈伟", "Dmitri Ivanov", "Zoë O'Brien", "Müller, Jörg", "Room 4.12");

    private PeopleGenerators() {}

    /**
     * An address in normalised form: lower case, no {@code mailto:}. Distinct draws may give the same
     * address.
     *
     * @return addresses
     */
    public static Generator<String> emails() {
        return source -> {
            String name = source.pick(NAMES);
            String suffix = source.chance(70) ? Integer.toString(source.between(1, 9999)) : "";
            return name + suffix + "@" + source.pick(DOMAINS);
        };
    }

    /**
     * {@code email} written as a provider may: with a {@code mailto:} or {@code MAILTO:} prefix,
     * and with some letters upper-cased (only letters whose upper case turns back into the same
     * lower-case letter, so the address is unchanged).
     *
     * @param email a normalised address
     * @return spellings of it
     */
    public static Generator<String> spellings(String email) {
        return source -> {
            String prefix = source.pick(List.of("", "mailto:", "MAILTO:", "MailTo:"));
            StringBuilder out = new StringBuilder(prefix);
            email.codePoints().forEach(cp -> {
                String c = new String(Character.toChars(cp));
                String upper = c.toUpperCase(Locale.ROOT);
                boolean roundTrips = upper.toLowerCase(Locale.ROOT).equals(c);
                out.append(roundTrips && source.bool() ? upper : c);
            });
            return out.toString();
        };
    }

    /** {@return a reply, {@code NEEDS-ACTION} the simplest} */
    public static Generator<ParticipationStatus> participations() {
        return source -> source.pick(List.of(ParticipationStatus.values()));
    }

    /** {@return an attendee, sometimes optional, sometimes a room, with the address spelled in any provider's way} */
    public static Generator<Attendee> attendees() {
        return source -> {
            boolean resource = source.chance(10);
            String email = resource
                    ? "room-" + source.between(1, 40) + "@resource.calendar.google.com"
                    : emails().apply(source);
            return new Attendee(
                    spellings(email).apply(source),
                    source.chance(60) ? source.pick(DISPLAY_NAMES) : null,
                    participations().apply(source),
                    source.chance(20),
                    resource);
        };
    }

    /** {@return zero to six attendees with distinct addresses, in no particular order} */
    public static Generator<List<Attendee>> attendeeLists() {
        return attendees().distinctList(0, 6, Attendee::email);
    }

    /** {@return an organizer, sometimes with a display name} */
    public static Generator<Organizer> organizers() {
        return source -> new Organizer(
                spellings(emails().apply(source)).apply(source), source.chance(50) ? source.pick(DISPLAY_NAMES) : null);
    }
}
