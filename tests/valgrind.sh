#!/bin/sh
# Every test under valgrind (memcheck): the cmocka binaries and fuzz replays
# given as arguments, then the command tests with CHISO pointing at a
# wrapper that runs chiso under valgrind.  Each run logs to its own file; any
# error or definite/indirect leak (--error-exitcode) fails it, and every
# non-empty log is printed.  Ends like tests/run.sh: "N passed, N failed".
# Usage: VALGRIND_OPTS=... sh tests/valgrind.sh CHISO_BINARY [TEST_BINARY ...]
set -u
CHISO_BIN=$1; shift
case $CHISO_BIN in /*) ;; *) CHISO_BIN=$(pwd)/$CHISO_BIN ;; esac
: "${VALGRIND_OPTS:=--leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99}"
logs=$(mktemp -d) || exit 1
trap 'rm -rf "$logs"' EXIT INT TERM
passed=0; failed=0

# valgrind is far slower: stretch the time limits, shrink the big file, no JIT
export CHISO_TIME_SCALE=${CHISO_TIME_SCALE:-40}
export CHISO_BIG_MB=${CHISO_BIG_MB:-40}
export CHISO_NO_JIT=1
export CHISO_MAX_SECONDS=${CHISO_MAX_SECONDS:-600}

vg() { # LOG PROGRAM ARGS...
    log=$1; shift
    # shellcheck disable=SC2086
    valgrind -q $VALGRIND_OPTS --log-file="$log" "$@"
}

for t in "$@"; do
    name=$(basename "$t")
    echo "== valgrind $name"
    vg "$logs/$name.%p.log" "$t" >"$logs/out" 2>&1
    status=$?
    cat "$logs/out"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$logs/out" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$logs/out" | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$status" -ne 0 ] && [ -z "$f" ]; then
        echo "[  FAILED  ] $name exited with status $status under valgrind"
        failed=$((failed + 1))
    fi
done

# chiso under valgrind for the command tests; a wrapper keeps "$@" intact
cat >"$logs/chiso" <<WRAP
#!/bin/sh
exec valgrind -q $VALGRIND_OPTS --log-file="$logs/chiso.%p.log" "$CHISO_BIN" "\$@"
WRAP
chmod +x "$logs/chiso"
export CHISO="$logs/chiso"
for suite in tests/cli/*.sh; do
    [ -f "$suite" ] || continue
    echo "== valgrind $suite"
    sh "$suite" >"$logs/out" 2>&1
    status=$?
    cat "$logs/out"
    p=$(grep -c '^ok ' "$logs/out")
    f=$(grep -c '^not ok ' "$logs/out")
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok $suite exited with status $status"
        failed=$((failed + 1))
    fi
done

# any valgrind report, from any run, is a failure
bad=0
for log in "$logs"/*.log; do
    [ -s "$log" ] || continue
    # runs killed on purpose (the nothing-lost tests) leak what they held
    grep -q 'Process terminating with default action of signal' "$log" && continue
    if ! grep -q '==[0-9]*== \(Invalid\|Conditional\|Syscall\|Mismatched\|Source and destination\|Argument\|[0-9,]* bytes in [0-9,]* blocks are \(definitely\|indirectly\) lost\)' "$log"; then
        continue
    fi
    echo "== valgrind report: $log"
    sed -n '1,60p' "$log"
    bad=$((bad + 1))
done
if [ "$bad" -gt 0 ]; then
    echo "not ok valgrind reported errors or leaks in $bad run(s)"
    failed=$((failed + bad))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
