#!/usr/bin/env bash
# Installs every Debian package that Modelbench needs to build, run and test.
# Idempotent: packages already present are left alone, and nothing is done when all are there.
# Usage: packaging/install-deps.sh [--check]   (--check only lists what is missing)
set -euo pipefail

# Build toolchain and libraries.
BUILD_PKGS=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6sql6-sqlite libqt6opengl6-dev libgl-dev
  libtorch-dev libopencv-dev libboost-dev libyaml-cpp-dev libsodium-dev libssl-dev libsqlite3-dev libgoogle-perftools-dev
)
# Runtime: fast BLAS for LibTorch (the reference BLAS is ~10x slower), Qt platform plugins.
RUN_PKGS=(libopenblas0-openmp qt6-qpa-plugins fonts-dejavu-core)
# Tests, benchmarks and screenshots (prometheus provides promtool for tests/serve/check-metrics.sh).
TEST_PKGS=(xvfb xauth imagemagick sqlite3 clang libclang-rt-14-dev python3-torch curl prometheus)

log() { printf '[install-deps] %s\n' "$*"; }
die() { printf '[install-deps] error: %s\n' "$*" >&2; exit 1; }

if [ ! -r /etc/debian_version ] || ! command -v apt-get >/dev/null 2>&1; then
  die "this script supports Debian bookworm only (no /etc/debian_version or apt-get found)"
fi
. /etc/os-release 2>/dev/null || true
if [ "${VERSION_CODENAME:-}" != "bookworm" ]; then
  log "warning: tested on Debian bookworm, this is '${PRETTY_NAME:-unknown}'; continuing"
fi

want=("${BUILD_PKGS[@]}" "${RUN_PKGS[@]}" "${TEST_PKGS[@]}")
missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# The Swagger UI files of the API's /docs page come from npm, not from Debian. Optional: without
# them (offline, say) everything else works and /docs says how to install them.
web_assets() {
  "$(dirname "${BASH_SOURCE[0]}")/install-web-assets.sh" "$@" \
    || log "warning: the Swagger UI files are not installed; the API's /docs page answers 503 until packaging/install-web-assets.sh succeeds"
}

if [ ${#missing[@]} -eq 0 ]; then
  log "all ${#want[@]} packages are installed"
  web_assets "$@"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  log "missing: ${missing[*]}"
  exit 1
fi
[ "$(id -u)" -eq 0 ] || die "run as root (or with sudo) to install: ${missing[*]}"

log "installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
log "done"
web_assets
