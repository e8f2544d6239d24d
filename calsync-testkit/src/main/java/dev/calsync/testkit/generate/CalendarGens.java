package dev.calsync.testkit.generate;

import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.event.Reminder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.quicktheories.core.Gen;

/**
 * The testkit's generators as QuickTheories {@link Gen}s, for {@code qt().forAll(...)}. Each
 * draw goes through {@link Source#of(org.quicktheories.core.RandomnessSource)}, so QuickTheories
 * shrinks a failing value draw by draw towards the simplest one.
 *
 * <pre>{@code
 * qt().withExamples(500)
 *     .forAll(CalendarGens.series())
 *     .checkAssert(series -> assertThat(ContentHash.of(series)).isEqualTo(ContentHash.of(roundTrip(series))));
 * }</pre>
 *
 * <p>Any other {@link Generator} becomes a {@code Gen} with {@link #gen(Generator)}.
 */
public final class CalendarGens {
    private CalendarGens() {}

    /**
     * {@return {@code generator} as a QuickTheories {@code Gen}}
     *
     * @param <T> the type of the values
     * @param generator the generator
     */
    public static <T> Gen<T> gen(Generator<T> generator) {
        Objects.requireNonNull(generator, "generator");
        return in -> generator.apply(Source.of(in));
    }

    /** {@return {@link UidGenerators#uids()} as a {@code Gen}} */
    public static Gen<String> uids() {
        return gen(UidGenerators.uids());
    }

    /** {@return {@link TimeGenerators#zones()} as a {@code Gen}} */
    public static Gen<ZoneId> zones() {
        return gen(TimeGenerators.zones());
    }

    /**
     * {@return {@link TimeGenerators#localDateTimes(ZoneId)} as a {@code Gen}: gap and overlap times included}
     *
     * @param zone the zone
     */
    public static Gen<LocalDateTime> localDateTimes(ZoneId zone) {
        return gen(TimeGenerators.localDateTimes(zone));
    }

    /**
     * {@return {@link TimeGenerators#instantsNear(ZoneId)} as a {@code Gen}}
     *
     * @param zone the zone
     */
    public static Gen<Instant> instantsNear(ZoneId zone) {
        return gen(TimeGenerators.instantsNear(zone));
    }

    /** {@return {@link TimeGenerators#eventTimes()} as a {@code Gen}: all four kinds} */
    public static Gen<EventTime> eventTimes() {
        return gen(TimeGenerators.eventTimes());
    }

    /** {@return {@link TimeGenerators#allDayTimes()} as a {@code Gen}} */
    public static Gen<EventTime> allDayTimes() {
        return gen(TimeGenerators.allDayTimes());
    }

    /** {@return {@link TimeGenerators#zonedTimes()} as a {@code Gen}} */
    public static Gen<EventTime> zonedTimes() {
        return gen(TimeGenerators.zonedTimes());
    }

    /** {@return {@link TimeGenerators#utcTimes()} as a {@code Gen}} */
    public static Gen<EventTime> utcTimes() {
        return gen(TimeGenerators.utcTimes());
    }

    /** {@return {@link TimeGenerators#floatingTimes()} as a {@code Gen}} */
    public static Gen<EventTime> floatingTimes() {
        return gen(TimeGenerators.floatingTimes());
    }

    /** {@return {@link PeopleGenerators#attendees()} as a {@code Gen}} */
    public static Gen<Attendee> attendees() {
        return gen(PeopleGenerators.attendees());
    }

    /** {@return {@link PeopleGenerators#attendeeLists()} as a {@code Gen}} */
    public static Gen<List<Attendee>> attendeeLists() {
        return gen(PeopleGenerators.attendeeLists());
    }

    /** {@return {@link PeopleGenerators#organizers()} as a {@code Gen}} */
    public static Gen<Organizer> organizers() {
        return gen(PeopleGenerators.organizers());
    }

    /** {@return {@link DetailGenerators#reminderLists()} as a {@code Gen}} */
    public static Gen<List<Reminder>> reminderLists() {
        return gen(DetailGenerators.reminderLists());
    }

    /** {@return {@link DetailGenerators#categories()} as a {@code Gen}} */
    public static Gen<List<String>> categories() {
        return gen(DetailGenerators.categories());
    }

    /** {@return {@link DetailGenerators#extras()} as a {@code Gen}} */
    public static Gen<Map<String, String>> extras() {
        return gen(DetailGenerators.extras());
    }

    /** {@return {@link EventGenerators#singleEvents()} as a {@code Gen}} */
    public static Gen<EventComponent> singleEvents() {
        return gen(EventGenerators.singleEvents());
    }

    /** {@return {@link EventGenerators#allDayEvents()} as a {@code Gen}} */
    public static Gen<EventComponent> allDayEvents() {
        return gen(EventGenerators.allDayEvents());
    }

    /** {@return {@link EventGenerators#masters()} as a {@code Gen}} */
    public static Gen<EventComponent> masters() {
        return gen(EventGenerators.masters());
    }

    /** {@return {@link EventGenerators#overrides()} as a {@code Gen}} */
    public static Gen<EventComponent> overrides() {
        return gen(EventGenerators.overrides());
    }

    /** {@return {@link EventGenerators#cancelledOccurrences()} as a {@code Gen}} */
    public static Gen<EventComponent> cancelledOccurrences() {
        return gen(EventGenerators.cancelledOccurrences());
    }

    /** {@return {@link EventGenerators#components()} as a {@code Gen}: any kind of component} */
    public static Gen<EventComponent> components() {
        return gen(EventGenerators.components());
    }

    /** {@return {@link EventGenerators#series()} as a {@code Gen}: any shape of series} */
    public static Gen<EventSeries> series() {
        return gen(EventGenerators.series());
    }

    /** {@return {@link EventGenerators#recurringSeries()} as a {@code Gen}} */
    public static Gen<EventSeries> recurringSeries() {
        return gen(EventGenerators.recurringSeries());
    }

    /** {@return {@link EventGenerators#overrideOnlySeries()} as a {@code Gen}} */
    public static Gen<EventSeries> overrideOnlySeries() {
        return gen(EventGenerators.overrideOnlySeries());
    }

    /** {@return {@link EventGenerators#listings()} as a {@code Gen}} */
    public static Gen<List<EventComponent>> listings() {
        return gen(EventGenerators.listings());
    }
}
