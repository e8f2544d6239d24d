/**
 * The store's implementation: SQL, dialects, codecs and migrations. Not API: anything here may change
 * in any release.
 */
package dev.calsync.store.jdbi.internal;
