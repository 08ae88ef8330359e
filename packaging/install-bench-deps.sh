#!/usr/bin/env bash
# Installs what the benchmarks in tests/bench need beside the build: the anchors of
# ../shared/bench (PyTorch, FastAPI, uvicorn from Debian), wrk, pandas, scikit-learn (the text reference). Idempotent.
set -euo pipefail
PKGS=(python3-torch python3-fastapi python3-uvicorn python3-pandas python3-sklearn wrk libopenblas0-openmp time)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "[install-bench-deps] all ${#PKGS[@]} packages are installed"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "[install-bench-deps] run as root to install: ${missing[*]}" >&2; exit 1; }
echo "[install-bench-deps] installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
