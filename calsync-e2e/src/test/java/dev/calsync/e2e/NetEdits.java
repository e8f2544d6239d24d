package dev.calsync.e2e;

import dev.calsync.examples.demo.DemoEvent;
import dev.calsync.examples.demo.Workload;
import java.util.List;

/**
 * The users' edits between two syncs of the network scenarios, on a pair already mirrored: on each
 * side six series renamed, three deleted and two new series created (six deletions of 40 series:
 * 15 %, under the mass-deletion guard).
 */
final class NetEdits {
    private NetEdits() {}

    /**
     * Makes the edits on a world populated with {@code Workload.generate(seed, uids.size())}.
     *
     * @return how many series the users touched (renamed, deleted or created)
     */
    static int onBothSides(World world, long seed, List<String> uids) {
        if (uids.size() < 18) {
            throw new IllegalArgumentException("needs at least 18 series: " + uids.size());
        }
        for (int i = 0; i < 6; i++) {
            world.googleUser().rename(uids.get(i), "renamed on Google " + i);
        }
        for (int i = 6; i < 12; i++) {
            if (!world.davUser().rename(uids.get(i), "renamed on CalDAV " + i)) {
                throw new IllegalStateException("series " + uids.get(i) + " is not on the CalDAV side");
            }
        }
        for (int i = 12; i < 15; i++) {
            world.deleteOnGoogle(uids.get(i));
        }
        for (int i = 15; i < 18; i++) {
            world.davUser().delete(uids.get(i));
        }
        List<DemoEvent> more = Workload.generate(seed, uids.size() + 4).events();
        for (DemoEvent e : more.subList(uids.size(), more.size())) {
            world.create(e);
        }
        return 18 + 4;
    }
}
