#!/bin/sh
# Command-level tests of `chiso directive`: targets met / missed from
# published tables, projected ones with a probability, the score each target
# needs and the yearly gain, points lost by owner agency, the shipped seed
# directives, determinism, and errors at the directive's line.
. "$(dirname "$0")/../lib/cli.sh"

# --- a directive decided by published tables (Kon Tum, 2023) ------------------
cat >"$T/kt.lua" <<'EOF'
return directive {
  unit = "Kon Tum",
  name = "Test directive",
  targets = {
    { by = 2022, rank = 50 },
    { by = 2023, rank = 45 },
    { by = 2023, rank = 40 },
    { by = 2023, score = 86 },
    { by = 2023, area_min = 93 },
    { by = 2023, group = "B" },
  },
  owners = { TD = "Sở Nội vụ", ["TAC.1"] = "Văn phòng UBND tỉnh" },
}
EOF
run directive "$T/kt.lua" --year 2023 --format csv
expect_code "published: exit 0" 0
expect_out_has "rank 45 met (published rank 43)" "2023,rank ≤ 45,\"86.14, rank 43 (2023)\",met,1.00"
expect_out_has "rank 40 missed" "2023,rank ≤ 40,\"86.14, rank 43 (2023)\",missed,0.00"
expect_out_has "score 86 met" "2023,score ≥ 86.00,86.14 (2023),met,1.00,86.00,0.00"
expect_out_has "area 4 (9.72 of 10.5 = 92.6%) below 93%: missed" "2023,every area ≥ 93% of its max,area 4 92.6% (2023),missed,0.00,area 4 ≥ 9.77,0.05"
expect_out_has "group B (≥ 80) met" "2023,group B,86.14 (2023),met,1.00,80.00,0.00"
expect_out_lacks "2022 deadline not reported" "2022,"
run directive "$T/kt.lua" --year 2023
expect_out_has "earlier deadline counted" "(1 earlier not reported)"
expect_out_has "losses: the year and score" "Points lost by owner (PAR INDEX 2023: 86.14 of 100, nodes of rules/par/2023.lua), largest first:"
if grep -q '^Sở Nội vụ  *6\.55  TD 6\.55$' "$T/out" && grep -q '^unassigned  *5\.81  TAC\.2 3\.67; TAC\.3 2\.14$' "$T/out" \
   && grep -q '^Văn phòng UBND tỉnh  *1\.50  TAC\.1 1\.50$' "$T/out"; then
  pass "losses by owner: Sở Nội vụ 6.55 (TD), unassigned 5.81 (TAC.2 3.67, TAC.3 2.14), Văn phòng 1.50 (TAC.1)"
else fail "losses by owner" "$(sed -n '/Points lost/,$p' "$T/out")"; fi
if [ "$(grep -n '^Sở Nội vụ' "$T/out" | cut -d: -f1)" -lt "$(grep -n '^unassigned' "$T/out" | cut -d: -f1)" ]; then
  pass "losses: largest first"; else fail "losses: largest first"; fi
expect_out_has "losses: total" "Total lost: 13.86 points."

# --- the shipped seed directives ----------------------------------------------
run directive rules/directives/lai-chau.lua --year 2024 --format json
expect_code "Lai Châu: exit 0" 0
expect_out_has "Lai Châu: the instrument" '"issued": "Chỉ thị 08/CT-UBND (2022)"'
expect_out_has "Lai Châu: illustrative" '"status": "illustrative"'
expect_out_has "Lai Châu: rank 30 needs 89.03 (Lào Cai, rank 26 in 2024)" '"needed": 89.03'
expect_out_has "Lai Châu: gap from 79.51 (2019)" '"gap": 9.52'
expect_out_has "Lai Châu: 6 years left" '"years_left": 6'
expect_out_has "Lai Châu: per year 9.52 / 6" '"per_year": 1.5867'
expect_out_has "Lai Châu: group B needs 80" '"needed": 80'
expect_out_has "Lai Châu: only the total is published" '"owner": "unassigned"'
expect_out_has "Lai Châu: 20.49 lost" '"total": 20.49'
expect_out_has "Lai Châu: a projected probability" '"p_met": 0.'
run directive rules/directives/lai-chau.lua --year 2024
expect_out_has "Lai Châu: 2024 undecided by the table, drawn" "published 2024 (Lai Châu not listed): P from the places left open"
expect_out_has "Lai Châu: projected rows" "projected to 2025"

run directive rules/directives/lang-son.lua --year 2024
expect_code "Lạng Sơn: exit 0" 0
expect_out_has "Lạng Sơn: 2018 components" "Points lost by owner (PAR INDEX 2018: 77.25 of 100, nodes of rules/par/2018.lua), largest first:"
if grep -q '^Sở Nội vụ / Sở Kế hoạch và Đầu tư  *13\.25  TD+TAC\.3 13\.25$' "$T/out" \
   && grep -q '^Sở Nội vụ  *6\.65  TAC\.2 6\.65$' "$T/out" && grep -q '^Văn phòng UBND tỉnh  *2\.85  TAC\.1 2\.85$' "$T/out"; then
  pass "Lạng Sơn: 13.25 shared by TD and TAC.3 (maxima not public), 6.65 TAC.2, 2.85 TAC.1"
else fail "Lạng Sơn: losses" "$(sed -n '/Points lost/,$p' "$T/out")"; fi
expect_out_has "Lạng Sơn: total lost" "Total lost: 22.75 points."
expect_out_has "Lạng Sơn: rank 30 gap from 77.25" "2025  rank ≤ 30                    77.25, rank 26 (2018)"
expect_out_has "Lạng Sơn: areas not published" "no area scores published"

run directive rules/directives/bac-kan.lua --year 2024 --format csv
expect_code "Bắc Kạn: exit 0" 0
expect_out_has "Bắc Kạn: SIPAS 78.17 → 80, 1.83 in one year" "2025,SIPAS ≥ 80.00%,78.17 (2024),"
expect_out_has "Bắc Kạn: SIPAS gap" ",80.00,1.83,1.83,projected to 2025"
run directive rules/directives/bac-kan.lua --year 2024
expect_out_has "Bắc Kạn: its SIPAS scenario projects the SIPAS targets" "sipas: 'Bắc Kạn SIPAS 2025 at the 2024 national level (83.94%)' (rules/scenarios/backan-sipas-2025.lua), base SIPAS 2024"
expect_out_has "Bắc Kạn: PAR by the default" "par: every unit on its own trend (3 years), base PAR INDEX 2024"
expect_out_has "Bắc Kạn: no PAR score to attribute" "Points lost by owner: Bắc Kạn has no published PAR INDEX score: no points to attribute."

run directive rules/directives/tuyen-quang.lua --year 2024 --format json
expect_code "Tuyên Quang: exit 0" 0
expect_out_has "Tuyên Quang: rank 25 needs 91.47 (Thái Nguyên, rank 5 in 2024)" '"needed": 91.47'
expect_out_has "Tuyên Quang: gap from 86.57 (2021)" '"gap": 4.9'
expect_out_has "Tuyên Quang: 13.43 lost" '"total": 13.43'

# Statuses follow the probabilities: met ≥ 0.9, missed ≤ 0.1, at risk between.
cat >"$T/check.lua" <<'EOF'
local t = chiso.read(arg[1])
for i = 1, #t do
  local p, s = t:get("p_met", i), t:get("status", i)
  if p and ((p >= 0.9 and s ~= "met") or (p <= 0.1 and s ~= "missed") or (p > 0.1 and p < 0.9 and s ~= "at risk")) then
    print("row " .. i .. ": " .. s .. " with P = " .. p)
    return 1
  end
end
return 0
EOF
bad=0
for f in lai-chau lang-son bac-kan tuyen-quang; do
  "$CHISO" directive rules/directives/$f.lua --format csv >"$T/st.csv" 2>/dev/null || bad=1
  "$CHISO" run "$T/check.lua" "$T/st.csv" || bad=1
done
if [ "$bad" -eq 0 ]; then pass "statuses agree with the probabilities"; else fail "statuses agree with the probabilities"; fi

# Deterministic: the same seed, the same report; draws and seed are honoured.
run directive rules/directives/lai-chau.lua --year 2024 --draws 2000 --seed 7
A=$(cat "$T/out")
run directive rules/directives/lai-chau.lua --year 2024 --draws 2000 --seed 7
if [ "$A" = "$(cat "$T/out")" ]; then pass "deterministic for a seed"; else fail "deterministic for a seed"; fi
expect_out_has "draws and seed in the report" "2000 draws, seed 7"

# -o writes the whole report or nothing.
run directive rules/directives/lai-chau.lua -o "$T/lc.json" --format json
if [ -s "$T/lc.json" ] && grep -q '"targets"' "$T/lc.json"; then pass "-o writes the report"; else fail "-o writes the report"; fi

# --- errors at the directive's line ---------------------------------------------
cat >"$T/bad_unit.lua" <<'EOF'
return directive {
  unit = "Lai Chau x",
  targets = { { by = 2025, rank = 30 } },
}
EOF
run directive "$T/bad_unit.lua"
expect_code "unknown unit: exit 1" 1
expect_err_has "unknown unit: at its own line, with a suggestion" "bad_unit.lua:2: unknown province 'Lai Chau x' (did you mean 'Lai Châu'?)"
cat >"$T/bad_rank.lua" <<'EOF'
return directive {
  unit = "Lai Châu",
  targets = {
    { by = 2024, rank = 30 },
    { by = 2025, rank = 0 },
  },
}
EOF
run directive "$T/bad_rank.lua"
expect_err_has "rank 0: at the target's line" "bad_rank.lua:5: target 2: rank must be a whole number ≥ 1"
cat >"$T/bad_key.lua" <<'EOF'
return directive {
  unit = "Lai Châu",
  targets = { { by = 2025, rnak = 30 } },
}
EOF
run directive "$T/bad_key.lua"
expect_code "misspelt target key: exit 1" 1
expect_err_has "misspelt target key: suggestion" "bad_key.lua:3: directive: target 1: unknown key 'rnak' (did you mean 'rank'?)"
cat >"$T/bad_group.lua" <<'EOF'
return directive {
  unit = "Lai Châu",
  targets = {
    { by = 2025, group = "Z" },
  },
}
EOF
run directive "$T/bad_group.lua"
expect_err_has "unknown group: the groups" "bad_group.lua:4: target 1: no group 'Z' in PAR INDEX 2024 (groups: A, B, C, D)"
run directive rules/par/2023.lua
expect_code "not a directive: exit 1" 1
expect_err_has "not a directive" "rules/par/2023.lua: a directive file must return directive { … }, not index { … }"
run directive rules/directives/lai-chau.lua --draws 0
expect_code "draws 0: exit 2" 2
run directive
expect_code "no file: exit 2" 2
# the owners' losses in md and xlsx too, not only the text and json reports
run directive rules/directives/lang-son.lua --format md
expect_out_has "md: the owners' table" "## Points lost by owner"
expect_out_has "md: an owner's row" "| Văn phòng UBND tỉnh               |  2.85 |"
run directive rules/directives/lang-son.lua --format xlsx -o "$T/d.xlsx"
if command -v unzip >/dev/null 2>&1; then
    if unzip -p "$T/d.xlsx" xl/workbook.xml | grep -q '<sheet name="points lost by owner"'; then
        pass "xlsx: a sheet of points lost by owner"
    else
        fail "xlsx: a sheet of points lost by owner" "$(unzip -p "$T/d.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"')"
    fi
fi
finish
