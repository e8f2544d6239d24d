/**
 * The engine-only benchmark: {@link dev.calsync.core.sync.SyncEngine} between in-memory providers
 * and an in-memory mapping store. Run {@code calsync-bench/run-engine-bench.sh [--quick]}; see
 * {@code docs/performance.md}.
 */
package dev.calsync.bench.engine;
