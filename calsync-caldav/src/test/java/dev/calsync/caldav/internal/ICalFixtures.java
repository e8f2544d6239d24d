package dev.calsync.caldav.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the iCalendar fixtures under {@code src/test/resources/ical/}. */
final class ICalFixtures {
    private ICalFixtures() {}

    /** The fixture {@code name} as UTF-8 text, byte-order mark and line ends as they are. */
    static String fixture(String name) {
        try (InputStream in = ICalFixtures.class.getResourceAsStream("/ical/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /ical/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
