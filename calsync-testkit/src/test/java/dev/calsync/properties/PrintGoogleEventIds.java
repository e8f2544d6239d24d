package dev.calsync.properties;

import dev.calsync.core.id.GoogleEventIds;
import dev.calsync.testkit.generate.Source;
import dev.calsync.testkit.generate.UidGenerators;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Run in a child JVM by {@link GoogleEventIdProperties}: prints, for a fixed seeded list of UIDs,
 * one line per UID with the UID's UTF-16 code units in hex (so no console encoding can garble it)
 * and its Google id.
 */
public final class PrintGoogleEventIds {
    private PrintGoogleEventIds() {}

    static final long SEED = 20_261_125L;
    static final int COUNT = 2_000;

    /** The UIDs both JVMs compute ids for: some fixed, the rest generated from {@link #SEED}. */
    static List<String> uids() {
        List<String> out = new ArrayList<>(List.of(
                "a", "040000008200E00074C5B7101A82E008", "7kukuqrfedlm2f9t0vt6k0ba31@google.com", "日本語-🎉", ""));
        Source source = Source.of(new Random(SEED));
        while (out.size() < COUNT) {
            out.add(UidGenerators.uids().apply(source));
        }
        return out;
    }

    static String line(String uid) {
        StringBuilder hex = new StringBuilder();
        for (char c : uid.toCharArray()) {
            hex.append(String.format("%04x", (int) c));
        }
        return hex + "\t" + GoogleEventIds.forUid(uid);
    }

    /** Prints the lines. */
    public static void main(String[] args) {
        StringBuilder out = new StringBuilder();
        for (String uid : uids()) {
            out.append(line(uid)).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }
}
