/**
 * The pair benchmark: the Google provider on the Google emulator synced with the CalDAV provider on
 * the CalDAV emulator, requests per side against each scenario's floor. Run {@code
 * calsync-bench/run-pair-bench.sh}.
 */
package dev.calsync.bench.pair;
