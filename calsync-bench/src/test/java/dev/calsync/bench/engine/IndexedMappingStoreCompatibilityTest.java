package dev.calsync.bench.engine;

import dev.calsync.core.spi.MappingStore;
import dev.calsync.testkit.contract.MappingStoreCompatibilityKit;

/** The benchmark's {@link IndexedMappingStore} keeps the {@link MappingStore} contract. */
class IndexedMappingStoreCompatibilityTest extends MappingStoreCompatibilityKit {
    @Override
    protected MappingStore createStore() {
        return new IndexedMappingStore();
    }
}
