/**
 * Real CalDAV servers for integration tests: {@link dev.calsync.testkit.servers.LocalCalDavServer}
 * starts Radicale or Xandikos (Debian packages, installed by {@code scripts/install-caldav-servers.sh})
 * on 127.0.0.1 and an ephemeral port, and {@link dev.calsync.testkit.servers.LocalCalDavServerExtension}
 * runs one per JUnit 5 test class.
 */
package dev.calsync.testkit.servers;
