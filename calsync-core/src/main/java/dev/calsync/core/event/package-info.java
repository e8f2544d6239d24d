/**
 * The immutable event model shared by every provider: {@link dev.calsync.core.event.EventComponent}
 * (one VEVENT), {@link dev.calsync.core.event.EventSeries} (a master with its overrides and
 * cancelled occurrences), {@link dev.calsync.core.event.EventKey}, {@link
 * dev.calsync.core.event.RecurrenceId} and {@link dev.calsync.core.event.EventTime}.
 *
 * <p>All types are immutable and safe to share between threads.
 */
package dev.calsync.core.event;
