#!/bin/sh
# Command tests of `chiso whatif` and `chiso project` on the scenarios in
# tests/fixtures/scenario/: numbers checked against hand computation and the
# published PAR INDEX 2023, errors at the scenario's line, output formats, and
# projections identical for any thread count.
. "$(dirname "$0")/../lib/cli.sh"
F=tests/fixtures/scenario

# --- whatif on a complete table of one's own (exact ranks) ----------------------
run whatif $F/mini_plus2.lua
expect_code "whatif: a complete table of one's own" 0
expect_out_has "whatif: Lạng Sơn's change at 2.1" "changes: '2.1' 7.00 → 9.00 (+2)"
expect_out_has "whatif: its total" "score: 76.00 → 78.00 (+2.00)"
expect_out_has "whatif: Lạng Sơn falls behind Bắc Kạn (changed too)" "falls behind (1): Bắc Kạn 85.00"
expect_out_has "whatif: Lạng Sơn's projected rank (5 of 5: Bắc Kạn passes it)" "2024         78.00  5          C"
expect_out_has "whatif: Bắc Kạn set to 85% of 100" "total 66.00 → 85.00 (= 85%, +19.00)"
expect_out_has "whatif: Bắc Kạn's projected rank and group" "2024         85.00  2          B"
expect_out_has "whatif: Bắc Kạn's base rank and group" "2023 (base)  66.00  5          C"
expect_out_has "whatif: whom Bắc Kạn overtakes" "overtakes (3): Hải Phòng 83.00, Lai Châu 82.00, Lạng Sơn 78.00"
expect_out_has "whatif: exact ranks on a complete table" "Ranks are exact"
expect_err_empty "whatif: nothing on stderr"

# --- whatif on the partial published PAR 2023 -----------------------------------
run whatif $F/par2023_kontum.lua
expect_code "whatif: PAR 2023 with published components" 0
expect_out_has "whatif: Kon Tum's SIPAS part to 95%" "'TAC.1' 8.50 → 9.50 (= 95%, +1.00)"
expect_out_has "whatif: Kon Tum's area 3" "'3' 12.38 → 12.88 (+0.5)"
expect_out_has "whatif: Kon Tum's projected score and rank interval" "2024         87.64  18–29       B"
expect_out_has "whatif: Kon Tum's published rank" "2023 (base)  86.14  43          B"
expect_out_has "whatif: units overtaken (published scores)" "overtakes (6): Nam Định 87.32, TP. Hồ Chí Minh 86.97, Cà Mau 86.89"
expect_out_has "whatif: units of unknown score in between" "undetermined: 19 units with unpublished scores may lie between 86.14 and 87.64"
expect_out_has "whatif: intervals explained" "Ranks are intervals"
# the interval is the one 'chiso rank --score' gives for the same score
run rank par 2023 --score 87.64 --unit "Kon Tum"
expect_out_has "rank --score agrees with whatif" "would rank 18–29 of 63"

run whatif $F/par2023_kontum.lua --format csv
expect_code "whatif --format csv" 0
expect_out_has "whatif csv: header" "unit,year,basis,score,rank_min,rank_max,group,overtakes,falls_behind,undetermined"
expect_out_has "whatif csv: the projected row" "Kon Tum,2024,projected,87.64,18,29,B,Nam Định; TP. Hồ Chí Minh; Cà Mau; Hòa Bình; Quảng Trị; Cần Thơ,,19"
run whatif $F/par2023_kontum.lua --format json
expect_out_has "whatif json: rank_min" '"rank_min": 18'
expect_out_has "whatif json: the change" '"change": "= 95%"'

run whatif $F/par2023_kontum.lua -o "$T/w.txt"
expect_code "whatif -o FILE" 0
if [ -s "$T/w.txt" ] && [ ! -s "$T/out" ] && grep -qF "18–29" "$T/w.txt"; then pass "whatif -o: the report is in the file"; else fail "whatif -o: the report is in the file"; fi

# --- errors ---------------------------------------------------------------------------
run whatif $F/bad_unit.lua
expect_code "whatif: unknown province exits 1" 1
expect_err_has "whatif: unknown province at its line" "bad_unit.lua:6: unknown province 'Lang Sonn' (did you mean 'Lạng Sơn'?)"
run whatif $F/bad_node.lua
expect_code "whatif: unknown node exits 1" 1
expect_err_has "whatif: unknown node at its line" "bad_node.lua:6: PAR INDEX 2023 (rules/par/2023.lua) has no node 'TAC.9' (did you mean 'TAC.1'?)"
run whatif $F/no_value.lua
expect_code "whatif: unpublished node value exits 1" 1
expect_err_has "whatif: unpublished node value" "no_value.lua:5: Cần Thơ has no published value for 'TAC.1' in PAR INDEX 2023: change 'total' instead, or give base data"
run whatif $F/missing.lua
expect_code "whatif: missing file exits 1" 1
expect_err_has "whatif: missing file" "missing.lua: cannot open"
run whatif
expect_code "whatif: no scenario is a usage error" 2
run whatif $F/mini_plus2.lua --fromat csv
expect_code "whatif: unknown option is a usage error" 2
expect_err_has "whatif: unknown option suggests" "did you mean '--format'"
printf 'return scenario {\n  name = "x",\n  base = { index = "par", year = 2023 },\n  change = { ["Kon Tum"] = "+1" },\n  others = "trendy",\n}\n' >"$T/others.lua"
run whatif "$T/others.lua"
expect_err_has "a bad 'others' at its own line" "others.lua:5: scenario: others ="
sed 's/horizon = 2024,/horizon = { 2024, 2026 },/' $F/par2023_kontum.lua >"$T/gap.lua"
run whatif "$T/gap.lua"
expect_out_has "horizons with a gap: 'as in' names the previous horizon" "  2026: as in 2024"
run whatif $F/bad_unit.lua -o "$T/never.txt"
expect_file_absent "whatif: no output file after an error" "$T/never.txt"

# --- project ------------------------------------------------------------------------------
run project $F/par2023_kontum.lua --threads 1
expect_code "project: PAR 2023, one thread" 0
cp "$T/out" "$T/p1"
run project $F/par2023_kontum.lua --threads 2
cp "$T/out" "$T/p2"
if cmp -s "$T/p1" "$T/p2"; then pass "project: identical output for 1 and 2 threads"; else fail "project: identical output for 1 and 2 threads" "$(diff "$T/p1" "$T/p2" | head -5)"; fi
expect_err_empty "project: no progress bar when stderr is not a terminal"
expect_out_has "project: header" "20000 draws, seed 3"
expect_out_has "project: columns" "P(≤10)  P(≤30)"
expect_out_has "project: group A column" "P(A)"
# 87.63 is the Monte Carlo mean of 20,000 draws with seed 3: it follows the
# exact random stream of engine/core/project.c (87.64 before its normals changed).
expect_out_has "project: Kon Tum changed" "Kon Tum            *  86.14  87.63"
expect_out_has "project: noise from history" "6 of 63 units have at least two year-on-year changes; the other 57 have too little history and use the median of those sds (2.13 points a year)."
expect_out_has "project: unknown slots" "Unpublished scores (41 units) are drawn uniformly between the published scores around them: 9 with a published rank between that rank's neighbours; 32 of unknown place take the 32 free ranks"
run project $F/par2023_kontum.lua --threads 2 --seed 4
if cmp -s "$T/p1" "$T/out"; then fail "project: another seed gives other draws"; else pass "project: another seed gives other draws"; fi
run project $F/par2023_kontum.lua --format csv --draws 5000
expect_code "project --format csv" 0
expect_out_has "project csv: header" "year,unit,changed,base,mean,median_rank,rank_p5,rank_p95,p_rank_le_10,p_rank_le_30,p_group_A,noise_sd,noise"
expect_out_has "project csv: Quảng Ninh's own noise" "2024,Quảng Ninh,,92.18,"
run project $F/par2023_kontum.lua --format json --draws 5000
expect_out_has "project json" '"median_rank":'

# Zero noise on a complete table: the median rank is the exact rank, certainly.
cat >"$T/zero.lua" <<EOF
return scenario {
  name = "mini, no noise",
  base = { rules = "$ROOT/$F/mini.lua", data = "$ROOT/$F/mini.csv" },
  change = { ["Lạng Sơn"] = { ["2.1"] = "+2" } },
  noise = { sd = 0 },
  ranks = { 3 },
}
EOF
run project "$T/zero.lua" --draws 1000 --format csv
expect_code "project: declared zero noise" 0
expect_out_has "project: zero noise gives the exact rank" "2024,Lạng Sơn,*,76.00,78.00,4,4,4,0.0,0.0,0.00,declared"
expect_out_has "project: the top unit is first in every draw" "2024,Hà Nội,,91.00,91.00,1,1,1,100.0,100.0,0.00,declared"

# A complete table of one's own has no published history: noise must be declared.
run project $F/mini_plus2.lua
expect_code "project: no history to take noise from" 1
expect_err_has "project: says to declare noise" "mini_plus2.lua:2: no unit of MINI 2023"
run project $F/par2023_kontum.lua --draws 0
expect_code "project: --draws 0 is a usage error" 2
run project $F/par2023_kontum.lua --threads x
expect_code "project: --threads must be a number" 2

finish
