package dev.calsync.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.id.GoogleEventIds;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recurring series synced through the engine between Google (the emulator) and an in-memory
 * CalDAV-like calendar: scenarios where Google's way of holding exceptions matters to what the
 * other side must show.
 */
class GoogleRecurringSyncTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String UID = "standup@calsync.test";
    private static final LocalDateTime START = LocalDateTime.of(2030, 3, 4, 9, 0);

    private GoogleCalendarEmulator emulator;
    private String googleCalendar;
    private GoogleCalendarProvider google;
    private EmulatorHarness googleUser;
    private InMemoryCalendarProvider caldav;
    private SyncEngine engine;

    @BeforeEach
    void start() {
        emulator = GoogleCalendarEmulator.start();
        googleCalendar = emulator.createCalendar("recurring@group.calendar.google.com");
        google = GoogleProviderCompatibilityKit.provider(emulator, 50, 10);
        googleUser = new EmulatorHarness(emulator, google);
        caldav = InMemoryCalendarProvider.caldavLike();
        caldav.createCalendar("cal-b");
        InMemoryMappingStore store = new InMemoryMappingStore();
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("pair", googleCalendar, "cal-b")));
        engine = SyncEngine.builder().sideA(google).sideB(caldav).store(store).build();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    /**
     * A daily series whose sixth day was moved, then put back on the other side: Google keeps the
     * sixth day as an exception at the series' pattern, which reads as a plain occurrence.
     */
    private RecurrenceId sixthDayPutBackToThePattern() {
        EventComponent master = EventComponent.builder(UID, EventTime.of(START, BERLIN))
                .end(EventTime.of(START.plusMinutes(15), BERLIN))
                .summary("Stand-up")
                .location("Room 1")
                .recurrence(new Recurrence(List.of("RRULE:FREQ=DAILY;COUNT=10"), List.of(), List.of()))
                .build();
        RecurrenceId sixth = RecurrenceId.of(EventTime.of(START.plusDays(5), BERLIN));
        EventComponent moved = master.toBuilder()
                .recurrenceId(sixth)
                .recurrence(Recurrence.NONE)
                .start(EventTime.of(START.plusDays(5).plusHours(2), BERLIN))
                .end(EventTime.of(START.plusDays(5).plusHours(2).plusMinutes(15), BERLIN))
                .build();
        caldav.userPut("cal-b", new EventSeries(UID, master, List.of(moved), new TreeSet<>()));
        engine.sync("pair");
        assertThat(google.fetchSeries(googleCalendar, UID, List.of())
                        .orElseThrow()
                        .series()
                        .overrides())
                .hasSize(1);

        // The user puts the sixth day back on the other side: Google cannot drop an exception, so
        // calsync writes the pattern into it, and it reads as a plain occurrence.
        caldav.userEdit("cal-b", UID, s -> new EventSeries(UID, s.master(), List.of(), new TreeSet<>()));
        engine.sync("pair");
        assertThat(google.fetchSeries(googleCalendar, UID, List.of())
                        .orElseThrow()
                        .series()
                        .overrides())
                .isEmpty();
        // A later sync reads calsync's own write back; from then on Google's deltas leave it out.
        assertThat(engine.sync("pair").writes()).isZero();

        return sixth;
    }

    @Test
    void anOccurrenceGoogleKeptAtTheOldPatternReachesTheOtherSideWhenTheUserEditsTheSeriesOnGoogle() {
        RecurrenceId sixth = sixthDayPutBackToThePattern();

        // The user moves the series to another room on Google; the exception keeps Room 1.
        googleUser.userEdit(
                googleCalendar,
                UID,
                s -> new EventSeries(
                        UID,
                        s.master().toBuilder().location("Room 2").build(),
                        s.overrides(),
                        s.cancelledOccurrences()));
        engine.sync("pair");

        EventSeries onGoogle =
                google.fetchSeries(googleCalendar, UID, List.of()).orElseThrow().series();
        EventSeries onOther = caldav.series("cal-b").get(UID);
        assertThat(onGoogle.overrides())
                .as("Google shows the sixth day in Room 1")
                .singleElement()
                .satisfies(o -> assertThat(o.location()).isEqualTo("Room 1"));
        assertThat(onOther.master().location()).isEqualTo("Room 2");
        assertThat(onOther.overrides())
                .as("the other side shows what Google shows")
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.recurrenceId()).isEqualTo(sixth);
                    assertThat(o.location()).isEqualTo("Room 1");
                });
        assertThat(engine.sync("pair").writes())
                .as("a second sync writes nothing")
                .isZero();
    }

    @Test
    void whenCalsyncCopiesAnEditedSeriesToGoogleAnOccurrenceKeptAtTheOldPatternFollowsTheNewOne() {
        RecurrenceId sixth = sixthDayPutBackToThePattern();

        // The user moves the series to another room on the other side; calsync copies it to Google.
        caldav.userEdit(
                "cal-b",
                UID,
                s -> new EventSeries(
                        UID,
                        s.master().toBuilder()
                                .location("Room 2")
                                .sequence(s.master().sequence() + 1)
                                .build(),
                        s.overrides(),
                        s.cancelledOccurrences()));
        engine.sync("pair");

        EventSeries onGoogle =
                google.fetchSeries(googleCalendar, UID, List.of()).orElseThrow().series();
        assertThat(onGoogle.master().location()).isEqualTo("Room 2");
        assertThat(onGoogle.overrides())
                .as("the sixth day is in Room 2 on Google too, as on the other side")
                .isEmpty();
        assertThat(emulator.event(googleCalendar, GoogleEventIds.instanceId(GoogleEventIds.forUid(UID), sixth, BERLIN)))
                .hasValueSatisfying(
                        stored -> assertThat(stored.path("location").asText()).isEqualTo("Room 2"));
        assertThat(caldav.series("cal-b").get(UID).overrides()).isEmpty();
        assertThat(engine.sync("pair").writes())
                .as("a second sync writes nothing")
                .isZero();
    }
}
