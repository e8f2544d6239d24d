package dev.calsync.caldav.internal;

import java.nio.charset.StandardCharsets;

/**
 * Writes content lines as RFC 5545 §3.1 wants them on the wire: each ended with CRLF and folded so
 * that no physical line is longer than 75 octets of UTF-8, never inside a character. Also escapes
 * TEXT values and parameter values. Not thread-safe; one per rendering.
 */
final class ICalWriter {
    /** The longest physical line, in octets, CRLF not counted. */
    static final int MAX_OCTETS = 75;

    private final StringBuilder out = new StringBuilder(1024);

    /** Appends one unfolded content line, folded. */
    ICalWriter line(String contentLine) {
        int octets = 0;
        int i = 0;
        while (i < contentLine.length()) {
            int cp = contentLine.codePointAt(i);
            int size = utf8Length(cp);
            if (octets + size > MAX_OCTETS) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
        return this;
    }

    /** The text written so far. */
    String text() {
        return out.toString();
    }

    private static int utf8Length(int cp) {
        if (cp < 0x80) {
            return 1;
        }
        if (cp < 0x800) {
            return 2;
        }
        return cp < 0x10000 ? 3 : 4;
    }

    /**
     * Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma get a backslash, any
     * line break becomes {@code \n}.
     */
    static String escapeText(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\':
                    b.append("\\\\");
                    break;
                case ';':
                    b.append("\\;");
                    break;
                case ',':
                    b.append("\\,");
                    break;
                case '\r':
                    b.append("\\n");
                    if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A parameter value: quoted when it holds {@code :}, {@code ;} or {@code ,}; double quotes,
     * line breaks and carets encoded as RFC 6868 says ({@code ^'}, {@code ^n}, {@code ^^}).
     */
    static String paramValue(String v) {
        StringBuilder b = new StringBuilder(v.length() + 2);
        boolean quote = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '^':
                    b.append("^^");
                    break;
                case '"':
                    b.append("^'");
                    break;
                case '\r':
                    if (i + 1 < v.length() && v.charAt(i + 1) == '\n') {
                        i++;
                    }
                    b.append("^n");
                    break;
                case '\n':
                    b.append("^n");
                    break;
                case ':':
                case ';':
                case ',':
                    quote = true;
                    b.append(c);
                    break;
                default:
                    b.append(c);
            }
        }
        return quote ? "\"" + b + "\"" : b.toString();
    }

    /** The UTF-8 length of {@code s}, for tests and checks. */
    static int octets(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
