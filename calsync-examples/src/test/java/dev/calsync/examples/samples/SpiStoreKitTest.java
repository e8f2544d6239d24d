package dev.calsync.examples.samples;

import dev.calsync.core.spi.MappingStore;
import dev.calsync.testkit.contract.MappingStoreCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mapping store compatibility kit run as {@code docs/spi.md} shows it, against {@link
 * CustomMappingStore}: every test of the kit gets a fresh store in a temporary directory.
 */
// store-kit:begin
class SpiStoreKitTest extends MappingStoreCompatibilityKit {
    @TempDir
    Path dir;

    @Override
    protected MappingStore createStore() {
        return CustomMappingStore.open(dir.resolve("calsync-store.json")); // new and empty
    }
}
// store-kit:end
