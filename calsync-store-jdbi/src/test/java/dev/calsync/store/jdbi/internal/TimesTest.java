package dev.calsync.store.jdbi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void sqliteTextHasFixedWidthAndMicroseconds() {
        assertThat(Times.toText(Instant.parse("2030-01-01T00:00:00Z"))).isEqualTo("2030-01-01T00:00:00.000000Z");
        assertThat(Times.toText(Times.MIN)).isEqualTo("0001-01-01T00:00:00.000000Z");
        assertThat(Times.toText(Times.MAX)).isEqualTo("9999-12-31T23:59:59.999999Z");
    }

    @Test
    void storedTimesAreTruncatedToMicroseconds() {
        assertThat(Times.stored("t", Instant.parse("2030-01-01T00:00:00.123456789Z")))
                .isEqualTo(Instant.parse("2030-01-01T00:00:00.123456Z"));
        assertThat(Times.stored("t", null)).isNull();
    }

    @Test
    void timesOutsideTheYears1To9999AreRefusedWhenStoredAndClampedInQueries() {
        assertThatThrownBy(() -> Times.stored("lease expiry", Instant.MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lease expiry");
        assertThatThrownBy(() -> Times.stored("at", Instant.parse("0000-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Times.bound(Instant.MIN)).isEqualTo(Times.MIN);
        assertThat(Times.bound(Instant.MAX)).isEqualTo(Times.MAX);
    }

    @Test
    void textRoundTripsAndSortsAsTheTimes() {
        long first = Times.MIN.getEpochSecond();
        long last = Times.MAX.getEpochSecond();
        qt().withExamples(2_000)
                .forAll(longs().between(first, last), longs().between(0, 999_999), longs().between(first, last))
                .checkAssert((s1, micros, s2) -> {
                    Instant x = Instant.ofEpochSecond(s1, micros * 1_000);
                    Instant y = Instant.ofEpochSecond(s2);
                    assertThat(Times.fromText(Times.toText(x))).isEqualTo(x);
                    assertThat(Times.toText(x)).hasSize(27);
                    assertThat(Integer.signum(Times.toText(x).compareTo(Times.toText(y))))
                            .isEqualTo(Integer.signum(x.compareTo(y)));
                });
    }
}
