package dev.calsync.examples.demo;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.PlannedOperation;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.examples.cli.ExitCodes;
import dev.calsync.examples.cli.ReportText;
import dev.calsync.examples.demo.DemoEvent.Origin;
import dev.calsync.testkit.caldav.CalDavEmulator;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code calsync demo}: a two-way sync between a Google calendar and an iCloud calendar, both
 * emulated on loopback, with nothing to install. It
 *
 * <ol>
 *   <li>starts the Google Calendar emulator and the CalDAV emulator in iCloud mode on 127.0.0.1,
 *       a SQLite mapping store in a temporary directory, the two providers and the engine;
 *   <li>fills both calendars with the {@link Workload}, each side through its own user ({@link
 *       GoogleUser}: Google's JSON; {@link ICloudUser}: iCalendar PUTs);
 *   <li>syncs, lets both users edit (a conflicting edit of the same event on both sides decided by
 *       SEQUENCE, another decided by TIMESTAMP, a deletion on each side, one occurrence moved on
 *       Google and one cancelled on iCloud, a rename), syncs again, and once more to show that
 *       nothing is left to do;
 *   <li>reads both calendars in full through the providers and checks that they hold the same
 *       series ({@link SeriesCheck}).
 * </ol>
 *
 * <p>Everything is printed to the given stream; the result is {@link ExitCodes#OK} when the check
 * passes and {@link ExitCodes#PROBLEMS} otherwise.
 */
public final class Demo {
    /** The line the demo ends with when both calendars agree, before the count. */
    public static final String CHECK_OK = "check: both calendars hold the same ";

    private static final String GOOGLE = "Google";
    private static final String ICLOUD = "iCloud";

    private final int events;
    private final long seed;
    private final boolean keep;
    private final PrintStream out;

    /**
     * @param events how many series the workload has (at least {@link Workload#MIN_EVENTS})
     * @param seed the workload's seed
     * @param keep whether to keep the temporary directory with the SQLite store
     * @param out where to print
     */
    public Demo(int events, long seed, boolean keep, PrintStream out) {
        if (events < Workload.MIN_EVENTS) {
            throw new IllegalArgumentException("--events must be at least " + Workload.MIN_EVENTS + ": " + events);
        }
        this.events = events;
        this.seed = seed;
        this.keep = keep;
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Runs the demo.
     *
     * @return {@link ExitCodes#OK} if both calendars end up holding the same series, else {@link
     *     ExitCodes#PROBLEMS}
     */
    public int run() {
        long started = System.nanoTime();
        Workload workload = Workload.generate(seed, events);
        Path dir;
        try {
            dir = Files.createTempDirectory("calsync-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
        int code;
        try {
            code = run(workload, dir);
        } finally {
            if (keep) {
                out.println("kept: " + dir + " (the SQLite store with mappings and the operation journal)");
            } else {
                deleteTree(dir);
            }
        }
        out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return code;
    }

    private int run(Workload workload, Path dir) {
        out.printf("calsync demo: %d events, seed %d%n", workload.events().size(), workload.seed());
        out.println();
        try (DemoSetup setup = new DemoSetup(dir.resolve("calsync.db"), workload.seed())) {
            GoogleCalendarEmulator google = setup.google();
            CalDavEmulator caldav = setup.caldav();
            String googleCalendar = setup.googleCalendar();
            String icloudCalendar = setup.icloudCalendar();
            SyncEngine engine = setup.engine();

            out.println("Set-up, all on loopback:");
            out.println("  Google  Calendar API emulator at " + google.rootUrl() + ", calendar " + googleCalendar
                    + " (Europe/Berlin)");
            out.println(
                    "  iCloud  CalDAV emulator in iCloud mode at " + caldav.baseUri() + ", calendar " + icloudCalendar);
            out.println("  store   SQLite " + dir.resolve("calsync.db"));
            out.println("  pair    \"" + DemoSetup.PAIR
                    + "\": side A Google, side B iCloud; conflicts: SEQUENCE, then TIMESTAMP");
            out.println();

            // 1. The users fill their calendars.
            GoogleUser googleUser = setup.googleUser();
            ICloudUser icloudUser = setup.icloudUser();
            Map<String, DemoEvent> byUid = new HashMap<>();
            for (DemoEvent e : workload.events()) {
                String uid = e.origin() == Origin.GOOGLE ? googleUser.create(e) : icloudUser.create(e);
                byUid.put(uid, e);
            }
            Map<String, String> titles = new HashMap<>();
            byUid.forEach((uid, e) -> titles.put(uid, e.label()));
            printWorkload(workload);

            // 2. First sync.
            out.println("1. First sync: both calendars are listed in full and copied across");
            SyncReport first = sync(engine, google, caldav, titles);

            // 3. Both users edit.
            out.println("2. Both users edit their calendars");
            Edits edits = edit(workload, googleUser, icloudUser);
            edits.lines().forEach(l -> out.println("  " + l));
            edits.titles().forEach(titles::put);
            out.println();

            // 4. Second sync.
            out.println("3. Second sync: only the changes since the first are read");
            SyncReport second = sync(engine, google, caldav, titles);

            // 5. A third sync finds nothing to do.
            out.println("4. Third sync: nothing should be left to do");
            SyncReport third = sync(engine, google, caldav, titles);

            // 6. The check.
            out.println("5. Check: both calendars read in full through the providers and compared series by series");
            SortedMap<String, EventSeries> onGoogle = SeriesCheck.read(setup.googleProvider(), googleCalendar);
            SortedMap<String, EventSeries> onIcloud = SeriesCheck.read(setup.icloudProvider(), icloudCalendar);
            SeriesCheck.Result result = SeriesCheck.compare(
                    onGoogle, onIcloud, GOOGLE, ICLOUD, uid -> titles.getOrDefault(uid, "(unknown)"));
            int expected = workload.events().size() - edits.deleted();
            out.printf(
                    "  Google holds %d series, iCloud %d (%d created, %d deleted)%n",
                    result.seriesA(), result.seriesB(), workload.events().size(), edits.deleted());
            boolean ok = result.same() && result.seriesA() == expected;
            if (third.writes() != 0) {
                out.println("  the third sync still wrote " + third.writes() + " times: the sides did not settle");
                ok = false;
            }
            if (!first.quarantined().isEmpty() || !second.quarantined().isEmpty()) {
                out.println("  some items could not be read (see the quarantine counts above)");
                ok = false;
            }
            if (ok) {
                out.println(CHECK_OK + result.seriesA() + " series");
                return ExitCodes.OK;
            }
            if (result.same() && result.seriesA() != expected) {
                out.printf("check FAILED: both hold %d series, but %d were expected%n", result.seriesA(), expected);
            } else if (result.same()) {
                out.println("check FAILED: the calendars hold the same series, but the syncs did not settle");
            } else {
                out.println("check FAILED: " + result.differences().size() + " series differ:");
                result.differences().forEach(d -> out.println("  - " + d));
            }
            return ExitCodes.PROBLEMS;
        }
    }

    private void printWorkload(Workload workload) {
        Workload.Mix mix = workload.mix();
        out.printf(
                "Filled the calendars as their users would: %d series, %d made on Google (JSON through the API), %d on"
                        + " iCloud (iCalendar PUTs)%n",
                mix.series(), mix.google(), mix.icloud());
        out.printf(
                "  %d timed singles, %d all-day events, %d recurring series (%d of them all-day)%n",
                mix.timedSingles(), mix.allDaySingles(), mix.recurring(), mix.recurringAllDay());
        out.printf("  %d changed and %d cancelled occurrences%n", mix.overrides(), mix.cancelledOccurrences());
        out.printf(
                "  %d recurring series run across a daylight-saving change, %d singles are within three days of one%n",
                mix.crossingDst(), mix.singlesNearDst());
        out.println("  timed events by zone: "
                + mix.timedByZone().entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
        out.println();
    }

    /** Syncs once and prints what happened. */
    private SyncReport sync(
            SyncEngine engine, GoogleCalendarEmulator google, CalDavEmulator caldav, Map<String, String> titles) {
        google.clearRequests();
        caldav.clearRequests();
        SyncReport report = engine.sync(DemoSetup.PAIR);
        ReportText.summary(report, GOOGLE, ICLOUD).forEach(l -> out.println("  " + l));
        long bytes = caldav.requests().stream().mapToLong(r -> r.bytesSent()).sum();
        out.printf(
                "  HTTP requests the emulators served: Google %d (%d API calls inside batch requests), iCloud %d (%d kB"
                        + " answered)%n",
                google.httpExchanges(),
                google.requests().stream().filter(r -> r.inBatch()).count(),
                caldav.requests().size(),
                (bytes + 512) / 1024);
        for (PlannedOperation op : report.plan()) {
            if (op.rule() != null && op.rule() != DecidingRule.CONTENT_EQUAL) {
                Side winner = op.target() == Side.A ? Side.B : Side.A;
                out.printf(
                        "  conflict: %s changed on both sides; %s decided for %s, written to %s%n",
                        titles.getOrDefault(op.uid(), op.uid()),
                        op.rule(),
                        name(winner),
                        op.target() == null ? "neither side" : name(op.target()));
            }
        }
        for (PlannedOperation op : report.plan()) {
            if (op.kind() == SyncOperation.Kind.DELETE) {
                Side from = op.target() == Side.A ? Side.B : Side.A;
                out.printf(
                        "  deletion: %s was deleted on %s, so calsync deleted it on %s; evidence %s (%s)%n",
                        titles.getOrDefault(op.uid(), op.uid()),
                        name(from),
                        name(op.target()),
                        op.evidence(),
                        evidence(op.evidence(), from));
            }
        }
        out.println();
        return report;
    }

    private static String evidence(DeletionEvidence evidence, Side from) {
        return switch (evidence) {
            case TOKEN_DELTA ->
                from == Side.A
                        ? "Google's incremental listing reported the event cancelled"
                        : "iCloud's sync-collection report listed the resource as gone (404)";
            case DIRECT_LOOKUP -> "a direct lookup on " + name(from) + " answered that it no longer exists";
            case NONE -> "none";
        };
    }

    private static String name(Side side) {
        return side == Side.A ? GOOGLE : ICLOUD;
    }

    /**
     * What the users changed between the syncs.
     *
     * @param lines one line per edit, for the output
     * @param deleted how many series were deleted
     * @param titles new labels of renamed series, by UID
     */
    private record Edits(List<String> lines, int deleted, Map<String, String> titles) {}

    private Edits edit(Workload workload, GoogleUser googleUser, ICloudUser icloudUser) {
        List<DemoEvent> googleSingles = timedSingles(workload, Origin.GOOGLE);
        List<DemoEvent> icloudSingles = timedSingles(workload, Origin.ICLOUD);
        DemoEvent bySequence = googleSingles.get(0);
        DemoEvent byTimestamp = icloudSingles.get(0);
        DemoEvent deletedOnGoogle = googleSingles.get(1);
        DemoEvent deletedOnIcloud = icloudSingles.get(1);
        DemoEvent renamedOnIcloud = googleSingles.get(2);
        DemoEvent movedOccurrenceOf = recurringWithFreeOccurrence(workload, Origin.ICLOUD);
        DemoEvent cancelledOccurrenceOf = recurringWithFreeOccurrence(workload, Origin.GOOGLE);
        String seqUid = googleUser.uid(bySequence.key());
        String tsUid = icloudUser.uid(byTimestamp.key());
        String deletedOnGoogleUid = googleUser.uid(deletedOnGoogle.key());
        String deletedOnIcloudUid = icloudUser.uid(deletedOnIcloud.key());
        String renamedUid = googleUser.uid(renamedOnIcloud.key());
        String movedUid = icloudUser.uid(movedOccurrenceOf.key());
        String cancelledUid = googleUser.uid(cancelledOccurrenceOf.key());
        int movedIndex = freeOccurrence(movedOccurrenceOf);
        int cancelledIndex = freeOccurrence(cancelledOccurrenceOf);
        Duration hour = Duration.ofHours(1);
        List<String> lines = new java.util.ArrayList<>();
        Map<String, String> titles = new HashMap<>();

        // The same event on both sides: Google moves it (Google bumps sequence), iCloud changes its place.
        googleUser.move(seqUid, bySequence, hour);
        icloudUser.setText(seqUid, "LOCATION", "Room 2.01");
        lines.add(String.format(
                "both    %s: moved an hour later on Google (Google raises its sequence to %d); new location on iCloud"
                        + " (SEQUENCE stays %d)",
                bySequence.label(), googleUser.sequence(seqUid), icloudUser.sequence(seqUid)));

        // Another one: renamed on Google, then a moment later a new place on iCloud; neither counts as
        // a new version (equal SEQUENCE), so the later change wins.
        googleUser.rename(tsUid, byTimestamp.summary() + " (confirmed)");
        waitForNextSecond();
        icloudUser.setText(tsUid, "LOCATION", "Café Central, Herrengasse 14");
        lines.add(String.format(
                "both    %s: renamed on Google, then a moment later a new location on iCloud (SEQUENCE %d on both)",
                byTimestamp.label(), googleUser.sequence(tsUid)));

        googleUser.delete(deletedOnGoogleUid);
        lines.add("Google  deleted " + deletedOnGoogle.label());
        googleUser.moveOccurrence(movedUid, movedOccurrenceOf, movedIndex, hour);
        lines.add("Google  moved the occurrence of "
                + movedOccurrenceOf.occurrence(movedIndex).toString().replace('T', ' ') + " of "
                + movedOccurrenceOf.label() + " (made on iCloud) an hour later");

        icloudUser.delete(deletedOnIcloudUid);
        lines.add("iCloud  deleted " + deletedOnIcloud.label());
        icloudUser.cancelOccurrence(cancelledUid, cancelledOccurrenceOf, cancelledIndex);
        lines.add("iCloud  cancelled the occurrence of "
                + (cancelledOccurrenceOf.allDay()
                        ? cancelledOccurrenceOf
                                .occurrence(cancelledIndex)
                                .toLocalDate()
                                .toString()
                        : cancelledOccurrenceOf
                                .occurrence(cancelledIndex)
                                .toString()
                                .replace('T', ' '))
                + " of " + cancelledOccurrenceOf.label() + " (made on Google) with an EXDATE");
        String newTitle = renamedOnIcloud.summary() + " (rescheduled?)";
        icloudUser.setText(renamedUid, "SUMMARY", newTitle);
        lines.add("iCloud  renamed " + renamedOnIcloud.label() + " (made on Google) to \"" + newTitle + "\"");

        titles.put(deletedOnGoogleUid, deletedOnGoogle.label());
        titles.put(deletedOnIcloudUid, deletedOnIcloud.label());
        return new Edits(lines, 2, titles);
    }

    private static List<DemoEvent> timedSingles(Workload workload, Origin origin) {
        return workload.madeOn(origin).stream()
                .filter(e -> !e.recurring() && !e.allDay())
                .toList();
    }

    /** The first timed series made on {@code origin} with an occurrence left to change. */
    private static DemoEvent recurringWithFreeOccurrence(Workload workload, Origin origin) {
        Predicate<DemoEvent> candidate = e -> e.recurring() && !e.allDay() && freeOccurrence(e) > 0;
        return Stream.concat(
                        workload.madeOn(origin).stream().filter(candidate.and(DemoEvent::crossesDstChange)),
                        workload.madeOn(origin).stream().filter(candidate))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the workload has no recurring series on " + origin));
    }

    /** The index of an occurrence after the first that is neither changed nor cancelled, or -1. */
    private static int freeOccurrence(DemoEvent e) {
        return e.occurrences().size() < 3
                ? -1
                : java.util.stream.IntStream.range(2, e.occurrences().size())
                        .filter(i ->
                                !e.overrides().containsKey(i) && !e.cancelled().contains(i))
                        .findFirst()
                        .orElse(-1);
    }

    /** Lets the wall clock reach the next second, so the next edit is stamped later than the last one. */
    private static void waitForNextSecond() {
        Instant now = Instant.now();
        long millis = Duration.between(now, now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1))
                        .toMillis()
                + 20;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover file in the temp directory is harmless
                }
            });
        } catch (IOException ignored) {
            // nothing to delete
        }
    }
}
