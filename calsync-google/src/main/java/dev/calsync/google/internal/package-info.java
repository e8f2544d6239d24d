/**
 * Internals of the Google provider: the mapping between Google Calendar API v3 event resources
 * and calsync's event model ({@link dev.calsync.google.internal.GoogleEventMapper}). Not an API:
 * anything here may change without notice.
 */
package dev.calsync.google.internal;
