package dev.calsync.caldav.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads response bodies from {@code src/test/resources/dav/}. */
final class DavFixtures {
    private DavFixtures() {}

    static String load(String name) {
        try (InputStream in = DavFixtures.class.getResourceAsStream("/dav/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
