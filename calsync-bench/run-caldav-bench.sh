#!/usr/bin/env bash
# CalDAV provider request economy on real Radicale and Xandikos (seeded on disk) and on the CalDAV
# emulator (default and iCloud options): HTTP requests and bytes received for a first sync, a
# no-change sync, 1% changed on CalDAV and 1% changed on the other side, at each size.
# Usage: calsync-bench/run-caldav-bench.sh [events...] [--targets=radicale,xandikos,emulator,emulator-icloud]
# (default: 1000 5000, every target). Needs scripts/install-caldav-servers.sh.
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
  dev.calsync.bench.CalDavRequestBenchmark "$@"
