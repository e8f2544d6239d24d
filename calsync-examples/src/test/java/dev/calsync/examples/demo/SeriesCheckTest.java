package dev.calsync.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.examples.demo.DemoEvent.Origin;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The final check passes when both sides agree, and fails, naming what differs, when they do not. */
class SeriesCheckTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDateTime NINE = LocalDateTime.of(2027, 3, 22, 9, 0);

    @TempDir
    Path dir;

    @Test
    void afterASyncTheSidesAgreeAndAChangeBehindCalsyncsBackIsReported() {
        Workload workload = Workload.generate(11, Workload.MIN_EVENTS);
        try (DemoSetup setup = new DemoSetup(dir.resolve("calsync.db"), workload.seed())) {
            Map<String, String> labels = new HashMap<>();
            Map<String, DemoEvent> byKey = new HashMap<>();
            for (DemoEvent e : workload.events()) {
                String uid = e.origin() == Origin.GOOGLE
                        ? setup.googleUser().create(e)
                        : setup.icloudUser().create(e);
                labels.put(uid, e.label());
                byKey.put(e.key(), e);
            }
            setup.engine().sync(DemoSetup.PAIR);

            SeriesCheck.Result agreed = check(setup, labels);
            assertThat(agreed.differences()).isEmpty();
            assertThat(agreed.same()).isTrue();
            assertThat(agreed.seriesA()).isEqualTo(Workload.MIN_EVENTS);
            assertThat(agreed.seriesB()).isEqualTo(Workload.MIN_EVENTS);

            // The iCloud user renames a series made on Google and deletes one of their own; no sync.
            DemoEvent renamed = first(workload, Origin.GOOGLE);
            DemoEvent deleted = first(workload, Origin.ICLOUD);
            setup.icloudUser()
                    .setText(setup.googleUser().uid(renamed.key()), "SUMMARY", "Renamed behind calsync's back");
            setup.icloudUser().delete(setup.icloudUser().uid(deleted.key()));

            SeriesCheck.Result differing = check(setup, labels);
            assertThat(differing.same()).isFalse();
            assertThat(differing.seriesA()).isEqualTo(Workload.MIN_EVENTS);
            assertThat(differing.seriesB()).isEqualTo(Workload.MIN_EVENTS - 1);
            assertThat(differing.differences())
                    .hasSize(2)
                    .anySatisfy(d -> assertThat(d)
                            .contains(renamed.label())
                            .contains("master differs")
                            .contains("iCloud SUMMARY Renamed behind calsync's back")
                            .contains("Google SUMMARY " + renamed.summary()))
                    .anySatisfy(d -> assertThat(d).contains(deleted.label()).contains("only on Google"));
        }
    }

    @Test
    void aChangedOrCancelledOccurrenceOnOneSideOnlyIsADifference() {
        EventComponent master = EventComponent.builder("weekly@example.com", EventTime.of(NINE, BERLIN))
                .end(EventTime.of(NINE.plusHours(1), BERLIN))
                .summary("Weekly planning")
                .recurrence(Recurrence.ofRules("RRULE:FREQ=WEEKLY;COUNT=5"))
                .build();
        RecurrenceId second = RecurrenceId.of(EventTime.of(NINE.plusWeeks(1), BERLIN));
        RecurrenceId third = RecurrenceId.of(EventTime.of(NINE.plusWeeks(2), BERLIN));
        EventComponent moved = master.toBuilder()
                .recurrence(Recurrence.NONE)
                .recurrenceId(second)
                .start(EventTime.of(NINE.plusWeeks(1).plusHours(2), BERLIN))
                .end(EventTime.of(NINE.plusWeeks(1).plusHours(3), BERLIN))
                .build();
        EventSeries plain = EventSeries.of(master);
        EventSeries withMove = new EventSeries(master.uid(), master, List.of(moved), new TreeSet<>());
        EventSeries withCancel = new EventSeries(master.uid(), master, List.of(), new TreeSet<>(List.of(third)));

        assertThat(compare(plain, plain).same()).isTrue();
        assertThat(compare(withMove, plain).differences())
                .singleElement()
                .asString()
                .contains("occurrence " + second + ": only on Google");
        assertThat(compare(plain, withCancel).differences())
                .singleElement()
                .asString()
                .contains("occurrence " + third + ": only on iCloud");
    }

    private static SeriesCheck.Result compare(EventSeries onGoogle, EventSeries onIcloud) {
        return SeriesCheck.compare(
                Map.of(onGoogle.uid(), onGoogle), Map.of(onIcloud.uid(), onIcloud), "Google", "iCloud", uid -> uid);
    }

    private static SeriesCheck.Result check(DemoSetup setup, Map<String, String> labels) {
        return SeriesCheck.compare(
                SeriesCheck.read(setup.googleProvider(), setup.googleCalendar()),
                SeriesCheck.read(setup.icloudProvider(), setup.icloudCalendar()),
                "Google",
                "iCloud",
                labels::get);
    }

    private static DemoEvent first(Workload workload, Origin origin) {
        return workload.madeOn(origin).stream()
                .filter(e -> !e.recurring() && !e.allDay())
                .findFirst()
                .orElseThrow();
    }
}
