package dev.calsync.bench.pair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.bench.pair.Pair.Measured;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class EmulatorPairBenchmarkTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void initialCopyFromCalDavConvergesAndANoChangeSyncHitsTheFloor() {
        EmulatorPairBenchmark bench = EmulatorPairBenchmark.forTests();
        Floors floors = Floors.CALSYNC_DEFAULTS;
        try (Pair p = new Pair(false)) {
            p.seedCalDav(30);
            Measured first =
                    bench.step(QUIET, p, "default", "initial copy from CalDAV", () -> floors.initialFromCalDav(30, 6));
            assertThat(first.report().writes()).isEqualTo(30);
            assertThat(first.caldav().requests())
                    .isEqualTo(floors.initialFromCalDav(30, 6).caldav());
            bench.step(QUIET, p, "default", "next sync", floors::noChange);
            Measured still = bench.step(QUIET, p, "default", "no-change sync", floors::noChange);
            assertThat(still.google().requests()).isEqualTo(1);
            assertThat(still.caldav().requests()).isEqualTo(1);
            assertThat(still.google().kinds()).containsOnlyKeys("list");
            assertThat(still.caldav().kinds()).containsOnlyKeys("sync-collection");
            assertThat(still.google().down()).isPositive();
        }
        assertThat(bench.divergences()).isEmpty();
        assertThat(bench.rows()).hasSize(6);
        assertThat(bench.rows().get(4).ratio()).isEqualTo(1.0);
    }

    @Test
    void changesOnGoogleReachCalDav() {
        EmulatorPairBenchmark bench = EmulatorPairBenchmark.forTests();
        Floors floors = Floors.CALSYNC_DEFAULTS;
        try (Pair p = new Pair(false)) {
            p.seedGoogle(30);
            bench.step(QUIET, p, "default", "initial copy from Google", () -> floors.initialFromGoogle(36, 30));
            Pair.Changes ch = p.changeOnGoogle(6, 1);
            assertThat(ch.total()).isEqualTo(6);
            Measured m = bench.step(
                    QUIET,
                    p,
                    "default",
                    "changes on Google",
                    () -> floors.changesOnGoogle(6, ch.modified() + ch.created(), ch.deleted()));
            assertThat(m.google().kind("list")).isEqualTo(1);
            assertThat(m.caldav().kind("PUT")).isEqualTo(ch.modified() + ch.created());
            assertThat(m.caldav().kind("DELETE")).isEqualTo(ch.deleted());
        }
        assertThat(bench.divergences()).isEmpty();
    }
}
