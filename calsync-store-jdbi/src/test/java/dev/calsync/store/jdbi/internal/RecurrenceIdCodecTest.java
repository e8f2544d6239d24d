package dev.calsync.store.jdbi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.calsync.core.event.RecurrenceId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class RecurrenceIdCodecTest {

    @Test
    void noRecurrenceIdIsTheEmptyString() {
        assertThat(RecurrenceIdCodec.encode(null)).isEmpty();
        assertThat(RecurrenceIdCodec.decode("")).isNull();
    }

    @Test
    void eachKindHasItsOwnReadableForm() {
        assertThat(RecurrenceIdCodec.encode(new RecurrenceId.OnDate(LocalDate.of(2030, 1, 31))))
                .isEqualTo("D:2030-01-31");
        assertThat(RecurrenceIdCodec.encode(new RecurrenceId.AtInstant(Instant.parse("2030-01-31T07:00:00Z"))))
                .isEqualTo("I:2030-01-31T07:00:00Z");
        assertThat(RecurrenceIdCodec.encode(new RecurrenceId.AtFloating(LocalDateTime.of(2030, 1, 31, 9, 0))))
                .isEqualTo("L:2030-01-31T09:00:00");
    }

    @Test
    void sameWallClockAndDateOfDifferentKindsAreDifferentStrings() {
        LocalDateTime midnight = LocalDateTime.of(2030, 1, 1, 0, 0);
        assertThat(new String[] {
                    RecurrenceIdCodec.encode(new RecurrenceId.OnDate(midnight.toLocalDate())),
                    RecurrenceIdCodec.encode(new RecurrenceId.AtInstant(midnight.toInstant(java.time.ZoneOffset.UTC))),
                    RecurrenceIdCodec.encode(new RecurrenceId.AtFloating(midnight))
                })
                .doesNotHaveDuplicates();
    }

    @Test
    void extremesRoundTrip() {
        for (RecurrenceId id : new RecurrenceId[] {
            new RecurrenceId.OnDate(LocalDate.MIN),
            new RecurrenceId.OnDate(LocalDate.MAX),
            new RecurrenceId.OnDate(LocalDate.of(0, 1, 1)),
            new RecurrenceId.OnDate(LocalDate.of(10_000, 1, 1)),
            new RecurrenceId.AtInstant(Instant.MIN),
            new RecurrenceId.AtInstant(Instant.MAX),
            new RecurrenceId.AtInstant(Instant.EPOCH),
            new RecurrenceId.AtFloating(LocalDateTime.MIN),
            new RecurrenceId.AtFloating(LocalDateTime.MAX),
            new RecurrenceId.AtFloating(LocalDateTime.of(2024, 2, 29, 23, 59, 59))
        }) {
            // (RecurrenceId.toString cannot print years outside 0000-9999: describe by the encoding.)
            String encoded = RecurrenceIdCodec.encode(id);
            assertThat(RecurrenceIdCodec.decode(encoded)).as(encoded).isEqualTo(id);
        }
    }

    @Test
    void everyRecurrenceIdRoundTripsExactly() {
        qt().withExamples(2_000)
                .forAll(recurrenceIds(-2_000_000, 2_000_000))
                .checkAssert(id -> assertThat(RecurrenceIdCodec.decode(RecurrenceIdCodec.encode(id)))
                        .isEqualTo(id));
    }

    @Test
    void stringsSortAsRecurrenceIdsForYearsZeroTo9999() {
        // Days from 0000-01-01 to 9999-12-31.
        long first = LocalDate.of(0, 1, 1).toEpochDay();
        long last = LocalDate.of(9999, 12, 31).toEpochDay();
        qt().withExamples(2_000)
                .forAll(recurrenceIds(first, last), recurrenceIds(first, last))
                .checkAssert((x, y) -> assertThat(
                                Integer.signum(RecurrenceIdCodec.encode(x).compareTo(RecurrenceIdCodec.encode(y))))
                        .as(x + " vs " + y)
                        .isEqualTo(Integer.signum(x.compareTo(y))));
    }

    @Test
    void anythingButTheCanonicalFormIsRefused() {
        for (String bad : new String[] {
            "D:2030-1-31",
            "D:20300131",
            "D:2030-02-30",
            "I:2030-01-31T07:00:00.000Z",
            "I:2030-01-31T07:00Z",
            "I:2030-01-31T07:00:00+01:00",
            "L:2030-01-31T09:00",
            "L:2030-01-31T09:00:00Z",
            "X:2030-01-31",
            "d:2030-01-31",
            "D:",
            "D",
            " "
        }) {
            assertThatThrownBy(() -> RecurrenceIdCodec.decode(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> RecurrenceIdCodec.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Recurrence ids of all three kinds on days {@code [firstDay, lastDay]} from the epoch. */
    private static Gen<RecurrenceId> recurrenceIds(long firstDay, long lastDay) {
        Gen<Long> days = longs().between(firstDay, lastDay);
        Gen<Integer> seconds = integers().between(0, 86_399);
        return integers().between(0, 2).zip(days, seconds, (kind, day, second) -> {
            LocalDate date = LocalDate.ofEpochDay(day);
            LocalDateTime local = date.atStartOfDay().plusSeconds(second);
            return switch (kind) {
                case 0 -> new RecurrenceId.OnDate(date);
                case 1 ->
                    new RecurrenceId.AtInstant(
                            local.toInstant(java.time.ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
                default -> new RecurrenceId.AtFloating(local);
            };
        });
    }
}
