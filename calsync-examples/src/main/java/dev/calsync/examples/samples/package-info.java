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
 *       threads sharing one PostgreSQL store through the engine's leases;
 *   <li>{@link dev.calsync.examples.samples.CoreTour} and {@link
 *       dev.calsync.examples.samples.StoreSetup}: the README's tour of the core and the code of
 *       {@code docs/store.md};
 *   <li>{@link dev.calsync.examples.samples.GoogleSetup}, {@link
 *       dev.calsync.examples.samples.ICloudSetup} and {@link
 *       dev.calsync.examples.samples.CalDavServers}: providers for a Google account (user or service
 *       account), for iCloud and for any other CalDAV server ({@code docs/google-setup.md}, {@code
 *       docs/icloud-setup.md}, {@code docs/caldav-servers.md});
 *   <li>{@link dev.calsync.examples.samples.OperationsSchedulerLoop} and {@link
 *       dev.calsync.examples.samples.OperationsHealthCheck}: a scheduler that handles each exception
 *       as {@code docs/operations.md} says, and alerts from the health figures.
 * </ul>
 *
 * <p>Every Java block of the README and of {@code docs/} is a region of one of these classes (or
 * of a test), shown word for word; {@code DocSamplesTest} checks it.
 */
package dev.calsync.examples.samples;
