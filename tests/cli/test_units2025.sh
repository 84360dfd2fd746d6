#!/bin/sh
# --units 2025 beyond `chiso rank`: whatif, project, report, explain and
# target on the 34 units of 2025, every figure derived from the published
# tables of their predecessors (scripts/lib/units2025.lua).
. "$(dirname "$0")/../lib/cli.sh"
SC=rules/scenarios/danang-2025-units.lua

# A weight file for all 63 provinces: 1 each, Quảng Nam 3.
awk -F, 'NR == 1 { print "province,population"; next } { print $2 "," ($2 == "Quảng Nam" ? 3 : 1) }' \
  datasets/provinces.csv >"$T/w.csv"

# --- whatif: the shipped scenario of the new Đà Nẵng -------------------------
run whatif "$SC"
expect_code "whatif on 2025 units: exit 0" 0
expect_out_has "base names the derived table" "Base: PAR INDEX (34 units of 2025, derived) 2023"
expect_out_has "4 of 34 derived" "partial: 4 of 34 scores derived"
expect_out_has "Đà Nẵng 2023 derived: (88.68 + 84.60) / 2, ranked among 34 with bounds" "2023 (base)  86.64  7–30        B"
expect_out_has "+3 points" "2025         89.64  3–21        B"
expect_out_has "overtakes Huế" "overtakes (1): Thành phố Huế 88.38"
expect_out_has "undetermined ones named for what they are" "26 units with no derived scores may lie between 86.64 and 89.64"
expect_out_has "the banner says derived" "Note: 34 units of 2025: every figure is DERIVED"
expect_out_has "bounded units counted" "30 of the 34 units have no derived score"

# --units on the command line, for a scenario of an unchanged province
run whatif rules/scenarios/langson-2019.lua --units 2025
expect_code "whatif --units 2025: exit 0" 0
expect_out_has "Lạng Sơn 2018 among 34" "2018 (base)  77.25  4–33"
run whatif rules/scenarios/langson-2019.lua
expect_out_has "without --units: among 63 as before" "rank of 63"

# A province merged away is named with its new unit, at the scenario's line.
run whatif rules/scenarios/backan-sipas-2025.lua --units 2025
expect_code "merged province in a scenario: exit 1" 1
expect_err_has "merged province: where and what" "rules/scenarios/backan-sipas-2025.lua:17: Bắc Kạn merged into Thái Nguyên on 1 July 2025"

# scenario FILE BASE UNITS: a scenario changing Quảng Ninh, `units` on line 4.
scenario() {
  printf 'return scenario {\n  name = "x",\n  base = { %s,\n           units = %s },\n  change = { ["Quảng Ninh"] = "+1" },\n}\n' \
    "$2" "$3" >"$T/$1"
}
scenario u2024.lua 'index = "par", year = 2023' 2024
run whatif "$T/u2024.lua"
expect_code "units = 2024: exit 1" 1
expect_err_has "units = 2024 at its line" "u2024.lua:4: base: units = 2025"
cat >"$T/own.csv" <<'CSV'
province,score
Quảng Ninh,90
CSV
scenario uown.lua 'rules = "par/2023", data = "own.csv", year = 2023' 2025
run whatif "$T/uown.lua"
expect_code "units = 2025 on a table of one's own: exit 1" 1
expect_err_has "own table: said why" "uown.lua:4: base: the 34 units of 2025 re-express the published tables"

# --- project ---------------------------------------------------------------
run project "$SC" --draws 3000 --threads 1 --format csv
expect_code "project on 2025 units: exit 0" 0
cp "$T/out" "$T/p1.csv"
run project "$SC" --draws 3000 --threads 2 --format csv
if cmp -s "$T/out" "$T/p1.csv"; then pass "project: same result with 1 and 2 threads"; else fail "project: thread count changed the result"; fi
n=$(grep -c '^2026,' "$T/p1.csv")
if [ "$n" = 34 ]; then pass "project: 34 units a year"; else fail "project: 34 units a year" "got $n"; fi
expect_out_has "project: Đà Nẵng's base" "2025,Thành phố Đà Nẵng,*,86.64,"
run project "$SC" --draws 3000
expect_out_has "project: bounded draws said" "Units without a derived score (30) are drawn uniformly within their bounds"

# --- report ----------------------------------------------------------------
run report "Đà Nẵng" --units 2025 --format json
expect_code "report --units 2025: exit 0" 0
expect_out_has "report json: units" '"units": 2025'
expect_out_has "report json: derived" '"derived": true'
expect_out_has "report json: the new unit" '"name": "Thành phố Đà Nẵng"'
expect_out_has "report json: derived score" '"score": 86.64'
expect_out_has "report json: of 34" '"of": 34'
expect_out_has "report json: 2022 lower bound (Quảng Nam unpublished)" '"score_min": 81.765'
expect_out_has "report json: 2022 upper bound" '"score_max": 87.54'
expect_out_has "report json: the predecessors in the note" 'Đà Nẵng 88.68 (rank 12); Quảng Nam 84.60 (rank 56) — equal-weight mean of 2 predecessors'
run report "Da Nang" --units 2025 -o "$T/dn.html"
expect_code "report html: exit 0" 0
if grep -qF "34 đơn vị hành chính năm 2025" "$T/dn.html" && grep -qF "Quảng Nam not published — partial" "$T/dn.html"; then
  pass "report html: banner and the years left empty"; else fail "report html: banner and the years left empty"; fi
run report "TP HCM" --units 2025 --format json
expect_out_has "an alias of the heir names the new unit" '"name": "Thành phố Hồ Chí Minh"'
run report "Quảng Nam" --units 2025
expect_code "report a merged-away province: exit 1" 1
expect_err_has "report: which unit it joined" "Quảng Nam merged into Thành phố Đà Nẵng on 1 July 2025"
mkdir "$T/all"
run report --all --units 2025 -o "$T/all"
expect_code "report --all --units 2025: exit 0" 0
n=$(ls "$T/all" | grep -c '\.html$')
if [ "$n" = 35 ]; then pass "report --all: 34 pages and the index"; else fail "report --all: 34 pages and the index" "got $n"; fi
run report "Đà Nẵng" --units 2025 --weight population --weight-file "$T/w.csv" --format json
expect_code "weighted report: exit 0" 0
expect_out_has "weighted: (88.68 + 3 × 84.60) / 4" '"score": 85.62'
expect_out_has "weighted: named" '"weighting": "population"'
grep -v "Quảng Nam" "$T/w.csv" >"$T/w62.csv"
run report "Đà Nẵng" --units 2025 --weight population --weight-file "$T/w62.csv"
expect_code "a missing weight: exit 1" 1
expect_err_has "a missing weight: named" "w62.csv: no 'population' weight for Quảng Nam"

run report "Đà Nẵng" --scenario "$SC" -o "$T/x.html"
expect_code "report: a 2025-units scenario without --units: exit 1" 1
expect_err_has "report: says to give --units" "danang-2025-units.lua:15: base: the scenario is on the 34 units of 2025: give --units 2025"
if [ ! -e "$T/x.html" ]; then pass "report: no page written on error"; else fail "report: no page written on error"; fi
run report "Đà Nẵng" --units 2025 --scenario "$SC" --draws 400 --format json
expect_code "report --units with the scenario: exit 0" 0
expect_out_has "report: the scenario's projection on 34 units" '"of": 34'

# --- explain ---------------------------------------------------------------
run explain "Quảng Ninh" --from 2022 --to 2023 --units 2025
expect_code "explain --units 2025: exit 0" 0
expect_out_has "explain: 2022 among 34 (bounds place the rest below)" "2022: score 90.10, rank 1 of 34"
expect_out_has "explain: 2023 among 34" "2023: score 92.18, rank 1 of 34"
expect_out_has "explain: banner" "34 units of 2025: every figure is DERIVED"
expect_out_has "explain: who moved, derived" "Who moved (the derived figures):"
run explain "Quảng Ninh" --from 2022 --to 2023
expect_out_has "explain without --units: among 63" "of 63"
run explain "Quảng Ninh" --from 2022 --to 2023 --units 2025 --format json
expect_out_has "explain json: units" '"units": 2025'
run explain "Quảng Ninh" --from "$T/own.csv" --to "$T/own.csv" --units 2025
expect_code "explain own tables with --units: usage error" 2

# --- target ----------------------------------------------------------------
run target "Đà Nẵng" --rank 5 --units 2025
expect_code "target --units 2025: exit 0" 0
expect_out_has "target: the derived table" "Thành phố Đà Nẵng — PAR INDEX (34 units of 2025, derived) 2023: rank ≤ 5 of 34"
expect_out_has "target: needed, from the bounds" "needed   90.76"
run target "Đà Nẵng" --rank 5 --units 2025 --rules rules/par/2023.lua --data "$T/own.csv"
expect_code "target --units with --rules/--data: usage error" 2

# --- usage errors ----------------------------------------------------------
run whatif "$SC" --units 2024
expect_code "--units 2024: usage error" 2
expect_err_has "--units 2024: said" "only 2025"
run report "Đà Nẵng" --units 2025 --weight population
expect_code "--weight without --weight-file: usage error" 2
run project "$SC" --weight-file "$T/w.csv"
expect_code "--weight-file without --units: usage error" 2
run report "Bộ Tư pháp" --index ministries --units 2025
expect_code "ministries with --units: usage error" 2
expect_err_has "ministries: said" "regroups provinces"

finish
