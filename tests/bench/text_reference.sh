#!/usr/bin/env bash
# Benchmark: the Debian catalogue's default text model beside the reference method of
# ../shared/data/README.md (TF-IDF word 1-2 + char_wb 2-5 n-grams, sublinear tf, linear SVM,
# scikit-learn) trained on the same training split and scored on the same validation and test
# splits. Modelbench's figures are from `modelbench-cli train catalog` with the defaults; the
# splits come from `modelbench-cli dataset export --split`. Prints accuracy and macro F1.
# Usage: tests/bench/text_reference.sh   (from the repository root; packaging/install-bench-deps.sh first)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cli=${CLI:-$root/build/release/app/modelbench-cli}
data=$root/../shared/data/products/debian-catalog.csv
[ -x "$cli" ] || { echo "build first: make build" >&2; exit 2; }
[ -f "$data" ] || { echo "the catalogue $data is missing (../shared beside the checkout)" >&2; exit 2; }
/usr/bin/python3 -c 'import sklearn' 2>/dev/null || { echo "needs python3-sklearn: packaging/install-bench-deps.sh" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mb() { "$cli" --workspace "$work/ws" "$@"; }
mb dataset import "$data" --name catalog --label category --text name,description > /dev/null
for split in train val test; do mb dataset export catalog --split "$split" --output "$work/$split.csv" > /dev/null 2>&1; done
start=$(date +%s%N)
mb train catalog --json > "$work/run.json"
millis=$(( ($(date +%s%N) - start) / 1000000 ))

/usr/bin/python3 - "$work" "$millis" <<'PY'
import csv, json, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import make_union
from sklearn.svm import LinearSVC

work, seconds = sys.argv[1], int(sys.argv[2]) / 1000
def load(split):
    rows = list(csv.DictReader(open(f"{work}/{split}.csv", encoding="utf-8")))
    return [r["name"] + " " + r["description"] for r in rows], [r["category"] for r in rows]
train, val, test = load("train"), load("val"), load("test")
def reference(texts, labels):
    """The reference pipeline fitted on (texts, labels): features and SVM, and the seconds taken."""
    start = time.time()
    features = make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                          TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2))
    svm = LinearSVC(C=0.5).fit(features.fit_transform(texts), labels)
    return features, svm, time.time() - start
def scores(features, svm, texts, labels):
    predicted = svm.predict(features.transform(texts))
    return [accuracy_score(labels, predicted), f1_score(labels, predicted, average="macro")]

metrics = json.load(open(f"{work}/run.json"))["run"]["metrics"]
print(f"{'method':34s} {'val acc':>8s} {'val F1':>8s} {'test acc':>9s} {'test F1':>8s} {'seconds':>8s}")
m = [metrics["validation"]["accuracy"], metrics["validation"]["macro_f1"], metrics["test"]["accuracy"], metrics["test"]["macro_f1"]]
refit = " (refitted on train + val)" if "refit" in metrics else ""
print(f"{'modelbench text (defaults)':34s} {m[0]:8.3f} {m[1]:8.3f} {m[2]:9.3f} {m[3]:8.3f} {seconds:8.1f}{refit}")
features, svm, svm_seconds = reference(*train)
val_scores = scores(features, svm, *val)
print(f"{'TF-IDF + linear SVM (reference)':34s} {val_scores[0]:8.3f} {val_scores[1]:8.3f} {scores(features, svm, *test)[0]:9.3f} "
      f"{scores(features, svm, *test)[1]:8.3f} {svm_seconds:8.1f}")
# The same refitted on train + val, as the default is: validation figures are the first fit's.
features, svm, refit_seconds = reference(train[0] + val[0], train[1] + val[1])
test_scores = scores(features, svm, *test)
print(f"{'  refitted on train + val':34s} {val_scores[0]:8.3f} {val_scores[1]:8.3f} {test_scores[0]:9.3f} {test_scores[1]:8.3f} "
      f"{svm_seconds + refit_seconds:8.1f}")
PY
