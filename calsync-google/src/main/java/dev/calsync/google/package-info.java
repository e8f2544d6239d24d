/**
 * calsync's {@link dev.calsync.core.spi.CalendarProvider} for Google Calendar API v3.
 */
package dev.calsync.google;
