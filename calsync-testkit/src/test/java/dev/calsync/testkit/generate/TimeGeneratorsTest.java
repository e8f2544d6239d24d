package dev.calsync.testkit.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.event.EventTime;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeGeneratorsTest {

    @Test
    void localTimesInDaylightSavingZonesIncludeGapsAndOverlapsOften() {
        Source source = Source.of(new Random(1));
        for (ZoneId zone : TimeGenerators.ZONES) {
            int gaps = 0;
            int overlaps = 0;
            for (int i = 0; i < 1000; i++) {
                LocalDateTime t = TimeGenerators.localDateTimes(zone).apply(source);
                assertThat(t.getYear()).isBetween(TimeGenerators.FIRST_YEAR - 1, TimeGenerators.LAST_YEAR + 1);
                int offsets = zone.getRules().getValidOffsets(t).size();
                gaps += offsets == 0 ? 1 : 0;
                overlaps += offsets == 2 ? 1 : 0;
            }
            if (zone.equals(ZoneId.of("Asia/Kolkata"))) {
                assertThat(gaps + overlaps).as(zone.getId()).isZero();
            } else {
                assertThat(gaps).as("gaps in %s", zone).isGreaterThan(100);
                assertThat(overlaps).as("overlaps in %s", zone).isGreaterThan(100);
            }
        }
    }

    @Test
    void gapAndOverlapTimesAreWhatTheySay() {
        Source source = Source.of(new Random(2));
        for (int i = 0; i < 1000; i++) {
            ZoneId zone =
                    TimeGenerators.zonesOtherThan(ZoneId.of("Asia/Kolkata")).apply(source);
            assertThat(zone.getRules()
                            .getValidOffsets(TimeGenerators.gapTimes(zone).apply(source)))
                    .isEmpty();
            assertThat(zone.getRules()
                            .getValidOffsets(TimeGenerators.overlapTimes(zone).apply(source)))
                    .hasSize(2);
        }
    }

    @Test
    void saoPauloHasItsHistoricMidnightTransitions() {
        ZoneId saoPaulo = ZoneId.of("America/Sao_Paulo");
        assertThat(TimeGenerators.transitions(saoPaulo))
                .isNotEmpty()
                .allSatisfy(t ->
                        assertThat(t.getInstant().atZone(saoPaulo).getYear()).isLessThan(2020))
                .anySatisfy(t -> assertThat(t.getDateTimeBefore().toLocalTime().getHour())
                        .isZero());
    }

    @Test
    void eventTimesOfAllFourKindsAreGenerated() {
        Source source = Source.of(new Random(3));
        Set<Class<?>> kinds = new HashSet<>();
        Set<ZoneId> zones = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            EventTime t = TimeGenerators.eventTimes().apply(source);
            kinds.add(t.getClass());
            if (t instanceof EventTime.Zoned z) {
                zones.add(z.zone());
            }
        }
        assertThat(kinds)
                .containsExactlyInAnyOrder(
                        EventTime.AllDay.class, EventTime.Zoned.class, EventTime.Utc.class, EventTime.Floating.class);
        assertThat(zones).containsExactlyInAnyOrderElementsOf(TimeGenerators.ZONES);
    }
}
