package dev.calsync.caldav.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * ical4j registers about 1,500 placeholder zone ids ({@code ical4j-local-…}, most without rules)
 * with the JVM when it reads a VTIMEZONE. Core's table of canonical zone names is built from every
 * id the JVM lists; it must still build, and still name zones by their IANA ids, in a JVM where
 * ical4j has been loaded — otherwise no zoned event could be hashed, that is, synced.
 */
class ICalZonesWithCoreTest {

    @Test
    void coreStillNamesZonesAfterIcal4jRegisteredItsPlaceholders() throws Exception {
        // A resource with its own VTIMEZONE makes ical4j build its zones.
        Optional<?> parsed = ICalendarCodec.parse(ICalFixtures.fixture("custom-vtimezone.ics"));
        assertThat(parsed).isPresent();
        assertThat(ZoneId.getAvailableZoneIds()).anyMatch(id -> id.startsWith("ical4j"));

        // Rebuild core's table now, after ical4j (it is otherwise built once, whenever first used).
        Method build =
                Class.forName("dev.calsync.core.event.TimeZones$CanonicalIds").getDeclaredMethod("build");
        build.setAccessible(true);
        @SuppressWarnings("unchecked")
        Map<ZoneRules, String> table = (Map<ZoneRules, String>) build.invoke(null);

        assertThat(table.values()).noneMatch(id -> id.startsWith("ical4j"));
        ZoneRules berlin = ZoneId.of("Europe/Berlin").getRules();
        assertThat(table).containsKey(berlin);
        assertThat(ZoneId.of(table.get(berlin)).getRules()).isEqualTo(berlin);
    }
}
