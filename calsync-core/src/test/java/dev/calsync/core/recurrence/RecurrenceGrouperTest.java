package dev.calsync.core.recurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecurrenceGrouperTest {

    private static final Instant T0 = Instant.parse("2025-06-02T07:00:00Z");
    private static final RecurrenceId WEEK_2 = new RecurrenceId.AtInstant(T0.plusSeconds(7 * 86400));
    private static final RecurrenceId WEEK_3 = new RecurrenceId.AtInstant(T0.plusSeconds(14 * 86400));

    private static EventComponent master(String uid) {
        return EventComponent.builder(uid, EventTime.utc(T0))
                .summary("Planning")
                .recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY"))
                .build();
    }

    private static EventComponent single(String uid) {
        return EventComponent.builder(uid, EventTime.utc(T0)).summary("One-off").build();
    }

    private static EventComponent.Builder occurrence(String uid, RecurrenceId rid) {
        Instant original = ((RecurrenceId.AtInstant) rid).instant();
        return EventComponent.builder(uid, EventTime.utc(original.plusSeconds(3600)))
                .recurrenceId(rid)
                .summary("Planning (moved)");
    }

    @Test
    void overrideBeforeMasterIsGroupedIntoItsSeries() {
        RecurrenceGrouper grouper = new RecurrenceGrouper();
        // page 1
        grouper.add(occurrence("s", WEEK_2).build());
        grouper.add(single("other"));
        // page 2
        grouper.add(master("s"));

        EventSeries s = grouper.finish().series("s").orElseThrow();

        assertThat(s.master()).isEqualTo(master("s"));
        assertThat(s.overrides()).extracting(EventComponent::recurrenceId).containsExactly(WEEK_2);
        assertThat(s.isOverrideOnly()).isFalse();
    }

    @Test
    void overridesWithoutTheirMasterFormAnOverrideOnlySeries() {
        Grouping g = RecurrenceGrouper.group(List.of(
                occurrence("invited", WEEK_3).build(),
                occurrence("invited", WEEK_2).build()));

        EventSeries s = g.series("invited").orElseThrow();
        assertThat(s.isOverrideOnly()).isTrue();
        assertThat(s.master()).isNull();
        assertThat(s.overrides()).extracting(EventComponent::recurrenceId).containsExactly(WEEK_2, WEEK_3);
    }

    @Test
    void cancelledOccurrencesAreKeptAsCancellationsOfTheirSeries() {
        EventComponent cancelled =
                occurrence("s", WEEK_2).status(EventStatus.CANCELLED).build();

        EventSeries s = RecurrenceGrouper.group(List.of(cancelled, master("s")))
                .series("s")
                .orElseThrow();

        assertThat(s.cancelledOccurrences()).containsExactly(WEEK_2);
        assertThat(s.overrides()).isEmpty();
        assertThat(s.allCancelledOccurrences()).containsExactly(WEEK_2);
    }

    @Test
    void cancellationWithoutMasterIsStillKept() {
        EventComponent cancelled =
                occurrence("s", WEEK_2).status(EventStatus.CANCELLED).build();

        EventSeries s = RecurrenceGrouper.group(List.of(cancelled)).series("s").orElseThrow();

        assertThat(s.isOverrideOnly()).isTrue();
        assertThat(s.cancelledOccurrences()).containsExactly(WEEK_2);
    }

    @Test
    void higherSequenceWinsADuplicate() {
        EventComponent old = master("s").toBuilder().sequence(1).summary("Old").build();
        EventComponent current =
                master("s").toBuilder().sequence(2).summary("New").build();

        for (List<EventComponent> order : List.of(List.of(old, current), List.of(current, old))) {
            Grouping g = RecurrenceGrouper.group(order);
            assertThat(g.series("s").orElseThrow().master()).isEqualTo(current);
            assertThat(g.duplicates()).containsExactly(new DuplicateComponent(EventKey.master("s"), current, old));
        }
    }

    @Test
    void higherSequenceWinsEvenWhenModifiedEarlier() {
        EventComponent higher = master("s").toBuilder()
                .sequence(5)
                .lastModified(Instant.parse("2025-01-01T00:00:00Z"))
                .summary("Higher")
                .build();
        EventComponent later = master("s").toBuilder()
                .sequence(4)
                .lastModified(Instant.parse("2025-06-01T00:00:00Z"))
                .summary("Later")
                .build();

        assertThat(RecurrenceGrouper.group(List.of(later, higher))
                        .series("s")
                        .orElseThrow()
                        .master())
                .isEqualTo(higher);
    }

    @Test
    void withEqualSequenceTheLaterModificationWins() {
        EventComponent earlier = master("s").toBuilder()
                .sequence(3)
                .lastModified(Instant.parse("2025-05-01T10:00:00Z"))
                .summary("Earlier")
                .build();
        EventComponent later = master("s").toBuilder()
                .sequence(3)
                .lastModified(Instant.parse("2025-05-01T10:00:00.001Z"))
                .summary("Later")
                .build();

        for (List<EventComponent> order : List.of(List.of(earlier, later), List.of(later, earlier))) {
            Grouping g = RecurrenceGrouper.group(order);
            assertThat(g.series("s").orElseThrow().master()).isEqualTo(later);
            assertThat(g.duplicates()).extracting(DuplicateComponent::discarded).containsExactly(earlier);
        }
    }

    @Test
    void knownModificationTimeBeatsNone() {
        EventComponent unknown = master("s").toBuilder().summary("Unknown").build();
        EventComponent known = master("s").toBuilder()
                .lastModified(Instant.parse("1990-01-01T00:00:00Z"))
                .summary("Known")
                .build();

        for (List<EventComponent> order : List.of(List.of(unknown, known), List.of(known, unknown))) {
            Grouping g = RecurrenceGrouper.group(order);
            assertThat(g.series("s").orElseThrow().master()).isEqualTo(known);
            assertThat(g.duplicates()).extracting(DuplicateComponent::discarded).containsExactly(unknown);
        }
    }

    @Test
    void fullyTiedDuplicatesAreResolvedTheSameWayInEitherOrder() {
        EventComponent a = master("s").toBuilder().summary("A").build();
        EventComponent b = master("s").toBuilder().summary("B").build();

        Grouping ab = RecurrenceGrouper.group(List.of(a, b));
        Grouping ba = RecurrenceGrouper.group(List.of(b, a));

        assertThat(ab).isEqualTo(ba);
        assertThat(ab.duplicates()).hasSize(1);
    }

    @Test
    void laterCancellationOfAnOverrideWins() {
        EventComponent moved = occurrence("s", WEEK_2).sequence(1).build();
        EventComponent cancelled = occurrence("s", WEEK_2)
                .sequence(2)
                .status(EventStatus.CANCELLED)
                .build();

        Grouping g = RecurrenceGrouper.group(List.of(cancelled, moved, master("s")));

        EventSeries s = g.series("s").orElseThrow();
        assertThat(s.overrides()).isEmpty();
        assertThat(s.cancelledOccurrences()).containsExactly(WEEK_2);
        assertThat(g.duplicates())
                .containsExactly(new DuplicateComponent(EventKey.occurrence("s", WEEK_2), cancelled, moved));
    }

    @Test
    void identicalComponentListedTwiceIsReportedOnce() {
        Grouping g = RecurrenceGrouper.group(List.of(single("s"), single("s")));

        assertThat(g.series()).hasSize(1);
        assertThat(g.duplicates()).hasSize(1);
        assertThat(g.duplicates().get(0).kept()).isEqualTo(single("s"));
    }

    @Test
    void seriesAreSortedByUid() {
        Grouping g = RecurrenceGrouper.group(
                List.of(single("c"), master("a"), occurrence("b", WEEK_2).build()));

        assertThat(g.series()).extracting(EventSeries::uid).containsExactly("a", "b", "c");
    }

    @Test
    void resultDoesNotDependOnArrivalOrder() {
        List<EventComponent> all = new ArrayList<>(List.of(
                master("a"),
                occurrence("a", WEEK_2).build(),
                occurrence("a", WEEK_3).status(EventStatus.CANCELLED).build(),
                single("b"),
                single("b").toBuilder().sequence(1).build(),
                occurrence("c", WEEK_3).build()));
        Grouping expected = RecurrenceGrouper.group(all);
        Random random = new Random(42);

        for (int i = 0; i < 20; i++) {
            Collections.shuffle(all, random);
            assertThat(RecurrenceGrouper.group(all)).as("order %s", all).isEqualTo(expected);
        }
    }

    @Test
    void unknownUidHasNoSeries() {
        assertThat(RecurrenceGrouper.group(List.of(single("a"))).series("b")).isEmpty();
        assertThat(RecurrenceGrouper.group(List.of()).series()).isEmpty();
    }

    @Test
    void finishingTwiceIsRefused() {
        RecurrenceGrouper grouper = new RecurrenceGrouper();
        grouper.add(single("a"));
        grouper.finish();

        assertThatThrownBy(grouper::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void addingAfterFinishIsRefused() {
        RecurrenceGrouper grouper = new RecurrenceGrouper();
        grouper.finish();

        assertThatThrownBy(() -> grouper.add(single("a"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void groupingListsCannotBeModified() {
        Grouping g = RecurrenceGrouper.group(List.of(single("a"), single("a")));

        assertThatThrownBy(() -> g.series().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> g.duplicates().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
