#!/bin/sh
# Run every test: the cmocka binaries given as arguments, then the command-level
# tests in tests/cli/.  Prints each suite's summary and ends with one plain line
# "N passed, N failed"; exits non-zero if anything failed.
# Usage: tests/run.sh CHISO_BINARY [TEST_BINARY ...]
set -u
CHISO=$1; shift
case $CHISO in /*) ;; *) CHISO=$(pwd)/$CHISO ;; esac
export CHISO
passed=0; failed=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

for t in "$@"; do
    name=$(basename "$t")
    echo "== $name"
    "$t" >"$tmp/out" 2>&1
    status=$?
    cat "$tmp/out"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$tmp/out" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$tmp/out" | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    # A crash or a non-zero exit without a cmocka summary still counts as a failure.
    if [ "$status" -ne 0 ] && [ -z "$f" ]; then
        echo "[  FAILED  ] $name exited with status $status"
        failed=$((failed + 1))
    fi
done

for suite in tests/cli/*.sh; do
    [ -f "$suite" ] || continue
    echo "== $suite"
    sh "$suite" >"$tmp/out" 2>&1
    status=$?
    cat "$tmp/out"
    p=$(grep -c '^ok ' "$tmp/out")
    f=$(grep -c '^not ok ' "$tmp/out")
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok $suite exited with status $status"
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
