package dev.calsync.google;

import dev.calsync.testkit.google.GoogleEmulatorOptions;
import dev.calsync.testkit.google.GoogleEmulatorOptions.InsertWithIdAndICalUid;
import org.junit.jupiter.api.DisplayName;

/** The provider passes the compatibility kit on the emulator when an insert with both id and iCalUID is accepted. */
@DisplayName("Google provider kit: an insert with both id and iCalUID is accepted")
class GoogleIdWithICalUidCompatibilityTest extends GoogleProviderCompatibilityKit {
    @Override
    protected GoogleEmulatorOptions options() {
        return GoogleEmulatorOptions.builder()
                .insertWithIdAndICalUid(InsertWithIdAndICalUid.ACCEPT)
                .build();
    }
}
