#!/usr/bin/env bash
# Builds one libFuzzer target (the `fuzz` preset: clang, ASan, UBSan) and runs it for SECONDS
# (default 60). Exits non-zero when it finds a crash, a sanitizer report, a broken invariant
# or a hang; the input that did it is left in build/fuzz/artifacts/TARGET/.
#   csv                the CSV reader
#   numeric-instances  the predict endpoint's fast reader of numeric instances, checked
#                      against the general JSON path
# Usage: tests/fuzz/run-fuzz.sh TARGET [SECONDS]
set -euo pipefail

target="${1:-}"
seconds="${2:-60}"
case "$target" in
  csv) binary=csv_reader_fuzz; max_len=65536 ;;
  numeric-instances) binary=numeric_instances_fuzz; max_len=4096 ;;
  *) echo "usage: $0 csv|numeric-instances [SECONDS]" >&2; exit 2 ;;
esac
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 csv|numeric-instances [SECONDS]" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "$binary" --parallel 2

# New inputs go to a corpus under build/, so the seeds kept in git stay small and readable.
corpus="build/fuzz/corpus/$target"
artifacts="build/fuzz/artifacts/$target/"
mkdir -p "$corpus" "$artifacts"
exec "build/fuzz/tests/fuzz/$binary" "$corpus" "tests/fuzz/corpus/$target" \
  -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$artifacts" -print_final_stats=1
