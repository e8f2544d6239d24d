package dev.calsync.testkit.memory;

import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.testkit.contract.CalendarProviderCompatibilityKit;
import dev.calsync.testkit.contract.ProviderTestHarness;

/**
 * {@link InMemoryCalendarProvider} in {@link InMemoryCalendarProvider.StorageMode#SERIES_RESOURCES}
 * keeps the provider contract ({@code docs/spi.md} shows this class as the way to run the kit).
 */
// provider-kit:begin
class InMemorySeriesResourcesProviderCompatibilityTest extends CalendarProviderCompatibilityKit {
    private InMemoryCalendarProvider server;
    private int calendars;

    @Override
    protected CalendarProvider createProvider() {
        server = InMemoryCalendarProvider.builder()
                .kind("caldav")
                .storage(InMemoryCalendarProvider.StorageMode.SERIES_RESOURCES)
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
        // The in-memory server is its own harness: its userPut, userDelete, userEdit,
        // userPutMalformed and invalidateSyncTokens act as another client would.
        return server;
    }
}
// provider-kit:end
