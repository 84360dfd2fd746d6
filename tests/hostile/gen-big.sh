#!/bin/sh
# gen-big.sh FILE MB — a survey-like CSV of at least MB MiB, made at test
# time (never committed): a header and one respondent row repeated, with a
# blank answer in each row.
# Usage: sh tests/hostile/gen-big.sh /tmp/big.csv 520
set -eu
out=$1
mb=$2
row='Hà Nội,1234567,Đất đai,5,4,3,,5,4,4,2'
# bytes per row, with its line end
per=$(printf '%s\n' "$row" | wc -c)
rows=$(( (mb * 1048576 + per - 1) / per ))
{
    echo "province,respondent,field,q01,q02,q03,q04,q05,q06,q07,q08"
    yes "$row" | head -n "$rows"
} >"$out"
