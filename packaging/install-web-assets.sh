#!/usr/bin/env bash
# Installs the Swagger UI files that the API server's GET /docs page uses: the npm package
# swagger-ui-dist (major version 5) into <repository>/node_modules/swagger-ui-dist, a folder
# git ignores and where the server looks by default (see core/serve/SwaggerUiAssets.h).
# Installs Debian's npm first when no npm is found (that part needs root).
# Idempotent: nothing is done when the files are already there.
# Usage: packaging/install-web-assets.sh [--check]   (--check only reports whether they are there)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$repo/node_modules/swagger-ui-dist"
required=(swagger-ui.css swagger-ui-bundle.js swagger-ui-standalone-preset.js)

log() { printf '[install-web-assets] %s\n' "$*"; }
die() { printf '[install-web-assets] error: %s\n' "$*" >&2; exit 1; }

installed() {
  [ -r "$dest/package.json" ] || return 1
  grep -Eq '"version": *"5\.' "$dest/package.json" || return 1
  for f in "${required[@]}"; do
    [ -s "$dest/$f" ] || return 1
  done
}

if installed; then
  log "swagger-ui-dist $(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$dest/package.json") is installed in $dest"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  log "missing: swagger-ui-dist@5 in $dest"
  exit 1
fi

if ! command -v npm >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || die "npm is not installed; run as root (or with sudo) to install Debian's npm, or install npm yourself"
  log "installing Debian's npm"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends npm
fi

# --no-save and --no-package-lock: no package.json or lock file appears in the repository;
# --ignore-scripts: the files are static, no install script needs to run.
log "installing swagger-ui-dist@5 into $repo/node_modules"
npm install --prefix "$repo" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund swagger-ui-dist@5
installed || die "npm finished, but $dest does not hold ${required[*]}"
log "done"
