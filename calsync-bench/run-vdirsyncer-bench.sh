#!/usr/bin/env bash
# calsync against vdirsyncer 0.19 (Debian package) on real Radicale and Xandikos: initial copy,
# no-change sync, 1% churn and a two-sided conflict, each tool as its own process through a
# counting proxy; wall time, client CPU, peak RSS, requests, bytes, server CPU, correctness check.
# See docs/performance.md.
# Usage: calsync-bench/run-vdirsyncer-bench.sh [--quick] [--runs N] [--events N[,N...]]
#          [--servers radicale,xandikos] [--initial-copy | --adopt] [--seed S] [--jfr DIR]
#          [--calsync-jvm-options "OPTS"] [--plan-only]
# (default: Radicale 1,000 events x 3 runs and 5,000 x 1 run, Xandikos 1,000 x 1 run; --quick:
# Radicale 200 events, 1 run). Installs vdirsyncer, time, Radicale and Xandikos if missing (root or
# password-less sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-caldav-servers.sh

if ! command -v vdirsyncer >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
  command -v apt-get >/dev/null 2>&1 || { echo "apt-get not found: install vdirsyncer and time yourself" >&2; exit 1; }
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    SUDO=(sudo -n env DEBIAN_FRONTEND=noninteractive)
  else
    echo "vdirsyncer or /usr/bin/time is missing and this needs root or password-less sudo to install them:" \
      "sudo apt-get install -y vdirsyncer time" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! "${SUDO[@]}" apt-get install -y --no-install-recommends vdirsyncer time; then
    "${SUDO[@]}" apt-get update
    "${SUDO[@]}" apt-get install -y --no-install-recommends vdirsyncer time
  fi
fi

source calsync-bench/bench-build.sh
bench_build
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$BENCH_CP" \
  dev.calsync.bench.vdir.VdirsyncerBenchmark "$@"
