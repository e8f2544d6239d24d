package dev.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.examples.demo.DemoEvent;
import dev.calsync.examples.demo.Workload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * One round of what the users of both calendars do between two syncs: each renames, deletes and
 * creates a few series on their own side, on series nobody else touches in the round. The titles the
 * renames gave are kept in {@link #expectedTitles()}, so a test can check after the syncs that no
 * edit was lost (the invariants only check that both sides agree, not that they agree on the edit).
 */
final class TokenRound {

    /** What one round did, by side. */
    record Done(
            List<String> renamedOnGoogle,
            List<String> renamedOnCalDav,
            List<String> deletedOnGoogle,
            List<String> deletedOnCalDav,
            List<String> createdOnGoogle,
            List<String> createdOnCalDav) {}

    private final World world;
    private final Random random;
    private final Map<String, String> expectedTitles = new TreeMap<>();

    TokenRound(World world, long seed) {
        this.world = world;
        this.random = new Random(seed);
    }

    /**
     * Each user renames {@code renames}, deletes {@code deletes} and creates {@code creates} series
     * on their side; the series renamed and deleted are drawn from the live ones, each at most once.
     *
     * @param label names the round, in titles and in the keys of the series it creates
     */
    Done play(String label, int renames, int deletes, int creates) {
        List<String> live = new ArrayList<>(world.ledger().live());
        Collections.shuffle(live, random);
        Iterator<String> pick = live.iterator();
        List<String> renamedG = new ArrayList<>();
        List<String> renamedC = new ArrayList<>();
        List<String> deletedG = new ArrayList<>();
        List<String> deletedC = new ArrayList<>();
        for (int i = 0; i < renames; i++) {
            String g = pick.next();
            String title = label + " renamed on Google " + i;
            world.googleUser().rename(g, title);
            expectedTitles.put(g, title);
            renamedG.add(g);
            String c = pick.next();
            title = label + " renamed on CalDAV " + i;
            assertThat(world.davUser().rename(c, title)).as("rename of %s", c).isTrue();
            expectedTitles.put(c, title);
            renamedC.add(c);
        }
        for (int i = 0; i < deletes; i++) {
            String g = pick.next();
            world.deleteOnGoogle(g);
            expectedTitles.remove(g);
            deletedG.add(g);
            String c = pick.next();
            world.davUser().delete(c);
            expectedTitles.remove(c);
            deletedC.add(c);
        }
        List<String> createdG = new ArrayList<>();
        List<String> createdC = new ArrayList<>();
        for (DemoEvent e : newEvents(label, creates)) {
            String uid = world.create(e);
            (e.origin() == DemoEvent.Origin.GOOGLE ? createdG : createdC).add(uid);
        }
        return new Done(renamedG, renamedC, deletedG, deletedC, createdG, createdC);
    }

    /** The title each renamed series that still lives must have on both sides. */
    Map<String, String> expectedTitles() {
        return Collections.unmodifiableMap(expectedTitles);
    }

    /** Asserts that both sides carry every rename the rounds made. */
    void assertRenamesArrived(String context) {
        ConcurrentSync.Titles titles = ConcurrentSync.titles(world);
        expectedTitles.forEach((uid, title) -> {
            assertThat(titles.google().get(uid))
                    .as("%s: title of %s on Google", context, uid)
                    .isEqualTo(title);
            assertThat(titles.caldav().get(uid))
                    .as("%s: title of %s on CalDAV", context, uid)
                    .isEqualTo(title);
        });
    }

    /** {@code count} new series for each side, of mixed kinds, with keys no other round uses. */
    private List<DemoEvent> newEvents(String label, int count) {
        List<DemoEvent> out = new ArrayList<>();
        int google = 0;
        int caldav = 0;
        List<DemoEvent> candidates = new ArrayList<>(
                Workload.generate(random.nextLong(), Workload.MIN_EVENTS).events());
        Collections.shuffle(candidates, random);
        for (DemoEvent e : candidates) {
            boolean onGoogle = e.origin() == DemoEvent.Origin.GOOGLE;
            if ((onGoogle ? google : caldav) < count) {
                out.add(rekeyed(e, label + "-" + e.key()));
                if (onGoogle) {
                    google++;
                } else {
                    caldav++;
                }
            }
        }
        return out;
    }

    private static DemoEvent rekeyed(DemoEvent e, String key) {
        return new DemoEvent(
                key,
                e.origin(),
                e.summary(),
                e.location(),
                e.description(),
                e.zone(),
                e.start(),
                e.length(),
                e.repeat(),
                e.overrides(),
                e.cancelled(),
                e.reminderMinutes());
    }
}
