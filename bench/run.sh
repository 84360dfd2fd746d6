#!/bin/sh
# bench/run.sh — the SIPAS benchmark (make bench): score 1,000,000 respondents
# with `chiso score rules/sipas/bench.lua FILE` end to end, and the same
# computation in plain Python 3 (bench/sipas_baseline.py) in the same run.
#
# Usage: sh bench/run.sh [CHISO] [ROWS] [RUNS]   (defaults ./chiso 1000000 3)
# Times are wall clock, best of RUNS; peak memory is the maximum resident set
# (GNU time's %M, or VmHWM from /proc when GNU time is missing).  The data
# file is synthetic (chiso gen-sipas ROWS 1) and made when missing.
set -u
CHISO=${1:-./chiso}
ROWS=${2:-1000000}
RUNS=${3:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
FILE=datasets/synthetic/sipas_bench_${ROWS}_1.csv
RULES=rules/sipas/bench.lua
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || { echo "bench: python3 is missing" >&2; exit 1; }
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

if [ ! -f "$FILE" ]; then
    echo "Generating $FILE (synthetic, seed 1) ..."
    "$CHISO" gen-sipas "$ROWS" 1 --out "$FILE" >/dev/null || exit 1
fi
BYTES=$(wc -c <"$FILE")

now_ns() { date +%s%N; }

# peak_run OUT ARGS...: run ARGS with stdout to OUT; prints "NS KB" (wall ns, peak RSS in KB).
peak_run() {
    out=$1; shift
    if [ -x /usr/bin/time ]; then
        t0=$(now_ns)
        /usr/bin/time -f %M -o "$T/rss" "$@" >"$out" 2>"$T/err" || { cat "$T/err" >&2; return 1; }
        t1=$(now_ns)
        kb=$(tail -n 1 "$T/rss")
    else
        t0=$(now_ns)
        "$@" >"$out" 2>"$T/err" &
        pid=$!
        kb=0
        while kill -0 "$pid" 2>/dev/null; do
            h=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
            [ -n "$h" ] && [ "$h" -gt "$kb" ] && kb=$h
            sleep 0.005
        done
        wait "$pid" || { cat "$T/err" >&2; return 1; }
        t1=$(now_ns)
    fi
    echo "$((t1 - t0)) $kb"
}

# best NAME ARGS...: RUNS runs; sets best_ns and peak_kb (the largest peak seen).
best() {
    best_ns=0; peak_kb=0
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        r=$(peak_run /dev/null "$@") || exit 1
        ns=${r% *}; kb=${r#* }
        if [ "$best_ns" -eq 0 ] || [ "$ns" -lt "$best_ns" ]; then best_ns=$ns; fi
        if [ "$kb" -gt "$peak_kb" ]; then peak_kb=$kb; fi
        i=$((i + 1))
    done
}

best "$CHISO" score "$RULES" "$FILE"
C_NS=$best_ns; C_KB=$peak_kb
best "$PY" bench/sipas_baseline.py "$FILE"
P_NS=$best_ns; P_KB=$peak_kb

# The two must agree: index per province at 2 decimals.
"$CHISO" score "$RULES" "$FILE" --format csv >"$T/chiso.csv" || exit 1
"$PY" bench/sipas_baseline.py "$FILE" >"$T/py.csv" || exit 1

awk -v rows="$ROWS" -v bytes="$BYTES" -v file="$FILE" -v runs="$RUNS" \
    -v cns="$C_NS" -v ckb="$C_KB" -v pns="$P_NS" -v pkb="$P_KB" '
function fmt_rows(n,   s) { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
BEGIN {
    mb = bytes / 1e6
    printf "SIPAS benchmark: %s respondents, %.1f MB (%s, synthetic)\n\n", fmt_rows(rows), mb, file
    printf "%-26s %16s %12s   %s\n", "", "best of " runs, "throughput", "peak memory"
    printf "%-26s %14.3f s %7.0f MB/s   %.1f MB = %.2f × the file\n", "chiso score (C + Lua)", cns / 1e9, mb / (cns / 1e9), ckb / 1024, ckb * 1024 / bytes
    printf "%-26s %14.3f s %7.0f MB/s   %.1f MB = %.2f × the file\n", "Python 3 baseline (csv)", pns / 1e9, mb / (pns / 1e9), pkb / 1024, pkb * 1024 / bytes
    printf "\nchiso is %.1f× faster than the Python baseline.\n", pns / cns
}'

# Compare indices: chiso csv has unit and index columns; python prints province,index.
"$PY" - "$T/chiso.csv" "$T/py.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    c = {r["unit"]: float(r["index"]) for r in csv.DictReader(f)}
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    p = {r["province"]: float(r["index"]) for r in csv.DictReader(f)}
bad = [u for u in p if u not in c or abs(p[u] - c[u]) > 0.005 + 1e-9]  # chiso prints 2 decimals
if bad or len(c) != len(p):
    print("RESULTS DIFFER for %d of %d units: %s" % (len(bad), len(p), ", ".join(bad[:5])))
    sys.exit(1)
print("Both give the same index for all %d provinces (to the 2 decimals chiso prints)." % len(p))
EOF
sh bench/sensitivity.sh "$CHISO"   # sensitivity: 8,000 runs of a 63 × 88 rule-scored index (bench/sensitivity.sh)
sh bench/project.sh "$CHISO"      # projection: 100,000 draws of 63 units × 8 areas against numpy (bench/project.sh)
