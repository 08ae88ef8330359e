#!/usr/bin/env bash
# Builds the CSV reader's fuzzer (the `fuzz` preset: clang, ASan, UBSan) and runs it for
# SECONDS (default 60). Exits non-zero when it finds a crash, a sanitizer report, a broken
# invariant or a hang; the input that did it is left in build/fuzz/artifacts/csv/.
# Usage: tests/fuzz/run-csv-fuzz.sh [SECONDS]
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [SECONDS]" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target csv_reader_fuzz --parallel 2

# New inputs go to a corpus under build/, so the seeds kept in git stay small and readable.
corpus="build/fuzz/corpus/csv"
artifacts="build/fuzz/artifacts/csv/"
mkdir -p "$corpus" "$artifacts"
exec build/fuzz/tests/fuzz/csv_reader_fuzz "$corpus" tests/fuzz/corpus/csv \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$artifacts" -print_final_stats=1
