package dev.calsync.core.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One VEVENT: a single event, a series master, an override of one occurrence, or a cancelled
 * occurrence. Immutable; build one with {@link #builder(String, EventTime)} and change a copy with
 * {@link #toBuilder()}.
 *
 * <p>Which fields are <em>mapped</em> between providers (and so take part in the canonical hash) is
 * said in {@link dev.calsync.core.canonical.CanonicalForm}. {@code sequence}, {@code lastModified}
 * and {@code extras} are carried but not mapped: the first two decide conflicts, the third keeps a
 * provider's own properties (e.g. {@code X-APPLE-*}, Google's {@code colorId}) for round trips.
 *
 * @param key UID and normalised RECURRENCE-ID
 * @param start DTSTART / {@code start}
 * @param end DTEND / {@code end}, exclusive; when not given, RFC 5545's default (one day after an
 *     all-day start, else the start itself)
 * @param summary SUMMARY, or null
 * @param description DESCRIPTION, or null
 * @param location LOCATION, or null
 * @param status STATUS
 * @param transparency TRANSP
 * @param visibility CLASS / {@code visibility}
 * @param organizer ORGANIZER, or null
 * @param attendees ATTENDEEs, in the order the provider gave them
 * @param reminders explicit reminders; empty means the calendar's defaults
 * @param recurrence RRULE/EXRULE/RDATE/EXDATE of a master; {@link Recurrence#NONE} otherwise
 * @param categories CATEGORIES
 * @param url URL, or null
 * @param sequence SEQUENCE, clamped by {@link Sequences}
 * @param lastModified LAST-MODIFIED / Google {@code updated}, or null when the side does not say
 * @param extras provider-specific properties kept for round trips, sorted by name
 */
public record EventComponent(
        EventKey key,
        EventTime start,
        EventTime end,
        String summary,
        String description,
        String location,
        EventStatus status,
        Transparency transparency,
        Visibility visibility,
        Organizer organizer,
        List<Attendee> attendees,
        List<Reminder> reminders,
        Recurrence recurrence,
        List<String> categories,
        String url,
        int sequence,
        Instant lastModified,
        Map<String, String> extras) {

    /**
     * Validates and normalises the component.
     *
     * @param key UID and normalised RECURRENCE-ID
     * @param start DTSTART
     * @param end DTEND, exclusive; null gives RFC 5545's default
     * @param summary SUMMARY, or null
     * @param description DESCRIPTION, or null
     * @param location LOCATION, or null
     * @param status STATUS; null becomes {@link EventStatus#CONFIRMED}
     * @param transparency TRANSP; null becomes {@link Transparency#OPAQUE}
     * @param visibility CLASS; null becomes {@link Visibility#DEFAULT}
     * @param organizer ORGANIZER, or null
     * @param attendees ATTENDEEs; null becomes empty
     * @param reminders explicit reminders; null becomes empty
     * @param recurrence the recurrence of a master; null becomes {@link Recurrence#NONE}
     * @param categories CATEGORIES; null becomes empty
     * @param url URL, or null
     * @param sequence SEQUENCE, clamped into {@code [0, Integer.MAX_VALUE]}
     * @param lastModified the last modification time, or null; truncated to milliseconds
     * @param extras provider-specific properties; null becomes empty
     * @throws MalformedEventException if the UID is blank, start and end are of different value
     *     types (DATE vs DATE-TIME), or the end is before the start
     */
    public EventComponent {
        Objects.requireNonNull(key, "key");
        if (key.uid().isBlank()) {
            throw new MalformedEventException("UID", "missing or blank UID");
        }
        if (start == null) {
            throw new MalformedEventException("DTSTART", "missing start of " + key);
        }
        if (end == null) {
            end = start instanceof EventTime.AllDay d
                    ? new EventTime.AllDay(d.date().plusDays(1))
                    : start;
        }
        if (start.isAllDay() != end.isAllDay()) {
            throw new MalformedEventException(
                    "DTEND",
                    "start " + start + " and end " + end + " of " + key + " are not both dates or both date-times");
        }
        if (end.toInstant(ZoneOffset.UTC).isBefore(start.toInstant(ZoneOffset.UTC))) {
            throw new MalformedEventException("DTEND", "end " + end + " is before start " + start + " of " + key);
        }
        status = Objects.requireNonNullElse(status, EventStatus.CONFIRMED);
        transparency = Objects.requireNonNullElse(transparency, Transparency.OPAQUE);
        visibility = Objects.requireNonNullElse(visibility, Visibility.DEFAULT);
        attendees = List.copyOf(Objects.requireNonNullElse(attendees, List.of()));
        reminders = List.copyOf(Objects.requireNonNullElse(reminders, List.of()));
        recurrence = Objects.requireNonNullElse(recurrence, Recurrence.NONE);
        categories = List.copyOf(Objects.requireNonNullElse(categories, List.of()));
        sequence = Sequences.clamp(sequence);
        lastModified = lastModified == null ? null : lastModified.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        extras = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNullElse(extras, Map.of())));
    }

    /**
     * Starts a component of {@code uid} beginning at {@code start}; everything else at its default.
     *
     * @param uid the series' UID
     * @param start DTSTART
     * @return a builder for a master or single event
     */
    public static Builder builder(String uid, EventTime start) {
        return new Builder().uid(uid).start(start);
    }

    /** {@return a builder holding this component's values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.uid = key.uid();
        b.recurrenceId = key.recurrenceId();
        b.start = start;
        b.end = end;
        b.summary = summary;
        b.description = description;
        b.location = location;
        b.status = status;
        b.transparency = transparency;
        b.visibility = visibility;
        b.organizer = organizer;
        b.attendees = new ArrayList<>(attendees);
        b.reminders = new ArrayList<>(reminders);
        b.recurrence = recurrence;
        b.categories = new ArrayList<>(categories);
        b.url = url;
        b.sequence = sequence;
        b.lastModified = lastModified;
        b.extras = new TreeMap<>(extras);
        return b;
    }

    /** {@return the component's UID} */
    public String uid() {
        return key.uid();
    }

    /** {@return the component's normalised RECURRENCE-ID, or null for a master or single event} */
    public RecurrenceId recurrenceId() {
        return key.recurrenceId();
    }

    /** {@return the role this component plays in its series} */
    public ComponentKind kind() {
        if (key.isOccurrence()) {
            return status == EventStatus.CANCELLED ? ComponentKind.CANCELLED_OCCURRENCE : ComponentKind.OVERRIDE;
        }
        return recurrence.recurs() ? ComponentKind.MASTER : ComponentKind.SINGLE;
    }

    /** Builds {@link EventComponent}s. Not thread-safe. */
    public static final class Builder {
        private String uid;
        private RecurrenceId recurrenceId;
        private EventTime start;
        private EventTime end;
        private String summary;
        private String description;
        private String location;
        private EventStatus status;
        private Transparency transparency;
        private Visibility visibility;
        private Organizer organizer;
        private List<Attendee> attendees = new ArrayList<>();
        private List<Reminder> reminders = new ArrayList<>();
        private Recurrence recurrence;
        private List<String> categories = new ArrayList<>();
        private String url;
        private long sequence;
        private Instant lastModified;
        private Map<String, String> extras = new TreeMap<>();

        private Builder() {}

        /**
         * Sets the UID.
         *
         * @param uid the UID
         * @return this builder
         */
        public Builder uid(String uid) {
            this.uid = uid;
            return this;
        }

        /**
         * Sets the RECURRENCE-ID (null for a master or single event).
         *
         * @param recurrenceId the normalised RECURRENCE-ID, or null
         * @return this builder
         */
        public Builder recurrenceId(RecurrenceId recurrenceId) {
            this.recurrenceId = recurrenceId;
            return this;
        }

        /**
         * Sets DTSTART.
         *
         * @param start the start
         * @return this builder
         */
        public Builder start(EventTime start) {
            this.start = start;
            return this;
        }

        /**
         * Sets DTEND (exclusive); null means RFC 5545's default.
         *
         * @param end the exclusive end, or null
         * @return this builder
         */
        public Builder end(EventTime end) {
            this.end = end;
            return this;
        }

        /**
         * Sets SUMMARY.
         *
         * @param summary the title, or null
         * @return this builder
         */
        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        /**
         * Sets DESCRIPTION.
         *
         * @param description the description, or null
         * @return this builder
         */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * Sets LOCATION.
         *
         * @param location the location, or null
         * @return this builder
         */
        public Builder location(String location) {
            this.location = location;
            return this;
        }

        /**
         * Sets STATUS.
         *
         * @param status the status
         * @return this builder
         */
        public Builder status(EventStatus status) {
            this.status = status;
            return this;
        }

        /**
         * Sets TRANSP.
         *
         * @param transparency whether the event blocks time
         * @return this builder
         */
        public Builder transparency(Transparency transparency) {
            this.transparency = transparency;
            return this;
        }

        /**
         * Sets CLASS / visibility.
         *
         * @param visibility the visibility
         * @return this builder
         */
        public Builder visibility(Visibility visibility) {
            this.visibility = visibility;
            return this;
        }

        /**
         * Sets ORGANIZER.
         *
         * @param organizer the organizer, or null
         * @return this builder
         */
        public Builder organizer(Organizer organizer) {
            this.organizer = organizer;
            return this;
        }

        /**
         * Replaces the attendees.
         *
         * @param attendees the attendees, in the provider's order
         * @return this builder
         */
        public Builder attendees(List<Attendee> attendees) {
            this.attendees = new ArrayList<>(attendees);
            return this;
        }

        /**
         * Adds one attendee.
         *
         * @param attendee the attendee to append
         * @return this builder
         */
        public Builder attendee(Attendee attendee) {
            this.attendees.add(Objects.requireNonNull(attendee, "attendee"));
            return this;
        }

        /**
         * Replaces the explicit reminders.
         *
         * @param reminders the reminders; empty means the calendar's defaults
         * @return this builder
         */
        public Builder reminders(List<Reminder> reminders) {
            this.reminders = new ArrayList<>(reminders);
            return this;
        }

        /**
         * Sets the recurrence of a master.
         *
         * @param recurrence the rule lines and explicit dates
         * @return this builder
         */
        public Builder recurrence(Recurrence recurrence) {
            this.recurrence = recurrence;
            return this;
        }

        /**
         * Replaces CATEGORIES.
         *
         * @param categories the categories
         * @return this builder
         */
        public Builder categories(List<String> categories) {
            this.categories = new ArrayList<>(categories);
            return this;
        }

        /**
         * Sets URL.
         *
         * @param url the URL, or null
         * @return this builder
         */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /**
         * Sets SEQUENCE; clamped into {@code [0, Integer.MAX_VALUE]}.
         *
         * @param sequence the SEQUENCE value
         * @return this builder
         */
        public Builder sequence(long sequence) {
            this.sequence = sequence;
            return this;
        }

        /**
         * Sets the last modification time.
         *
         * @param lastModified when the component last changed, or null if the side does not say
         * @return this builder
         */
        public Builder lastModified(Instant lastModified) {
            this.lastModified = lastModified;
            return this;
        }

        /**
         * Replaces the provider-specific extra properties.
         *
         * @param extras the extra properties by name
         * @return this builder
         */
        public Builder extras(Map<String, String> extras) {
            this.extras = new TreeMap<>(extras);
            return this;
        }

        /**
         * Sets one provider-specific extra property.
         *
         * @param name the property's name
         * @param value its value
         * @return this builder
         */
        public Builder extra(String name, String value) {
            this.extras.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Builds the component.
         *
         * @return the component
         * @throws MalformedEventException as the {@link EventComponent} constructor does
         */
        public EventComponent build() {
            if (uid == null) {
                throw new MalformedEventException("UID", "missing UID");
            }
            return new EventComponent(
                    new EventKey(uid, recurrenceId),
                    start,
                    end,
                    summary,
                    description,
                    location,
                    status,
                    transparency,
                    visibility,
                    organizer,
                    attendees,
                    reminders,
                    recurrence,
                    categories,
                    url,
                    Sequences.clamp(sequence),
                    lastModified,
                    extras);
        }
    }
}
