package dev.calsync.examples.samples;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.Conflict;
import dev.calsync.core.conflict.ConflictResolver;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.conflict.Resolution;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.Organizer;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A conflict policy of the host application's own: <em>the Google side wins every conflict over a
 * meeting organised by someone in my company's domain; everything else is decided by calsync's
 * standard rules</em> (SEQUENCE, then modification time, then the pair's preferred side).
 *
 * <p>Plug it in with {@code SyncEngine.builder().conflictResolver(CustomConflictCallback.googleWinsFor(
 * "example.com", Side.A))}. The engine calls it only when both sides changed the same component
 * since the last sync. A decision this policy makes itself is recorded with {@link
 * DecidingRule#CALLBACK} in the report ({@code SyncReport.conflictsByRule()}) and in the journal, so
 * it can be told apart from the standard rules' decisions; conflicts it hands on keep the rule that
 * decided them.
 *
 * <p>A host that decides <em>every</em> real conflict itself (by asking the user, say) needs no
 * class: {@link ConflictResolvers#callback} takes a {@code Function<Conflict, Side>}. This class
 * implements {@link ConflictResolver} directly because it decides only some conflicts and hands the
 * rest to {@link ConflictResolvers#standard()}.
 *
 * <p>Like every {@link ConflictResolver} it is pure: it looks only at the {@link Conflict} it is
 * given (no I/O, no clock), so a dry run predicts the real run and several pairs may use it at once.
 */
public final class CustomConflictCallback implements ConflictResolver {
    private static final ConflictResolver STANDARD = ConflictResolvers.standard();

    private final String domainSuffix;
    private final Side googleSide;

    private CustomConflictCallback(String domain, Side googleSide) {
        this.domainSuffix = "@" + domain.toLowerCase(Locale.ROOT);
        this.googleSide = googleSide;
    }

    /**
     * The policy for one company domain.
     *
     * @param domain the domain whose organizers' meetings Google wins, e.g. {@code example.com}
     *     (not its subdomains)
     * @param googleSide the side of the engine that is the Google calendar ({@code sideA} or {@code sideB})
     * @throws IllegalArgumentException if the domain is blank or contains {@code @}
     */
    public static CustomConflictCallback googleWinsFor(String domain, Side googleSide) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(googleSide, "googleSide");
        if (domain.isBlank() || domain.contains("@")) {
            throw new IllegalArgumentException("a domain such as example.com, not " + domain);
        }
        return new CustomConflictCallback(domain.strip(), googleSide);
    }

    /**
     * Decides one conflict: equal content needs no decision, a meeting organised in the domain (on
     * either side's current state) goes to Google, anything else to the standard rules.
     */
    @Override
    public Resolution resolve(Conflict conflict) {
        Resolution standard = STANDARD.resolve(conflict);
        if (standard.rule() == DecidingRule.CONTENT_EQUAL) {
            return standard;
        }
        boolean ourMeeting = Stream.of(conflict.a(), conflict.b())
                .map(EventComponent::organizer)
                .filter(Objects::nonNull)
                .map(Organizer::email)
                .anyMatch(email -> email.endsWith(domainSuffix));
        return ourMeeting ? Resolution.won(googleSide, DecidingRule.CALLBACK) : standard;
    }

    @Override
    public String toString() {
        return "Google (" + googleSide + ") wins for organizers *" + domainSuffix + ", else standard";
    }
}
