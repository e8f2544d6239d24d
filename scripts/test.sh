#!/usr/bin/env bash
# The project's test command (README, .ci/run): every module's tests, then the artifacts as a
# user meets them.
#   1. ./mvnw install: unit, property and end-to-end tests and the examples' integration test, and
#      the artifacts into the local repository;
#   2. consumer-tests/: a separate Maven project that imports only calsync-bom and the published
#      artifacts, and syncs the Google and CalDAV emulators through a SQLite store;
#   3. scripts/check-release-bundle.sh: the Maven Central bundle, built twice with the upload
#      skipped, checked and compared.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw install

version="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
./mvnw -f consumer-tests/pom.xml -Dcalsync.version="$version" verify

scripts/check-release-bundle.sh
