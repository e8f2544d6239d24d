#!/usr/bin/env bash
# CalDAV provider request economy on real Radicale and Xandikos (seeded on disk) and on the CalDAV
# emulator (default and iCloud options): HTTP requests and bytes received for a first sync, a
# no-change sync, 1% changed on CalDAV and 1% changed on the other side, at each size.
# Usage: calsync-bench/run-caldav-bench.sh [events...] [--targets=radicale,xandikos,emulator,emulator-icloud]
# (default: 1000 5000, every target). Needs scripts/install-caldav-servers.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source calsync-bench/bench-build.sh
bench_build
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$BENCH_CP" \
  dev.calsync.bench.CalDavRequestBenchmark "$@"
