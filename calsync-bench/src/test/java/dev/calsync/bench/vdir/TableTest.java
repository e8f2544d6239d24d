package dev.calsync.bench.vdir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.testkit.servers.LocalCalDavServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void rendersMarkdownWithAlignmentAndEscapes() {
        String md = new Table("tool", ">wall s")
                .row("calsync", "1.50")
                .row("a|b", "2")
                .render();
        assertThat(md).isEqualTo("| tool | wall s |\n|---|---:|\n| calsync | 1.50 |\n| a\\|b | 2 |\n");
    }

    @Test
    void aRowMustHaveOneCellPerColumn() {
        assertThatThrownBy(() -> new Table("a", "b").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statsAreMedianMinAndMax() {
        Table.Stat odd = Table.Stat.of(List.of(3.0, 1.0, 2.0));
        assertThat(odd.median()).isEqualTo(2.0);
        assertThat(odd.format("%.1f")).isEqualTo("2.0 (1.0–3.0)");
        assertThat(Table.Stat.of(List.of(4.0, 1.0, 2.0, 3.0)).median()).isEqualTo(2.5);
        assertThat(Table.Stat.of(List.of(7.0)).format("%.2f")).isEqualTo("7.00");
        assertThat(Table.Stat.of(List.of(5.0, 5.0)).format("%.0f")).isEqualTo("5");
    }

    @Test
    void bytesAreDecimalUnits() {
        assertThat(Table.bytes(999)).isEqualTo("999 B");
        assertThat(Table.bytes(128_400)).isEqualTo("128.4 KB");
        assertThat(Table.bytes(2_500_000)).isEqualTo("2.50 MB");
        assertThat(Table.bytes(Table.Stat.of(List.of(1000.0, 3000.0, 2000.0)))).isEqualTo("2.0 KB (1.0 KB–3.0 KB)");
    }

    @Test
    void ratiosAreTakenPerRunThenTheMedian() {
        List<VdirsyncerBenchmark.Sample> calsync =
                List.of(sample(1, Map.of("PUT", 10L)), sample(3, Map.of()), sample(2, Map.of()));
        List<VdirsyncerBenchmark.Sample> vdir =
                List.of(sample(4, Map.of("PUT", 10L, "PROPFIND", 2L)), sample(4, Map.of()), sample(4, Map.of()));
        assertThat(VdirsyncerBenchmark.ratio(calsync, vdir, VdirsyncerBenchmark.Sample::wallSeconds))
                .isEqualTo("0.50 (0.25–0.75)");
        assertThat(VdirsyncerBenchmark.ratio(calsync, vdir, VdirsyncerBenchmark.Sample::serverCpuSeconds))
                .isEqualTo("–");
        assertThat(VdirsyncerBenchmark.byMethod(vdir)).isEqualTo("PROPFIND 0 (0–2), PUT 0 (0–10)");
    }

    @Test
    void procStatCpuIsUserPlusSystem() {
        String stat = "1234 (python3 (x)) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 1 0 99 1000 10";
        assertThat(VdirsyncerBenchmark.cpuSecondsOfStat(stat)).isEqualTo(2.8);
    }

    @Test
    void thePlansKeepTheFullRunShort() {
        List<VdirsyncerBenchmark.Plan> quick =
                VdirsyncerBenchmark.Options.parse(new String[] {"--quick"}).plans();
        assertThat(quick).containsExactly(new VdirsyncerBenchmark.Plan(LocalCalDavServer.Kind.RADICALE, 200, 1, true));
        List<VdirsyncerBenchmark.Plan> full =
                VdirsyncerBenchmark.Options.parse(new String[0]).plans();
        assertThat(full)
                .containsExactly(
                        new VdirsyncerBenchmark.Plan(LocalCalDavServer.Kind.RADICALE, 1000, 3, true),
                        new VdirsyncerBenchmark.Plan(LocalCalDavServer.Kind.RADICALE, 5000, 1, false),
                        new VdirsyncerBenchmark.Plan(LocalCalDavServer.Kind.XANDIKOS, 1000, 1, true));
        assertThat(full.stream().mapToDouble(VdirsyncerBenchmark.Plan::seconds).sum())
                .isLessThan(25 * 60);
    }

    private static VdirsyncerBenchmark.Sample sample(double wall, Map<String, Long> requests) {
        return new VdirsyncerBenchmark.Sample(wall, 1, 1, requests, 0, 0, 0, Double.NaN, 0, "ok");
    }
}
