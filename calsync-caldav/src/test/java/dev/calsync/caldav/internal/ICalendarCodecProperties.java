package dev.calsync.caldav.internal;

import static dev.calsync.testkit.generate.CalendarGens.gen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.calsync.core.canonical.CanonicalForm;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventSeries;
import dev.calsync.testkit.generate.EventGenerators;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.validate.ValidationEntry;
import net.fortuna.ical4j.validate.ValidationException;
import net.fortuna.ical4j.validate.ValidationResult;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Round trips over every shape of series the testkit generates: what calsync writes to a CalDAV
 * server reads back as the same content (the hashes sync compares are equal), writing what was read
 * gives the same bytes, and ical4j with its strict defaults reads every text calsync writes.
 */
class ICalendarCodecProperties {

    private static final int EXAMPLES = 400;

    /** A series with its rendering, shown in full when a property fails. */
    record Case(EventSeries series, String text) {
        @Override
        public String toString() {
            return CanonicalForm.of(series) + "rendered:\n" + text;
        }
    }

    private static Gen<Case> cases() {
        return gen(source -> {
            EventSeries s = EventGenerators.series().apply(source);
            return new Case(s, ICalendarCodec.render(s, null));
        });
    }

    @Test
    void aRenderedSeriesReadsBackWithTheSameContentHashes() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(k -> {
            EventSeries back = ICalendarCodec.parse(k.text()).orElseThrow();
            assertThat(ContentHash.perComponent(back)).as("%s", k).isEqualTo(ContentHash.perComponent(k.series()));
            assertThat(ContentHash.of(back)).as("%s", k).isEqualTo(ContentHash.of(k.series()));
        });
    }

    @Test
    void renderingWhatWasReadGivesTheSameBytes() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(k -> {
            EventSeries back = ICalendarCodec.parse(k.text()).orElseThrow();
            assertThat(ICalendarCodec.render(back, null)).as("%s", k).isEqualTo(k.text());
            // With the server's copy as previous body, too: nothing is kept twice.
            assertThat(ICalendarCodec.render(back, k.text())).as("%s", k).isEqualTo(k.text());
        });
    }

    @Test
    void everyRenderingIsFoldedCrlfUtf8ThatIcal4jReadsAndValidatesStrictly() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(k -> {
            String text = k.text();
            assertThat(text).endsWith("\r\n").doesNotContain("\n\n");
            for (String line : text.split("\r\n", -1)) {
                assertThat(line).doesNotContain("\r").doesNotContain("\n");
                assertThat(line.getBytes(StandardCharsets.UTF_8).length)
                        .as("%s", line)
                        .isLessThanOrEqualTo(75);
            }
            assertThat(text).doesNotContain("DURATION:");
            try {
                ValidationResult result =
                        new CalendarBuilder().build(new StringReader(text)).validate();
                assertThat(result.getEntries())
                        .as("%s", k)
                        .noneMatch(e -> e.getSeverity() == ValidationEntry.Severity.ERROR);
            } catch (ValidationException | java.io.IOException | net.fortuna.ical4j.data.ParserException e) {
                throw new AssertionError("ical4j cannot read\n" + k, e);
            }
        });
    }
}
