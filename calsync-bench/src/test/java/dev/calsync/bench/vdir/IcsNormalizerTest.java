package dev.calsync.bench.vdir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IcsNormalizerTest {
    private static final String ORIGINAL = "BEGIN:VCALENDAR\r\nPRODID:-//a//EN\r\nBEGIN:VEVENT\r\nUID:u1\r\n"
            + "DTSTAMP:20290101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20300101T100000\r\nSUMMARY:Hello\r\n"
            + "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:u1\r\nRECURRENCE-ID;TZID=Europe/Berlin:20300108T100000\r\n"
            + "SUMMARY:Moved\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    @Test
    void ignoresStampsOrderDefaultsAndFolding() {
        String copy =
                "BEGIN:VCALENDAR\r\nPRODID:-//b//EN\r\nBEGIN:VEVENT\r\nUID:u1\r\nRECURRENCE-ID;TZID=Europe/Berlin;"
                        + "VALUE=DATE-TIME:20300108T100000\r\nSUMMARY:Mo\r\n ved\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n"
                        + "DTSTAMP:20310101T000000Z\r\nSEQUENCE:1\r\nX-CALSYNC:1\r\nSUMMARY:Hello\r\nTRANSP:OPAQUE\r\n"
                        + "STATUS:CONFIRMED\r\nUID:u1\r\nDTSTART;TZID=Europe/Berlin:20300101T100000\r\nEND:VEVENT\r\n"
                        + "END:VCALENDAR\r\n";
        assertThat(IcsNormalizer.byUid(List.of(copy))).isEqualTo(IcsNormalizer.byUid(List.of(ORIGINAL)));
    }

    @Test
    void theOrderOfARulesPartsDoesNotMatterButItsValuesDo() {
        String a = ORIGINAL.replace("SUMMARY:Hello\r\n", "SUMMARY:Hello\r\nRRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=8\r\n");
        String reordered =
                ORIGINAL.replace("SUMMARY:Hello\r\n", "SUMMARY:Hello\r\nRRULE:FREQ=WEEKLY;COUNT=8;INTERVAL=2\r\n");
        String other =
                ORIGINAL.replace("SUMMARY:Hello\r\n", "SUMMARY:Hello\r\nRRULE:FREQ=WEEKLY;COUNT=9;INTERVAL=2\r\n");

        assertThat(IcsNormalizer.byUid(List.of(reordered))).isEqualTo(IcsNormalizer.byUid(List.of(a)));
        assertThat(IcsNormalizer.byUid(List.of(other))).isNotEqualTo(IcsNormalizer.byUid(List.of(a)));
    }

    @Test
    void reportsALostOverrideAndAMissingUid() {
        String withoutOverride = ORIGINAL.substring(0, ORIGINAL.indexOf("BEGIN:VEVENT\r\nUID:u1\r\nRECURRENCE-ID"))
                + "END:VCALENDAR\r\n";
        Map<String, String> a = IcsNormalizer.byUid(List.of(ORIGINAL, ORIGINAL.replace("u1", "u2")));
        Map<String, String> b = IcsNormalizer.byUid(List.of(withoutOverride));
        List<String> diffs = IcsNormalizer.differences(a, b, 5);
        assertThat(diffs).hasSize(2);
        assertThat(diffs.get(0)).startsWith("u1 differs");
        assertThat(diffs.get(1)).isEqualTo("only on A: u2");
        assertThat(IcsNormalizer.differences(a, b, 1)).containsExactly(diffs.get(0), "... 1 more");
    }
}
