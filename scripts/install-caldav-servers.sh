#!/usr/bin/env bash
# Installs the real CalDAV servers the calsync-testkit tests start on 127.0.0.1 (see
# dev.calsync.testkit.servers.LocalCalDavServer): Radicale, Xandikos, htpasswd (apache2-utils) and
# the bcrypt support Radicale's htpasswd auth needs. Debian/Ubuntu packages via apt-get.
#
# Idempotent: does nothing when everything is there. Needs root (or password-less sudo) otherwise.
# The packages' own services are kept from starting (policy-rc.d during the install, and stopped and
# disabled afterwards if one started anyway): the tests start their own servers on ephemeral ports.
set -euo pipefail

PACKAGES=(radicale xandikos apache2-utils python3-bcrypt python3-passlib)

installed() {
  command -v radicale >/dev/null 2>&1 \
    && command -v xandikos >/dev/null 2>&1 \
    && command -v htpasswd >/dev/null 2>&1 \
    && /usr/bin/python3 -c 'import bcrypt, passlib' >/dev/null 2>&1
}

# CALSYNC_FORCE_INSTALL=1 runs apt-get even when everything looks installed (to repair an install).
if installed && [ "${CALSYNC_FORCE_INSTALL:-0}" != 1 ]; then
  exit 0
fi

fail() {
  echo "install-caldav-servers: cannot install ${PACKAGES[*]}: $1" >&2
  echo "Install them yourself, e.g.: sudo apt-get install -y ${PACKAGES[*]}" >&2
  exit 1
}
command -v apt-get >/dev/null 2>&1 || fail "apt-get not found (a Debian or Ubuntu machine is needed)"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  SUDO=(sudo -n env DEBIAN_FRONTEND=noninteractive)
else
  fail "this needs root or password-less sudo"
fi

export DEBIAN_FRONTEND=noninteractive
HAD_RADICALE=0
if dpkg -s radicale >/dev/null 2>&1; then HAD_RADICALE=1; fi

# Keep the packages' services from starting while they are installed (Docker images already ship
# such a policy-rc.d; put one in place only for the duration of the install otherwise).
POLICY=/usr/sbin/policy-rc.d
OWN_POLICY=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\n# installed by calsync scripts/install-caldav-servers.sh\nexit 101\n' \
    | "${SUDO[@]}" tee "$POLICY" >/dev/null
  "${SUDO[@]}" chmod 755 "$POLICY"
  OWN_POLICY=1
fi
cleanup() {
  if [ "$OWN_POLICY" -eq 1 ]; then
    "${SUDO[@]}" rm -f "$POLICY"
  fi
}
trap cleanup EXIT

apt_install() {
  "${SUDO[@]}" apt-get install -y --no-install-recommends "${PACKAGES[@]}"
}
if ! apt_install; then
  echo "install-caldav-servers: install failed; retrying after apt-get update" >&2
  "${SUDO[@]}" apt-get update
  apt_install
fi

# No system Radicale may end up serving (it would listen on localhost:5232); leave alone one that
# was installed before this script ran.
if [ "$HAD_RADICALE" -eq 1 ]; then
  :
elif command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  "${SUDO[@]}" systemctl disable --now radicale.service >/dev/null 2>&1 || true
elif [ -x /etc/init.d/radicale ]; then
  "${SUDO[@]}" /etc/init.d/radicale stop >/dev/null 2>&1 || true
  if command -v update-rc.d >/dev/null 2>&1; then
    "${SUDO[@]}" update-rc.d radicale disable >/dev/null 2>&1 || true
  fi
fi

if ! installed; then
  echo "install-caldav-servers: ${PACKAGES[*]} installed, but radicale, xandikos, htpasswd or" \
    "python3 bcrypt/passlib is still missing" >&2
  exit 1
fi
echo "install-caldav-servers: installed radicale $(radicale --version 2>/dev/null || true)," \
  "$(xandikos --version 2>/dev/null || true)"
