/**
 * Compiled, tested code samples for host applications: each class is meant to be read and copied.
 *
 * <ul>
 *   <li>{@link dev.calsync.examples.samples.AssembleSync}: a Google calendar and a CalDAV calendar
 *       kept in sync through a SQLite store, in about twenty lines (the code of {@code
 *       docs/quickstart.md});
 *   <li>{@link dev.calsync.examples.samples.CustomMappingStore}: a mapping store of one's own, kept
 *       in memory and saved to a JSON file on every commit, validated by the testkit's store kit;
 *   <li>{@link dev.calsync.examples.samples.CustomConflictCallback}: a conflict policy of one's own
 *       ("Google wins for my domain's meetings, otherwise the standard rules");
 *   <li>{@link dev.calsync.examples.samples.ManyPairsWorkers}: many pairs synced by several worker
 *       threads sharing one PostgreSQL store through the engine's leases.
 * </ul>
 */
package dev.calsync.examples.samples;
