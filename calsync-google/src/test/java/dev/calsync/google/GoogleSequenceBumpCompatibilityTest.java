package dev.calsync.google;

import dev.calsync.testkit.google.GoogleEmulatorOptions;
import dev.calsync.testkit.google.GoogleEmulatorOptions.SequenceBump;
import org.junit.jupiter.api.DisplayName;

/** The provider passes the compatibility kit on the emulator when every significant change bumps the sequence. */
@DisplayName("Google provider kit: every significant change bumps the sequence")
class GoogleSequenceBumpCompatibilityTest extends GoogleProviderCompatibilityKit {
    @Override
    protected GoogleEmulatorOptions options() {
        return GoogleEmulatorOptions.builder()
                .sequenceBump(SequenceBump.SIGNIFICANT)
                .build();
    }
}
