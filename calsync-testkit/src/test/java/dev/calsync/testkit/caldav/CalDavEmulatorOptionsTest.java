package dev.calsync.testkit.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.testkit.caldav.CalDavEmulatorOptions.BadTokenResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The presets and the checks of {@link CalDavEmulatorOptions}. */
class CalDavEmulatorOptionsTest {

    @Test
    void defaultsAreRadicaleLike() {
        CalDavEmulatorOptions o = CalDavEmulatorOptions.defaults();
        assertThat(o.crossHostHomeSet()).isFalse();
        assertThat(o.collectionInSyncResults()).isFalse();
        assertThat(o.duplicateHrefs()).isFalse();
        assertThat(o.multigetLagAfterSync()).isZero();
        assertThat(o.badTokenResponse()).isEqualTo(BadTokenResponse.FORBIDDEN_VALID_SYNC_TOKEN);
        assertThat(o.etagOnPut()).isTrue();
        assertThat(o.uidUniqueAcrossCalendars()).isFalse();
        assertThat(o.rejectEventWithoutDtend()).isFalse();
        assertThat(o.rejectOverrideOnly()).isTrue();
        assertThat(o.syncCollectionSupported()).isTrue();
        assertThat(o.syncPageSize()).isZero();
        assertThat(o.tokenRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void icloudTurnsEveryIcloudSwitchOn() {
        CalDavEmulatorOptions o = CalDavEmulatorOptions.icloud();
        assertThat(o.crossHostHomeSet()).isTrue();
        assertThat(o.collectionInSyncResults()).isTrue();
        assertThat(o.duplicateHrefs()).isTrue();
        assertThat(o.multigetLagAfterSync()).isEqualTo(1);
        assertThat(o.badTokenResponse()).isEqualTo(BadTokenResponse.BARE_FORBIDDEN);
        assertThat(o.etagOnPut()).isFalse();
        assertThat(o.uidUniqueAcrossCalendars()).isTrue();
        assertThat(o.rejectEventWithoutDtend()).isTrue();
        assertThat(o.toBuilder().build()).isEqualTo(o);
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> CalDavEmulatorOptions.builder().username("a:b").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> CalDavEmulatorOptions.builder().syncPageSize(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CalDavEmulatorOptions.builder()
                        .tokenRetention(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void icloudPresetServesAWholeSyncRoundTrip() {
        try (CalDavEmulator e = CalDavEmulator.start(CalDavEmulatorOptions.icloud())) {
            e.createCalendar("home");
            e.userPut("home", "a.ics", CalDavTestSupport.event("a"));
            CalDavTestSupport.Multi m = CalDavTestSupport.multi(CalDavTestSupport.send(
                    e, "REPORT", e.calendarUri("home"), CalDavTestSupport.syncBody(null), "Depth", "0"));
            String collection = e.calendarUri("home").getRawPath();
            assertThat(m.hrefs()).containsExactly(collection, collection + "a.ics", collection + "a.ics");
            assertThat(CalDavTestSupport.send(
                                    e,
                                    "REPORT",
                                    e.calendarUri("home"),
                                    CalDavTestSupport.syncBody("nope"),
                                    "Depth",
                                    "0")
                            .statusCode())
                    .isEqualTo(403);
        }
    }
}
