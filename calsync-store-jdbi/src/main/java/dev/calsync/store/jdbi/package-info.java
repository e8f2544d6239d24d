/**
 * calsync's {@link dev.calsync.core.spi.MappingStore} in a relational database: {@link
 * dev.calsync.store.jdbi.JdbiMappingStore} on SQLite (the embedded default) or PostgreSQL (many
 * workers), with its schema migrated by Flyway, and the exceptions that say why a database could
 * not be opened ({@link dev.calsync.store.jdbi.StoreOpenException} and its subclasses) or failed in
 * use ({@link dev.calsync.store.jdbi.StoreAccessException}).
 */
package dev.calsync.store.jdbi;
