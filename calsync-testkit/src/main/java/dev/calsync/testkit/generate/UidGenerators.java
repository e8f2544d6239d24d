package dev.calsync.testkit.generate;

import java.util.List;

/**
 * Generators of iCalendar UIDs as real calendars write them, and the awkward ones that break naive
 * code: UUIDs in either case (Apple, Thunderbird), Google's {@code ...@google.com}, Outlook's long
 * upper-case hex, host-name style ids, Unicode (accents, CJK, right-to-left scripts, combining
 * marks, emoji outside the Basic Multilingual Plane), punctuation and white space inside, one to
 * three characters, and thousands of characters.
 *
 * <p>Every generated UID is a valid Java string of whole code points (no unpaired surrogates) and
 * is not blank, so that {@link dev.calsync.core.event.EventComponent} accepts it. Stateless and
 * safe to share between threads.
 */
public final class UidGenerators {

    private static final String HEX_UPPER = "0123456789ABCDEF";
    private static final String HEX_LOWER = "0123456789abcdef";
    private static final String BASE32HEX = "0123456789abcdefghijklmnopqrstuv";
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String PRINTABLE =
            " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    private static final List<String> HOSTS =
            List.of("example.com", "cal.example.org", "localhost", "mail.example.net", "nextcloud.example.de");

    /** Ranges of code points Unicode UIDs are drawn from: {@code {first, last}} inclusive. */
    private static final List<int[]> UNICODE_RANGES = List.of(
            new int[] {'a', 'z'},
            new int[] {0x00C0, 0x00FF}, // Latin-1 letters
            new int[] {0x0391, 0x03C9}, // Greek
            new int[] {0x0410, 0x044F}, // Cyrillic
            new int[] {0x05D0, 0x05EA}, // Hebrew (right to left)
            new int[] {0x0627, 0x064A}, // Arabic (right to left)
            new int[] {0x0300, 0x036F}, // combining marks
            new int[] {0x4E00, 0x9FFF}, // CJK
            new int[] {0xAC00, 0xD7A3}, // Hangul
            new int[] {0x1F300, 0x1F64F}, // emoji: surrogate pairs in UTF-16
            new int[] {0x200B, 0x200D}, // zero-width space and joiners
            new int[] {0x10000, 0x1007F}); // Linear B: more supplementary characters

    private UidGenerators() {}

    /** {@return a UID of any of the kinds this class makes, weighted towards the common ones} */
    public static Generator<String> uids() {
        return source -> {
            switch (source.weighted(5, 2, 3, 2, 2, 3, 2, 1, 1)) {
                case 0:
                    return uuids().apply(source);
                case 1:
                    return appleUuids().apply(source);
                case 2:
                    return googleUids().apply(source);
                case 3:
                    return outlookUids().apply(source);
                case 4:
                    return hostUids().apply(source);
                case 5:
                    return unicodeUids().apply(source);
                case 6:
                    return punctuationUids().apply(source);
                case 7:
                    return shortUids().apply(source);
                default:
                    return longUids().apply(source);
            }
        };
    }

    /** {@return a lower-case UUID, {@code 8-4-4-4-12} hex digits} */
    public static Generator<String> uuids() {
        return source -> uuid(source, HEX_LOWER);
    }

    /** {@return an upper-case UUID as Apple Calendar writes them} */
    public static Generator<String> appleUuids() {
        return source -> uuid(source, HEX_UPPER);
    }

    /** {@return a Google Calendar UID: 26 base32hex characters and {@code @google.com}} */
    public static Generator<String> googleUids() {
        return source -> chars(source, BASE32HEX, 26) + "@google.com";
    }

    /**
     * An Outlook / Exchange UID: the {@code 040000008200E00074C5B7101A82E008} class id followed by
     * 80 to 240 upper-case hex digits.
     *
     * @return Outlook UIDs
     */
    public static Generator<String> outlookUids() {
        return source -> "040000008200E00074C5B7101A82E008" + chars(source, HEX_UPPER, source.between(80, 240));
    }

    /** {@return a {@code timestamp-random@host} UID as many servers and libraries make them} */
    public static Generator<String> hostUids() {
        return source -> String.format(
                "%d%02d%02dT%02d%02d%02dZ-%d@%s",
                source.between(1995, 2038),
                source.between(1, 12),
                source.between(1, 28),
                source.between(0, 23),
                source.between(0, 59),
                source.between(0, 59),
                source.between(0, 999_999),
                source.pick(HOSTS));
    }

    /** {@return a UID of 1 to 40 code points from many scripts, emoji and combining marks included} */
    public static Generator<String> unicodeUids() {
        return source -> {
            int n = source.between(1, 40);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int[] range = source.pick(UNICODE_RANGES);
                out.appendCodePoint(source.between(range[0], range[1]));
            }
            // A UID made only of zero-width or combining characters is still not blank to Java, but keep
            // one visible character so the UID is readable in a failure report.
            return source.bool() ? out.toString() : "u-" + out;
        };
    }

    /** {@return a UID with ASCII punctuation and inner spaces, 2 to 60 characters, never blank} */
    public static Generator<String> punctuationUids() {
        return source -> "x" + chars(source, PRINTABLE, source.between(1, 59));
    }

    /** {@return a UID of one to three letters or digits} */
    public static Generator<String> shortUids() {
        return source -> chars(source, ALNUM, source.between(1, 3));
    }

    /** {@return a UID of 1,000 to 5,000 printable ASCII characters} */
    public static Generator<String> longUids() {
        return source -> "long-" + chars(source, PRINTABLE, source.between(995, 4995));
    }

    private static String uuid(Source source, String digits) {
        String hex = chars(source, digits, 32);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private static String chars(Source source, String alphabet, int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(source.between(0, alphabet.length() - 1)));
        }
        return out.toString();
    }
}
