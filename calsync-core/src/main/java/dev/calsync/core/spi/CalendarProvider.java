package dev.calsync.core.spi;

import dev.calsync.core.event.EventSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A calendar service: Google Calendar, a CalDAV server, or a host application's own. One provider
 * instance serves every calendar of one account or server; each call names the calendar.
 *
 * <p>Implementations translate and transport, nothing more: every decision is the engine's. They
 * must be safe to call from several threads for different calendars. Failures that may pass throw
 * {@link TransientProviderException}; other failures throw {@link ProviderException}. Precondition
 * conflicts are {@link WriteOutcome}s.
 */
public interface CalendarProvider {

    /** {@return what the provider is, for logs, reports and id policy: {@code google}, {@code caldav}, ...} */
    String kind();

    /**
     * Whether a delta lists whole series. CalDAV does (a series is one resource); Google does not (a
     * delta holds only the events that changed, e.g. one instance without its master). When it
     * does not, the engine fetches the whole series with {@link #fetchSeries} before copying it.
     *
     * @return whether a delta lists whole series
     */
    boolean deltaListsWholeSeries();

    /**
     * Starts reading the changes of {@code calendarId} since {@code syncToken}. With a null token,
     * or one the side rejects, the listing is a full listing and says so. A calendar that does not
     * exist or cannot be accessed gives {@link CalendarAccessException}, here or from the first
     * {@link ChangeListing#nextPage()}.
     *
     * @param calendarId the calendar: a Google calendar id, a CalDAV collection URL
     * @param syncToken the token stored after the last sync, or null
     * @return the listing; the caller closes it
     */
    ChangeListing listChanges(String calendarId, String syncToken);

    /**
     * Reads one whole series directly.
     *
     * @param calendarId the calendar
     * @param uid the series' UID
     * @param known where the series' components were last seen (may be empty); a provider uses them
     *     to address the series without searching
     * @return the series, or empty if the side confirms it does not exist (404/410, or a deleted
     *     event); this answer is evidence enough for a deletion
     */
    Optional<RemoteSeries> fetchSeries(String calendarId, String uid, List<RemoteRef> known);

    /**
     * Creates a series if nothing exists at its deterministic id (Google: {@code
     * GoogleEventIds.forUid}) or href (CalDAV: derived from the UID, {@code If-None-Match: *}).
     * Where the side keeps deleted items under their id (Google), a create over a deleted item
     * restores it with the new content and answers {@link WriteOutcome.Written};
     * {@link WriteOutcome.AlreadyExists} means a live series is there.
     *
     * @param calendarId the calendar
     * @param series the series to create
     * @return {@link WriteOutcome.Written} or {@link WriteOutcome.AlreadyExists}
     */
    WriteOutcome createSeries(String calendarId, EventSeries series);

    /**
     * Replaces the series at {@code current} with {@code desired}, guarded by {@code current}'s ETags.
     * A provider storing a series as one resource writes it whole; others may skip components whose
     * hash in {@code current} equals the desired component's ({@code ContentHash.perComponent}),
     * remove components of {@code current} that {@code desired} lacks, and must preserve the
     * properties they do not map.
     *
     * <p>Every ETag in {@code current} that belongs to a component the provider writes or removes is
     * a precondition; a null ETag means the side gave none, and that component is written
     * unconditionally. A provider that needs several requests for one series may leave it partly
     * written when one of them fails; it then reports the failure ({@link
     * WriteOutcome.PreconditionFailed} for a 412), and the engine re-reads the series and decides
     * again, so a partial write is repaired by the next decision.
     *
     * @param calendarId the calendar
     * @param current the series as last read or mapped, with its ETags
     * @param desired the content to write
     * @return {@link WriteOutcome.Written}, {@link WriteOutcome.PreconditionFailed} or {@link
     *     WriteOutcome.NotFound}
     */
    WriteOutcome updateSeries(String calendarId, SeriesVersion current, EventSeries desired);

    /**
     * Deletes the series at {@code current}, guarded by its ETags.
     *
     * @param calendarId the calendar
     * @param current the series as last read or mapped, with its ETags
     * @return {@link WriteOutcome.Deleted}, {@link WriteOutcome.PreconditionFailed} or {@link
     *     WriteOutcome.NotFound} (already gone, which the engine treats as done)
     */
    WriteOutcome deleteSeries(String calendarId, SeriesVersion current);

    /**
     * How many writes the provider takes in one {@link #writeSeries} call with benefit (Google: a
     * batch request). With the default, 1, the engine writes series one by one.
     *
     * @return the batch size, 1 or more
     */
    default int writeBatchSize() {
        return 1;
    }

    /**
     * Carries out several writes of different series, at most {@link #writeBatchSize()}, in as few
     * requests as the side allows. Each write has the meaning and preconditions of its single-series
     * method, and the writes are independent: one failing or meeting a conflict does not stop the
     * others. A failure of the whole call leaves some writes done and others not; the engine then
     * re-reads what it needs, which is safe because every write is idempotent under its
     * preconditions. The default carries them out one by one.
     *
     * @param calendarId the calendar
     * @param writes the writes, each of a different series
     * @return one result per write, in the order of {@code writes}
     * @throws CalendarAccessException if the calendar cannot be used at all
     * @throws TransientProviderException if the whole call failed and may pass
     */
    default List<WriteResult> writeSeries(String calendarId, List<SeriesWrite> writes) {
        List<WriteResult> results = new ArrayList<>(writes.size());
        for (SeriesWrite write : writes) {
            try {
                WriteOutcome outcome;
                if (write instanceof SeriesWrite.Create c) {
                    outcome = createSeries(calendarId, c.series());
                } else if (write instanceof SeriesWrite.Update u) {
                    outcome = updateSeries(calendarId, u.current(), u.desired());
                } else {
                    outcome = deleteSeries(calendarId, ((SeriesWrite.Delete) write).current());
                }
                results.add(WriteResult.of(outcome));
            } catch (CalendarAccessException e) {
                throw e;
            } catch (ProviderException e) {
                results.add(WriteResult.failed(e));
            }
        }
        return results;
    }
}
