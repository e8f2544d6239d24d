package dev.calsync.bench.engine;

import dev.calsync.core.event.EventSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A set of changes made on side A as another client would, before an incremental sync: of {@code
 * count} changes, 60% modify an existing series, 20% delete one and 20% create a new one (at least
 * one of each when {@code count >= 3}).
 *
 * @param modified series modified
 * @param deleted series deleted
 * @param created series created
 */
public record Churn(int modified, int deleted, int created) {

    /** The number of changed series. */
    public int total() {
        return modified + deleted + created;
    }

    /** How {@code count} changes split into modify / delete / create. */
    public static Churn of(int count) {
        if (count < 3) {
            return new Churn(count, 0, 0);
        }
        int deleted = Math.max(1, count / 5);
        int created = Math.max(1, count / 5);
        return new Churn(count - deleted - created, deleted, created);
    }

    /**
     * Applies this churn to side A of {@code fixture}: picks distinct existing series with {@code
     * random}, modifies or deletes them, and creates new ones from {@code workload}.
     */
    public void applyTo(EngineFixture fixture, Workload workload, Random random) {
        Map<String, EventSeries> existing = fixture.a().series(fixture.calendarA());
        List<String> uids = new ArrayList<>(existing.keySet());
        if (uids.size() < modified + deleted) {
            throw new IllegalArgumentException(
                    "only " + uids.size() + " series to change, need " + (modified + deleted));
        }
        // A partial Fisher-Yates shuffle: the first modified + deleted UIDs are a uniform sample.
        for (int i = 0; i < modified + deleted; i++) {
            int j = i + random.nextInt(uids.size() - i);
            String tmp = uids.get(i);
            uids.set(i, uids.get(j));
            uids.set(j, tmp);
        }
        for (int i = 0; i < modified; i++) {
            String uid = uids.get(i);
            fixture.a().userPut(fixture.calendarA(), workload.modified(existing.get(uid)));
        }
        for (int i = modified; i < modified + deleted; i++) {
            fixture.a().userDelete(fixture.calendarA(), uids.get(i));
        }
        fixture.putA(workload.series(created));
    }
}
