#!/usr/bin/env bash
# Request economy of a whole pair: the Google provider on the Google emulator <-> the CalDAV
# provider on the CalDAV emulator (default and iCloud options), requests per side vs the floor.
# Usage: calsync-bench/run-pair-bench.sh [--quick] [--events N]   (default 1000 events)
set -euo pipefail
cd "$(dirname "$0")/.."
source calsync-bench/bench-build.sh
bench_build
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$BENCH_CP" \
  dev.calsync.bench.pair.EmulatorPairBenchmark "$@"
