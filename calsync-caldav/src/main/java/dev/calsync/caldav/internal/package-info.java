/**
 * Internals of the CalDAV provider: the WebDAV/CalDAV wire layer ({@link
 * dev.calsync.caldav.internal.DavClient} over Apache HttpClient 5, secure XML parsing in {@link
 * dev.calsync.caldav.internal.DavXml}, multistatus and error bodies, href rules in {@link
 * dev.calsync.caldav.internal.Hrefs}, request bodies in {@link
 * dev.calsync.caldav.internal.DavRequests}) and the iCalendar codec ({@link
 * dev.calsync.caldav.internal.ICalendarCodec}). Not an API: anything here may change without
 * notice.
 */
package dev.calsync.caldav.internal;
