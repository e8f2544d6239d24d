/**
 * Importing the seed's Python tool's database ({@code calendar_mappings} and {@code event_mappings},
 * on SQLite or PostgreSQL) into any calsync {@link dev.calsync.core.spi.MappingStore}, so that the
 * first calsync sync recognises the event pairs the seed made: {@link
 * dev.calsync.store.jdbi.seedimport.SeedImport}, its {@link
 * dev.calsync.store.jdbi.seedimport.SeedImportReport}, and {@link
 * dev.calsync.store.jdbi.seedimport.SeedImportException}, which names the row and the problem when
 * the seed's data cannot be imported.
 */
package dev.calsync.store.jdbi.seedimport;
