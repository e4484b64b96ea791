#!/usr/bin/env bash
# The local sweep executor with 1 and with 2 worker processes on configs/sweep-demo.yaml (2 seeds × 2 strategies: 4
# cells, 8 models), each in a fresh folder, and the ratio of their wall times. Also checks that both give the same table.
# Run on an otherwise idle machine; the machines these run on are noisy, so only the ratio within one run means much.
#   bench/sweep-workers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d runs/demo-data ] || ./blend synth --preset demo --out runs/demo-data > /dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
seconds() { local start=$(date +%s.%N); ./blend sweep configs/sweep-demo.yaml --out "$out/$1" --workers "$1" > "$out/$1.log" 2>&1; awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'; }
one=$(seconds 1)
two=$(seconds 2)
cmp -s "$out/1/sweep-results.md" "$out/2/sweep-results.md" && same="the same table" || same="DIFFERENT tables"
cat "$out/2/sweep-results.md"
awk -v a="$one" -v b="$two" -v s="$same" 'BEGIN { printf "1 worker %.0f s, 2 workers %.0f s: %.2fx faster with 2 workers (%s)\n", a, b, a / b, s }'
