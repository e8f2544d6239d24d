/**
 * The stateful property suite of calsync's sync: random histories of user edits on both sides,
 * injected faults, crashes and syncs, checked after every sync against the properties P1–P7 of
 * {@link dev.calsync.testkit.sync.SyncMachine}. Runnable against any two providers and any store
 * through a {@link dev.calsync.testkit.sync.SyncSubject}.
 *
 * <p>From QuickTheories:
 *
 * <pre>{@code
 * qt().withExamples(500).forAll(CalendarGens.gen(Histories.generator()))
 *     .checkAssert(history -> SyncMachine.check(history, () -> mySubject()));
 * }</pre>
 *
 * <p>From anything else, draw histories from a plain {@code java.util.Random}: {@code
 * Histories.generator().apply(Source.of(new Random(seed)))}.
 */
package dev.calsync.testkit.sync;
