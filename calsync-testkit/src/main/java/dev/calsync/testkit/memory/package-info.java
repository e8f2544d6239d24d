/**
 * In-memory implementations of calsync's SPIs for tests: {@link
 * dev.calsync.testkit.memory.InMemoryCalendarProvider}, a calendar server that behaves like Google
 * Calendar or a CalDAV server (tokens, paging, ETags, preconditions) and injects their faults on
 * demand ({@link dev.calsync.testkit.memory.Faults}), and {@link
 * dev.calsync.testkit.memory.InMemoryMappingStore}, a transactional mapping store. Both pass the
 * compatibility kits of {@code dev.calsync.testkit.contract}.
 */
package dev.calsync.testkit.memory;
