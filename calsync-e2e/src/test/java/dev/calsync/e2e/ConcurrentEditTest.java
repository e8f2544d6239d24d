package dev.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.examples.demo.DemoEvent;
import dev.calsync.examples.demo.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4, concurrent edits, against the Google emulator and a real Radicale with the store on
 * disk: while a sync runs, other clients edit and delete series on both sides, each just before
 * calsync's own write of that series to that side (the provider is wrapped in this process, so the
 * timing is exact). calsync's write is conditional and meets the user's change (412, or gone); it
 * must then read the side again and decide again, never overwrite the user's change blindly nor lose
 * it.
 *
 * <p>It proves, for each case, that the user actions ran and calsync's writes met them (counted);
 * that the decision after the re-read is the one the design gives: when both sides edited a series
 * the standard rule picks the winner (higher SEQUENCE, then later modification) and the loser side
 * gets the winner's content; an edit beats a concurrent deletion (the series is created again where
 * it was deleted, with the edit); deletions on both sides end as one deletion; an edit made on the
 * source side while calsync copied the previous one arrives with the next sync. After the settling
 * syncs, no series is lost, none duplicated, both sides hold the same content, and the store's
 * mappings match both sides.
 */
@ExtendWith(NoSecretsInLogs.class)
class ConcurrentEditTest {
    private static final String SCENARIO = "4. concurrent edits";
    private static final int SERIES = 40;

    /** What a case expects of one series: its title on both sides at the end. */
    private final Map<String, String> expectedTitles = new TreeMap<>();

    @Test
    void theSameSeriesEditedOnBothSidesIsDecidedByTheConflictRule(@TempDir Path dir) {
        try (World world = World.start(dir)) {
            Series series = mirrored(world, 41L);
            ConcurrentWrites google = new ConcurrentWrites();
            ConcurrentWrites caldav = new ConcurrentWrites();
            List<String> caldavBySequence = new ArrayList<>();
            List<String> googleBySequence = new ArrayList<>();
            List<String> googleByTime = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // Google renamed it (sequence kept); while calsync copies that to CalDAV, the CalDAV
                // user renames it too and raises SEQUENCE: CalDAV's edit wins by SEQUENCE.
                String uid = series.next(Series.TIMED_SINGLE);
                world.googleUser().rename(uid, "both 1 Google " + i);
                String caldavTitle = "both 1 CalDAV " + i;
                caldav.before(uid, () -> ConcurrentUsers.editOnCalDav(world, uid, caldavTitle, 1, Instant.now()));
                expectedTitles.put(uid, caldavTitle);
                caldavBySequence.add(uid);
            }
            for (int i = 0; i < 3; i++) {
                // The CalDAV user renamed it (SEQUENCE kept); while calsync copies that to Google, the
                // Google user renames and moves it, and Google raises sequence: Google's edit wins by SEQUENCE.
                String uid = series.next(Series.TIMED_SINGLE);
                ConcurrentUsers.editOnCalDav(world, uid, "both 2 CalDAV " + i, 0, Instant.now());
                String googleTitle = "both 2 Google " + i;
                google.before(uid, () -> ConcurrentUsers.editOnGoogle(world, uid, googleTitle, Duration.ofHours(1)));
                expectedTitles.put(uid, googleTitle);
                googleBySequence.add(uid);
            }
            for (int i = 0; i < 3; i++) {
                // A phone edited it offline ten minutes ago and uploads it now (SEQUENCE kept); while
                // calsync copies that to Google, the Google user renames it: equal SEQUENCE, the later
                // modification (Google's) wins by TIMESTAMP.
                String uid = series.next(Series.TIMED_SINGLE);
                ConcurrentUsers.editOnCalDav(
                        world, uid, "both 3 CalDAV " + i, 0, Instant.now().minus(Duration.ofMinutes(10)));
                String googleTitle = "both 3 Google " + i;
                google.before(uid, () -> ConcurrentUsers.editOnGoogle(world, uid, googleTitle, Duration.ZERO));
                expectedTitles.put(uid, googleTitle);
                googleByTime.add(uid);
            }

            SyncReport report = ConcurrentSync.run(world, google::around, caldav::around);

            assertThat(caldav.fired()).containsExactlyInAnyOrderElementsOf(caldavBySequence);
            assertThat(google.fired()).containsExactlyInAnyOrderElementsOf(concat(googleBySequence, googleByTime));
            assertMetConflict(caldav, caldavBySequence);
            assertMetConflict(google, concat(googleBySequence, googleByTime));
            assertDecided(report, caldavBySequence, SyncOperation.Kind.UPDATE, Side.A, DecidingRule.SEQUENCE);
            assertDecided(report, googleBySequence, SyncOperation.Kind.UPDATE, Side.B, DecidingRule.SEQUENCE);
            assertDecided(report, googleByTime, SyncOperation.Kind.UPDATE, Side.B, DecidingRule.TIMESTAMP);
            assertTitles(world, "after the sync the users raced");

            settleAndRecord(
                    world,
                    "same series edited on both sides during the sync (412, then the conflict rule)",
                    caldav.fired().size() + google.fired().size());
        }
    }

    @Test
    void anEditBeatsADeletionThatCalsyncIsCarryingOver(@TempDir Path dir) {
        try (World world = World.start(dir)) {
            Series series = mirrored(world, 42L);
            ConcurrentWrites google = new ConcurrentWrites();
            ConcurrentWrites caldav = new ConcurrentWrites();
            List<String> deletedOnGoogle = new ArrayList<>();
            List<String> deletedOnCalDav = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // Deleted on Google; while calsync deletes it on CalDAV, the CalDAV user edits it.
                String uid = series.next(Series.ANY);
                world.deleteOnGoogle(uid);
                String title = "edited on CalDAV while deleted on Google " + i;
                caldav.before(
                        uid,
                        () -> editBeatsDelete(world, uid, () -> world.davUser().rename(uid, title)));
                expectedTitles.put(uid, title);
                deletedOnGoogle.add(uid);
            }
            for (int i = 0; i < 3; i++) {
                // Deleted on CalDAV; while calsync deletes it on Google, the Google user edits it.
                String uid = series.next(Series.ANY);
                world.davUser().delete(uid);
                String title = "edited on Google while deleted on CalDAV " + i;
                google.before(
                        uid,
                        () -> editBeatsDelete(
                                world, uid, () -> world.googleUser().rename(uid, title)));
                expectedTitles.put(uid, title);
                deletedOnCalDav.add(uid);
            }

            SyncReport report = ConcurrentSync.run(world, google::around, caldav::around);

            assertThat(caldav.fired()).containsExactlyInAnyOrderElementsOf(deletedOnGoogle);
            assertThat(google.fired()).containsExactlyInAnyOrderElementsOf(deletedOnCalDav);
            assertMetConflict(caldav, deletedOnGoogle);
            assertMetConflict(google, deletedOnCalDav);
            assertDecided(report, deletedOnGoogle, SyncOperation.Kind.CREATE, Side.A, null);
            assertDecided(report, deletedOnCalDav, SyncOperation.Kind.CREATE, Side.B, null);
            assertThat(deletes(report)).as("deletions calsync applied").isEmpty();
            assertTitles(world, "after the sync the users raced");

            settleAndRecord(
                    world,
                    "edit on one side while calsync deletes there what the other side deleted (412)",
                    caldav.fired().size() + google.fired().size());
        }
    }

    @Test
    void aSeriesDeletedJustBeforeCalsyncUpdatesItComesBackWithTheEdit(@TempDir Path dir) {
        try (World world = World.start(dir)) {
            Series series = mirrored(world, 43L);
            ConcurrentWrites google = new ConcurrentWrites();
            ConcurrentWrites caldav = new ConcurrentWrites();
            List<String> editedOnGoogle = new ArrayList<>();
            List<String> editedOnCalDav = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // Edited on Google; while calsync copies the edit to CalDAV, the CalDAV user deletes it.
                String uid = series.next(Series.ANY);
                String title = "edited on Google then deleted on CalDAV " + i;
                world.googleUser().rename(uid, title);
                caldav.before(
                        uid,
                        () -> editBeatsDelete(world, uid, () -> world.davUser().delete(uid)));
                expectedTitles.put(uid, title);
                editedOnGoogle.add(uid);
            }
            for (int i = 0; i < 3; i++) {
                // Edited on CalDAV; while calsync copies the edit to Google, the Google user deletes it.
                String uid = series.next(Series.ANY);
                String title = "edited on CalDAV then deleted on Google " + i;
                assertThat(world.davUser().rename(uid, title)).isTrue();
                google.before(uid, () -> editBeatsDelete(world, uid, () -> world.deleteOnGoogle(uid)));
                expectedTitles.put(uid, title);
                editedOnCalDav.add(uid);
            }

            SyncReport report = ConcurrentSync.run(world, google::around, caldav::around);

            assertThat(caldav.fired()).containsExactlyInAnyOrderElementsOf(editedOnGoogle);
            assertThat(google.fired()).containsExactlyInAnyOrderElementsOf(editedOnCalDav);
            assertMetConflict(caldav, editedOnGoogle);
            assertMetConflict(google, editedOnCalDav);
            assertDecided(report, editedOnGoogle, SyncOperation.Kind.CREATE, Side.B, null);
            assertDecided(report, editedOnCalDav, SyncOperation.Kind.CREATE, Side.A, null);
            assertThat(deletes(report)).as("deletions calsync applied").isEmpty();
            assertTitles(world, "after the sync the users raced");

            settleAndRecord(
                    world,
                    "user deletes a series just before calsync updates it there (412/gone, edit wins)",
                    caldav.fired().size() + google.fired().size());
        }
    }

    @Test
    void deletionsOnBothSidesEndAsOneAndAnEditDuringTheCopyArrivesNext(@TempDir Path dir) {
        try (World world = World.start(dir)) {
            Series series = mirrored(world, 44L);
            ConcurrentWrites google = new ConcurrentWrites();
            ConcurrentWrites caldav = new ConcurrentWrites();
            List<String> deletedTwice = new ArrayList<>();
            List<String> copiedFromGoogle = new ArrayList<>();
            List<String> copiedFromCalDav = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // Deleted on Google; while calsync deletes it on CalDAV, the CalDAV user deletes it too.
                String uid = series.next(Series.ANY);
                world.deleteOnGoogle(uid);
                caldav.before(uid, () -> world.davUser().delete(uid));
                deletedTwice.add(uid);
            }
            for (int i = 0; i < 3; i++) {
                // Renamed on Google; while calsync copies it to CalDAV, the Google user renames it again.
                String uid = series.next(Series.ANY);
                world.googleUser().rename(uid, "first Google title " + i);
                String second = "second Google title " + i;
                caldav.before(uid, () -> world.googleUser().rename(uid, second));
                expectedTitles.put(uid, second);
                copiedFromGoogle.add(uid);
            }
            for (int i = 0; i < 3; i++) {
                // Renamed on CalDAV; while calsync copies it to Google, the CalDAV user renames it again.
                String uid = series.next(Series.ANY);
                assertThat(world.davUser().rename(uid, "first CalDAV title " + i))
                        .isTrue();
                String second = "second CalDAV title " + i;
                google.before(uid, () -> world.davUser().rename(uid, second));
                expectedTitles.put(uid, second);
                copiedFromCalDav.add(uid);
            }

            SyncReport report = ConcurrentSync.run(world, google::around, caldav::around);

            assertThat(caldav.fired()).containsExactlyInAnyOrderElementsOf(concat(deletedTwice, copiedFromGoogle));
            assertThat(google.fired()).containsExactlyInAnyOrderElementsOf(copiedFromCalDav);
            for (String uid : deletedTwice) {
                assertThat(caldav.answers(uid))
                        .as("calsync's delete of %s", uid)
                        .containsExactly("NotFound");
            }
            for (String uid : copiedFromGoogle) {
                assertThat(caldav.answers(uid)).as("calsync's copy of %s", uid).containsExactly("Written");
            }
            for (String uid : copiedFromCalDav) {
                assertThat(google.answers(uid)).as("calsync's copy of %s", uid).containsExactly("Written");
            }
            Outcome raced = world.check();
            assertThat(raced.lost()).isEmpty();
            assertThat(raced.duplicates()).isEmpty();
            assertThat(raced.resurrected()).isEmpty();
            ConcurrentSync.Titles titles = ConcurrentSync.titles(world);
            for (String uid : copiedFromGoogle) {
                assertThat(titles.caldav().get(uid))
                        .as("what calsync copied of %s", uid)
                        .startsWith("first");
            }
            for (String uid : copiedFromCalDav) {
                assertThat(titles.google().get(uid))
                        .as("what calsync copied of %s", uid)
                        .startsWith("first");
            }

            settleAndRecord(
                    world,
                    "user deletes too / edits the source again while calsync writes",
                    caldav.fired().size() + google.fired().size());
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A user action on a series that another user deleted or is deleting, whose edit the design
     * says wins: the ledger holds the series live again.
     */
    private static void editBeatsDelete(World world, String uid, Runnable action) {
        action.run();
        world.ledger().created(uid);
    }

    /** Populates the world with {@value #SERIES} series, runs the first mirror and checks it. */
    private static Series mirrored(World world, long seed) {
        List<String> uids = world.populate(seed, SERIES);
        world.sync();
        world.check().assertClean("after the first mirror");
        return new Series(uids, Workload.generate(seed, SERIES).events());
    }

    /**
     * Settles the pair (the first mirror and the raced sync ran before), checks the invariants and
     * the titles, and records the case.
     */
    private void settleAndRecord(World world, String injected, int userActions) {
        int syncs = 2 + world.syncUntilQuiet(5);
        Outcome outcome = world.check().assertClean(injected);
        assertTitles(world, "after the settling syncs");
        Figures.record(SCENARIO, injected, userActions, syncs, outcome);
    }

    private void assertTitles(World world, String context) {
        ConcurrentSync.Titles titles = ConcurrentSync.titles(world);
        expectedTitles.forEach((uid, title) -> {
            assertThat(titles.google().get(uid))
                    .as("%s: %s on Google", context, uid)
                    .isEqualTo(title);
            assertThat(titles.caldav().get(uid))
                    .as("%s: %s on CalDAV", context, uid)
                    .isEqualTo(title);
        });
    }

    /** Each of calsync's writes of {@code uids} first met the user's change: 412, or the series gone. */
    private static void assertMetConflict(ConcurrentWrites writes, List<String> uids) {
        for (String uid : uids) {
            assertThat(writes.answers(uid))
                    .as("calsync's writes of %s", uid)
                    .isNotEmpty()
                    .first()
                    .isIn("PreconditionFailed", "NotFound");
        }
    }

    /** After the re-read, calsync applied {@code kind} to {@code target} for each of {@code uids}, by {@code rule}. */
    private static void assertDecided(
            SyncReport report, List<String> uids, SyncOperation.Kind kind, Side target, DecidingRule rule) {
        for (String uid : uids) {
            assertThat(report.operations()).as("operations on %s", uid).anySatisfy(o -> {
                assertThat(o.uid()).isEqualTo(uid);
                assertThat(o.kind()).isEqualTo(kind);
                assertThat(o.target()).isEqualTo(target);
                assertThat(o.outcome()).isEqualTo(SyncOperation.Outcome.APPLIED);
                assertThat(o.rule()).isEqualTo(rule);
            });
        }
    }

    private static List<String> deletes(SyncReport report) {
        return report.operations().stream()
                .filter(o -> o.kind() == SyncOperation.Kind.DELETE && o.outcome() == SyncOperation.Outcome.APPLIED)
                .map(SyncOperation::uid)
                .toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The mirrored series, handed out one by one, each to one use, of the kind asked for. */
    private static final class Series {
        static final Predicate<DemoEvent> TIMED_SINGLE = e -> !e.recurring() && !e.allDay();
        static final Predicate<DemoEvent> ANY = e -> true;

        private final List<String> uids;
        private final List<DemoEvent> events;
        private final Set<Integer> used = new HashSet<>();
        private int turn;

        Series(List<String> uids, List<DemoEvent> events) {
            this.uids = uids;
            this.events = events;
        }

        /**
         * The next unused series of {@code kind}; for {@link #ANY}, single, all-day and recurring
         * series in turn, made on either side.
         */
        String next(Predicate<DemoEvent> kind) {
            Predicate<DemoEvent> wanted = kind;
            if (kind == ANY) {
                int k = turn++ % 3;
                wanted = k == 0 ? TIMED_SINGLE : k == 1 ? e -> e.allDay() && !e.recurring() : DemoEvent::recurring;
            }
            for (int i = 0; i < uids.size(); i++) {
                if (!used.contains(i) && wanted.test(events.get(i))) {
                    used.add(i);
                    return uids.get(i);
                }
            }
            throw new IllegalStateException("no series of that kind left");
        }
    }
}
