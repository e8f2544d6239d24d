/**
 * A local CalDAV server for tests: {@link dev.calsync.testkit.caldav.CalDavEmulator} serves real
 * HTTP on 127.0.0.1 and behaves like Radicale 3.1.8 as observed in CALDAV.md §6.5 (paths {@code
 * /<user>/<calendar>/}, 201 on every successful PUT, 409 {@code no-uid-conflict}, 403 {@code
 * valid-sync-token}, 404s for deleted members even in initial syncs, content-hash sync tokens), with
 * one switch per iCloud quirk in {@link dev.calsync.testkit.caldav.CalDavEmulatorOptions}: the
 * calendar home on another host, the collection and duplicate hrefs in sync results, multiget 404s
 * right after a sync (eventual consistency), a bare 403 for a bad token (or 409, 410, Xandikos' 500),
 * no ETag on PUT, UIDs unique across calendars, 404 for a VEVENT without DTEND, no sync-collection
 * at all, and sync results truncated with a 507.
 *
 * <p>Test hooks act as another client ({@code userPut}, {@code userDelete}), read what is stored
 * ({@code resource}), invalidate sync tokens, inject 503s and dropped connections ({@link
 * dev.calsync.testkit.caldav.CalDavFaults}) and log every request with the bytes sent back ({@link
 * dev.calsync.testkit.caldav.RecordedRequest}), for request-economy benchmarks.
 *
 * <p>The conformance tests of this package ({@code *ConformanceTest}) drive the emulator with the
 * JDK HttpClient and raw XML.
 */
package dev.calsync.testkit.caldav;
