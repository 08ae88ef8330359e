#!/usr/bin/env bash
# Benchmark: import of a 100,000 x 50 numeric CSV (plus a label column), timed end to end
# through `modelbench-cli dataset import`, beside pandas.read_csv on the same file as the
# anchor (when python3-pandas is installed). Prints seconds and peak memory of each.
# Usage: tests/bench/csv_import.sh [ROWS] [COLS]   (from the repository root, after `make`)
set -euo pipefail
rows=${1:-100000}
cols=${2:-50}
cli=${CLI:-build/release/app/modelbench-cli}
[ -x "$cli" ] || { echo "build first: make build" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$work/data.csv" "$rows" "$cols" <<'PY'
import random, sys
path, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(0)
with open(path, "w") as f:
    f.write(",".join(f"f{i}" for i in range(cols)) + ",label\n")
    for r in range(rows):
        f.write(",".join(f"{rng.gauss(0, 1):.6f}" for _ in range(cols)) + f",c{r % 5}\n")
PY
size=$(du -h "$work/data.csv" | cut -f1)
echo "input: $rows rows x $cols numeric columns + label ($size)"

measure() {  # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null
  read -r secs kb < "$work/time"
  printf '%-34s %8.2f s %8d MiB\n' "$label" "$secs" "$((kb / 1024))"
  echo "$secs" > "$work/$label.secs"
}

measure modelbench "$cli" --workspace "$work/ws" dataset import "$work/data.csv" --name bench
if /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
  measure pandas /usr/bin/python3 -c "import pandas, sys; pandas.read_csv(sys.argv[1])" "$work/data.csv"
  awk -v a="$(cat "$work/pandas.secs")" -v b="$(cat "$work/modelbench.secs")" \
    'BEGIN { printf "ratio: modelbench import takes %.2fx the time of pandas.read_csv (read only)\n", b / a }'
else
  echo "pandas not installed (packaging/install-bench-deps.sh): no anchor this run"
fi
