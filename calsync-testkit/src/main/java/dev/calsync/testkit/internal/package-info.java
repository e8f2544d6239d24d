/**
 * What the testkit's emulators share (percent-decoding of request paths, the parts of an RRULE).
 * Not an API: anything here may change without notice.
 */
package dev.calsync.testkit.internal;
