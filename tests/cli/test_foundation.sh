#!/bin/sh
# Command-level tests of the foundation: help and exit codes, `chiso rank`,
# `chiso show`, `chiso eval`, output files, and an installed chiso.
. "$(dirname "$0")/../lib/cli.sh"
G=tests/cli/golden
F=tests/fixtures

# --- help, version, exit codes --------------------------------------------
run --help
expect_code "--help exits 0" 0
expect_out_has "--help lists rank" "  rank  "
expect_out_has "--help lists show" "  show  "
expect_out_has "--help lists eval" "  eval  "
expect_out_has "--help lists run" "  run   "
run
expect_code "no command is a usage error" 2
run --version
expect_out_has "--version" "chiso 0."
run help rank
expect_code "help rank exits 0" 0
expect_out_has "help rank shows usage" "Usage: chiso rank INDEX YEAR"
run rank --help
expect_out_has "rank --help shows options" "--score S"
run rnak par 2023
expect_code "misspelt command: exit 2" 2
expect_err_has "misspelt command: suggestion" "unknown command 'rnak' (did you mean 'rank'?)"
run rank par 2023 --scor 87
expect_code "misspelt option: exit 2" 2
expect_err_has "misspelt option: suggestion" "did you mean '--score'?"
run rank par 2023 --score abc
expect_code "non-numeric --score: exit 2" 2
run rank nope 2023
expect_code "unknown index: exit 2" 2
run rank par 1999
expect_code "missing year: exit 1" 1
expect_err_has "missing year: says which years exist" "years available: 2012–2024"

# --- chiso rank on the published tables ------------------------------------
run rank par 2023
expect_code "rank par 2023 exits 0" 0
expect_out "rank par 2023 table" "$G/rank_par_2023.out"
expect_out_has "rank par 2023 lists the Cà Mau / TP.HCM disagreement" \
  "datasets/published/par_index_2023.csv:18: Cà Mau (rank 32, 86.89) ranks above TP. Hồ Chí Minh (line 19, rank 33, 86.97) with a lower score"
expect_out_has "Đà Nẵng fell 7 places (5th to 12th)" "  12  Đà Nẵng            88.68  Bắc Trung Bộ và duyên hải miền Trung      -7"
run rank par 2022
expect_out_has "PAR 2022: Bình Phước order disagreement" "Bình Phước (rank 29, 84.46) ranks above Đắk Nông (line 14, rank 37, 84.66)"
expect_out_has "PAR 2022: shared rank with different scores" "Ninh Thuận (rank 29, 85.78) and Bình Phước (line 13, rank 29, 84.46) share a rank"
run rank par 2023 --format csv
expect_code "csv exits 0" 0
expect_out_has "csv header" "rank,unit,score,region,change,basis,source"
expect_out_has "csv row with source" "1,Quảng Ninh,92.18,Đồng bằng sông Hồng,0,,https://nhadautu.vn/"
expect_err_has "csv: disagreements go to stderr" "warning: datasets/published/par_index_2023.csv:18:"
run rank par 2023 --format json
expect_out_has "json: rows are objects" '"unit": "Quảng Ninh", "score": 92.18'
expect_out_has "json: disagreements listed" '"kind": "order"'
run rank sipas 2021
expect_code "rank sipas 2021" 0
expect_out_has "sipas title" "SIPAS 2021"
run rank ministries 2019
expect_out_has "ministries: 'last' becomes rank 19 of 19" "  19  Bộ Giao thông vận tải"
run rank ministries 2020
expect_out_has "ministries 2020: count unknown" "of ? ministries"

# --- --score: the rank a score would take ---------------------------------
run rank par 2023 --score 87.0
expect_out_has "87.0 in 2023 ranks 30–32 of 63" "would rank 30–32 of 63"
run rank par 2023 --score 87 --format json
expect_out "87.0 as json" "$G/rank_par_2023_score87.json"
run rank ministries 2012 --score 75
expect_out_has "unknown count: the interval runs to the most units there can be" \
  "would rank 2–16 of at least 5 (at most 19)."
run rank par 2023 --score 92.5
expect_out_has "above the top is rank 1" "would rank 1 of 63"
run rank par 2023 --score 80
expect_out_has "below the bottom is rank 63" "would rank 63 of 63"
run rank par 2023 --score 88.86
expect_out_has "equal to a published score shares its rank" "would rank 10 of 63"
run rank par 2023 --unit "yen bai" --score 88.70
expect_out_has "a unit asking about itself" "Yên Bái with a score of 88.70 in PAR INDEX 2023 would rank 11 of 63"
run rank par 2023 --score 87,0
expect_out_has "--score accepts a decimal comma" "would rank 30–32 of 63"

# --- a table of one's own ---------------------------------------------------
run rank $F/cli/own_provinces.csv
expect_code "own table" 0
expect_out "own table: competition ranks, names matched" "$G/rank_own_provinces.out"
run rank $F/cli/departments_vi.csv
expect_out_has "';' file: decimal comma, ties share rank 1" "   1  Sở Tài chính         91.50"
expect_out_has "';' file: next rank skips to 3" "   3  Sở Tư pháp           88.00"
run rank $F/cli/misspelt.csv
expect_code "unknown province: exit 1" 1
expect_err_has "unknown province: position and suggestion" \
  "tests/fixtures/cli/misspelt.csv:3: unknown province 'Quang Nimh' (did you mean 'Quảng Ninh'?)"
run rank $F/cli/duplicate.csv
expect_err_has "duplicate unit" "tests/fixtures/cli/duplicate.csv:3: 'Hà Nội' is listed twice (also line 2)"
run rank $F/cli/text_score.csv
expect_code "a text cell among scores: exit 1" 1
expect_err_has "a text cell among scores: its line and text" \
  "tests/fixtures/cli/text_score.csv:3: column 'score': '12a' is not a number, so the column holds text, not scores"
run rank $F/cli/no_unit.csv
expect_code "row without a unit: exit 1" 1
expect_err_has "row without a unit: position" "tests/fixtures/cli/no_unit.csv:3: no unit name in column 'unit'"

# --- chiso show -------------------------------------------------------------
run show $F/csv/vi_excel.csv
expect_code "show vi_excel" 0
expect_out "show: BOM, ';', decimal comma, %, dot thousands, decomposed text" "$G/show_vi_excel.out"
run show $F/csv/plain_decimal_comma.csv
expect_code "decimal comma undeclared: exit 1" 1
expect_err_has "decimal comma undeclared: file:line, column, text, hint" \
  "plain_decimal_comma.csv:2: column 'score': '87,57' is not a number in the plain style (decimal comma? declare the Vietnamese format with --decimal-comma)"
run show $F/csv/plain_decimal_comma.csv --decimal-comma
expect_code "--decimal-comma reads it" 0
expect_out_has "--decimal-comma value" "87.57"
run show $F/csv/cp1258.csv
expect_err_has "invalid UTF-8 at file:line:col" "cp1258.csv:2:2: invalid UTF-8 byte 0xE0"
run show $F/csv/ragged.csv
expect_err_has "ragged row" "ragged.csv:3: row has 5 fields, the header has 4"
run show $F/csv/dup_name.csv
expect_err_has "duplicate header" "dup_name.csv:1:15: duplicate column name 'score' (also column 2)"
run show $F/csv/empty.csv
expect_err_has "empty file" "empty.csv: empty file: no header row"
run show $F/csv/header_only.csv
expect_err_has "header only" "header_only.csv:1: no data rows (header only)"
expect_code "header only: exit 1" 1
run show $F/csv-spectrum/csvs/quotes_and_newlines.csv --format json
expect_out_has "quoted newlines and quotes survive" '"b": "ha \n\"ha\" \nha"'

# --- output files: whole or absent ------------------------------------------
run rank par 2023 --format csv -o "$T/out.csv"
expect_code "-o FILE" 0
if cmp -s "$T/out.csv" /dev/null || ! grep -q "^1,Quảng Ninh," "$T/out.csv"; then
    fail "-o FILE holds the table"
else
    pass "-o FILE holds the table"
fi
run rank par 1999 -o "$T/none.csv"
expect_file_absent "an error writes no output file" "$T/none.csv"
if ls -A "$T" | grep -q '\.tmp\.'; then fail "no temporary files left" "$(ls -A "$T")"; else pass "no temporary files left"; fi
echo "old" > "$T/keep.csv"
run show $F/csv/ragged.csv -o "$T/keep.csv"
if [ "$(cat "$T/keep.csv")" = old ]; then pass "a failed run leaves an existing output untouched"; else fail "a failed run leaves an existing output untouched"; fi
run rank par 2023 -o "$T/no/such/dir/x.csv"
expect_code "unwritable output: exit 1" 1
expect_err_has "unwritable output: message" "cannot write"

# --- chiso eval: the sandbox from the shell ----------------------------------
R=$F/rules
run eval $R/ok_table.lua
expect_code "eval ok" 0
expect_out_has "eval prints sorted keys" 'code = "PAR2017",'
# shipped rule files use the rule language and, for extraction, re
for f in rules/par/2023.lua rules/sipas/bench.lua rules/scenarios/backan-sipas-2025.lua \
         rules/directives/lai-chau.lua rules/extract/vi.lua; do
    run eval "$f"
    expect_code "eval $f: exit 0" 0
done
run eval rules/par/2023.lua
expect_out_has "eval of a methodology: its tree" 'code = "PAR2023"'
run eval $R/blocked_io_open.lua
expect_code "io.open: exit 1" 1
expect_err_has "io.open blocked with position" "blocked_io_open.lua:2: io.open is not available in rule files"
run eval $R/blocked_os_execute.lua
expect_err_has "os.execute blocked" "os.execute is not available in rule files"
run eval $R/blocked_string_dump.lua
expect_err_has "string.dump blocked" "string.dump is not available in rule files"
run eval $R/blocked_load_binary.lua
expect_err_has "binary load blocked" "load of binary chunks is not available in rule files"
run eval $R/budget_pcall.lua --max-instructions 1000000
expect_err_has "budget inside pcall" "budget_pcall.lua:3: instruction budget exceeded"
run eval $R/mem_table.lua --max-memory 16
expect_err_has "memory cap flag" "mem_table.lua:4: memory limit (16 MiB) exceeded"
run eval $R/require_dotdot.lua
expect_code "require outside rules/: exit 1" 1
run eval $R/strict_typo.lua
expect_err_has "unknown global" "unknown name 'stpes'"
run eval $R/ok_table.lua --format json
expect_out_has "eval --format json" '"code": "PAR2017"'

# --- an installed chiso works from any directory -----------------------------
if make -s install DESTDIR="$T/inst" PREFIX=/usr/local >"$T/install.log" 2>&1; then
    pass "make install"
    run_in / "$T/inst/usr/local/bin/chiso" rank par 2023 --score 87
    expect_out_has "installed chiso runs from /" "would rank 30–32 of 63"
else
    fail "make install" "$(tail -5 "$T/install.log")"
fi

finish
