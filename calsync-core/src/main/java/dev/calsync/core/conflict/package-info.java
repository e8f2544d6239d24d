/**
 * Conflict resolution: when both sides changed the same component since the last sync, which side
 * wins, and which rule decided ({@link dev.calsync.core.conflict.DecidingRule}).
 */
package dev.calsync.core.conflict;
