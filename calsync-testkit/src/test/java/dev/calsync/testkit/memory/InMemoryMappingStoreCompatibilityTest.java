package dev.calsync.testkit.memory;

import dev.calsync.core.spi.MappingStore;
import dev.calsync.testkit.contract.MappingStoreCompatibilityKit;

/** {@link InMemoryMappingStore} keeps the {@link MappingStore} contract. */
class InMemoryMappingStoreCompatibilityTest extends MappingStoreCompatibilityKit {
    @Override
    protected MappingStore createStore() {
        return new InMemoryMappingStore();
    }
}
