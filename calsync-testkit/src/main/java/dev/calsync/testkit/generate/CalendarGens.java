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

    /** {@code generator} as a QuickTheories {@code Gen}. */
    public static <T> Gen<T> gen(Generator<T> generator) {
        Objects.requireNonNull(generator, "generator");
        return in -> generator.apply(Source.of(in));
    }

    /** {@link UidGenerators#uids()}. */
    public static Gen<String> uids() {
        return gen(UidGenerators.uids());
    }

    /** {@link TimeGenerators#zones()}. */
    public static Gen<ZoneId> zones() {
        return gen(TimeGenerators.zones());
    }

    /** {@link TimeGenerators#localDateTimes(ZoneId)}: gap and overlap times included. */
    public static Gen<LocalDateTime> localDateTimes(ZoneId zone) {
        return gen(TimeGenerators.localDateTimes(zone));
    }

    /** {@link TimeGenerators#instantsNear(ZoneId)}. */
    public static Gen<Instant> instantsNear(ZoneId zone) {
        return gen(TimeGenerators.instantsNear(zone));
    }

    /** {@link TimeGenerators#eventTimes()}: all four kinds. */
    public static Gen<EventTime> eventTimes() {
        return gen(TimeGenerators.eventTimes());
    }

    /** {@link TimeGenerators#allDayTimes()}. */
    public static Gen<EventTime> allDayTimes() {
        return gen(TimeGenerators.allDayTimes());
    }

    /** {@link TimeGenerators#zonedTimes()}. */
    public static Gen<EventTime> zonedTimes() {
        return gen(TimeGenerators.zonedTimes());
    }

    /** {@link TimeGenerators#utcTimes()}. */
    public static Gen<EventTime> utcTimes() {
        return gen(TimeGenerators.utcTimes());
    }

    /** {@link TimeGenerators#floatingTimes()}. */
    public static Gen<EventTime> floatingTimes() {
        return gen(TimeGenerators.floatingTimes());
    }

    /** {@link PeopleGenerators#attendees()}. */
    public static Gen<Attendee> attendees() {
        return gen(PeopleGenerators.attendees());
    }

    /** {@link PeopleGenerators#attendeeLists()}. */
    public static Gen<List<Attendee>> attendeeLists() {
        return gen(PeopleGenerators.attendeeLists());
    }

    /** {@link PeopleGenerators#organizers()}. */
    public static Gen<Organizer> organizers() {
        return gen(PeopleGenerators.organizers());
    }

    /** {@link DetailGenerators#reminderLists()}. */
    public static Gen<List<Reminder>> reminderLists() {
        return gen(DetailGenerators.reminderLists());
    }

    /** {@link DetailGenerators#categories()}. */
    public static Gen<List<String>> categories() {
        return gen(DetailGenerators.categories());
    }

    /** {@link DetailGenerators#extras()}. */
    public static Gen<Map<String, String>> extras() {
        return gen(DetailGenerators.extras());
    }

    /** {@link EventGenerators#singleEvents()}. */
    public static Gen<EventComponent> singleEvents() {
        return gen(EventGenerators.singleEvents());
    }

    /** {@link EventGenerators#allDayEvents()}. */
    public static Gen<EventComponent> allDayEvents() {
        return gen(EventGenerators.allDayEvents());
    }

    /** {@link EventGenerators#masters()}. */
    public static Gen<EventComponent> masters() {
        return gen(EventGenerators.masters());
    }

    /** {@link EventGenerators#overrides()}. */
    public static Gen<EventComponent> overrides() {
        return gen(EventGenerators.overrides());
    }

    /** {@link EventGenerators#cancelledOccurrences()}. */
    public static Gen<EventComponent> cancelledOccurrences() {
        return gen(EventGenerators.cancelledOccurrences());
    }

    /** {@link EventGenerators#components()}: any kind of component. */
    public static Gen<EventComponent> components() {
        return gen(EventGenerators.components());
    }

    /** {@link EventGenerators#series()}: any shape of series. */
    public static Gen<EventSeries> series() {
        return gen(EventGenerators.series());
    }

    /** {@link EventGenerators#recurringSeries()}. */
    public static Gen<EventSeries> recurringSeries() {
        return gen(EventGenerators.recurringSeries());
    }

    /** {@link EventGenerators#overrideOnlySeries()}. */
    public static Gen<EventSeries> overrideOnlySeries() {
        return gen(EventGenerators.overrideOnlySeries());
    }

    /** {@link EventGenerators#listings()}. */
    public static Gen<List<EventComponent>> listings() {
        return gen(EventGenerators.listings());
    }
}
