package dev.calsync.google;

import dev.calsync.testkit.google.GoogleEmulatorOptions;
import org.junit.jupiter.api.DisplayName;

/** The provider passes the compatibility kit on the emulator when the emulator's defaults: import upserts, id with iCalUID refused, restore by PUT, time-only sequence bumps, documented instance ids. */
@DisplayName(
        "Google provider kit: the emulator's defaults: import upserts, id with iCalUID refused, restore by PUT, time-only sequence bumps, documented instance ids")
class GoogleDefaultsCompatibilityTest extends GoogleProviderCompatibilityKit {
    @Override
    protected GoogleEmulatorOptions options() {
        return GoogleEmulatorOptions.defaults();
    }
}
