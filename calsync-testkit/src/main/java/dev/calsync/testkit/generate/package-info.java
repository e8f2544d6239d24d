/**
 * Generators of calendar data for property tests: UIDs, times of all four kinds in zones with
 * daylight saving (gap and overlap times included), attendees, reminders, categories, extras,
 * single events, all-day events, series masters with RRULE / RDATE / EXDATE, overrides, cancelled
 * occurrences, whole series and provider listings.
 *
 * <p>Every generator is a {@link dev.calsync.testkit.generate.Generator}, a function of a {@link
 * dev.calsync.testkit.generate.Source} of random choices, written once and usable from any tool:
 *
 * <p><b>From QuickTheories</b> (what calsync's own properties use), through {@link
 * dev.calsync.testkit.generate.CalendarGens}, with shrinking:
 *
 * <pre>{@code
 * import static org.quicktheories.QuickTheory.qt;
 *
 * qt().withExamples(500)
 *     .forAll(CalendarGens.recurringSeries())
 *     .checkAssert(series -> ...);
 *
 * // any generator, also one composed by hand:
 * Gen<EventComponent> gen = CalendarGens.gen(EventGenerators.masters());
 * }</pre>
 *
 * <p><b>From a plain {@link java.util.Random}</b>, e.g. in an example-based test, a fuzzing loop,
 * or another property-testing library an integrator prefers (jqwik, junit-quickcheck, ...: wrap
 * the library's seeded {@code Random} in a source). The same seed gives the same values:
 *
 * <pre>{@code
 * Source source = Source.of(new Random(42));
 * EventSeries series = EventGenerators.series().apply(source);
 * }</pre>
 *
 * <p>Generated values are valid for calsync's model and lean towards the cases that break calendar
 * code. Generators are stateless and thread-safe; sources are not (one per thread).
 */
package dev.calsync.testkit.generate;
