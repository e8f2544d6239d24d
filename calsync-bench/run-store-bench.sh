#!/usr/bin/env bash
# Mapping-store benchmark: lookups and upserts per second on SQLite and PostgreSQL at 10^4 and
# 10^6 mappings. Usage: calsync-bench/run-store-bench.sh [--quick] [--postgres JDBC_URL]
# PostgreSQL defaults to jdbc:postgresql://127.0.0.1:5432/test as user postgres (trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."
source calsync-bench/bench-build.sh
bench_build
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$BENCH_CP" \
  dev.calsync.bench.StoreBenchmark "$@"
