package dev.calsync.testkit.memory;

import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.testkit.contract.CalendarProviderCompatibilityKit;
import dev.calsync.testkit.contract.ProviderTestHarness;

/** {@link InMemoryCalendarProvider} in {@link InMemoryCalendarProvider.StorageMode#EVENT_ENTITIES} keeps the provider contract. */
class InMemoryEventEntitiesProviderCompatibilityTest extends CalendarProviderCompatibilityKit {
    private InMemoryCalendarProvider server;
    private int calendars;

    @Override
    protected CalendarProvider createProvider() {
        // Small pages, so that the kit's listings span several of them.
        server = InMemoryCalendarProvider.builder()
                .kind("google")
                .storage(InMemoryCalendarProvider.StorageMode.EVENT_ENTITIES)
                .pageSize(4)
                .build();
        return server;
    }

    @Override
    protected String createCalendar() {
        return server.createCalendar("kit-" + ++calendars);
    }

    @Override
    protected ProviderTestHarness harness() {
        return server;
    }
}
