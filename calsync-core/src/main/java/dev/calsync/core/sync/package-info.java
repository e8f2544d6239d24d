/**
 * The sync engine: {@link dev.calsync.core.sync.SyncEngine} assembled from two {@link
 * dev.calsync.core.spi.CalendarProvider}s and a {@link dev.calsync.core.spi.MappingStore}, run per
 * pair with {@link dev.calsync.core.sync.SyncOptions}, returning a {@link
 * dev.calsync.core.sync.SyncReport}.
 */
package dev.calsync.core.sync;
