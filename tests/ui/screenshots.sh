#!/usr/bin/env bash
# Renders every view of the workbench with demo data to PNG files for review (not part of
# `make test`): tests/ui/screenshots/*.png. Needs a build (make build) and Xvfb.
# Usage: tests/ui/screenshots.sh [OUTPUT_DIR]   (from anywhere)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/tests/ui/screenshots}
bin=$root/build/release/tests/ui/screenshots
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "needs xvfb-run: packaging/install-deps.sh" >&2; exit 2; }
xvfb-run -a -s "-screen 0 1600x1000x24" "$bin" "$out" "$root/../shared/data"
echo "screenshots in $out"
