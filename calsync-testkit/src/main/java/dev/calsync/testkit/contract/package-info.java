/**
 * Compatibility kits: abstract JUnit 5 classes that state the contracts of calsync's SPIs as tests.
 * An implementation proves itself by a subclass that supplies instances: {@link
 * dev.calsync.testkit.contract.MappingStoreCompatibilityKit} for a {@code MappingStore}, {@link
 * dev.calsync.testkit.contract.CalendarProviderCompatibilityKit} for a {@code CalendarProvider}
 * (with a {@link dev.calsync.testkit.contract.ProviderTestHarness} to act on its server as a
 * user).
 */
package dev.calsync.testkit.contract;
