#!/usr/bin/env bash
# Runs every benchmark beside its anchor (see BENCHMARKS.md). From the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "== CSV import (100k x 50) =="; tests/bench/csv_import.sh
echo "== Training throughput =="; tests/bench/train_throughput.sh
echo "== Serving =="; tests/bench/serve_throughput.sh
echo "== Start-up =="; tests/bench/startup.sh
echo "== Text model beside the reference =="; tests/bench/text_reference.sh
