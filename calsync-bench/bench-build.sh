# Sourced by the run-*.sh scripts (from the repository root): bench_build builds calsync-bench with
# the calsync modules it measures and sets BENCH_CP, the classpath to run a benchmark with.
#   CALSYNC_BENCH_BUILT=1       already built (run-all.sh builds once, then runs every script)
#   CALSYNC_BENCH_NO_INSTALL=1  build calsync-bench alone against the calsync modules already in
#                               ~/.m2, instead of installing them all first
bench_build() {
  if [ "${CALSYNC_BENCH_BUILT:-0}" != 1 ]; then
    if [ "${CALSYNC_BENCH_NO_INSTALL:-0}" = 1 ]; then
      ./mvnw -q -B -pl calsync-bench package -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true
    else
      ./mvnw -q -B -pl calsync-bench -am install -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true
    fi
    ./mvnw -q -B -pl calsync-bench dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
      -Dmdep.includeScope=runtime >/dev/null
  fi
  BENCH_CP="calsync-bench/target/classes:$(cat calsync-bench/target/bench-classpath.txt)"
}
