#!/bin/sh
# Command-level tests of `chiso extract`: rows from our own news-like text in
# every format, errors at file:line (files, encodings, rule files, match
# limits), --year / --publication-year, --merge against a fixture copy of the
# published tables (new, adding, confirmed, conflict; never writing into the
# directory), and the seed articles when they are available.
. "$(dirname "$0")/../lib/cli.sh"
F=tests/fixtures/extract
NEWS=$F/news.txt

# --- help -------------------------------------------------------------------
run --help
expect_out_has "--help lists extract" "  extract  "
run extract --help
expect_code "extract --help exits 0" 0
expect_out_has "extract --help shows usage" "Usage: chiso extract FILE..."
expect_out_has "extract --help names --merge" "--merge DIR"
run extract
expect_code "extract without FILE: usage error" 2

# --- rows ---------------------------------------------------------------------
run extract $NEWS
expect_code "extract news.txt exits 0" 0
expect_out_has "table: Hà Giang's PAR INDEX 2022 value and rank" "Hà Giang    PAR_INDEX                       2022  86.5%     8/63"
expect_out_has "table: a ministry matched to its canonical name" "Bộ Tư pháp  PAR_INDEX                       2021  91.9 pts  1"
expect_out_has "table: a component row" "Hà Giang    PAR_INDEX  area_public_finance  2022            5/63"
expect_out_has "table: evidence file:line" "news.txt:7"
expect_out_lacks "table: the national average is not a row" "84.79"
expect_out_has "table: the phrase left out is counted" "1 figure-like phrase was not taken (about an average or a region: 1)"
expect_err_empty "extract: nothing on stderr"

run extract $NEWS --format csv
expect_out_has "csv header: the published schema plus evidence" \
  "entity,kind,code,index,component,year,value,unit,max,bound,rank,rank_of,rank_basis,rank_change,compared_to,value_change,evidence,note"
expect_out_has "csv: a row with code, value and rank" "Hà Giang,province,02,PAR_INDEX,,2022,86.5,percent,,,8,63,explicit,,,,$NEWS:1,"
expect_out_has "csv: a ministry row" "Bộ Tư pháp,ministry,MOJ,PAR_INDEX,,2021,91.9,points,,,1,,explicit,,,,$NEWS:6,"

run extract $NEWS --format json
expect_out_has "json: rows" '"rows": ['
expect_out_has "json: skipped phrases with their reason" '"why": "about an average or a region'

run extract $NEWS -o "$T/rows.csv"
expect_code "-o exits 0" 0
if head -n 1 "$T/rows.csv" 2>/dev/null | grep -q '^entity,kind,code,index'; then pass "-o writes CSV"; else fail "-o writes CSV"; fi

run extract $NEWS
cp "$T/out" "$T/first"
run extract $NEWS
if cmp -s "$T/out" "$T/first"; then pass "output is deterministic"; else fail "output is deterministic"; fi

# --- years --------------------------------------------------------------------
printf 'Chỉ số CCHC của tỉnh Thái Bình xếp thứ 15/63.\n' >"$T/noyear.txt"
run extract "$T/noyear.txt" --format csv
expect_out_has "no year: said in the note" "year not named in the text"
run extract "$T/noyear.txt" --format csv --year 2022
expect_out_has "--year supplies the year" "Thái Bình,province,34,PAR_INDEX,,2022,"
run extract "$T/noyear.txt" --format csv --publication-year 2024
expect_out_has "--publication-year: the year before" "Thái Bình,province,34,PAR_INDEX,,2023,"
run extract "$T/noyear.txt" --year 99
expect_code "--year 99: usage error" 2

# --- errors -------------------------------------------------------------------
run extract $F/nope.txt
expect_code "missing file: exit 1" 1
expect_err_has "missing file: named" "$F/nope.txt: cannot open: no such file"
run extract $F/bad_utf8.txt
expect_code "invalid UTF-8: exit 1" 1
expect_err_has "invalid UTF-8: file:line:col" "$F/bad_utf8.txt:2:23: not valid UTF-8"
printf 'x\0 Chỉ số CCHC năm 2022 của Hà Giang xếp thứ 8/63\n' >"$T/nul.txt"
run extract "$T/nul.txt"
expect_code "a NUL byte: exit 1" 1
expect_err_has "a NUL byte: file:line:col, not text silently dropped" "$T/nul.txt:1:2: a NUL byte"
run extract $NEWS --rules $F/rules/bad_pattern.lua
expect_code "bad rule pattern: exit 1" 1
expect_err_has "bad rule pattern: rule file line and offset" \
  "$F/rules/bad_pattern.lua:4: invalid pattern at offset 4: missing closing parenthesis"
printf 'dòng một\nChỉ số CCHC năm 2020: %s!\n' aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >"$T/limit.txt"
run extract "$T/limit.txt" --rules $F/rules/hang_figure.lua
expect_code "match limit: exit 1" 1
expect_err_has "match limit: the text line, the pattern and its rule line" \
  "limit.txt:2: pattern 'figure.hang' exceeded the match limit (rule at $F/rules/hang_figure.lua:8)"
run extract $NEWS --rules $F/rules/misspelt.lua
expect_code "misspelt rule key: exit 1" 1
expect_err_has "misspelt rule key: suggestion" "unknown key 'sett' (did you mean 'set'?)"
run extract $NEWS --rules $F/rules/many_patterns.lua --max-memory 8
expect_code "rule file over the memory cap: exit 1" 1
expect_err_has "rule file over the memory cap: message" "memory limit (8 MiB) exceeded"

# --- a new phrasing is a rule edit ----------------------------------------------
printf 'Chỉ số CCHC năm 2022 của Hà Giang: hạng 12.\n' >"$T/colon.txt"
run extract "$T/colon.txt" --format csv
expect_out_lacks "an unknown phrasing gives no row" "Hà Giang"
run extract "$T/colon.txt" --format csv --rules $F/rules/extra_phrasing.lua
expect_out_has "the same text with one more rule" "Hà Giang,province,02,PAR_INDEX,,2022,,,,,12,,explicit,"

# --- merge --------------------------------------------------------------------
P=$F/published
run extract $NEWS --merge $P
expect_code "merge exits 0" 0
expect_out_has "merge: counts" "2 new, 1 adding to a published row, 2 confirmed, 2 in conflict"
expect_out_has "merge: a conflict with both values and both sources" \
  "$NEWS:2: Kon Tum PAR_INDEX 2022: rank 30 here; 29 at $P/par_index_2022.csv:3 (https://example.org/kon-tum)"
expect_out_has "merge: a component conflict against the long file" \
  "rank 5 here; 7 at $P/par_sipas_components_long.csv:2"
expect_out_has "merge: confirmed rows" "Confirmed (the published row says the same) (2):"
expect_out_has "merge: new rows" "New rows proposed (2):"
expect_out_has "merge: nothing written" "Nothing was written to $P."
run extract $NEWS --merge $P -o "$T/proposals.csv"
expect_code "merge -o exits 0" 0
if grep -q '^conflict,Kon Tum,province,62,PAR_INDEX,,2022,' "$T/proposals.csv" 2>/dev/null &&
   grep -q ',29,tests/fixtures/extract/published/par_index_2022.csv:3,https://example.org/kon-tum$' "$T/proposals.csv"; then
  pass "merge -o: CSV proposals with status and the published row"
else
  fail "merge -o: CSV proposals with status and the published row" "$(head -5 "$T/proposals.csv" 2>/dev/null)"
fi
before=$(ls $P | sort | tr '\n' ' ')
run extract $NEWS --merge $P -o $P/proposals.csv
expect_code "merge -o into the dataset directory: usage error" 2
expect_err_has "merge -o into the dataset directory: refused" "never writes into"
expect_file_absent "merge -o into the dataset directory: nothing written" "$P/proposals.csv"
after=$(ls $P | sort | tr '\n' ' ')
if [ "$before" = "$after" ]; then pass "merge leaves the directory as it was"; else fail "merge leaves the directory as it was"; fi
# the same refusal however the folder is named: absolute, through a link
run extract $NEWS --merge $P -o "$(pwd)/$P/proposals.csv"
expect_err_has "merge -o by an absolute path into the dataset directory: refused" "never writes into"
ln -s "$(pwd)/$P" "$T/pub_link"
run extract $NEWS --merge $P -o "$T/pub_link/proposals.csv"
expect_err_has "merge -o through a link into the dataset directory: refused" "never writes into"
after=$(ls $P | sort | tr '\n' ' ')
if [ "$before" = "$after" ]; then pass "merge leaves the directory as it was, however named"; else fail "merge leaves the directory as it was, however named"; fi
run extract $NEWS --merge $F/none
expect_code "merge with a missing directory: exit 1" 1

# --- the seed articles ----------------------------------------------------------
SEEDS=${CHISO_SEEDS:-../shared/seeds}
if ls "$SEEDS"/00[0-4]_*.txt >/dev/null 2>&1; then
  run extract "$SEEDS"/00[0-4]_*.txt --format csv
  expect_code "seeds: exit 0" 0
  rows=$(($(wc -l <"$T/out") - 1))
  if [ "$rows" -eq 39 ]; then pass "seeds: 39 rows"; else fail "seeds: 39 rows" "got $rows"; fi
  expect_out_has "seeds: Lạng Sơn PAR INDEX 2017, 27/63, +27 since 2016" "Lạng Sơn,province,20,PAR_INDEX,,2017,,,,,27,63,explicit,+27,2016,"
  expect_out_has "seeds: the earlier year in brackets" "Lạng Sơn,province,20,PAR_INDEX,,2016,,,,,52,63,explicit,"
  run extract "$SEEDS"/00[0-4]_*.txt --merge datasets/published/
  expect_code "seeds --merge datasets/published/: exit 0" 0
else
  pass "# SKIP seed articles not available"
fi

finish
