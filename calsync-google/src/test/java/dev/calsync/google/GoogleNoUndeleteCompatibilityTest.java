package dev.calsync.google;

import dev.calsync.testkit.google.GoogleEmulatorOptions;
import dev.calsync.testkit.google.GoogleEmulatorOptions.ImportOfExistingUid;
import dev.calsync.testkit.google.GoogleEmulatorOptions.UpdateOfDeleted;
import org.junit.jupiter.api.DisplayName;

/** The provider passes the compatibility kit on the emulator when an update of a deleted event answers 403, and import of an existing iCalUID 409. */
@DisplayName("Google provider kit: an update of a deleted event answers 403, and import of an existing iCalUID 409")
class GoogleNoUndeleteCompatibilityTest extends GoogleProviderCompatibilityKit {
    @Override
    protected GoogleEmulatorOptions options() {
        return GoogleEmulatorOptions.builder()
                .updateOfDeleted(UpdateOfDeleted.FORBIDDEN)
                .importOfExistingUid(ImportOfExistingUid.CONFLICT)
                .build();
    }
}
