#!/bin/sh
# Command-level tests of chiso sensitivity: the numbers of a case whose rank
# distribution and Sobol indices are known, identical results for any thread
# count, the run record, the PAR-sized example, and errors at the line of the
# sensitivity file (misnamed nodes, handles of another methodology, a node a
# variant lacks, bad values), never a silent skip.
. "$(dirname "$0")/../lib/cli.sh"
G=tests/cli/golden
F=tests/fixtures/sensitivity/rules

# --- a case with known numbers --------------------------------------------------
# tiny.lua: U1 leads only when 1.1's bound is 4, one of four values: rank 1 in
# a quarter of the runs, 2 otherwise; U2 the reverse; U3 always 3.  The bound
# explains all of the rank shift (S1 = ST = 1), the weight of 1 or 1 nothing.
run sensitivity $F/tiny_sens.lua --boot 100
expect_code "tiny: exit 0" 0
expect_out "tiny: ranks and indices" "$G/sensitivity_tiny.out"
expect_out_has "tiny: U1 ranks 1–2, median 2, first in a quarter of the runs" "U1       1  66.67       2   1    2  1.75      25.3"
expect_out_has "tiny: U3 always third" "U3       3  16.67       3   3    3  3.00       0.0"

run sensitivity $F/tiny_sens.lua --format csv --show indices --boot 0
expect_out_has "tiny: csv indices header" "output,alternative,kind,node,values,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi"
# (the values column holds commas: count the numbers from the end of the row)
if awk -F, '$2 == "bound" { s1 = $(NF - 5); st = $(NF - 2); ok = (s1 > 0.97 && s1 < 1.03 && st > 0.97 && st < 1.03) } END { exit !ok }' "$T/out"; then
    pass "tiny: the bound's S1 and ST are 1 within 0.03"
else
    fail "tiny: the bound's S1 and ST are 1 within 0.03" "$(cat "$T/out")"
fi
expect_out_has "tiny: no effect: S1 = ST = 0 exactly" "shift,no_effect,weight,1.2,\"1, 1\",0.000,,,0.000,,"

# --- the same numbers with any number of threads ----------------------------------
run sensitivity $F/tiny_sens.lua --format json --threads 1 --runs 4000
cp "$T/out" "$T/one.json"
run sensitivity $F/tiny_sens.lua --format json --threads 4 --runs 4000
if cmp -s "$T/one.json" "$T/out"; then pass "1 and 4 threads: identical results"; else fail "1 and 4 threads: identical results" "$(diff "$T/one.json" "$T/out" | head -10)"; fi
run sensitivity rules/sensitivity/example.lua --format json --threads 1 --runs 2400 --unit "Đà Nẵng"
cp "$T/out" "$T/one.json"
run sensitivity rules/sensitivity/example.lua --format json --threads 3 --runs 2400 --unit "Đà Nẵng"
if cmp -s "$T/one.json" "$T/out"; then pass "example, 1 and 3 threads: identical"; else fail "example, 1 and 3 threads: identical" "$(diff "$T/one.json" "$T/out" | head -10)"; fi

# --- the record of every run ------------------------------------------------------------
run sensitivity $F/tiny_sens.lua --runs 400 --record "$T/rec.csv"
expect_code "record: exit 0" 0
if [ "$(head -n 1 "$T/rec.csv")" = "run,block,from_B,bound,no_effect,shift" ]; then pass "record: header"; else fail "record: header" "$(head -n 1 "$T/rec.csv")"; fi
# N = 100: 100 rows of A, 100 of B, 100 of A_B for each of the two alternatives.
blocks=$(awk -F, 'NR > 1 { n[$2 $3]++ } END { printf "%d %d %d %d", n["A"], n["B"], n["ABbound"], n["ABno_effect"] }' "$T/rec.csv")
if [ "$blocks" = "100 100 100 100" ]; then pass "record: the N(d+2) blocks"; else fail "record: the N(d+2) blocks" "$blocks"; fi
# The base bound (4) gives the base ranks: shift 0; any other bound swaps U1 and U2: 2/3.
if awk -F, 'NR > 1 { want = ($4 == "4") ? "0.000000" : "0.666667"; if ($6 != want) bad++ } END { exit bad > 0 }' "$T/rec.csv"; then
    pass "record: each run's shift follows from its bound"
else
    fail "record: each run's shift follows from its bound" "$(sed -n 1,5p "$T/rec.csv")"
fi
# In an A_B row only the named alternative comes from B: the other equals row A's.
if awk -F, 'NR > 1 && NR <= 101 { ab[NR - 1] = $4; an[NR - 1] = $5 }
           $2 == "AB" && $3 == "bound" { r = NR - 201; if (an[r] != $5) bad++; n++ }
           $2 == "AB" && $3 == "no_effect" { r = NR - 301; if (ab[r] != $4) bad++; n++ }
           END { exit bad > 0 || n != 200 }' "$T/rec.csv"; then
    pass "record: A_B rows keep A's other values"
else
    fail "record: A_B rows keep A's other values"
fi

# --- the PAR-sized example ------------------------------------------------------------------
run sensitivity rules/sensitivity/example.lua --unit "Da Nang" --record "$T/ex.csv"
expect_code "example: exit 0" 0
expect_out "example: ranks and indices" "$G/sensitivity_example.out"
expect_out_has "example: the design" "8000 runs: N = 1000 × (d + 2), d = 6 alternatives; seed 1"
# Runs with every alternative at the methodology's own choice reproduce chiso score.
base=$("$CHISO" score rules/sensitivity/par_synthetic.lua datasets/synthetic/par_synthetic_63.csv --format csv | awk -F, '$1 == "Đà Nẵng" { print $(NF - 2) "," $(NF - 1) }')
nominal=$(awk -F, '$4 == "1" && $5 == "1" && $6 == "90" && $7 == "70" && $8 == "sum" && $9 == "sensitivity/par_synthetic" { printf "%.2f,%d\n", $12, $11 }' "$T/ex.csv" | sort -u)
if [ -n "$nominal" ] && [ "$nominal" = "$base" ]; then
    pass "example: nominal runs give chiso score's score and rank ($base)"
else
    fail "example: nominal runs give chiso score's score and rank" "score: $base" "runs: $nominal"
fi
if awk -F, '$4 == "1" && $5 == "1" && $6 == "90" && $7 == "70" && $8 == "sum" && $9 == "sensitivity/par_synthetic" && $10 != "0.000000" { bad++ } END { exit bad > 0 }' "$T/ex.csv"; then
    pass "example: nominal runs shift no unit"
else
    fail "example: nominal runs shift no unit"
fi
run sensitivity rules/sensitivity/example.lua --format csv
expect_out_has "example csv: ranks header" "unit,rank,score,median,p5,p95,mean,top10_pct"
run check rules/sensitivity/par_synthetic.lua datasets/synthetic/par_synthetic_63.csv
expect_code "test bed: chiso check passes" 0
expect_out_has "test bed: 88 leaves" "ok (134 nodes, 88 leaves"
run run bench/gen-par-synthetic.lua --check
expect_code "test bed: the files are what the generator writes" 0

# --- errors at the sensitivity file's line ---------------------------------------------
run sensitivity $F/misnamed.lua -o "$T/never.txt" --record "$T/never.csv"
expect_code "misnamed node: exit 1" 1
expect_err_has "misnamed node: line and suggestion" "$F/misnamed.lua:6: methodology 'tiny' has no node '1.22' (did you mean '1.2'?)"
expect_file_absent "misnamed node: no output file" "$T/never.txt"
expect_file_absent "misnamed node: no record" "$T/never.csv"
run sensitivity $F/other_handle.lua
expect_code "handle of another methodology: exit 1" 1
expect_err_has "handle of another methodology: at the handle's line" "$F/other_handle.lua:7: weight 'w': node '1.1' is a node of methodology 'tiny_alt', not of the base 'tiny'"
run sensitivity $F/variant_lacks.lua
expect_code "a node the variant lacks: exit 1" 1
expect_err_has "a node the variant lacks: an error, not a skip" "$F/variant_lacks.lua:5: weight 'w': variant methodology $F/tiny_alt.lua has no node '1.2' (did you mean '1.1'?)"
run sensitivity $F/bad_aggregation.lua
expect_err_has "misspelt aggregation" "$F/bad_aggregation.lua:5: aggregation 'agg': value 2 must be \"sum\", \"mean\" or \"weighted_mean\" (did you mean 'mean'?)"
run sensitivity $F/not_steps.lua
expect_err_has "threshold on a leaf without steps" "$F/not_steps.lua:5: threshold 't': '1.2' is not scored by steps { … } or schedule { … }"
run sensitivity $F/not_sensitivity.lua
expect_err_has "not a sensitivity file" "not_sensitivity.lua: a sensitivity file must return sensitivity { … }"
run sensitivity $F/tiny_sens.lua --runs 5
expect_code "too few runs: usage error" 2
expect_err_has "too few runs: the minimum" "5 runs are too few for 2 alternatives: the N(d+2) design needs at least 8"
run sensitivity $F/tiny_sens.lua --unit U9
expect_code "unknown unit: exit 1" 1
expect_err_has "unknown unit: suggestion" "no unit 'U9' (did you mean"

finish
