package dev.calsync.bench.pair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FloorsTest {
    private final Floors floors = Floors.CALSYNC_DEFAULTS;

    @Test
    void noChangeIsOneRequestPerSide() {
        assertThat(floors.noChange().google()).isEqualTo(1);
        assertThat(floors.noChange().caldav()).isEqualTo(1);
    }

    @Test
    void listPagesAreAtLeastOne() {
        assertThat(floors.listPages(0)).isEqualTo(1);
        assertThat(floors.listPages(2500)).isEqualTo(1);
        assertThat(floors.listPages(2501)).isEqualTo(2);
    }

    @Test
    void initialCopyFromCalDavPacksMastersThenInstances() {
        Floors.Floor f = floors.initialFromCalDav(1000, 200);
        assertThat(f.google()).isEqualTo(1 + 10 + 2);
        assertThat(f.caldav()).isEqualTo(1 + 20);
        assertThat(floors.initialFromCalDav(1001, 0).google()).isEqualTo(1 + 11);
    }

    @Test
    void initialCopyFromGoogleIsListPagesAndOnePutPerSeries() {
        Floors.Floor f = floors.initialFromGoogle(5200, 5000);
        assertThat(f.google()).isEqualTo(3);
        assertThat(f.caldav()).isEqualTo(5001);
    }

    @Test
    void changesOnCalDavReadOnlyWhatExistsAndBatchEveryGoogleCall() {
        Floors.Floor f = floors.changesOnCalDav(50, 25, 25);
        assertThat(f.caldav()).isEqualTo(1 + 2); // 75 bodies, multigets of 50; deletions are 404 entries
        assertThat(f.google()).isEqualTo(1 + 1); // 100 calls, one batch of 100
        assertThat(floors.changesOnCalDav(51, 25, 25).google()).isEqualTo(1 + 2);
    }

    @Test
    void changesOnGoogleCostOneCalDavWritePerSeries() {
        Floors.Floor f = floors.changesOnGoogle(100, 75, 25);
        assertThat(f.google()).isEqualTo(1);
        assertThat(f.caldav()).isEqualTo(101);
    }

    @Test
    void overrides() {
        assertThat(floors.overridesOnCalDav(10).google()).isEqualTo(2);
        assertThat(floors.overridesOnCalDav(10).caldav()).isEqualTo(2);
        assertThat(floors.overridesOnGoogle(10).google()).isEqualTo(1);
        assertThat(floors.overridesOnGoogle(10).caldav()).isEqualTo(11);
    }

    @Test
    void sizesMustBePositive() {
        assertThatThrownBy(() -> new Floors(0, 100, 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pickSpreadsDistinctChoices() {
        java.util.List<String> all = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(Pair.uid(i));
        }
        java.util.List<String> picked = Pair.pick(all, 10, 0);
        assertThat(picked).hasSize(10).doesNotHaveDuplicates();
        assertThat(picked)
                .filteredOn(u -> Integer.parseInt(u.substring(5, 10)) % 10 == 0)
                .hasSize(1);
        assertThat(Pair.pick(all, 100, 3)).hasSize(100).doesNotHaveDuplicates();
    }
}
