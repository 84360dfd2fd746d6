#!/bin/sh
# Command-level tests of respondent-level surveys: `chiso score` with a
# survey { … } rule file (rules/sipas/bench.lua), hand-computed numbers, an
# independent recomputation with awk, bootstrap intervals that repeat for a
# seed and do not depend on threads, output formats, errors, and gen-sipas.
. "$(dirname "$0")/../lib/cli.sh"
R=rules/sipas/bench.lua
F=tests/fixtures/survey
BIG=datasets/synthetic/sipas_bench_20000_1.csv

# --- hand-computed: tests/fixtures/survey/bench_small.csv -------------------
# Hà Nội: one respondent all 5s, one all 3s -> 50 everywhere.
# Cà Mau: all 4s, and 2 2 2 2 then 5s -> access 50, the rest 100, index 90.
# Đà Nẵng: q01 blank, the rest 4 -> every element 100 (q01 has no rate).
run score $R $F/bench_small.csv
expect_code "score a survey: exit 0" 0
expect_out_has "header: units and respondents" "bench_small.csv: 3 units, 5 respondents, unweighted"
expect_out_has "Đà Nẵng first, 100" "   1  Đà Nẵng  100.00      100.00  100.00   100.00    100.00  100.00            1"
expect_out_has "Cà Mau: access 50, index 90" "   2  Cà Mau    50.00      100.00  100.00   100.00    100.00   90.00            2"
expect_out_has "Hà Nội: 50 everywhere" "   3  Hà Nội    50.00       50.00   50.00    50.00     50.00   50.00            2"
expect_out_has "unanswered question noted" "Đà Nẵng: nobody answered q01: no rate, left out of the element means"
expect_err_empty "no warnings"

run score $R $F/bench_weighted.csv --format csv
expect_code "weighted: exit 0" 0
expect_out_has "weighted csv header" "rank,unit,code,access,procedures,staff,results,feedback,index,respondents,weight"
expect_out_has "weights 3:1 give 75" "2,Hà Nội,01,75.00,75.00,75.00,75.00,75.00,75.00,2,4.00"

# --- the committed synthetic file, recomputed independently with awk --------
run score $R $BIG --format csv
expect_code "20,000 respondents: exit 0" 0
cp "$T/out" "$T/chiso.csv"
awk -F, 'NR > 1 {
    p = $1; n[p]++
    for (q = 1; q <= 22; q++) { v = $(q + 3); if (v != "") { a[p, q]++; if (v >= 4) s[p, q]++ } }
}
END {
    split("4 5 5 4 4", size, " ")
    for (p in n) {
        q = 0; idx = 0
        for (e = 1; e <= 5; e++) {
            sum = 0
            for (k = 1; k <= size[e]; k++) { q++; sum += s[p, q] / a[p, q] * 100 }
            idx += sum / size[e]
        }
        printf "%s,%.2f,%d\n", p, idx / 5, n[p]
    }
}' "$BIG" | sort >"$T/awk.csv"
awk -F, 'NR > 1 { print $2 "," $9 "," $10 }' "$T/chiso.csv" | sort >"$T/mine.csv"
if [ "$(wc -l <"$T/awk.csv")" -eq 63 ] && diff "$T/awk.csv" "$T/mine.csv" >"$T/diff"; then
    pass "index and respondents of all 63 provinces agree with an awk recomputation"
else
    fail "index and respondents of all 63 provinces agree with an awk recomputation" "$(head -5 "$T/diff")"
fi
run score $R $BIG
expect_out_has "table: header" "sipas_bench_20000_1.csv: 63 units, 20000 respondents, unweighted"
expect_out_has "table: the top province" "   1  Cần Thơ             91.90       89.19  92.65    91.39     88.73  90.77          291"

# --- bootstrap ---------------------------------------------------------------
run score $R $BIG --ci --seed 5 --draws 200
expect_code "--ci: exit 0" 0
cp "$T/out" "$T/ci1"
expect_out_has "--ci: interval columns" "index  index_lo  index_hi  rank_lo  rank_hi  respondents"
expect_out_has "--ci: explained" "95% bootstrap intervals: 200 draws"
run score $R $BIG --ci --seed 5 --draws 200
if cmp -s "$T/ci1" "$T/out"; then pass "--ci with a seed twice: identical output"; else fail "--ci with a seed twice: identical output"; fi
run score $R $BIG --ci --seed 5 --draws 200 --threads 1
if cmp -s "$T/ci1" "$T/out"; then pass "--ci: 1 thread gives the same output"; else fail "--ci: 1 thread gives the same output"; fi
run score $R $BIG --ci --seed 6 --draws 200
if cmp -s "$T/ci1" "$T/out"; then fail "--ci: another seed, other intervals"; else pass "--ci: another seed, other intervals"; fi
run score $R $BIG --ci --seed 5 --draws 200 --format json
expect_code "--ci json: exit 0" 0
expect_out_has "json: ci block" '"resampling": "poisson"'
expect_out_has "json: draws" '"draws": 200'
expect_out_has "json: a row" '"unit": "Cần Thơ"'
expect_out_has "json: interval fields" '"index_lo": '
expect_out_has "json: rank band fields" '"rank_hi": '
run score $R $BIG --draws 100
expect_code "--draws without --ci: usage error" 2

# --- formats and output files --------------------------------------------------
run score $R $F/bench_small.csv --format json
expect_out_has "json: methodology" '"code": "SIPAS-BENCH"'
expect_out_has "json: respondents" '"respondents": 5'
expect_out_has "json: notes" "nobody answered q01"
run score $R $F/bench_small.csv --format md
expect_out_has "md table" "| rank | unit"
run score $R $F/bench_small.csv -o "$T/result.csv" --format csv
expect_code "-o: exit 0" 0
if grep -q "^1,Đà Nẵng,48,100.00" "$T/result.csv"; then pass "-o writes the file"; else fail "-o writes the file"; fi

# --- errors ---------------------------------------------------------------------
run score $R $F/bench_bad.csv
expect_code "answer 7: exit 1" 1
expect_err_has "answer 7: file:line, column" "chiso: tests/fixtures/survey/bench_bad.csv:3: column 'q05': answer 7 is outside the scale 1–5"
run score $R $F/bench_unknown.csv
expect_code "unknown province: exit 1" 1
expect_err_has "unknown province: suggestion" "bench_unknown.csv:3: unknown province 'Da Nangg' (did you mean 'Đà Nẵng'?)"
run score $R $F/bench_bad.csv -o "$T/never.csv"
expect_file_absent "no output file after an error" "$T/never.csv"
run score $R $F/weighted.csv
expect_code "missing question columns: exit 1" 1
expect_err_has "missing question column named" "weighted.csv:1: no column 'q01' (a question of element 'access')"
run score $R $F/no_such.csv
expect_code "missing file: exit 1" 1

# --- gen-sipas ---------------------------------------------------------------------
run gen-sipas 500 3 --out "$T/a.csv"
expect_code "gen-sipas: exit 0" 0
run gen-sipas 500 3 --out "$T/b.csv"
if cmp -s "$T/a.csv" "$T/b.csv"; then pass "gen-sipas is deterministic"; else fail "gen-sipas is deterministic"; fi
if [ "$(wc -l <"$T/a.csv")" -eq 501 ] && head -n 1 "$T/a.csv" | grep -q "^province,respondent,field,q01,.*,q22$"; then
    pass "gen-sipas: header and 500 rows"
else
    fail "gen-sipas: header and 500 rows"
fi
run gen-sipas 500 4 --out "$T/c.csv"
if cmp -s "$T/a.csv" "$T/c.csv"; then fail "gen-sipas: another seed, another file"; else pass "gen-sipas: another seed, another file"; fi
run gen-sipas 20000 1 --out "$T/d.csv"
if cmp -s "$T/d.csv" $BIG; then pass "the committed file is what gen-sipas 20000 1 writes"; else fail "the committed file is what gen-sipas 20000 1 writes"; fi
run gen-sipas x 1
expect_code "gen-sipas: bad ROWS is a usage error" 2

finish
