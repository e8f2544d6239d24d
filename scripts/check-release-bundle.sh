#!/usr/bin/env bash
# Builds the Maven Central bundle as a release would, with the upload skipped and without a
# signing key, twice, from two copies of the tracked tree at the release version (the pom's version
# without -SNAPSHOT), and checks it with scripts/check_release_bundle.py: every published module
# with its jar, sources, Javadoc and pom; nothing else; no SNAPSHOT; complete POM metadata; the
# BOM listing exactly the published artifacts; and byte-identical jars from the two builds.
#
# Usage: scripts/check-release-bundle.sh   (about 3 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/calsync-release-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

snapshot="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)"
release="${snapshot%-SNAPSHOT}"
echo "check-release-bundle: building the bundle of calsync $release twice (from $snapshot)"

build() {
  local dir="$work/$1"
  mkdir -p "$dir"
  (cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -x -C "$dir"
  find "$dir" -name pom.xml -exec sed -i "s/$snapshot/$release/g" {} +
  (cd "$dir" && ./mvnw -q -B -s scripts/release-settings.xml -Prelease \
      -DskipTests -Dgpg.skip=true -DskipUpload=true -Dmaven.install.skip=true \
      -Dspotless.check.skip=true -Djacoco.skip=true deploy)
  # the plugin writes the bundle in the target directory of the reactor's first project (the BOM)
  local bundle
  bundle="$(find "$dir" -path '*/target/central-publishing/central-bundle.zip' | head -1)"
  if [ -z "$bundle" ]; then
    echo "check-release-bundle: the $1 build made no central-bundle.zip" >&2
    exit 1
  fi
  cp "$bundle" "$work/$1.zip"
}

build first
build second
python3 "$root/scripts/check_release_bundle.py" \
  "$work/first.zip" "$work/second.zip" "$root/calsync-bom/pom.xml" "$release"
