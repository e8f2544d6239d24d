#!/usr/bin/env bash
# Every calsync benchmark, one after the other, into one Markdown report:
#   calsync-bench/run-all.sh [--quick]
# prints the report and writes it to calsync-bench/target/bench-report.md. Run it on a quiet
# machine: timings are compared within the run (calsync against vdirsyncer measured alongside).
# A full run takes about 35 minutes on 2 cores; --quick about 6.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    *) echo "usage: calsync-bench/run-all.sh [--quick]" >&2; exit 2 ;;
  esac
done
scripts/install-caldav-servers.sh >/dev/null
source calsync-bench/bench-build.sh
bench_build
export CALSYNC_BENCH_BUILT=1
report=calsync-bench/target/bench-report.md
{
  echo "# calsync benchmarks, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
  echo
} >"$report"
run() {
  local title="$1"; shift
  echo "## $title" | tee -a "$report"
  echo | tee -a "$report"
  echo "\`$*\`" | tee -a "$report"
  echo | tee -a "$report"
  local start=$SECONDS
  "$@" 2>&1 | tee -a "$report"
  echo | tee -a "$report"
  echo "($((SECONDS - start)) s)" | tee -a "$report"
  echo | tee -a "$report"
}
if [ "$quick" = 1 ]; then
  run "Engine only (in-memory providers and store)" calsync-bench/run-engine-bench.sh --quick
  run "Google emulator <-> CalDAV emulator: requests against the floor" calsync-bench/run-pair-bench.sh --quick
  run "calsync vs vdirsyncer on real CalDAV servers" calsync-bench/run-vdirsyncer-bench.sh --quick
  run "Mapping store" calsync-bench/run-store-bench.sh --quick
else
  run "Engine only (in-memory providers and store)" calsync-bench/run-engine-bench.sh
  run "Google emulator <-> CalDAV emulator: requests against the floor" calsync-bench/run-pair-bench.sh
  run "calsync vs vdirsyncer on real CalDAV servers" calsync-bench/run-vdirsyncer-bench.sh
  run "Mapping store" calsync-bench/run-store-bench.sh --quick
  run "Google provider request economy" calsync-bench/run-google-bench.sh 1000
fi
echo "Report: $report"
