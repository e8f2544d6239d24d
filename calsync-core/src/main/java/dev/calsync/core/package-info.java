/**
 * calsync's provider-neutral core.
 *
 * <p>Subpackages, one per concept: {@link dev.calsync.core.event} (the immutable event model),
 * {@link dev.calsync.core.canonical} (canonical form and content hash), {@link
 * dev.calsync.core.recurrence} (grouping components into series), {@link dev.calsync.core.id}
 * (deterministic Google event ids) and {@link dev.calsync.core.conflict} (conflict resolution).
 * Nothing here performs I/O: every decision is a function of values.
 */
package dev.calsync.core;
