#!/usr/bin/env bash
# Engine-only benchmark: SyncEngine between two in-memory providers (A Google-like, B CalDAV-like)
# and an in-memory mapping store. Initial sync of 100,000 series (series/s, components/s), 1%
# churn, incremental-sync cost at 1k / 10k / 100k series on two stores, and the peak heap of the
# 100,000-series initial sync in a child JVM with -Xmx256m. See docs/performance.md.
# Usage: calsync-bench/run-engine-bench.sh [--quick] [--jfr] [--size N] [--runs N] [--no-heap]
# (--quick: 10,000 series, about a minute; the full run takes a few minutes on 2 cores.
#  --jfr: also record a JFR profile of the benchmark JVM to calsync-bench/target/engine-bench.jfr.)
set -euo pipefail
cd "$(dirname "$0")/.."
jvm=(-Xmx3g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
args=()
for a in "$@"; do
  if [[ "$a" == "--jfr" ]]; then
    jvm+=("-XX:StartFlightRecording=filename=calsync-bench/target/engine-bench.jfr,settings=profile")
  else
    args+=("$a")
  fi
done
source calsync-bench/bench-build.sh
bench_build
echo "command: java ${jvm[*]} dev.calsync.bench.engine.EngineBenchmark ${args[*]:-}" >&2
exec java "${jvm[@]}" -cp "$BENCH_CP" \
  dev.calsync.bench.engine.EngineBenchmark "${args[@]}"
