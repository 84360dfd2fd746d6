#!/bin/sh
# The PAR INDEX rule files from the command line: chiso score / --explain /
# check on the published tables (rules/par, rules/par-ministries).
# Checks look for whole table rows and key phrases rather than whole outputs,
# so that changes to the commands' wording elsewhere do not break them.
. "$(dirname "$0")/../lib/cli.sh"

run score rules/par/2023.lua datasets/published/par_index_2023.csv
expect_code "score PAR 2023 exits 0" 0
expect_out_has "Kon Tum 2023: components, 86.14, published rank 43" \
  "Kon Tum            54.95  31.19  59.31   26.83        9.42  12.38  9.72                       86.14    86.14    17              43  B"
expect_out_has "PAR 2023: published parts checked" \
  "Published values against their parts: 2 exact, 0 within rounding, 0 beyond rounding."

run score rules/par/2023.lua datasets/published/par_index_2023.csv --explain "Kon Tum"
expect_code "explain Kon Tum 2023 exits 0" 0
expect_out_has "explain: total, published rank, group" "total 86.14 of 100.00 (86.14%), rank 17 (published rank 43), group B"
expect_out_has "explain: appraisal first, 6.55 lost" \
  "TD     Điểm thẩm định (đánh giá qua báo cáo, tài liệu kiểm chứng)   54.95  61.50  6.55  as published"
if grep -n '^TD  \|^TAC\.2\|^TAC\.3\|^TAC\.1' "$T/out" | cut -d' ' -f1 | tr '\n' ' ' | grep -q '^[0-9]*:TD [0-9]*:TAC.2 [0-9]*:TAC.3 [0-9]*:TAC.1 $'; then
    pass "explain: sorted by points lost (TD, TAC.2, TAC.3, TAC.1)"
else
    fail "explain: sorted by points lost (TD, TAC.2, TAC.3, TAC.1)" "$(cat "$T/out")"
fi

run score rules/par/2020.lua datasets/published/par_index_2020.csv
expect_out_has "PAR 2020: top 10 within rounding" \
  "Published values against their parts: 7 exact, 3 within rounding, 0 beyond rounding."
expect_out_has "PAR 2020: Quảng Ninh's -0.01 reported within rounding" \
  "Quảng Ninh: PAR2020 Chỉ số CCHC cấp tỉnh năm 2020 91.04, its parts 57.66 + 33.39 = 91.05: differs by -0.01"
expect_out_lacks "PAR 2020: nothing flagged" "DIFFERS"

run score rules/par/2022.lua datasets/published/par_index_2022.csv
expect_out_has "PAR 2022: Ninh Thuận within rounding" \
  "Ninh Thuận: PAR2022 Chỉ số CCHC cấp tỉnh năm 2022 85.78, its parts 54.20 + 31.59 = 85.79: differs by -0.01"

run score rules/par/2023.lua tests/fixtures/rules_data/par_2023_wrong_component.csv
expect_out_has "a wrong appraisal is flagged" "Gia Lai: PAR2023 Chỉ số CCHC cấp tỉnh năm 2023 86.14, its parts 55.95 + 31.19 = 87.14: DIFFERS by -1.0"
expect_out_has "a wrong impact part is flagged" "Bạc Liêu: TAC"

for y in 2012 2013 2014 2015 2016 2017 2018 2019 2020 2021 2022 2023 2024; do
    run check rules/par/$y.lua datasets/published/par_index_$y.csv
    expect_code "check rules/par/$y.lua with its published table" 0
done
for y in 2012 2013 2014 2015 2016 2017 2018 2019 2020 2021 2022 2023; do
    run check rules/par-ministries/$y.lua datasets/published/ministries_par_$y.csv
    expect_code "check rules/par-ministries/$y.lua with its published table" 0
done
run check rules/par/2021.lua datasets/published/par_index_2021.csv
expect_out_has "check prints ok" "rules/par/2021.lua: ok (9 nodes, 8 leaves, every column present in datasets/published/par_index_2021.csv)"
finish
