package dev.calsync.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EventSeriesTest {

    private static final Instant T0 = Instant.parse("2025-06-02T07:00:00Z");
    private static final RecurrenceId WEEK_2 = new RecurrenceId.AtInstant(T0.plusSeconds(7 * 86400));
    private static final RecurrenceId WEEK_3 = new RecurrenceId.AtInstant(T0.plusSeconds(14 * 86400));

    private static EventComponent.Builder master() {
        return EventComponent.builder("s", EventTime.utc(T0)).recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY"));
    }

    private static EventComponent.Builder override(String uid, RecurrenceId rid) {
        return EventComponent.builder(uid, EventTime.utc(((RecurrenceId.AtInstant) rid).instant()))
                .recurrenceId(rid);
    }

    private static EventSeries series(
            EventComponent master, List<EventComponent> overrides, List<RecurrenceId> cancelled) {
        return new EventSeries("s", master, overrides, new TreeSet<>(cancelled));
    }

    @Test
    void allCancelledOccurrencesJoinsExdatesAndCancelledInstances() {
        EventComponent m = master().recurrence(new Recurrence(
                        List.of("RRULE:FREQ=WEEKLY"),
                        List.of(),
                        List.of(EventTime.parseICalendar("EXDATE", "20250609T090000", "Europe/Berlin"))))
                .build();

        EventSeries s = series(m, List.of(), List.of(WEEK_3));

        assertThat(s.cancelledOccurrences()).containsExactly(WEEK_3);
        assertThat(s.allCancelledOccurrences()).containsExactly(WEEK_2, WEEK_3);
    }

    @Test
    void overridesAreSortedByOccurrence() {
        EventSeries s = series(
                master().build(),
                List.of(override("s", WEEK_3).build(), override("s", WEEK_2).build()),
                List.of());

        assertThat(s.overrides()).extracting(EventComponent::recurrenceId).containsExactly(WEEK_2, WEEK_3);
        assertThat(s.components()).hasSize(3).first().isEqualTo(master().build());
        assertThat(s.override(WEEK_3)).contains(override("s", WEEK_3).build());
        assertThat(s.override(new RecurrenceId.AtInstant(T0))).isEmpty();
    }

    @Test
    void deletedMasterMeansTheWholeSeriesIsCancelled() {
        assertThat(series(master().status(EventStatus.CANCELLED).build(), List.of(), List.of())
                        .isCancelled())
                .isTrue();
        assertThat(EventSeries.of(master().build()).isCancelled()).isFalse();
        assertThat(series(null, List.of(override("s", WEEK_2).build()), List.of())
                        .isCancelled())
                .isFalse();
    }

    @Test
    void componentOfAnotherUidIsRefused() {
        assertThatThrownBy(() -> series(master().uid("other").build(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> series(
                        master().build(), List.of(override("other", WEEK_2).build()), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void masterWithARecurrenceIdIsRefused() {
        assertThatThrownBy(() -> series(override("s", WEEK_2).build(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overrideWithoutRecurrenceIdIsRefused() {
        assertThatThrownBy(() -> series(null, List.of(master().build()), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancelledOverrideMustBeListedAsACancellation() {
        EventComponent cancelled =
                override("s", WEEK_2).status(EventStatus.CANCELLED).build();

        assertThatThrownBy(() -> series(master().build(), List.of(cancelled), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cancelledOccurrences");
    }

    @Test
    void twoOverridesOfOneOccurrenceAreRefused() {
        assertThatThrownBy(() -> series(
                        master().build(),
                        List.of(
                                override("s", WEEK_2).summary("a").build(),
                                override("s", WEEK_2).summary("b").build()),
                        List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seriesCannotBeModifiedThroughItsCollections() {
        EventSeries s = series(master().build(), List.of(override("s", WEEK_2).build()), List.of(WEEK_3));

        assertThatThrownBy(() -> s.overrides().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.cancelledOccurrences().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.components().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.allCancelledOccurrences().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anOccurrenceCannotBeBothOverriddenAndCancelled() {
        assertThatThrownBy(() ->
                        series(master().build(), List.of(override("s", WEEK_2).build()), List.of(WEEK_2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both overridden and cancelled");
    }

    @Test
    void anOverrideOfAnExdatedOccurrenceWinsAndSurvivesNormalisation() {
        EventComponent m = master().recurrence(new Recurrence(
                        List.of("RRULE:FREQ=WEEKLY"),
                        List.of(),
                        List.of(EventTime.parseICalendar("EXDATE", "20250609T090000", "Europe/Berlin"))))
                .build();
        EventSeries s = series(m, List.of(override("s", WEEK_2).summary("moved").build()), List.of());

        assertThat(s.allCancelledOccurrences()).isEmpty();
        EventSeries normalized = s.normalized();
        assertThat(normalized.cancelledOccurrences()).isEmpty();
        assertThat(normalized.override(WEEK_2)).isPresent();
        assertThat(normalized.master().recurrence().exdates()).isEmpty();
    }
}
