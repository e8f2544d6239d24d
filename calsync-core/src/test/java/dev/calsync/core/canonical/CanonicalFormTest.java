package dev.calsync.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.recurrence.RecurrenceGrouper;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CanonicalFormTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String UID = "weekly@example.org";
    private static final EventTime START = EventTime.of(LocalDateTime.of(2025, 6, 2, 9, 0), BERLIN);
    private static final EventTime END = EventTime.of(LocalDateTime.of(2025, 6, 2, 10, 0), BERLIN);
    /** The occurrence of 2025-06-09 09:00 Berlin, as Google's originalStartTime names it. */
    private static final RecurrenceId JUNE_9 = RecurrenceId.fromGoogle(null, "2025-06-09T09:00:00+02:00", null);
    /** The same occurrence as a CalDAV EXDATE with TZID. */
    private static final EventTime JUNE_9_EXDATE =
            EventTime.parseICalendar("EXDATE", "20250609T090000", "Europe/Berlin");

    private static EventComponent.Builder master() {
        return EventComponent.builder(UID, START)
                .end(END)
                .summary("Planning")
                .recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;BYDAY=MO"));
    }

    private static EventComponent override(RecurrenceId rid, String summary) {
        Instant original = ((RecurrenceId.AtInstant) rid).instant();
        return EventComponent.builder(UID, EventTime.utc(original.plusSeconds(3600)))
                .end(EventTime.utc(original.plusSeconds(7200)))
                .recurrenceId(rid)
                .summary(summary)
                .build();
    }

    private static EventSeries series(
            EventComponent master, List<EventComponent> overrides, Set<RecurrenceId> cancelled) {
        return new EventSeries(UID, master, overrides, new TreeSet<>(cancelled));
    }

    @Test
    void textThatLooksLikeAnotherFieldDoesNotCollideWithThatField() {
        EventComponent injected = EventComponent.builder("u", START)
                .summary("Meeting\nLOCATION:7:Berlin")
                .build();
        EventComponent real = EventComponent.builder("u", START)
                .summary("Meeting")
                .location("Berlin")
                .build();

        assertThat(CanonicalForm.of(injected)).isNotEqualTo(CanonicalForm.of(real));
        assertThat(ContentHash.of(injected)).isNotEqualTo(ContentHash.of(real));
    }

    @Test
    void textCannotShiftAFieldBoundary() {
        // With plain "NAME:value" lines these two would have the same text:
        //   SUMMARY:Lunch / DESCRIPTION:Bring food / DESCRIPTION: / LOCATION:
        EventComponent a = EventComponent.builder("u", START)
                .summary("Lunch\nDESCRIPTION:Bring food")
                .build();
        EventComponent b = EventComponent.builder("u", START)
                .summary("Lunch")
                .description("Bring food\nDESCRIPTION:")
                .build();

        assertThat(ContentHash.of(a)).isNotEqualTo(ContentHash.of(b));
    }

    @Test
    void lengthPrefixedFakeFieldsDoNotCollideEither() {
        EventComponent a = EventComponent.builder("u", START)
                .summary("x")
                .description("y\nLOCATION:6:Berlin")
                .build();
        EventComponent b = EventComponent.builder("u", START)
                .summary("x")
                .description("y")
                .location("Berlin")
                .build();

        assertThat(ContentHash.of(a)).isNotEqualTo(ContentHash.of(b));
    }

    @Test
    void categoryContainingACommaIsNotTwoCategories() {
        EventComponent one = EventComponent.builder("u", START)
                .categories(List.of("Work,Team"))
                .build();
        EventComponent two = EventComponent.builder("u", START)
                .categories(List.of("Work", "Team"))
                .build();

        assertThat(ContentHash.of(one)).isNotEqualTo(ContentHash.of(two));
    }

    @Test
    void canonicalTextLeavesOutVolatileValues() {
        String text = CanonicalForm.of(master().sequence(17)
                .lastModified(Instant.parse("2025-05-01T10:00:00Z"))
                .extra("X-SECRET-MARKER", "zzz-extra-value")
                .build());

        assertThat(text)
                .doesNotContain("zzz-extra-value")
                .doesNotContain("X-SECRET-MARKER")
                .doesNotContain("2025-05-01");
    }

    @Test
    void googleCancelledInstanceAndCalDavExdateGiveTheSameSeriesHash() {
        EventSeries google = series(master().build(), List.of(), Set.of(JUNE_9));
        EventSeries calDav = series(
                master().recurrence(new Recurrence(
                                List.of("RRULE:FREQ=WEEKLY;BYDAY=MO"), List.of(), List.of(JUNE_9_EXDATE)))
                        .build(),
                List.of(),
                Set.of());

        assertThat(CanonicalForm.of(google)).isEqualTo(CanonicalForm.of(calDav));
        assertThat(ContentHash.of(google)).isEqualTo(ContentHash.of(calDav));
    }

    @Test
    void calDavCancelledOverrideHashesLikeAnExdate() {
        EventComponent cancelledOverride = EventComponent.builder(
                        UID, EventTime.utc(Instant.parse("2025-06-09T07:00:00Z")))
                .recurrenceId(JUNE_9)
                .status(EventStatus.CANCELLED)
                .summary("Planning")
                .build();
        EventSeries grouped = RecurrenceGrouper.group(List.of(cancelledOverride, master().build()))
                .series(UID)
                .orElseThrow();
        EventSeries withExdate = series(
                master().recurrence(new Recurrence(
                                List.of("RRULE:FREQ=WEEKLY;BYDAY=MO"), List.of(), List.of(JUNE_9_EXDATE)))
                        .build(),
                List.of(),
                Set.of());

        assertThat(ContentHash.of(grouped)).isEqualTo(ContentHash.of(withExdate));
    }

    @Test
    void allDaySeriesCancellationsHashAlikeFromBothProviders() {
        EventComponent.Builder allDay = EventComponent.builder(UID, EventTime.date(LocalDate.of(2025, 6, 2)))
                .summary("Holiday rota")
                .recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY"));
        EventSeries google =
                series(allDay.build(), List.of(), Set.of(RecurrenceId.fromGoogle("2025-06-09", null, null)));
        EventSeries calDav = series(
                allDay.recurrence(new Recurrence(
                                List.of("RRULE:FREQ=WEEKLY"),
                                List.of(),
                                List.of(EventTime.parseICalendar("EXDATE", "20250609", null))))
                        .build(),
                List.of(),
                Set.of());

        assertThat(ContentHash.of(google)).isEqualTo(ContentHash.of(calDav));
    }

    @Test
    void cancellationSaidBothWaysCountsOnce() {
        EventSeries both = series(
                master().recurrence(new Recurrence(
                                List.of("RRULE:FREQ=WEEKLY;BYDAY=MO"), List.of(), List.of(JUNE_9_EXDATE)))
                        .build(),
                List.of(),
                Set.of(JUNE_9));
        EventSeries once = series(master().build(), List.of(), Set.of(JUNE_9));

        assertThat(ContentHash.of(both)).isEqualTo(ContentHash.of(once));
    }

    @Test
    void seriesWithACancelledOccurrenceDiffersFromTheFullSeries() {
        assertThat(ContentHash.of(series(master().build(), List.of(), Set.of(JUNE_9))))
                .isNotEqualTo(ContentHash.of(EventSeries.of(master().build())));
    }

    @Test
    void seriesWithAnOverrideDiffersFromTheSameSeriesWithout() {
        EventSeries plain = EventSeries.of(master().build());
        EventSeries withOverride = series(master().build(), List.of(override(JUNE_9, "Planning (late)")), Set.of());

        assertThat(ContentHash.of(withOverride)).isNotEqualTo(ContentHash.of(plain));
    }

    @Test
    void editingAnOverrideChangesTheSeriesHash() {
        EventSeries before = series(master().build(), List.of(override(JUNE_9, "Planning (late)")), Set.of());
        EventSeries after = series(master().build(), List.of(override(JUNE_9, "Planning (later)")), Set.of());

        assertThat(ContentHash.of(after)).isNotEqualTo(ContentHash.of(before));
    }

    @Test
    void overrideAndCancellationOfTheSameOccurrenceAreDifferentSeries() {
        EventSeries moved = series(master().build(), List.of(override(JUNE_9, "Planning")), Set.of());
        EventSeries cancelled = series(master().build(), List.of(), Set.of(JUNE_9));

        assertThat(ContentHash.of(moved)).isNotEqualTo(ContentHash.of(cancelled));
    }

    @Test
    void overrideOrderDoesNotChangeTheSeriesHash() {
        RecurrenceId june16 = RecurrenceId.fromGoogle(null, "2025-06-16T09:00:00+02:00", null);
        EventComponent o1 = override(JUNE_9, "a");
        EventComponent o2 = override(june16, "b");

        assertThat(ContentHash.of(series(master().build(), List.of(o2, o1), Set.of())))
                .isEqualTo(ContentHash.of(series(master().build(), List.of(o1, o2), Set.of())));
    }

    @Test
    void overrideOnlySeriesDiffersFromASeriesWithItsMaster() {
        EventComponent o = override(JUNE_9, "Planning");

        assertThat(ContentHash.of(series(null, List.of(o), Set.of())))
                .isNotEqualTo(ContentHash.of(series(master().build(), List.of(o), Set.of())));
    }

    @Test
    void volatileFieldsOfMasterAndOverridesDoNotChangeTheSeriesHash() {
        EventComponent o = override(JUNE_9, "Planning");
        EventSeries first = series(master().build(), List.of(o), Set.of());
        EventSeries resynced = series(
                master().sequence(8).extra("colorId", "3").build(),
                List.of(o.toBuilder()
                        .sequence(2)
                        .lastModified(Instant.parse("2025-06-01T00:00:00Z"))
                        .build()),
                Set.of());

        assertThat(ContentHash.of(resynced)).isEqualTo(ContentHash.of(first));
    }
}
