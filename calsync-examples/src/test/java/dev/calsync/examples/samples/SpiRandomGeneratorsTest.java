package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.testkit.generate.EventGenerators;
import dev.calsync.testkit.generate.Source;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryCalendarProvider.StorageMode;
import dev.calsync.testkit.sync.Histories;
import dev.calsync.testkit.sync.History;
import dev.calsync.testkit.sync.InMemorySyncSubject;
import dev.calsync.testkit.sync.SyncMachine;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The testkit's generators driven by a plain {@link Random}, as {@code docs/spi.md} shows them: what
 * a user of jqwik or any other property-testing tool calls with the seed the tool draws. Here the
 * seeds come from plain JUnit.
 */
class SpiRandomGeneratorsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
    void aSeededHistoryKeepsTheSyncPropertiesOnOurStore(long seed) {
        // random-history:begin
        Source source = Source.of(new Random(seed)); // the seed your tool gives you
        History history = Histories.generator().apply(source);
        SyncMachine.check(
                history,
                () -> InMemorySyncSubject.create(
                        StorageMode.EVENT_ENTITIES,
                        StorageMode.SERIES_RESOURCES,
                        seed,
                        CustomMappingStore.open(dir.resolve("store-" + seed + ".json"))));
        // random-history:end
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
    void aSeededSeriesReadsBackFromTheProviderWithTheHashesWritten(long seed) {
        InMemoryCalendarProvider server = InMemoryCalendarProvider.caldavLike();
        String calendar = server.createCalendar("cal");
        // random-series:begin
        Source source = Source.of(new Random(seed));
        for (EventSeries series :
                EventGenerators.series().distinctList(1, 20, EventSeries::uid).apply(source)) {
            WriteOutcome outcome = server.createSeries(calendar, series);

            assertThat(outcome).isInstanceOf(WriteOutcome.Written.class);
            EventSeries readBack = ((WriteOutcome.Written) outcome).result().series();
            assertThat(ContentHash.perComponent(readBack)).isEqualTo(ContentHash.perComponent(series));
        }
        // random-series:end
    }
}
