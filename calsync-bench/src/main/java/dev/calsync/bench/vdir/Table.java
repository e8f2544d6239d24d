package dev.calsync.bench.vdir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A Markdown table, and the median-with-range cells the vdirsyncer benchmark prints. */
final class Table {
    private final List<String> header;
    private final List<Boolean> numeric;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param columns column titles; a title starting with {@code >} is right-aligned (the {@code >}
     *     is not printed)
     */
    Table(String... columns) {
        header = new ArrayList<>();
        numeric = new ArrayList<>();
        for (String c : columns) {
            boolean right = c.startsWith(">");
            header.add(right ? c.substring(1) : c);
            numeric.add(right);
        }
    }

    /** Adds a row; it must have one cell per column. */
    Table row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(
                    "expected " + header.size() + " cells, got " + cells.length + ": " + Arrays.toString(cells));
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The table as Markdown, one line per row, ending with a newline; {@code |} in cells escaped. */
    String render() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        sb.append('|');
        for (boolean right : numeric) {
            sb.append(right ? "---:|" : "---|");
        }
        sb.append('\n');
        rows.forEach(r -> line(sb, r));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        sb.append('\n');
    }

    /** Median, minimum and maximum of some measurements. */
    record Stat(double median, double min, double max, int n) {
        static Stat of(List<Double> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no values");
            }
            double[] v =
                    values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            return new Stat(median, v[0], v[v.length - 1], v.length);
        }

        /** {@code median (min–max)} with the pattern, or just the median for one value or no spread. */
        String format(String pattern) {
            String m = String.format(Locale.ROOT, pattern, median);
            if (n == 1 || min == max) {
                return m;
            }
            return m + " (" + String.format(Locale.ROOT, pattern, min) + "–" + String.format(Locale.ROOT, pattern, max)
                    + ")";
        }
    }

    /** Bytes as B, KB or MB (1000-based, like the figures), with one decimal above bytes. */
    static String bytes(double b) {
        if (b < 1000) {
            return String.format(Locale.ROOT, "%.0f B", b);
        }
        if (b < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f KB", b / 1000);
        }
        return String.format(Locale.ROOT, "%.2f MB", b / 1_000_000);
    }

    /** {@link #bytes} of median, min and max, as {@link Stat#format} does for numbers. */
    static String bytes(Stat s) {
        if (s.n() == 1 || s.min() == s.max()) {
            return bytes(s.median());
        }
        return bytes(s.median()) + " (" + bytes(s.min()) + "–" + bytes(s.max()) + ")";
    }
}
