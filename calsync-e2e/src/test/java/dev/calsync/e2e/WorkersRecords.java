package dev.calsync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the workers of a round recorded: one line per event, {@code <instant> <worker> <KIND> <pair>
 * <detail>}, written by {@link WorkerProcess} as it happens (one {@code write} per line, so a line
 * written before a SIGKILL is in the file). From these: each sync's interval (from its {@code START}
 * to its {@code END} or {@code FAILED}; a sync cut by the kill ends at the kill), and the checks
 * that no two workers synced one pair at once.
 */
final class WorkersRecords {

    /** One line of a record file. */
    record Entry(Instant at, String worker, String kind, String pair, String detail) {
        static Entry parse(String line) {
            String[] f = line.split(" ", 5);
            return new Entry(Instant.parse(f[0]), f[1], f[2], f[3], f.length > 4 ? f[4] : "");
        }
    }

    /** One sync of {@code pair} by {@code worker}, from {@code start} to {@code end}. */
    record Interval(String pair, String worker, Instant start, Instant end, boolean finished) {
        boolean overlaps(Interval other) {
            return start.isBefore(other.end) && other.start.isBefore(end);
        }

        @Override
        public String toString() {
            return worker + " " + start + ".." + end + (finished ? "" : " (cut)");
        }
    }

    /** Appends a worker's records to its file. */
    static final class Writer {
        private final Path file;
        private final String worker;

        Writer(Path file, String worker) {
            this.file = file;
            this.worker = worker;
        }

        void write(String kind, String pair, String detail) {
            String line = Instant.now() + " " + worker + " " + kind + " " + pair + " " + detail + "\n";
            try {
                Files.writeString(
                        file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.print("WORKER " + line);
        }
    }

    private final List<Entry> entries;

    private WorkersRecords(List<Entry> entries) {
        this.entries = entries;
    }

    /** Reads the record files (a file not written yet counts as empty). */
    static WorkersRecords read(Collection<Path> files) {
        List<Entry> entries = new ArrayList<>();
        for (Path file : files) {
            entries.addAll(read(file));
        }
        entries.sort(Comparator.comparing(Entry::at));
        return new WorkersRecords(entries);
    }

    /** The entries of one record file so far. */
    static List<Entry> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .map(Entry::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Entry> entries() {
        return entries;
    }

    List<Entry> ofKind(String kind) {
        return entries.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /**
     * Every sync's interval. A sync a killed worker left open ends at {@code killedAt} (its worker's
     * kill time).
     *
     * @throws AssertionError if a sync of a worker that was not killed never ended
     */
    List<Interval> intervals(Map<String, Instant> killedAt) {
        Map<String, Entry> open = new HashMap<>();
        List<Interval> out = new ArrayList<>();
        for (Entry e : entries) {
            switch (e.kind()) {
                case "START" -> {
                    Entry before = open.put(e.worker(), e);
                    if (before != null) {
                        throw new AssertionError(
                                e.worker() + " started " + e.pair() + " inside its sync of " + before.pair());
                    }
                }
                case "END", "FAILED" -> {
                    Entry start = open.remove(e.worker());
                    if (start == null || !start.pair().equals(e.pair())) {
                        throw new AssertionError(e.worker() + " ended " + e.pair() + " without starting it");
                    }
                    out.add(new Interval(e.pair(), e.worker(), start.at(), e.at(), true));
                }
                default -> {}
            }
        }
        for (Entry start : open.values()) {
            Instant end = killedAt.get(start.worker());
            if (end == null) {
                throw new AssertionError(
                        start.worker() + " never ended its sync of " + start.pair() + " and was not killed");
            }
            out.add(new Interval(start.pair(), start.worker(), start.at(), end, false));
        }
        return out;
    }

    /** Each pair synced by two workers at once, with the two intervals. */
    static List<String> overlaps(List<Interval> intervals) {
        Map<String, List<Interval>> byPair = new TreeMap<>();
        intervals.forEach(
                i -> byPair.computeIfAbsent(i.pair(), p -> new ArrayList<>()).add(i));
        List<String> found = new ArrayList<>();
        byPair.forEach((pair, list) -> {
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    Interval x = list.get(i);
                    Interval y = list.get(j);
                    if (!x.worker().equals(y.worker()) && x.overlaps(y)) {
                        found.add(pair + ": " + x + " and " + y);
                    }
                }
            }
        });
        return found;
    }

    /**
     * The most workers that were syncing (different pairs) at one instant: how far the round really
     * ran in parallel.
     */
    static int mostWorkersAtOnce(List<Interval> intervals) {
        List<Interval> sorted =
                intervals.stream().sorted(Comparator.comparing(Interval::start)).toList();
        int most = 0;
        for (Interval i : sorted) {
            Set<String> workers = new TreeSet<>();
            for (Interval j : sorted) {
                if (!j.start().isAfter(i.start()) && j.end().isAfter(i.start())) {
                    workers.add(j.worker());
                }
            }
            most = Math.max(most, workers.size());
        }
        return most;
    }

    /** The pairs whose sync ended (not failed) in these records, with the workers that ended them. */
    Map<String, Set<String>> finishedBy() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Entry e : ofKind("END")) {
            out.computeIfAbsent(e.pair(), p -> new TreeSet<>()).add(e.worker());
        }
        return out;
    }
}
