package dev.calsync.e2e;

import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.SeriesWrite;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.core.spi.WriteResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider that hands every call to another one: the base of the suite's wrappers, which override
 * only the calls they watch or change.
 */
abstract class ForwardingProvider implements CalendarProvider {
    private final CalendarProvider delegate;

    ForwardingProvider(CalendarProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String kind() {
        return delegate.kind();
    }

    @Override
    public boolean deltaListsWholeSeries() {
        return delegate.deltaListsWholeSeries();
    }

    @Override
    public ChangeListing listChanges(String calendarId, String syncToken) {
        return delegate.listChanges(calendarId, syncToken);
    }

    @Override
    public Optional<RemoteSeries> fetchSeries(String calendarId, String uid, List<RemoteRef> known) {
        return delegate.fetchSeries(calendarId, uid, known);
    }

    @Override
    public WriteOutcome createSeries(String calendarId, EventSeries series) {
        return delegate.createSeries(calendarId, series);
    }

    @Override
    public WriteOutcome updateSeries(String calendarId, SeriesVersion current, EventSeries desired) {
        return delegate.updateSeries(calendarId, current, desired);
    }

    @Override
    public WriteOutcome deleteSeries(String calendarId, SeriesVersion current) {
        return delegate.deleteSeries(calendarId, current);
    }

    @Override
    public int writeBatchSize() {
        return delegate.writeBatchSize();
    }

    @Override
    public List<WriteResult> writeSeries(String calendarId, List<SeriesWrite> writes) {
        return delegate.writeSeries(calendarId, writes);
    }
}
