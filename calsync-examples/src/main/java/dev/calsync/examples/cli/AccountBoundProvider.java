package dev.calsync.examples.cli;

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
import java.util.Optional;

/**
 * A provider of one account that takes the calendar ids the CLI stores ({@code ACCOUNT:CALENDAR},
 * see {@link CalendarRef}) and hands the provider its own calendar id.
 */
final class AccountBoundProvider implements CalendarProvider {
    private final String account;
    private final CalendarProvider delegate;

    AccountBoundProvider(String account, CalendarProvider delegate) {
        this.account = account;
        this.delegate = delegate;
    }

    private String id(String stored) {
        CalendarRef ref = CalendarRef.parse(stored);
        if (!ref.account().equals(account)) {
            throw new IllegalArgumentException("calendar " + stored + " is not on account '" + account + "'");
        }
        return ref.calendarId();
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
        return delegate.listChanges(id(calendarId), syncToken);
    }

    @Override
    public Optional<RemoteSeries> fetchSeries(String calendarId, String uid, List<RemoteRef> known) {
        return delegate.fetchSeries(id(calendarId), uid, known);
    }

    @Override
    public WriteOutcome createSeries(String calendarId, EventSeries series) {
        return delegate.createSeries(id(calendarId), series);
    }

    @Override
    public WriteOutcome updateSeries(String calendarId, SeriesVersion current, EventSeries desired) {
        return delegate.updateSeries(id(calendarId), current, desired);
    }

    @Override
    public WriteOutcome deleteSeries(String calendarId, SeriesVersion current) {
        return delegate.deleteSeries(id(calendarId), current);
    }

    @Override
    public int writeBatchSize() {
        return delegate.writeBatchSize();
    }

    @Override
    public List<WriteResult> writeSeries(String calendarId, List<SeriesWrite> writes) {
        return delegate.writeSeries(id(calendarId), writes);
    }

    @Override
    public String toString() {
        return "account '" + account + "' (" + delegate + ")";
    }
}
