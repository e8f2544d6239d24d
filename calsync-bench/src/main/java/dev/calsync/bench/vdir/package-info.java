/**
 * calsync against vdirsyncer on real CalDAV servers (Radicale, Xandikos): the workload, the sync
 * process calsync runs as, and the benchmark that measures both. Run {@code
 * calsync-bench/run-vdirsyncer-bench.sh}.
 */
package dev.calsync.bench.vdir;
