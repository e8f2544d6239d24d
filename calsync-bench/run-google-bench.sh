#!/usr/bin/env bash
# Google provider request economy on the Google emulator: HTTP requests per sync for a no-change
# sync and for N events copied each way. Usage: calsync-bench/run-google-bench.sh [events]
set -euo pipefail
cd "$(dirname "$0")/.."
# run-all.sh builds once and sets CALSYNC_BENCH_BUILT=1.
if [ "${CALSYNC_BENCH_BUILT:-0}" != 1 ]; then
  ./mvnw -q -B -pl calsync-bench -am install -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true
  ./mvnw -q -B -pl calsync-bench dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=runtime >/dev/null
fi
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "calsync-bench/target/classes:$(cat calsync-bench/target/bench-classpath.txt)" \
  dev.calsync.bench.GoogleRequestBenchmark "$@"
