package dev.calsync.core.spi;

import dev.calsync.core.event.EventSeries;
import java.util.Objects;

/**
 * One write of a series, as the engine hands several of them to {@link
 * CalendarProvider#writeSeries} at once: the arguments of {@link CalendarProvider#createSeries},
 * {@link CalendarProvider#updateSeries} or {@link CalendarProvider#deleteSeries}.
 */
public sealed interface SeriesWrite permits SeriesWrite.Create, SeriesWrite.Update, SeriesWrite.Delete {

    /** {@return the UID of the series written} */
    String uid();

    /** {@link CalendarProvider#createSeries}. */
    record Create(EventSeries series) implements SeriesWrite {
        /**
         * Checks the series.
         *
         * @param series the series to create
         * @throws NullPointerException if {@code series} is null
         */
        public Create {
            Objects.requireNonNull(series, "series");
        }

        @Override
        public String uid() {
            return series.uid();
        }
    }

    /** {@link CalendarProvider#updateSeries}. */
    record Update(SeriesVersion current, EventSeries desired) implements SeriesWrite {
        /**
         * Checks that both are of one series.
         *
         * @param current the series as last read or mapped
         * @param desired the content to write
         * @throws IllegalArgumentException if the two are of different UIDs
         */
        public Update {
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(desired, "desired");
            if (!current.uid().equals(desired.uid())) {
                throw new IllegalArgumentException("current is " + current.uid() + ", desired is " + desired.uid());
            }
        }

        @Override
        public String uid() {
            return desired.uid();
        }
    }

    /** {@link CalendarProvider#deleteSeries}. */
    record Delete(SeriesVersion current) implements SeriesWrite {
        /**
         * Checks the version.
         *
         * @param current the series as last read or mapped
         * @throws NullPointerException if {@code current} is null
         */
        public Delete {
            Objects.requireNonNull(current, "current");
        }

        @Override
        public String uid() {
            return current.uid();
        }
    }
}
