package dev.calsync.google;

import dev.calsync.testkit.google.GoogleEmulatorOptions;
import dev.calsync.testkit.google.GoogleEmulatorOptions.InstanceIdFormat;
import org.junit.jupiter.api.DisplayName;

/** The provider passes the compatibility kit on the emulator when instance ids in an undocumented format. */
@DisplayName("Google provider kit: instance ids in an undocumented format")
class GoogleOpaqueInstanceIdsCompatibilityTest extends GoogleProviderCompatibilityKit {
    @Override
    protected GoogleEmulatorOptions options() {
        return GoogleEmulatorOptions.builder()
                .instanceIdFormat(InstanceIdFormat.OPAQUE)
                .build();
    }
}
