#!/bin/sh
# bench/project.sh — the Monte Carlo kernel of `chiso project` (engine/core/project.c)
# against a vectorised numpy version of the same computation
# (bench/project_numpy.py), in the same run: 100,000 draws of 63 units × 8
# areas, normal noise per (unit, area), totals at 2 decimals, competition
# ranking, rank histograms (median, 5–95%), P(rank <= k), P(score >= 82).
#
# Usage: sh bench/project.sh [CHISO] [DRAWS] [THREADS]   (defaults ./chiso 100000 2)
# Times are wall clock, best of 5 (chiso) and of 3 (numpy); then the whole
# `chiso project` command on an example scenario, for scale.
# Targets: chiso under 0.15 s, and at least 20× numpy.
set -u
CHISO=${1:-./chiso}
DRAWS=${2:-100000}
THREADS=${3:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
PY=/usr/bin/python3     # Debian's python3 with python3-numpy (a pyenv python3 first on PATH may lack numpy)

if ! "$PY" -c 'import numpy' 2>/dev/null; then
    sh tools/deps.sh python3 python3-numpy || { echo "bench/project.sh: python3-numpy is needed (apt-get install python3-numpy)" >&2; exit 1; }
fi

echo "Projection benchmark: $DRAWS draws × 63 units × 8 areas, ranked (bench/project_bench.lua, bench/project_numpy.py)"
echo
C_OUT=$("$CHISO" run bench/project_bench.lua "$DRAWS" 63 8 "$THREADS" 5) || exit 1
P_OUT=$("$PY" bench/project_numpy.py "$DRAWS" 63 8 3) || exit 1
printf '%s\n%s\n' "$C_OUT" "$P_OUT"
C_S=$(printf '%s\n' "$C_OUT" | sed -n 's/.* in \([0-9.]*\) s.*/\1/p' | head -n 1)
P_S=$(printf '%s\n' "$P_OUT" | sed -n 's/.* in \([0-9.]*\) s.*/\1/p' | head -n 1)
awk -v c="$C_S" -v p="$P_S" 'BEGIN {
    printf "\nchiso %.4f s, numpy %.3f s: chiso is %.1f× faster (targets: < 0.15 s %s, ≥ 20× %s)\n",
        c, p, p / c, (c < 0.15 ? "met" : "NOT met"), (p / c >= 20 ? "met" : "NOT met")
}'
# The two must agree on the statistics (the draws differ: both are seeded, differently).
c_stats=$(printf '%s\n' "$C_OUT" | sed -n 's/^chiso: unit 1 median \([0-9]*\), 5-95% \([0-9-]*\);.*/\1 \2/p')
p_stats=$(printf '%s\n' "$P_OUT" | sed -n 's/^numpy: unit 1 median \([0-9]*\), 5-95% \([0-9-]*\);.*/\1 \2/p')
if [ -n "$c_stats" ] && [ "$c_stats" = "$p_stats" ]; then
    echo "Both give unit 1 the same median rank and 5–95% band ($c_stats)."
else
    echo "RESULTS DIFFER: chiso '$c_stats', numpy '$p_stats'"
fi

# The whole command, for scale: start-up, the scenario, the base table, the draws, the report.
t0=$(date +%s%N)
"$CHISO" project rules/scenarios/tuyenquang-2022.lua --draws "$DRAWS" --threads "$THREADS" >/dev/null || exit 1
t1=$(date +%s%N)
awk -v ns=$((t1 - t0)) -v d="$DRAWS" 'BEGIN { printf "Whole command: chiso project rules/scenarios/tuyenquang-2022.lua --draws %d in %.3f s\n", d, ns / 1e9 }'
