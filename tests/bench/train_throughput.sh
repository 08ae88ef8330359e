#!/usr/bin/env bash
# Benchmark: training samples/s of Modelbench's default model families beside the plain
# PyTorch anchor (../shared/bench/pytorch_train_anchor.py) on the same machine, in one run,
# with the anchor's shapes: tabular MLP 64-256-128-16 on 50,000 random rows, CNN
# conv32-pool-conv64-pool-fc128 on 20,000 random 28x28 images, fastText-style text model on
# the Debian catalogue (word uni+bigrams, 2^20 buckets, dim 64). Batch 64, 2 threads, Adam.
# Modelbench trains through its product path (`modelbench-cli train`); its samples/s is the
# median over epochs after the first, as the anchor reports it.
# Usage: tests/bench/train_throughput.sh [tabular image text]   (from the repository root)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cli=${CLI:-$root/build/release/app/modelbench-cli}
anchor=$root/../shared/bench/pytorch_train_anchor.py
data=$root/../shared/data
[ -x "$cli" ] || { echo "build first: make build" >&2; exit 2; }
[ -f "$anchor" ] || { echo "the anchor $anchor is missing (../shared beside the checkout)" >&2; exit 2; }
/usr/bin/python3 -c 'import torch, numpy' 2>/dev/null || { echo "needs python3-torch: packaging/install-bench-deps.sh" >&2; exit 2; }
shapes=${*:-tabular image text}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mb() { "$cli" --workspace "$work/ws" "$@"; }
common="--set patience=0 --set batch_size=64 --set optimizer=adam --set weight_decay=0 --set schedule=none --set threads=2 --force"

median_rate() {  # run id -> median samples/s over epochs 2..N
  mb runs show "$1" --json | /usr/bin/python3 -c '
import json, sys, statistics
e = json.load(sys.stdin)["epochs"]
print(round(statistics.median([x["samples_per_second"] for x in e[1:]])))'
}

train_rate() {  # dataset, overrides... -> samples/s
  local dataset=$1; shift
  local run
  run=$(mb train "$dataset" $common "$@" --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["run"]["id"])')
  median_rate "$run"
}

anchor_rate() {
  /usr/bin/python3 "$anchor" "$1" 2 | sed -n 's/.*samples_per_s_median=\([0-9]*\).*/\1/p'
}

printf '%-8s %14s %14s %8s\n' shape modelbench pytorch ratio
for shape in $shapes; do
  case $shape in
  tabular)
    /usr/bin/python3 - "$work/tabular.csv" <<'PY'
import numpy as np, sys
rng = np.random.default_rng(0); X = rng.standard_normal((60000, 64)); y = rng.integers(0, 16, 60000)
with open(sys.argv[1], "w") as f:
    f.write(",".join(f"f{i}" for i in range(64)) + ",label\n")
    for row, label in zip(X, y):
        f.write(",".join(f"{v:.5f}" for v in row) + f",c{label}\n")
PY
    mb dataset import "$work/tabular.csv" --split 10/1/1 > /dev/null
    ours=$(train_rate tabular --set epochs=6 --set lr=0.001 --set "mlp.hidden=[256, 128]" --set mlp.dropout=0)
    ;;
  image)
    /usr/bin/python3 - "$work/images" <<'PY'
import numpy as np, os, sys
rng = np.random.default_rng(0)
for i in range(22000):
    d = os.path.join(sys.argv[1], f"c{rng.integers(0, 10)}"); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"{i:05d}.pgm"), "wb") as f:
        f.write(b"P5\n28 28\n255\n" + rng.integers(0, 256, 784, dtype=np.uint8).tobytes())
PY
    mb dataset import "$work/images" --name images --split 20/1/1 > /dev/null
    ours=$(train_rate images --set epochs=4 --set lr=0.001 --set mlp.dropout=0 --set image.augment=false --set image.deskew=false)
    ;;
  text)
    mb dataset import "$data/products/debian-catalog.csv" --name text --label category --text name,description --split 8/1/1 > /dev/null
    ours=$(train_rate text --set epochs=5 --set lr=0.005 --set text.char_ngram_max=0 --set text.char_ngram_min=0 \
           --set text.word_ngrams=2 --set text.dim=64 --set text.buckets=1048576 --set text.hidden=0 \
           --set text.field_tags=false --set text.token_dropout=0 --set class_weights=none \
           --set text.weighting=mean --set loss=softmax)
    ;;
  *) echo "unknown shape $shape" >&2; exit 2 ;;
  esac
  theirs=$(anchor_rate "$shape")
  awk -v s="$shape" -v a="$ours" -v b="$theirs" 'BEGIN { printf "%-8s %14d %14d %7.2fx\n", s, a, b, a / b }'
done
