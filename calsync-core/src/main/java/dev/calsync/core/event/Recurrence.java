package dev.calsync.core.event;

import java.util.List;
import java.util.Objects;

/**
 * The recurrence of a series master: its rule lines and explicit dates. Empty for single events,
 * overrides and cancelled occurrences.
 *
 * @param rules {@code RRULE:...} and (deprecated, still met) {@code EXRULE:...} lines, as Google
 *     writes them in {@code recurrence[]}
 * @param rdates extra occurrences ({@code RDATE})
 * @param exdates removed occurrences ({@code EXDATE})
 */
public record Recurrence(List<String> rules, List<EventTime> rdates, List<EventTime> exdates) {

    /** No recurrence. */
    public static final Recurrence NONE = new Recurrence(List.of(), List.of(), List.of());

    /**
     * Copies the lists and checks the rule lines.
     *
     * @param rules {@code RRULE:} and {@code EXRULE:} lines
     * @param rdates extra occurrences
     * @param exdates removed occurrences
     * @throws IllegalArgumentException if a rule line is not {@code RRULE:} or {@code EXRULE:}
     */
    public Recurrence {
        rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
        rdates = List.copyOf(Objects.requireNonNull(rdates, "rdates"));
        exdates = List.copyOf(Objects.requireNonNull(exdates, "exdates"));
        for (String rule : rules) {
            String upper = rule.toUpperCase(java.util.Locale.ROOT);
            if (!upper.startsWith("RRULE:") && !upper.startsWith("EXRULE:")) {
                throw new IllegalArgumentException("not an RRULE or EXRULE line: " + rule);
            }
        }
    }

    /**
     * A recurrence with the given rule lines and no explicit dates.
     *
     * @param rules {@code RRULE:} and {@code EXRULE:} lines
     * @return a recurrence with the given rule lines and no explicit dates
     */
    public static Recurrence ofRules(String... rules) {
        return new Recurrence(List.of(rules), List.of(), List.of());
    }

    /** {@return whether there is no recurrence at all} */
    public boolean isEmpty() {
        return rules.isEmpty() && rdates.isEmpty() && exdates.isEmpty();
    }

    /** {@return whether this recurrence generates occurrences (has a rule or an RDATE)} */
    public boolean recurs() {
        return !rules.isEmpty() || !rdates.isEmpty();
    }

    /**
     * This recurrence with {@code exdates} replaced.
     *
     * @param newExdates the EXDATEs to hold instead
     * @return this recurrence with {@code exdates} replaced
     */
    public Recurrence withExdates(List<EventTime> newExdates) {
        return new Recurrence(rules, rdates, newExdates);
    }
}
