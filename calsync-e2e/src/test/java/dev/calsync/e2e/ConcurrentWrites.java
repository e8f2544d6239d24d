package dev.calsync.e2e;

import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.SeriesWrite;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.core.spi.WriteResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * calsync's writes to one side while another client works on it: just before calsync's first write
 * of a chosen series (alone, or as part of a batch), a user action on that series runs, on whichever
 * side it names. Wraps the real provider in this process, so the timing is exact and the user's
 * request reaches the real server before calsync's conditional write. It records which actions ran
 * and what each of calsync's writes of a series answered, in order ({@code Written},
 * {@code PreconditionFailed}, {@code NotFound}, ...), so a test can show that the 412 paths were
 * taken.
 */
final class ConcurrentWrites {
    private final Map<String, Runnable> pending = new LinkedHashMap<>();
    private final Set<String> fired = new TreeSet<>();
    private final Map<String, List<String>> answers = new TreeMap<>();

    /** Runs {@code userAction} just before calsync's first write of series {@code uid} to this side. */
    synchronized ConcurrentWrites before(String uid, Runnable userAction) {
        pending.put(uid, userAction);
        return this;
    }

    /** The series whose user action ran. */
    synchronized Set<String> fired() {
        return Set.copyOf(fired);
    }

    /** What calsync's writes of {@code uid} to this side answered, in order. */
    synchronized List<String> answers(String uid) {
        return List.copyOf(answers.getOrDefault(uid, List.of()));
    }

    /** {@code delegate}, with the user actions run before the writes they wait for. */
    CalendarProvider around(CalendarProvider delegate) {
        return new ForwardingProvider(delegate) {
            @Override
            public WriteOutcome createSeries(String calendarId, EventSeries series) {
                userActs(series.uid());
                return answered(series.uid(), super.createSeries(calendarId, series));
            }

            @Override
            public WriteOutcome updateSeries(String calendarId, SeriesVersion current, EventSeries desired) {
                userActs(desired.uid());
                return answered(desired.uid(), super.updateSeries(calendarId, current, desired));
            }

            @Override
            public WriteOutcome deleteSeries(String calendarId, SeriesVersion current) {
                userActs(current.uid());
                return answered(current.uid(), super.deleteSeries(calendarId, current));
            }

            @Override
            public List<WriteResult> writeSeries(String calendarId, List<SeriesWrite> writes) {
                writes.forEach(w -> userActs(w.uid()));
                List<WriteResult> results = super.writeSeries(calendarId, writes);
                for (int i = 0; i < writes.size() && i < results.size(); i++) {
                    WriteResult r = results.get(i);
                    record(writes.get(i).uid(), r.outcome() != null ? name(r.outcome()) : "failed");
                }
                return results;
            }
        };
    }

    private void userActs(String uid) {
        Runnable action;
        synchronized (this) {
            action = pending.remove(uid);
            if (action != null) {
                fired.add(uid);
            }
        }
        if (action != null) {
            action.run();
        }
    }

    private WriteOutcome answered(String uid, WriteOutcome outcome) {
        record(uid, name(outcome));
        return outcome;
    }

    private synchronized void record(String uid, String answer) {
        answers.computeIfAbsent(uid, u -> new ArrayList<>()).add(answer);
    }

    private static String name(WriteOutcome outcome) {
        return outcome.getClass().getSimpleName();
    }
}
