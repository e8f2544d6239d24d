package dev.calsync.testkit.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UidGeneratorsTest {

    @Test
    void uidsAreNeverBlankAndHaveNoUnpairedSurrogates() {
        Source source = Source.of(new Random(1));
        int google = 0;
        int outlook = 0;
        int supplementary = 0;
        int veryLong = 0;
        for (int i = 0; i < 1000; i++) {
            String uid = UidGenerators.uids().apply(source);
            assertThat(uid).isNotBlank();
            for (int j = 0; j < uid.length(); j++) {
                char c = uid.charAt(j);
                if (Character.isHighSurrogate(c)) {
                    assertThat(Character.isLowSurrogate(uid.charAt(j + 1))).isTrue();
                    j++;
                } else {
                    assertThat(Character.isLowSurrogate(c)).isFalse();
                }
            }
            google += uid.matches("[0-9a-v]{26}@google\\.com") ? 1 : 0;
            outlook += uid.matches("040000008200E00074C5B7101A82E008[0-9A-F]{80,}") ? 1 : 0;
            supplementary += uid.codePoints().anyMatch(Character::isSupplementaryCodePoint) ? 1 : 0;
            veryLong += uid.length() >= 1000 ? 1 : 0;
        }
        assertThat(google).isGreaterThan(50);
        assertThat(outlook).isGreaterThan(30);
        assertThat(supplementary).isGreaterThan(30);
        assertThat(veryLong).isGreaterThan(10);
    }
}
