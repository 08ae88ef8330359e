#!/usr/bin/env bash
# Benchmark: how long the workbench takes, on a warm start, from launch to a main window that
# is painted and answers input, with a populated workspace (the gesture datasets, the shared
# tabular and text data, a dozen runs and model versions). The window measures itself
# (`modelbench --startup-time` prints the time since main() to its first paint and to the next
# turn of the event loop, and that time since the process started, loading the libraries
# included, then quits); the script also times the whole process, which adds shutting down.
# One run warms the caches first; the median of the rest is reported. Budget: interactive in under 1.5 s.
# Usage: tests/bench/startup.sh [RUNS]   (from the repository root; default 7 runs)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
gui=${GUI:-$root/build/release/app/modelbench}
cli=${CLI:-$root/build/release/app/modelbench-cli}
data=$root/../shared/data
runs=${1:-7}
[ -x "$gui" ] && [ -x "$cli" ] || { echo "build first: make build" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "needs xvfb-run (apt-get install xvfb)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Default window settings (the Datasets view first), nothing of the user's.
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
mkdir -p "$HOME"
mb() { "$cli" --workspace "$work/ws" "$@" >/dev/null 2>>"$work/cli.log" || { tail -5 "$work/cli.log" >&2; return 1; }; }

echo "preparing a workspace..." >&2
mb gestures generate
for csv in tabular/wine.csv tabular/iris.csv tabular/diabetes_regression.csv products/debian-catalog.csv; do
  [ -f "$data/$csv" ] && mb dataset import "$data/$csv"
done
for lr in 0.001 0.003 0.01 0.03; do
  mb train gestures-trajectories --set epochs=3 --set lr=$lr
done
if [ -f "$data/tabular/wine.csv" ]; then
  for hidden in "[16]" "[64]" "[128, 64]"; do mb train wine --set epochs=20 --set "mlp.hidden=$hidden"; done
  printf 'lr: [0.003, 0.03]\nbatch_size: [16, 32]\n' > "$work/grid.yaml"
  printf 'epochs: 10\n' > "$work/config.yaml"
  mb search wine --grid "$work/grid.yaml" --config "$work/config.yaml"
fi
[ -f "$data/tabular/iris.csv" ] && mb train iris --set epochs=20
[ -f "$data/tabular/diabetes_regression.csv" ] && mb train diabetes_regression --set epochs=20

# One X server for every run, so the times do not include starting it.
cat > "$work/measure.sh" <<'MEASURE'
set -euo pipefail
gui=$1 ws=$2 runs=$3
for i in $(seq 0 "$runs"); do
  start=$(date +%s%N)
  line=$("$gui" --workspace "$ws" --startup-time 2>/dev/null | grep '^startup:')
  end=$(date +%s%N)
  [ "$i" -eq 0 ] && continue  # the warm-up run
  echo "$(sed 's/.*first paint \([0-9]*\) ms.*/\1/' <<<"$line") $(sed 's/.*interactive \([0-9]*\) ms (since main).*/\1/' <<<"$line")" \
       "$(sed 's/.*interactive \([0-9]*\) ms since the process.*/\1/' <<<"$line") $(( (end - start) / 1000000 ))"
done
MEASURE
xvfb-run -a -s "-screen 0 1600x1000x24" bash "$work/measure.sh" "$gui" "$work/ws" "$runs" > "$work/times"

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }
echo "startup, median of $runs warm runs (ms): since main() first paint $(cut -d' ' -f1 "$work/times" | median)," \
     "interactive $(cut -d' ' -f2 "$work/times" | median); since the process started (libraries loaded)" \
     "interactive $(cut -d' ' -f3 "$work/times" | median); whole process incl. exit $(cut -d' ' -f4 "$work/times" | median)"
echo "  interactive since the process started, per run: $(cut -d' ' -f3 "$work/times" | tr '\n' ' ')"
