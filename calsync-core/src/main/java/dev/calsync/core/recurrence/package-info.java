/** Grouping components that arrive in any order, across pages, into {@link dev.calsync.core.event.EventSeries}. */
package dev.calsync.core.recurrence;
