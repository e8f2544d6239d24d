package dev.calsync.core.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.event.RecurrenceId;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Instance ids of series calsync created: {@code <masterId>_<original start>} as GOOGLE-API.md §4 shows. */
class GoogleEventIdsTest {

    private static final String MASTER = "go6ijb0b46hlpbu4eeu92njevo";

    @Test
    void timedInstanceIdUsesTheOriginalStartInUtc() {
        // GOOGLE-API.md §4: originalStartTime 2006-06-17T18:00:00+02:00 -> ..._20060617T160000Z
        RecurrenceId rid = RecurrenceId.fromGoogle(null, "2006-06-17T18:00:00+02:00", null);

        assertThat(GoogleEventIds.instanceId(MASTER, rid)).isEqualTo("go6ijb0b46hlpbu4eeu92njevo_20060617T160000Z");
    }

    @Test
    void timedInstanceIdIsTheSameWhicheverWayTheOriginalStartWasWritten() {
        String expected = MASTER + "_20060617T160000Z";

        assertThat(GoogleEventIds.instanceId(
                        MASTER, RecurrenceId.fromGoogle(null, "2006-06-17T18:00:00+02:00", "Europe/Berlin")))
                .isEqualTo(expected);
        assertThat(GoogleEventIds.instanceId(MASTER, RecurrenceId.fromICalendar("20060617T180000", "Europe/Berlin")))
                .isEqualTo(expected);
        assertThat(GoogleEventIds.instanceId(MASTER, RecurrenceId.fromICalendar("20060617T160000Z", null)))
                .isEqualTo(expected);
    }

    @Test
    void allDayInstanceIdUsesTheDate() {
        RecurrenceId rid = RecurrenceId.fromGoogle("2025-01-01", null, null);

        assertThat(GoogleEventIds.instanceId(MASTER, rid)).isEqualTo(MASTER + "_20250101");
        assertThat(GoogleEventIds.instanceId(MASTER, new RecurrenceId.OnDate(LocalDate.of(2025, 1, 1))))
                .isEqualTo(MASTER + "_20250101");
    }

    @Test
    void allDayInstanceIdIgnoresTheSeriesZone() {
        RecurrenceId rid = new RecurrenceId.OnDate(LocalDate.of(2025, 1, 1));

        assertThat(GoogleEventIds.instanceId(MASTER, rid, ZoneId.of("Pacific/Kiritimati")))
                .isEqualTo(MASTER + "_20250101");
    }

    @Test
    void floatingInstanceIdIsPlacedInTheSeriesZone() {
        // 09:00 wall clock in Berlin on the day summer time starts is 07:00Z.
        RecurrenceId rid = RecurrenceId.fromICalendar("20250330T090000", null);
        assertThat(rid).isInstanceOf(RecurrenceId.AtFloating.class);

        assertThat(GoogleEventIds.instanceId(MASTER, rid, ZoneId.of("Europe/Berlin")))
                .isEqualTo(MASTER + "_20250330T070000Z");
        assertThat(GoogleEventIds.instanceId(MASTER, rid, ZoneOffset.UTC)).isEqualTo(MASTER + "_20250330T090000Z");
    }

    @Test
    void floatingInstanceIdWithoutSeriesZoneIsRefused() {
        RecurrenceId rid = new RecurrenceId.AtFloating(LocalDateTime.of(2025, 3, 30, 9, 0));

        assertThatThrownBy(() -> GoogleEventIds.instanceId(MASTER, rid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("20250330T090000");
        assertThatThrownBy(() -> GoogleEventIds.instanceId(MASTER, rid, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void instanceIdSuffixIsUpperCaseAsGoogleRequires() {
        // Ids are case-sensitive: a lower-case "t...z" suffix was seen to fail on update.
        String id = GoogleEventIds.instanceId(
                GoogleEventIds.forUid("weekly@example.com"), RecurrenceId.fromICalendar("20250107T083000Z", null));

        assertThat(id).matches("[a-v0-9]{52}_20250107T083000Z");
    }

    @Test
    void instanceIdDropsFractionsOfASecond() {
        RecurrenceId rid = RecurrenceId.fromGoogle(null, "2025-01-07T08:30:00.750Z", null);

        assertThat(GoogleEventIds.instanceId(MASTER, rid)).isEqualTo(MASTER + "_20250107T083000Z");
    }

    @Test
    void uidWithALoneSurrogateIsRefusedRatherThanSharingAnId() {
        // "a\uD800" has no UTF-8 form; a lenient encoder would turn it into "a?" and give both one id.
        assertThatThrownBy(() -> GoogleEventIds.forUid("a\uD800"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate");
        assertThat(GoogleEventIds.forUid("a?")).matches("[a-v0-9]{52}");
    }
}
