package dev.calsync.google.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A JSON array of strings, the encoding of list-valued private extended properties ({@code
 * ["Work","Project X"]}): unambiguous whatever the strings hold (commas, quotes, line breaks).
 * Hand-written so that the mapping needs no JSON library of its own.
 */
final class JsonStrings {
    private JsonStrings() {}

    /** {@code values} as a JSON array of strings, with no white space. */
    static String encode(List<String> values) {
        StringBuilder out = new StringBuilder(2 + values.size() * 12);
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            quote(out, values.get(i));
        }
        return out.append(']').toString();
    }

    /**
     * Parses a JSON array of strings (any white space between tokens).
     *
     * @throws IllegalArgumentException if {@code json} is not exactly such an array
     */
    static List<String> decode(String json) {
        Parser p = new Parser(json);
        List<String> out = p.array();
        p.skipSpace();
        if (p.pos != json.length()) {
            throw new IllegalArgumentException("text after the array at " + p.pos);
        }
        return out;
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        List<String> array() {
            skipSpace();
            expect('[');
            List<String> out = new ArrayList<>();
            skipSpace();
            if (peek() == ']') {
                pos++;
                return out;
            }
            while (true) {
                skipSpace();
                out.add(string());
                skipSpace();
                char c = next();
                if (c == ']') {
                    return out;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected ',' or ']' at " + (pos - 1));
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("control character in a string at " + (pos - 1));
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw new IllegalArgumentException("truncated \\u escape at " + pos);
                        }
                        try {
                            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw new IllegalArgumentException("bad \\u escape at " + pos, ex);
                        }
                        pos += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + e + " at " + (pos - 1));
                }
            }
        }

        void skipSpace() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return s.charAt(pos);
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + (pos - 1));
            }
        }
    }
}
