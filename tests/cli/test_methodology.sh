#!/bin/sh
# Command-level tests of the rule language and the methodology commands:
# chiso check, chiso score (--explain, --long, --mapping), chiso diff.
. "$(dirname "$0")/../lib/cli.sh"
G=tests/cli/golden
L=tests/fixtures/lang
D=tests/fixtures/diff

# --- errors in rule files, at their line, with suggestions --------------------
run check $L/bad_key.lua
expect_code "misspelt key: exit 1" 1
expect_err_has "misspelt key: line and suggestion" "bad_key.lua:4: area: unknown key 'mxa' (did you mean 'max'?)"
run check $L/bad_key_deep.lua
expect_err_has "misspelt key: at the key's own line, not its node's" "bad_key_deep.lua:9: sub: unknown key 'colum' (did you mean 'column'?)"
run check $L/bad_key_two_edits.lua
expect_err_has "misspelt key two edits away: still a suggestion" "bad_key_two_edits.lua:3: index: unknown key 'maks' (did you mean 'max'?)"
run check $L/bad_helper.lua
expect_err_has "misspelt helper" "bad_helper.lua:5: unknown name 'stesp' (did you mean 'steps'?)"
run check $L/bad_step.lua
expect_err_has "misspelt step condition" "bad_step.lua:5: steps: step 1: unknown key 'abvoe' (did you mean 'above'?)"
run check $L/not_index.lua
expect_err_has "wrong return type" "not_index.lua:2: a methodology file must return index { … } or survey { … }, not table"
# not applicable: full points (2) or out of the maximum (3)
run score $L/na_full.lua $L/na_full.csv --format csv
expect_out_has "na = full: the node's maximum; na = exclude: out of the maximum (15 of 20 = 75%)" "B,5.00,10.00,,15.00,75.00,1,"
expect_out_has "both applicable: 20 of 30" "A,10.00,5.00,5.00,20.00,66.67,2,"
run score $L/fn_bad.lua $L/one.csv
expect_code "function leaf returning text: exit 1" 1
expect_err_has "function leaf returning text" "fn_bad.lua:4: '1': the score function must return points, nil (no data) or \"na\", not a string"
run score $L/fn_column.lua $L/one.csv
expect_err_has "function leaf: unknown column suggested" "fn_column.lua:4: no column 'scroe' in the data (did you mean 'score'?)"

# --- chiso check ---------------------------------------------------------------
run check $D/a.lua $D/a.csv
expect_code "check ok" 0
expect_out_has "check ok message" "a.lua: ok (6 nodes, 3 leaves, every column present in tests/fixtures/diff/a.csv)"
run check $D/b.lua $D/a.csv
expect_code "check: a column missing from the data" 1
expect_err_has "check names the missing column" "b.lua:15: '3.1': value column 'online_pct' is not in tests/fixtures/diff/a.csv"

# --- chiso score -----------------------------------------------------------------
run score $D/a.lua $D/a.csv
expect_code "score exits 0" 0
expect_out "score table" "$G/score_diff_a.out"
run score $D/a.lua $D/a.csv --explain "Sở B"
expect_out "explain: sorted by points lost, deciding thresholds" "$G/score_explain_b.out"
run score $D/a.lua $D/a.csv --explain "So B" --format json
expect_out_has "explain json" '"unit": "Sở B"'
run score $D/a.lua $D/a.csv --explain "Sở Z"
expect_code "explain an unknown unit: exit 1" 1
expect_err_has "explain an unknown unit: suggestion" "no unit 'Sở Z' (did you mean 'Sở A'?)"
run score $D/a.lua $D/a.csv --long --format csv
expect_out_has "long format" "Sở A,1.2,Mức độ hoàn thành,3.00,3.00,100.00,rule"
run score $D/b.lua $D/a.csv --mapping $D/map.lua
expect_code "score under another version's rules with a mapping" 0
expect_out_has "mapped data scored under B" "Sở A  3.00  3.60  0.00   6.60    66.00"

# --- chiso diff ---------------------------------------------------------------------
run diff $D/a.lua $D/b.lua
expect_code "diff exits 0" 0
expect_out "diff: structure" "$G/diff_structure.out"
run diff $D/a.lua $D/b.lua --data $D/a.csv --data-b $D/b.csv --mapping $D/map.lua --format csv
expect_out "diff: methodology and performance effects add up" "$G/diff_effects.csv"
run diff rules/par/2023.lua rules/par/2017.lua --format csv
expect_out_has "diff of two years: nodes removed" "removed,TD,"
expect_out_has "diff of two years: a node renamed and moved" "\"renamed, moved\",2,"
run diff $D/a.lua $D/a.lua
expect_out_has "diff of a file with itself" "No structural change"
run diff $D/a.lua $D/b.lua --mapping $D/map.lua
expect_code "--mapping without --data: usage error" 2

# --- a leaf whose points are another methodology's result --------------------------
run score $L/from_sipas.lua $L/from_sipas.csv
expect_code "from_rules without its data: exit 1" 1
expect_err_has "from_rules without its data: says what to give" \
  "from_sipas.lua:6: 'S' takes its points from rules/sipas/bench.lua: give that index's data with --input sipas/bench=FILE.csv"
run score $L/from_sipas.lua $L/from_sipas.csv --input sipas/bench=datasets/synthetic/sipas_bench_20000_1.csv
expect_code "from_rules with its data" 0
# Hà Nội's benchmark SIPAS is 84.27% (chiso score rules/sipas/bench.lua …): 8.43 of 10 points.
expect_out_has "SIPAS % becomes points of the leaf" "Hà Nội    8.50  8.43  16.93    84.63     2"
run score $L/from_sipas.lua $L/from_sipas.csv --input sipas=nothing.csv
expect_code "--input for another name still misses the one needed" 1

finish
