package dev.calsync.examples.samples;

import dev.calsync.core.event.EventSeries;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.testkit.contract.CalendarProviderCompatibilityKit;
import dev.calsync.testkit.contract.ProviderTestHarness;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryCalendarProvider.StorageMode;
import java.util.function.UnaryOperator;

/**
 * The provider compatibility kit run as {@code docs/spi.md} shows it: against the testkit's
 * CalDAV-like {@link InMemoryCalendarProvider}, with a small harness that acts on the server as
 * another client would. A provider of one's own is run the same way: its harness writes through
 * the server's own API (a plain CalDAV PUT, a REST call), never through the provider under test.
 */
// provider-kit:begin
class SpiProviderKitTest extends CalendarProviderCompatibilityKit {
    private InMemoryCalendarProvider server;
    private int calendars;

    @Override
    protected CalendarProvider createProvider() {
        server = InMemoryCalendarProvider.builder()
                .kind("caldav")
                .storage(StorageMode.SERIES_RESOURCES)
                .pageSize(4) // the kit's 25-series listings span several pages
                .build();
        return server;
    }

    @Override
    protected String createCalendar() {
        return server.createCalendar("kit-" + ++calendars);
    }

    @Override
    protected ProviderTestHarness harness() {
        return new UserOnServer(server);
    }

    /** A user of the server: another client's writes, seen by the provider in its next delta. */
    static final class UserOnServer implements ProviderTestHarness {
        private final InMemoryCalendarProvider server;

        UserOnServer(InMemoryCalendarProvider server) {
            this.server = server;
        }

        @Override
        public void userPut(String calendarId, EventSeries series) {
            server.userPut(calendarId, series);
        }

        @Override
        public void userDelete(String calendarId, String uid) {
            server.userDelete(calendarId, uid);
        }

        @Override
        public void userEdit(String calendarId, String uid, UnaryOperator<EventSeries> edit) {
            server.userEdit(calendarId, uid, edit);
        }

        @Override
        public boolean userPutMalformed(String calendarId, String name) {
            server.userPutRaw(calendarId, name, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:no UID, no start\n");
            return true; // the kit's quarantine test runs
        }

        @Override
        public boolean invalidateSyncTokens(String calendarId) {
            return server.invalidateSyncTokens(calendarId); // the kit's rejected-token tests run
        }
    }
}
// provider-kit:end
