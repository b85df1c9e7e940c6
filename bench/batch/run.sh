#!/usr/bin/env bash
# Batch screening benchmark: generates customer files (census names, S&P 500
# companies, ~1% OFAC/UN names and variants), screens them against OFAC SDN
# 2024-07-02 + UN 2025-11-20, and prints rows/s, wall time and peak memory;
# then a brute-force Jaro-Winkler baseline on a sample, extrapolated.
#
#   bench/batch/run.sh [ROWS...]      default: 10000 100000
#
# Files go to ${BENCH_DIR:-/tmp/denylist-batch-bench} (never into the repo).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=("${@:-10000 100000}")
# shellcheck disable=SC2206
ROWS=(${ROWS[*]})
DIR=${BENCH_DIR:-/tmp/denylist-batch-bench}
mkdir -p "$DIR"
cargo build -q --release -p denylist-batch --example batch_bench
BIN=${CARGO_TARGET_DIR:-target}/release/examples/batch_bench
for n in "${ROWS[@]}"; do
  in="$DIR/customers-$n.csv"
  [ -s "$in" ] || "$BIN" gen "$n" "$in"
  echo "== $n rows ($(du -h "$in" | cut -f1))"
  /usr/bin/time -v "$BIN" run "$in" "$DIR/hits-$n.csv" 2> "$DIR/time-$n.txt" | tee "$DIR/result-$n.txt"
  grep -E "matcher:" "$DIR/time-$n.txt" || true
  grep -E "Elapsed \(wall|Maximum resident" "$DIR/time-$n.txt" | sed 's/^\s*/  /'
done
first=${ROWS[0]}
"$BIN" baseline "$DIR/customers-$first.csv" "${BASELINE_SAMPLE:-200}"
