package dev.calsync.google;

import dev.calsync.testkit.google.GoogleEmulatorOptions;
import dev.calsync.testkit.google.GoogleEmulatorOptions.ImportOfExistingUid;
import org.junit.jupiter.api.DisplayName;

/** The provider passes the compatibility kit on the emulator when import of an existing iCalUID answers 409. */
@DisplayName("Google provider kit: import of an existing iCalUID answers 409")
class GoogleImportConflictsCompatibilityTest extends GoogleProviderCompatibilityKit {
    @Override
    protected GoogleEmulatorOptions options() {
        return GoogleEmulatorOptions.builder()
                .importOfExistingUid(ImportOfExistingUid.CONFLICT)
                .build();
    }
}
