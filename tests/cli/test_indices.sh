#!/bin/sh
# Command-level tests of the SIPAS, PAPI, PCI and provincial rule files:
# chiso check on each, chiso score and --explain on the Nghệ An departments,
# and the generator of their synthetic data.
. "$(dirname "$0")/../lib/cli.sh"
F=tests/fixtures/rules_data
NA_RULES=rules/provinces/nghean-2023.lua
NA_DATA=datasets/synthetic/nghean_departments_2023.csv

# --- chiso check: every file, and with its data -------------------------------
for f in rules/sipas/2017.lua rules/sipas/2018.lua rules/sipas/2019.lua rules/sipas/2020.lua \
         rules/sipas/2021.lua rules/sipas/2023.lua rules/papi/2016.lua rules/papi/2018.lua \
         rules/pci/2019.lua rules/provinces/camau-2013.lua $NA_RULES; do
    run check "$f"
    expect_code "check $f" 0
done
run check rules/sipas/2021.lua $F/sipas_2021_laichau.csv
expect_out_has "check SIPAS 2021 with Lai Châu's elements" "every column present"
run check rules/sipas/2023.lua datasets/published/sipas_2024.csv
expect_code "check SIPAS 2023–2026 with the published 2024 table" 0
run check rules/provinces/camau-2013.lua $F/camau_2013.csv
expect_code "check Cà Mau with its fixture" 0
run check $NA_RULES $NA_DATA
expect_out_has "check Nghệ An: counts nodes and leaves" "nghean-2023.lua: ok (151 nodes, 100 leaves, every column present"

# --- the synthetic data are what the generator makes -----------------------------
run gen-departments
expect_code "gen-departments exits 0" 0
if cmp -s "$T/out" "$NA_DATA"; then
    pass "gen-departments reproduces $NA_DATA (seed 2023)"
else
    fail "gen-departments reproduces $NA_DATA (seed 2023)" "regenerate it: chiso gen-departments -o $NA_DATA"
fi
run gen-departments --seed 7
expect_code "gen-departments with another seed" 0
if cmp -s "$T/out" "$NA_DATA"; then fail "another seed gives other data"; else pass "another seed gives other data"; fi

# --- chiso score: ranks and groups of the departments -----------------------------
run score $NA_RULES $NA_DATA
expect_code "score Nghệ An exits 0" 0
expect_out_has "score Nghệ An: all departments scored" "21 of 21 units scored"
expect_out_has "score Nghệ An: rank and group columns" "total  percent  rank  group"
expect_out_has "score Nghệ An: the view columns" "TĐ"
expect_out_has "score Nghệ An: Ban Dân tộc on its applicable maximum" "64.06    76.26    13  Khá"
run score $NA_RULES $NA_DATA --format csv
expect_out_has "score Nghệ An as CSV" "unit,1,2,3,4,5,6,7,KS,TĐ,ĐT,total,percent,rank,group"

# --- --explain: sorted by points lost, with owners ----------------------------------
run score $NA_RULES $NA_DATA --explain "Ban Dân tộc"
expect_code "explain Ban Dân tộc exits 0" 0
expect_out_has "explain: total out of the applicable 84" "total 64.06 of 84.00 (76.26%)"
expect_out_has "explain: area 3 not applicable" "not applicable: left out"
expect_out_has "explain: owners shown" "Sở Tư pháp"
expect_out_has "explain: owner of e-government" "Sở Thông tin và Truyền thông"
# The lost column (5th, columns separated by two or more spaces) never rises.
# (The row of the exempt area has no points or max, and nothing lost: skipped.)
lost=$(awk -F'  +' 'started && NF == 0 { exit } started && !/not applicable/ { print $5 } /^-----/ { started = 1 }' "$T/out")
if printf '%s\n' "$lost" | sort -g -r -c 2>/dev/null; then
    pass "explain: largest loss first"
else
    fail "explain: largest loss first" "$(printf '%s\n' "$lost" | head -5 | tr '\n' ' ')"
fi
run score $NA_RULES $NA_DATA --explain "So Y te"
expect_out_has "explain by a folded name; the function leaf decided" "Lua function"

# --- Cà Mau and SIPAS on the command line --------------------------------------------
run score rules/provinces/camau-2013.lua $F/camau_2013.csv --depth 3
expect_out_has "Cà Mau: exactly 90% earns 1 on 1.1.4" "Sở B  13.50  2.50   0.50   1.00   0.00   1.00"
expect_out_has "Cà Mau: a unit without the unseen points has no total" "1 units lack the data for a total"
run score rules/sipas/2021.lua $F/sipas_2021_laichau.csv
expect_out_has "SIPAS 2021: Lai Châu within rounding" "within the rounding of 5 parts"

finish
