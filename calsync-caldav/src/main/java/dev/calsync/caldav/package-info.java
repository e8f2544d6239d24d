/**
 * A {@link dev.calsync.core.spi.CalendarProvider} for CalDAV servers (RFC 4791, RFC 6578): iCloud,
 * Radicale, Xandikos, sabre/dav. A series is one calendar resource (master and overrides); changes
 * are listed with sync-collection and fetched with calendar-multiget; writes carry the ETag read.
 */
package dev.calsync.caldav;
