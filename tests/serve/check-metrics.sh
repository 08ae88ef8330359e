#!/usr/bin/env bash
# Checks a live /metrics scrape with Prometheus' own linter: trains a tiny model in a temp
# workspace, starts `modelbench-cli serve` on a free port, sends a few requests (a
# prediction, a bad request, an unknown model), scrapes /metrics with curl and runs
# `promtool check metrics` on it. Needs curl and promtool (Debian: curl, prometheus).
# Usage: tests/serve/check-metrics.sh [path/to/modelbench-cli]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="${1:-$root/build/release/app/modelbench-cli}"
log() { printf '[check-metrics] %s\n' "$*"; }
die() { printf '[check-metrics] error: %s\n' "$*" >&2; exit 1; }

[ -x "$cli" ] || die "no modelbench-cli at $cli (build it first)"
command -v curl >/dev/null || die "curl is missing (packaging/install-deps.sh installs it)"
command -v promtool >/dev/null || die "promtool is missing (Debian package prometheus; packaging/install-deps.sh installs it)"

tmp="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# Three separable blobs in 4 dimensions, 40 rows each.
awk 'BEGIN { srand(7); print "a,b,c,d,label";
  for (i = 0; i < 40; i++) for (k = 0; k < 3; k++) {
    line = ""; for (f = 0; f < 4; f++) line = line sprintf("%.4f,", 3 * ((k + f) % 3) + rand() - 0.5);
    print line "blob" k } }' > "$tmp/blobs.csv"

ws="$tmp/ws"
"$cli" --workspace "$ws" dataset import "$tmp/blobs.csv" --name blobs > "$tmp/import.log" 2>&1 \
  || { cat "$tmp/import.log" >&2; die "import failed"; }
"$cli" --workspace "$ws" train blobs --set epochs=3 > "$tmp/train.log" 2>&1 \
  || { cat "$tmp/train.log" >&2; die "training failed"; }
log "trained blobs@1 in $ws"

: > "$tmp/serve.out"
"$cli" --workspace "$ws" serve --port 0 > "$tmp/serve.out" 2> "$tmp/serve.err" &
server=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's|^Serving .* on \(http://[^ ]*\) .*|\1|p' "$tmp/serve.out")"
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$tmp/serve.err" >&2; die "the server exited"; }
  sleep 0.1
done
[ -n "$url" ] || die "the server printed no URL"
log "serving on $url"

curl -fsS -d '{"instances": [[0, 3, 6, 0], [6, 0, 3, 6]]}' "$url/api/v1/models/blobs/predict" > /dev/null
curl -sS -o /dev/null -d '{' "$url/api/v1/models/blobs/predict"
curl -sS -o /dev/null "$url/api/v1/models/nope"
curl -fsS "$url/metrics" > "$tmp/metrics.txt"

for family in modelbench_http_requests_total modelbench_http_request_duration_seconds modelbench_inference_duration_seconds \
              modelbench_batch_size modelbench_queue_depth modelbench_errors_total modelbench_model_info; do
  grep -q "^# TYPE $family " "$tmp/metrics.txt" || die "/metrics lacks $family"
done
if ! promtool check metrics < "$tmp/metrics.txt"; then
  cat "$tmp/metrics.txt" >&2
  die "promtool rejects /metrics"
fi

kill -TERM "$server"
wait "$server" || die "the server did not stop cleanly"
server=""
grep -q "POST /api/v1/models/blobs/predict 200" "$tmp/serve.err" || die "the request log lacks the prediction"
log "promtool accepts /metrics ($(wc -l < "$tmp/metrics.txt") lines); the server stopped on SIGTERM"
