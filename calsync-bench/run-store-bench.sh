#!/usr/bin/env bash
# Mapping-store benchmark: lookups and upserts per second on SQLite and PostgreSQL at 10^4 and
# 10^6 mappings. Usage: calsync-bench/run-store-bench.sh [--quick] [--postgres JDBC_URL]
# PostgreSQL defaults to jdbc:postgresql://127.0.0.1:5432/test as user postgres (trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."
# run-all.sh builds once and sets CALSYNC_BENCH_BUILT=1.
if [ "${CALSYNC_BENCH_BUILT:-0}" != 1 ]; then
  ./mvnw -q -B -pl calsync-bench -am package -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true
  ./mvnw -q -B -pl calsync-bench dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=runtime >/dev/null
fi
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "calsync-bench/target/classes:$(cat calsync-bench/target/bench-classpath.txt)" \
  dev.calsync.bench.StoreBenchmark "$@"
