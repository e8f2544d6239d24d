/**
 * A local emulator of the Google Calendar API v3 (events), for testing Google providers without
 * reaching Google: {@link dev.calsync.testkit.google.GoogleCalendarEmulator} serves real HTTP on
 * 127.0.0.1 and follows the behaviour spec GOOGLE-API.md point by point, including the wire quirks of
 * Google's Java client (gzip and chunked request bodies, PATCH as POST with {@code
 * X-HTTP-Method-Override}, {@code %40} in calendar ids, batch parts with absolute URLs), full and
 * incremental sync (page tokens, sync tokens, 410 {@code fullSyncRequired}), recurring events with
 * instances and exceptions, If-Match/If-None-Match, batch requests and Google's exact error bodies.
 *
 * <p>Where the real service's behaviour is uncertain, {@link
 * dev.calsync.testkit.google.GoogleEmulatorOptions} has a switch per variant (import of an existing
 * iCalUID, id and iCalUID together on insert, update of a deleted event, which changes bump {@code
 * sequence}, the instance-id format, whether restricted full listings end with a sync token), so a
 * client can be tested against each. Test hooks act "as another client" ({@code userInsert}, {@code
 * userPatch}, {@code userUpdate}, {@code userDelete}), store malformed items ({@code putRaw}),
 * invalidate sync tokens, and inject Google's faults ({@link dev.calsync.testkit.google.GoogleFaults},
 * {@link dev.calsync.testkit.google.GoogleApiFault}), inside batch parts too.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
 * try (GoogleCalendarEmulator google = GoogleCalendarEmulator.start(
 *         GoogleEmulatorOptions.builder().clock(clock).build())) {
 *     String cal = google.createCalendar("c1@group.calendar.google.com", ZoneId.of("Europe/Berlin"));
 *     Calendar client = new Calendar.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
 *                     request -> request.getHeaders().setAuthorization("Bearer test"))
 *             .setRootUrl(google.rootUrl())
 *             .setApplicationName("tests")
 *             .build();
 *     google.faults().failNext(1, GoogleApiFault.rateLimitExceeded429(Duration.ofSeconds(2)));
 *     Events page = client.events().list(cal).setShowDeleted(true).execute(); // 429, then retry...
 * }
 * }</pre>
 *
 * <p>The conformance tests of this package ({@code *ConformanceTest}, one per section of
 * GOOGLE-API.md) drive the emulator through Google's own Java client.
 */
package dev.calsync.testkit.google;
