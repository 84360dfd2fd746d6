#!/bin/sh
# Command-level tests of rank-change attribution (chiso explain) and of the
# 2025 units (chiso rank … --units 2025): the numbers, not only the exit codes.
. "$(dirname "$0")/../lib/cli.sh"
X=tests/fixtures/explain
U=tests/fixtures/units2025
D=tests/fixtures/diff

# --- Đà Nẵng, PAR INDEX 2022 → 2023 (87.54 → 88.68, rank 5 → 12) ---------------
run explain "Đà Nẵng" --from 2022 --to 2023
expect_code "explain Đà Nẵng 2022→2023: exit 0" 0
expect_err_empty "explain Đà Nẵng: nothing on stderr"
expect_out_has "Đà Nẵng 2022 as published" "2022: score 87.54, rank 5 of 63 (listing order)"
expect_out_has "Đà Nẵng 2023 as published" "2023: score 88.68, rank 12 of 63"
expect_out_has "Đà Nẵng: the change" "change: score +1.14, rank 5 → 12: 7 places lower"
expect_out_has "Đà Nẵng: own effect -1 (88.68 ranks 4th in 2022)" "own changes    -1    its 2023 score 88.68 would rank 4 in 2022's table (others as they were), against rank 5"
expect_out_has "Đà Nẵng: others' effect +8" "others' moves  +8    rank 4 → 12 with its own score fixed at 88.68"
expect_out_has "Đà Nẵng: methodology 0 by construction (same rules)" "methodology    0     the two years' rules score alike: 0 by construction"
expect_out_has "Đà Nẵng: the parts add up" "own -1 + methodology 0 + others +8 = +7, the published change."
expect_out_has "Đà Nẵng: components missing, said so" "2022 and 2023 do not both publish Đà Nẵng's components"
expect_out_has "Đà Nẵng: overtaken by Bà Rịa - Vũng Tàu" "Bà Rịa - Vũng Tàu                                 5       91.03  overtook it"
expect_out_has "Đà Nẵng: overtaken by Long An (8 both years)" "Long An                    8                      8              overtook it"
expect_out_has "Đà Nẵng: Bắc Giang counted in the others' effect" "Bắc Giang                  4       88.54          4       91.16  above it both years; its 2022 score was below 88.68"
expect_out_has "Đà Nẵng: counts of named moves" "named: 6 overtook it, 0 fell behind it; against its 2023 score 88.68: 7 moved above it, 0 below"
expect_out_has "Đà Nẵng: the unnamed overtaker" "Of the 32 units the 2023 figures do not place against it, 1 is above it (the unpublished rank 9); all 32 were below it in 2022, so that one overtook it."
expect_out_has "Đà Nẵng: national average" "National average: 84.79 (2022) → 86.98 (2023, UNVERIFIED), +2.19; Đà Nẵng's score +1.14, 1.05 points below the average's change."
expect_out_has "Đà Nẵng: the rule files compared" "rules/par/2022.lua and rules/par/2023.lua score alike"

run explain "Da Nang" --from 2022 --to 2023 --format csv
expect_out_has "csv: own" "own changes,-1,-1,-1,"
expect_out_has "csv: methodology" "methodology,0,0,0,the two years' rules score alike: 0 by construction"
expect_out_has "csv: others" "others' moves,+8,8,8,rank 4 → 12 with its own score fixed at 88.68"
expect_out_has "csv: total" "total,+7,7,7,rank 5 → 12 (as published)"

run explain "Đà Nẵng" --from 2022 --to 2023 --format json
expect_out_has "json: the unnamed overtaker counted" '"below_before": 32'
expect_out_has "json: average change rounded" '"change": 2.19'

run explain "Đà Nẵng" --from 2022 --to 2023 -o "$T/dn.csv" --format csv
if grep -qF "others' moves,+8,8,8" "$T/dn.csv" && [ ! -s "$T/out" ]; then pass "-o writes the file"; else fail "-o writes the file"; fi

# --- a published case with intervals and different rules: 2021 → 2022 --------------
run explain "Đà Nẵng" --from 2021 --to 2022
expect_code "explain Đà Nẵng 2021→2022: exit 0" 0
expect_out_has "2021→2022: own effect is an interval" "own changes    +13 to +17"
expect_out_has "2021→2022: others' effect mirrors it" "others' moves  -15 to -11"
expect_out_has "2021→2022: the rules differ" "rules/par/2021.lua and rules/par/2022.lua differ"
expect_out_has "2021→2022: re-scoring impossible, with what is missing" "is not possible with the published data: the rules read appraisal_pts"
expect_out_has "2021→2022: what would make it exact" "exact once 2021's scores between"

# --- a synthetic complete two-year table: every number exact -------------------------
run explain "Sở C" --from $X/y1.csv --to $X/y2.csv --format csv
expect_code "synthetic: exit 0" 0
expect_out_has "synthetic: own -1" "own changes,-1,-1,-1,"
expect_out_has "synthetic: Shapley c1" "own: c1,-0.50,-0.5,-0.5,"
expect_out_has "synthetic: Shapley c2" "own: c2,-1,-1,-1,"
expect_out_has "synthetic: Shapley c3" "own: c3,+0.50,0.5,0.5,"
expect_out_has "synthetic: others +2" "others' moves,+2,2,2,"
expect_out_has "synthetic: total +1" "total,+1,1,1,"
run explain "Sở C" --from $X/y1.csv --to $X/y2.csv
expect_out_has "synthetic: the Shapley values add up" "The rank effects add up to -1"
expect_out_has "synthetic: D overtook C" "Sở D        4        78        3        87  overtook it"

# --- rules that differ, re-scored with a mapping ---------------------------------------
run explain "Sở D" --from $X/rules_a.csv --to $X/rules_b.csv --rules-from $D/a.lua --rules-to $D/b.lua --mapping $D/map.lua --format csv
expect_code "methodology: exit 0" 0
expect_out_has "methodology: +1 (67.8 re-scored to 35.2 ranks 4th)" "methodology,+1,1,1,its own rules_a figures re-scored under rules_b's rules: 67.8 → 35.2"
expect_out_has "methodology: own -2" "own changes,-2,-2,-2,"
expect_out_has "methodology: others +1" "others' moves,+1,1,1,"
expect_out_has "methodology: total 0" "total,0,0,0,"

# --- errors ------------------------------------------------------------------------------
run explain "Đà Nẵng" --from 2022
expect_code "--to missing: usage error" 2
expect_err_has "--to missing: message" "explain: --from and --to are required"
run explain "Đà Nẳng x" --from 2022 --to 2023
expect_code "unknown unit: exit 1" 1
run explain "Da Nag" --from 2022 --to 2023
expect_err_has "unknown unit: suggestion" "did you mean 'Đà Nẵng'?"
run explain "Đà Nẵng" --from 2023 --to 2023
expect_code "same year: usage error" 2
run explain "Đà Nẵng" --from 2022 --to 2031
expect_code "no published table: exit 1" 1
expect_err_has "no published table: message" "no published PAR INDEX table for 2031"
run explain "Sở C" --from $X/nope.csv --to $X/y2.csv
expect_err_has "missing file" "nope.csv: cannot open: no such file"
run explain "Sở D" --from $X/rules_a.csv --to $X/rules_b.csv --rules-from $D/a.lua
expect_code "--rules-from alone: usage error" 2

# --- chiso rank … --units 2025 ----------------------------------------------------------
run rank par 2023 --units 2025
expect_code "rank par 2023 --units 2025: exit 0" 0
expect_out_has "units 2025: marked derived" "PAR INDEX 2023 re-expressed for the 34 units of 2025 — DERIVED, not published (equal weights)"
expect_out_has "units 2025: Đà Nẵng + Quảng Nam = 86.64" "Thành phố Đà Nẵng      48    86.64  2/2        derived (2025 units)                       Đà Nẵng 88.68 (rank 12); Quảng Nam 84.60 (rank 56) — equal-weight mean of 2 predecessors"
expect_out_has "units 2025: partial left empty" "Thành phố Cần Thơ      92           2/3        derived (2025 units): partial, left empty  Cần Thơ 86.15 (rank 42); Hậu Giang no score (rank 19); Sóc Trăng 81.70 (rank 62) — partial: 2 of 3 predecessors have a published score, left empty"
expect_out_has "units 2025: rank without score named" "Lào Cai no score (rank 7); Yên Bái 88.86 (rank 10)"
expect_out_has "units 2025: 4 values" "4 of 34 units have a value"
expect_out_has "units 2025: no ranks on a partial table" "No ranks: ranks among the 34 units need all 34 derived values, and 30 are empty."
run rank par 2023 --units 2025 --format csv
expect_out_has "units 2025 csv" ",Thành phố Đà Nẵng,48,86.64,2/2,derived (2025 units),"

run rank $U/synthetic_63.csv --units 2025
expect_code "units 2025 on a complete table: exit 0" 0
expect_out_has "complete: ranked, Đà Nẵng 5th with 90.25" "   5  Thành phố Đà Nẵng      48    90.25  2/2        derived (2025 units)"
expect_out_has "complete: ties share a rank" "   6  Thái Nguyên            19    87.10"
expect_out_has "complete: all 34" "34 of 34 units have a value"
run rank $U/synthetic_63.csv --units 2025 --weight w
expect_out_has "weighted by a column of the table: (88.40 + 2 × 92.10) / 3" "   5  Thành phố Đà Nẵng      48    90.87  2/2        derived (2025 units)"
run rank par 2023 --units 2025 --weight pop --weight-file $U/weights.csv
expect_out_has "weight file: (88.68 + 3 × 84.60) / 4 = 85.62" "Thành phố Đà Nẵng      48    85.62  2/2"
run rank par 2023 --units 2025 --weight pop --weight-file $U/weights_missing.csv
expect_code "weight missing: exit 1" 1
expect_err_has "weight missing: names the province" "weights_missing.csv: no 'pop' weight for Quảng Nam (a predecessor of Thành phố Đà Nẵng)"
run rank par 2023 --units 2025 --weight pop --weight-file $U/weights_negative.csv
expect_err_has "negative weight: at its line" "weights_negative.csv:3: weight -3 of Quảng Nam is negative"
run rank par 2023 --units 2025 --weight pop
expect_code "--weight on a published table without a file: usage error" 2
run rank par 2023 --units 2024
expect_code "--units 2024: usage error" 2
run rank par 2023 --weight pop
expect_code "--weight without --units: usage error" 2
run rank ministries 2023 --units 2025
expect_code "--units on the ministries: usage error" 2

# xlsx: the split and who moved, a sheet each
run explain "Đà Nẵng" --from 2022 --to 2023 --format xlsx -o "$T/e.xlsx"
expect_code "explain --format xlsx: exit 0" 0
if command -v unzip >/dev/null 2>&1; then
    if unzip -p "$T/e.xlsx" xl/workbook.xml | grep -q '<sheet name="who moved"'; then pass "explain xlsx: a 'who moved' sheet"
    else fail "explain xlsx: a 'who moved' sheet" "$(unzip -p "$T/e.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"')"; fi
fi
finish
