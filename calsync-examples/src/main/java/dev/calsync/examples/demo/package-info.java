/**
 * {@code calsync demo}: a two-way sync between the test kit's Google Calendar emulator and its
 * CalDAV emulator in iCloud mode, on loopback, with nothing to install. {@link
 * dev.calsync.examples.demo.Demo} runs it; {@link dev.calsync.examples.demo.Workload} is the seeded
 * mix of events; {@link dev.calsync.examples.demo.GoogleUser} and {@link
 * dev.calsync.examples.demo.ICloudUser} act on each side as its own apps would, behind calsync's
 * back; {@link dev.calsync.examples.demo.SeriesCheck} is the final comparison. See {@code
 * docs/demo.md}.
 */
package dev.calsync.examples.demo;
