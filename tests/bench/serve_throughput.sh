#!/usr/bin/env bash
# Benchmark: serving throughput and latency of `modelbench-cli serve` beside the FastAPI anchor
# (../shared/bench/fastapi_anchor.py) on the same machine, in one run, with the anchor's model
# shape: an MLP 16-256-128-26 (the letter task), one instance per request, loaded by
# `wrk -t2 -c32 -d10s` with tests/bench/predict.lua. Modelbench serves a model trained through
# its product path (a generated 16-feature, 26-class CSV, 1 epoch) and is measured twice: with
# request batching (the default) and without it (--max-batch 1). Each server gets a 2 s warm-up
# first. Prints requests/s, p50 and p99 latency, and requests/s as a ratio of the anchor's.
# Usage: tests/bench/serve_throughput.sh   (from the repository root; packaging/install-bench-deps.sh first)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cli=${CLI:-$root/build/release/app/modelbench-cli}
anchor_dir=$root/../shared/bench
lua=$root/tests/bench/predict.lua
[ -x "$cli" ] || { echo "build first: make build" >&2; exit 2; }
[ -f "$anchor_dir/fastapi_anchor.py" ] || { echo "the anchor $anchor_dir/fastapi_anchor.py is missing (../shared beside the checkout)" >&2; exit 2; }
command -v wrk > /dev/null || { echo "needs wrk: packaging/install-bench-deps.sh" >&2; exit 2; }
/usr/bin/python3 -c 'import fastapi, uvicorn, torch' 2>/dev/null || { echo "needs python3-fastapi, python3-uvicorn, python3-torch: packaging/install-bench-deps.sh" >&2; exit 2; }

work=$(mktemp -d)
server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2> /dev/null || true; wait "$server_pid" 2> /dev/null || true; server_pid=; fi
}
trap 'stop_server; rm -rf "$work"' EXIT
mb() { "$cli" --workspace "$work/ws" "$@"; }
body='{"instances": [[2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8]]}'

# The letter task's shape: 16 integer features 0..15, 26 classes A..Z.
/usr/bin/python3 - "$work/letter.csv" <<'PY'
import numpy as np, sys
rng = np.random.default_rng(0)
centres = rng.integers(2, 14, (26, 16))
y = rng.integers(0, 26, 20000)
X = np.clip(centres[y] + rng.integers(-3, 4, (20000, 16)), 0, 15)
with open(sys.argv[1], "w") as f:
    f.write(",".join(f"x{i}" for i in range(16)) + ",label\n")
    for row, label in zip(X, y):
        f.write(",".join(str(v) for v in row) + f",{chr(65 + label)}\n")
PY
mb dataset import "$work/letter.csv" --name letter > /dev/null
mb train letter --set epochs=1 --set "mlp.hidden=[256, 128]" --set mlp.dropout=0 --json > /dev/null

wait_until_answering() {  # url
  for _ in $(seq 1 150); do
    if curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$body" "$1"; then return 0; fi
    sleep 0.2
  done
  echo "no answer from $1" >&2; return 1
}

# wrk's report -> "requests/s p50_ms p99_ms"; fails on errors or non-2xx answers.
load() {  # url
  wrk -t2 -c2 -d2s -s "$lua" "$1" > /dev/null  # warm-up
  wrk -t2 -c32 -d10s --latency -s "$lua" "$1" > "$work/wrk.txt"
  if grep -qE 'Non-2xx|Socket errors' "$work/wrk.txt"; then cat "$work/wrk.txt" >&2; echo "errors while loading $1" >&2; return 1; fi
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "Requests/sec:" { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%d %.2f %.2f\n", rps, p50, p99 }' "$work/wrk.txt"
}

modelbench() {  # serve options...
  mb serve --port 0 --quiet "$@" > "$work/serve.out" 2> "$work/serve.err" &
  server_pid=$!
  local port=
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.out")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$work/serve.err" >&2; echo "modelbench-cli serve did not start" >&2; return 1; }
  local url="http://127.0.0.1:$port/api/v1/models/letter/predict"
  wait_until_answering "$url"
  load "$url"
  stop_server
}

anchor() {
  local port
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd "$anchor_dir" && exec /usr/bin/python3 fastapi_anchor.py "$port") > "$work/anchor.log" 2>&1 &
  server_pid=$!
  local url="http://127.0.0.1:$port/predict"
  wait_until_answering "$url"
  load "$url"
  stop_server
}

# Not in $(...): the servers must be started by this shell, so that the EXIT trap stops them.
modelbench > "$work/batched"
modelbench --max-batch 1 > "$work/unbatched"
anchor > "$work/anchor"
batched=$(cat "$work/batched")
unbatched=$(cat "$work/unbatched")
theirs=$(cat "$work/anchor")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-26s %10s %9s %9s %8s\n' server 'req/s' 'p50 ms' 'p99 ms' ratio
read -r anchor_rps _ <<< "$theirs"
for row in "modelbench (batching)|$batched" "modelbench (--max-batch 1)|$unbatched" "fastapi anchor|$theirs"; do
  name=${row%%|*}
  read -r rps p50 p99 <<< "${row#*|}"
  awk -v n="$name" -v r="$rps" -v a="$p50" -v b="$p99" -v base="$anchor_rps" \
    'BEGIN { printf "%-26s %10d %9.2f %9.2f %7.2fx\n", n, r, a, b, r / base }'
done
