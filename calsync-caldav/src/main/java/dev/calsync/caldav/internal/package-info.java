/**
 * Internals of the CalDAV provider, such as the iCalendar codec ({@link
 * dev.calsync.caldav.internal.ICalendarCodec}). Not an API: anything here may change without
 * notice.
 */
package dev.calsync.caldav.internal;
