#!/bin/sh
# Hostile rule files (tests/hostile/rules/): each must end with its expected
# "chiso: FILE:LINE: message" (written in the file as "-- expect: LINE:
# message"), exit status 1, in under 2 s of wall time, and with the process
# under the memory cap plus the engine's own needs.  Then the limit flags,
# other commands that load rule files, and hostile extraction rule files.
#
# CHISO_TIME_SCALE (default 1) stretches the time limit for slow runs
# (valgrind); the memory check is skipped then (valgrind has its own heap).
. "$(dirname "$0")/../lib/cli.sh"
H=tests/hostile
SCALE=${CHISO_TIME_SCALE:-1}
LIMIT=$(awk -v s="$SCALE" 'BEGIN { print 2 * s }')
# the outer kill for the extraction tests, stretched like the limit
BACKSTOP=$(awk -v s="$SCALE" 'BEGIN { print int(20 * s) }')
CAP_KB=$(((64 + 40) * 1024)) # the default 64 MiB cap, and room for the engine itself
TIME=/usr/bin/time
[ -x "$TIME" ] || TIME=
# resident memory means nothing under AddressSanitizer (shadow memory, quarantine)
RSS_CHECK=1
[ "$SCALE" = 1 ] && [ -n "$TIME" ] || RSS_CHECK=
if command -v ldd >/dev/null 2>&1 && ldd "$CHISO" 2>/dev/null | grep -q 'libasan\|libclang_rt.asan'; then
    RSS_CHECK=
    LIMIT=$(awk -v l="$LIMIT" 'BEGIN { print 2 * l }') # AddressSanitizer: about twice as slow
fi

# timed ARGS...: run chiso with ARGS; $code, $T/out, $T/err, and $secs, $rss_kb.
timed() {
    if [ -n "$TIME" ]; then
        "$TIME" -f "%e %M" -o "$T/time" "$CHISO" "$@" >"$T/out" 2>"$T/err"
        code=$?
        set -- $(tail -n 1 "$T/time")
        secs=$1
        rss_kb=$2
    else
        s0=$(date +%s.%N)
        "$CHISO" "$@" >"$T/out" 2>"$T/err"
        code=$?
        secs=$(awk -v a="$s0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
        rss_kb=0
    fi
}

# check_limits NAME: time under the limit, memory under the cap.
check_limits() {
    if awk -v t="$secs" -v l="$LIMIT" 'BEGIN { exit !(t < l) }'; then
        pass "$1: ${secs} s"
    else
        fail "$1: ${secs} s, over ${LIMIT} s"
    fi
    if [ -n "$RSS_CHECK" ]; then
        if [ "$rss_kb" -lt "$CAP_KB" ]; then pass "$1: $((rss_kb / 1024)) MiB resident"
        else fail "$1: $((rss_kb / 1024)) MiB resident, over $((CAP_KB / 1024)) MiB"; fi
    fi
}

expect_of() { sed -n 's/^-- expect: //p' "$1" | head -n 1; }

total=0
for f in $H/rules/*.lua; do
    exp=$(expect_of "$f")
    line=${exp%%:*}
    msg=${exp#*: }
    name=$(basename "$f" .lua)
    timed check "$f"
    expect_code "$name: exit 1" 1
    expect_err_has "$name: message" "chiso: $f:$line: $msg"
    check_limits "$name"
    echo "# $name ${secs} s $((rss_kb / 1024)) MiB"
    total=$((total + 1))
done
echo "# $total hostile rule files"

# --- the limits are flags ------------------------------------------------------
timed check $H/rules/mem_table.lua --max-memory 16
expect_err_has "--max-memory 16" "mem_table.lua:4: memory limit (16 MiB) exceeded"
if [ -n "$RSS_CHECK" ] && [ "$rss_kb" -lt $(((16 + 40) * 1024)) ]; then
    pass "--max-memory 16: $((rss_kb / 1024)) MiB resident"
elif [ -n "$RSS_CHECK" ]; then
    fail "--max-memory 16: $((rss_kb / 1024)) MiB resident"
fi
timed check $H/rules/loop.lua --max-instructions 100000
expect_err_has "--max-instructions 100000" "loop.lua:3: instruction budget exceeded"
check_limits "--max-instructions 100000"

# --- other commands that load rule files ---------------------------------------
D=tests/fixtures/rules_data/camau_2013.csv
for cmd in eval score; do
    for f in loop mem_concat pattern_backtrack blocked_os_execute recursion; do
        exp=$(expect_of "$H/rules/$f.lua")
        if [ "$cmd" = score ]; then timed score "$H/rules/$f.lua" "$D"; else timed eval "$H/rules/$f.lua"; fi
        expect_code "$cmd $f: exit 1" 1
        expect_err_has "$cmd $f: message" "$H/rules/$f.lua:${exp%%:*}: ${exp#*: }"
        check_limits "$cmd $f"
    done
done

# --- extraction rule files: regular expressions ------------------------------
if [ -f scripts/extract.lua ]; then
    for f in $H/extract/*.lua; do
        exp=$(expect_of "$f")
        name=extract_$(basename "$f" .lua)
        if command -v timeout >/dev/null 2>&1; then
            s0=$(date +%s.%N)
            timeout "$BACKSTOP" "$CHISO" extract $H/extract/text.txt --rules "$f" >"$T/out" 2>"$T/err"
            code=$?
            secs=$(awk -v a="$s0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
        else
            timed extract $H/extract/text.txt --rules "$f"
        fi
        if grep -qF "time limit exceeded" "$T/err" || [ "$code" = 124 ]; then
            # Regular-expression matches are charged to the instruction
            # budget (api_re.c): only the budget may stop these files.
            fail "$name: stopped by the budget, not the CPU-time backstop" "after $secs s (killed at $BACKSTOP s): $(head -2 "$T/err")"
            continue
        fi
        expect_code "$name: exit 1" 1
        expect_err_has "$name: message" "chiso: $f:${exp%%:*}: ${exp#*: }"
        check_limits "$name"
    done
fi
finish
