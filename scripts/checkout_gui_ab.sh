#!/bin/bash
# Before/after of checkout_gui_vs_bare_txn: ``bench.checkout_gui_runs`` from two source trees, alternated, each
# run a fresh window process on its own copy of the catalogue (OCOP_BENCH_WORKSPACE), so a busy neighbour
# weighs on both alike. One JSON line per run: {"tree": ..., ...the script's JSON}.
#   scripts/checkout_gui_ab.sh BEFORE_TREE AFTER_TREE PAIRS SALES > out.jsonl
set -euo pipefail
before=$1 after=$2 pairs=${3:-3} sales=${4:-120}
py=$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/python
for _ in $(seq "$pairs"); do
  for tree in "$before" "$after"; do
    json=$(cd "$tree" && "$py" -m bench.checkout_gui_runs "$sales" 1)
    echo "{\"tree\": \"$tree\", \"result\": $json}"
  done
done
