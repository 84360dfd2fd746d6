#!/bin/sh
# Run each libFuzzer target for SECONDS on a working copy of its seed corpus
# (build-fuzz/corpus/NAME, which keeps what it finds between runs).  A crash,
# hang (10 s per input), leak, out-of-memory (2 GB) or sanitizer report stops
# that target; its input is kept in build-fuzz/artifacts/NAME/.  Ends with
# one line per target and a non-zero status if any target failed.
# Usage: sh tests/fuzz/run.sh SECONDS build-fuzz/fuzz_NAME ...
set -u
secs=$1
shift
cd "$(dirname "$0")/../.." || exit 1
status=0
summary=""
for bin in "$@"; do
    name=$(basename "$bin")
    name=${name#fuzz_}
    work=build-fuzz/corpus/$name
    art=build-fuzz/artifacts/$name
    mkdir -p "$work" "$art"
    dict=
    [ -f tests/fuzz/$name.dict ] && dict=-dict=tests/fuzz/$name.dict
    echo "== fuzz $name for ${secs} s"
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$art/" $dict "$work" "tests/fuzz/corpus/$name" \
        >build-fuzz/$name.log 2>&1
    rc=$?
    tail -n 12 build-fuzz/$name.log
    if [ "$rc" -ne 0 ]; then
        status=1
        summary="$summary
fuzz $name: FAILED (status $rc), see build-fuzz/$name.log and $art/"
    else
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' build-fuzz/$name.log | tail -n 1)
        summary="$summary
fuzz $name: ok, ${runs:-?} runs in ${secs} s"
    fi
done
echo "$summary"
exit $status
