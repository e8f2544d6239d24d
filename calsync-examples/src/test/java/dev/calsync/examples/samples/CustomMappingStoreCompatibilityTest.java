package dev.calsync.examples.samples;

import dev.calsync.core.spi.MappingStore;
import dev.calsync.testkit.contract.MappingStoreCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CustomMappingStore} keeps the {@link MappingStore} contract: every test of the testkit's
 * kit runs against a fresh store saved in a temporary directory ({@code docs/spi.md} shows this
 * class).
 */
// store-kit:begin
class CustomMappingStoreCompatibilityTest extends MappingStoreCompatibilityKit {
    @TempDir
    Path dir;

    @Override
    protected MappingStore createStore() {
        return CustomMappingStore.open(dir.resolve("calsync-store.json")); // new and empty
    }
}
// store-kit:end
