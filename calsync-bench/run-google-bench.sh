#!/usr/bin/env bash
# Google provider request economy on the Google emulator: HTTP requests per sync for a no-change
# sync and for N events copied each way. Usage: calsync-bench/run-google-bench.sh [events]
set -euo pipefail
cd "$(dirname "$0")/.."
source calsync-bench/bench-build.sh
bench_build
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$BENCH_CP" \
  dev.calsync.bench.GoogleRequestBenchmark "$@"
