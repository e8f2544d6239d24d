package dev.calsync.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequencesTest {

    @Test
    void clampKeepsValuesInsideInt32Range() {
        assertThat(Sequences.clamp(0)).isZero();
        assertThat(Sequences.clamp(7)).isEqualTo(7);
        assertThat(Sequences.clamp(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void clampTurnsNegativeValuesIntoZero() {
        assertThat(Sequences.clamp(-1)).isZero();
        assertThat(Sequences.clamp(-5)).isZero();
        assertThat(Sequences.clamp(Long.MIN_VALUE)).isZero();
    }

    @Test
    void clampCapsValuesAboveInt32AtItsMaximum() {
        assertThat(Sequences.clamp(Integer.MAX_VALUE + 1L)).isEqualTo(Integer.MAX_VALUE);
        assertThat(Sequences.clamp(5_000_000_000L)).isEqualTo(Integer.MAX_VALUE);
        assertThat(Sequences.clamp(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void missingOrBlankSequenceIsZero() {
        assertThat(Sequences.parse(null)).isZero();
        assertThat(Sequences.parse("")).isZero();
        assertThat(Sequences.parse("   ")).isZero();
    }

    @Test
    void nonNumericSequenceIsZero() {
        assertThat(Sequences.parse("abc")).isZero();
        assertThat(Sequences.parse("7.0")).isZero();
        assertThat(Sequences.parse("1e3")).isZero();
        assertThat(Sequences.parse("0x10")).isZero();
    }

    @Test
    void negativeSequenceIsZero() {
        assertThat(Sequences.parse("-5")).isZero();
        assertThat(Sequences.parse("-99999999999999999999999")).isZero();
    }

    @Test
    void sequenceIsReadAroundSurroundingWhitespace() {
        assertThat(Sequences.parse(" 7 ")).isEqualTo(7);
        assertThat(Sequences.parse("7\r\n")).isEqualTo(7);
    }

    @Test
    void sequenceAtTheInt32BoundaryIsReadExactly() {
        assertThat(Sequences.parse("2147483647")).isEqualTo(Integer.MAX_VALUE);
        assertThat(Sequences.parse("2147483646")).isEqualTo(Integer.MAX_VALUE - 1);
        assertThat(Sequences.parse("0")).isZero();
        assertThat(Sequences.parse("007")).isEqualTo(7);
    }

    @Test
    void sequenceBeyondInt32IsCappedNotWrapped() {
        assertThat(Sequences.parse("2147483648")).isEqualTo(Integer.MAX_VALUE);
        assertThat(Sequences.parse("4294967296")).isEqualTo(Integer.MAX_VALUE);
        // Some CalDAV clients write a timestamp in milliseconds.
        assertThat(Sequences.parse("1748779200000")).isEqualTo(Integer.MAX_VALUE);
        assertThat(Sequences.parse("99999999999999999999999")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void parseAgreesWithClampOnTheSameNumber() {
        long[] samples = {0, 1, 42, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, -1, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : samples) {
            assertThat(Sequences.parse(Long.toString(v))).as("%s", v).isEqualTo(Sequences.clamp(v));
        }
    }
}
