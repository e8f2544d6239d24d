/**
 * The service-provider interfaces a host application plugs into the sync engine: {@link
 * dev.calsync.core.spi.CalendarProvider} (one per kind of calendar service), {@link
 * dev.calsync.core.spi.MappingStore} (where calsync remembers what it synced) and {@link
 * dev.calsync.core.spi.SyncListener} (progress and outcome events). Conflict policies plug in through
 * {@link dev.calsync.core.conflict.ConflictResolver}.
 *
 * <p>Custom implementations prove themselves by subclassing the compatibility kits in {@code
 * calsync-testkit}.
 */
package dev.calsync.core.spi;
