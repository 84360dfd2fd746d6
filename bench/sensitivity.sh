#!/bin/sh
# bench/sensitivity.sh — the sensitivity benchmark: 8,000 runs of a PAR-sized
# rule-scored index (63 provinces × 88 sub-criteria, 8 areas; the illustrative
# rules/sensitivity/par_synthetic.lua on synthetic data) with
# `chiso sensitivity rules/sensitivity/example.lua`: d = 6 alternatives (two
# weights, two thresholds, the aggregation, a variant methodology), N = 1000,
# N(d + 2) = 8,000 runs.
#
# Usage: sh bench/sensitivity.sh [CHISO] [RUNS] [REPEAT] [THREADS]   (defaults ./chiso 8000 5 2)
# Prints, best of REPEAT: the engine's time for the runs and the indices (with
# 500 bootstrap resamples), runs per second, and the whole command's wall time
# (start-up, loading and scoring both methodologies, the runs, the output).
# Target: under 1 s for 8,000 runs.  For scale: COINr's get_sensitivity takes
# about 0.27 s per run on a 51 × 49 index (/work/shared/docs/research-anchors.md §3),
# about 36 minutes for 8,000.
set -u
CHISO=${1:-./chiso}
RUNS=${2:-8000}
REPEAT=${3:-5}
THREADS=${4:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
case $CHISO in /*) ;; *) CHISO=$ROOT/$CHISO ;; esac
FILE=rules/sensitivity/example.lua
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

now_ns() { date +%s%N; }

best_wall=0; best_engine=""; runs_done=0
i=0
while [ "$i" -lt "$REPEAT" ]; do
    t0=$(now_ns)
    "$CHISO" sensitivity "$FILE" --runs "$RUNS" --threads "$THREADS" --timing >"$T/out" 2>"$T/err" || {
        cat "$T/err" >&2; exit 1; }
    t1=$(now_ns)
    ns=$((t1 - t0))
    # "chiso: 8000 runs in 0.041 s (195000 runs/s), 2 threads"
    line=$(grep ' runs in ' "$T/err")
    engine=$(echo "$line" | sed 's/.* runs in \([0-9.]*\) s.*/\1/')
    runs_done=$(echo "$line" | sed 's/^chiso: \([0-9]*\) runs.*/\1/')
    if [ "$best_wall" -eq 0 ] || [ "$ns" -lt "$best_wall" ]; then best_wall=$ns; fi
    if [ -z "$best_engine" ] || awk -v a="$engine" -v b="$best_engine" 'BEGIN { exit !(a < b) }'; then
        best_engine=$engine
    fi
    i=$((i + 1))
done

awk -v runs="$runs_done" -v eng="$best_engine" -v wall="$best_wall" -v rep="$REPEAT" -v th="$THREADS" '
BEGIN {
    w = wall / 1e9
    printf "\nSensitivity benchmark: %d runs of a 63 × 88 rule-scored index (d = 6, N = %d), %d threads, best of %d\n\n",
        runs, runs / 8, th, rep
    printf "  engine (runs + Sobol indices + bootstrap):  %.3f s   %9.0f runs/s\n", eng, runs / eng
    printf "  whole command (load, score, runs, output):  %.3f s   %9.0f runs/s\n", w, runs / w
    printf "  target: < 1 s for 8,000 runs: %s\n", (w < 1 && runs >= 8000) ? "met" : ((runs < 8000) ? "n/a (fewer runs)" : "MISSED")
    printf "  for scale, COINr at 0.27 s per run: %.0f s (%.0f min) for the same runs\n", runs * 0.27, runs * 0.27 / 60
}'
