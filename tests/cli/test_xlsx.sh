#!/bin/sh
# --format xlsx: every workbook is unzipped and its sheet XML compared with
# the CSV output of the same command, cell by cell (numbers are stored at full
# precision: they must round to what the CSV prints); every formula is
# evaluated from the cells it names and must give the value the CSV prints.
. "$(dirname "$0")/../lib/cli.sh"

if ! command -v unzip >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP unzip or python3 not installed (make test installs unzip; .ci/run installs python3)"
    pass "xlsx tests skipped: unzip or python3 missing"
    finish
    exit
fi

# check.py XLSX SHEET CSV [--formulas COL ...]: the sheet holds exactly the CSV's
# cells (numbers equal, text equal, empty where empty), the header row is
# frozen, and each formula, evaluated, rounds to the CSV's value.  Each COL
# named must hold at least one formula.  Prints "cells N, formulas M".
cat >"$T/check.py" <<'EOF'
import csv, re, subprocess, sys
import xml.etree.ElementTree as ET

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
xlsx, sheet, csvfile = sys.argv[1], sys.argv[2], sys.argv[3]
want_formulas = sys.argv[5:] if len(sys.argv) > 4 and sys.argv[4] == "--formulas" else []

def member(name):
    return subprocess.run(["unzip", "-p", xlsx, name], check=True, capture_output=True).stdout

strings = []
try:
    for si in ET.fromstring(member("xl/sharedStrings.xml")).iter(NS + "si"):
        strings.append("".join(t.text or "" for t in si.iter(NS + "t")))
except subprocess.CalledProcessError:
    pass
root = ET.fromstring(member("xl/worksheets/sheet%s.xml" % sheet))
pane = root.find(".//" + NS + "pane")
if pane is None or pane.get("state") != "frozen" or pane.get("ySplit") != "1":
    sys.exit("the header row is not frozen")

def colnum(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n

cells = {}
for c in root.iter(NS + "c"):
    m = re.match(r"([A-Z]+)(\d+)$", c.get("r"))
    key = (int(m.group(2)), colnum(m.group(1)))
    v, f = c.find(NS + "v"), c.find(NS + "f")
    if c.get("t") == "s":
        val = strings[int(v.text)]
    elif c.get("t") in ("str", "inlineStr"):
        val = v.text if v is not None else "".join(t.text or "" for t in c.iter(NS + "t"))
    else:
        val = float(v.text) if v is not None else None
    cells[key] = (val, f.text if f is not None else None)

def ref_value(ref):
    m = re.match(r"\$?([A-Z]+)\$?(\d+)$", ref)
    v = cells.get((int(m.group(2)), colnum(m.group(1))))
    if v is None or not isinstance(v[0], float):
        raise ValueError("formula names %s, which holds no number" % ref)
    return v[0]

def evaluate(formula):
    def rng(a, b):
        (ca, ra), (cb, rb) = [(colnum(re.match(r"([A-Z]+)", x).group(1)), int(re.search(r"\d+", x).group()))
                              for x in (a, b)]
        return [ref_value("%s%d" % (col_letters(c), r)) for r in range(ra, rb + 1) for c in range(ca, cb + 1)]
    def flat(args):
        out = []
        for a in args:
            out.extend(a if isinstance(a, list) else [a])
        return out
    env = {"_rng": rng, "_ref": ref_value, "SUM": lambda *a: sum(flat(a)),
           "AVERAGE": lambda *a: sum(flat(a)) / len(flat(a))}
    expr = re.sub(r"\b([A-Z]+\d+):([A-Z]+\d+)\b", r'_rng("\1","\2")', formula)
    expr = re.sub(r'(?<!["A-Z])\b([A-Z]{1,3}\d+)\b(?!")', r'_ref("\1")', expr)
    return eval(expr, {"__builtins__": {}}, env)

def col_letters(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s

rows = list(csv.reader(open(csvfile, encoding="utf-8")))
errors, nformulas, ncells, seen_formula = [], 0, 0, set()
for i, row in enumerate(rows, start=1):
    for j, text in enumerate(row, start=1):
        got = cells.get((i, j))
        where = "%s%d (%s)" % (col_letters(j), i, rows[0][j - 1])
        if text == "":
            if got is not None and got[0] not in ("", None):
                errors.append("%s: CSV empty, workbook has %r" % (where, got[0]))
            continue
        ncells += 1
        if got is None:
            errors.append("%s: CSV has %r, workbook nothing" % (where, text))
            continue
        val, formula = got
        if isinstance(val, float):
            try:
                num = float(text)
            except ValueError:
                errors.append("%s: CSV text %r, workbook number %r" % (where, text, val))
                continue
            # Stored at full precision, shown with the CSV's decimals.
            decimals = len(text.split(".")[1]) if "." in text else 0
            half = 0.5 * 10 ** -decimals + 1e-9 * max(1, abs(num))
            if abs(val - num) > half:
                errors.append("%s: CSV %s, workbook %r" % (where, text, val))
            if formula is not None:
                nformulas += 1
                seen_formula.add(rows[0][j - 1])
                try:
                    result = evaluate(formula)
                except Exception as e:
                    errors.append("%s: formula =%s: %s" % (where, formula, e))
                    continue
                if abs(result - num) > half:
                    errors.append("%s: =%s gives %r, the CSV %s" % (where, formula, result, text))
        elif val != text:
            errors.append("%s: CSV %r, workbook %r" % (where, text, val))
extra = [k for k in cells if k[0] > len(rows) or k[1] > max(len(r) for r in rows)]
if extra:
    errors.append("workbook cells beyond the CSV: %s" % extra[:5])
for col in want_formulas:
    if col not in seen_formula:
        errors.append("no formula in column %r" % col)
if errors:
    print("\n".join(errors[:20]))
    sys.exit(1)
print("cells %d, formulas %d" % (ncells, nformulas))
EOF

# same_as_csv NAME SHEET [--formulas COL…] -- ARGS: `chiso ARGS --format xlsx` sheet SHEET equals `chiso ARGS --format csv`.
same_as_csv() {
    name=$1; sheet=$2; shift 2
    fcols=""
    while [ "$1" != "--" ]; do fcols="$fcols $1"; shift; done
    shift
    rm -f "$T/w.xlsx"
    "$CHISO" "$@" --format csv >"$T/w.csv" 2>/dev/null
    "$CHISO" "$@" --format xlsx -o "$T/w.xlsx" >"$T/out" 2>"$T/err"
    code=$?
    if [ "$code" -ne 0 ]; then fail "$name" "exit status $code" "$(show_err)"; return; fi
    # shellcheck disable=SC2086
    if python3 "$T/check.py" "$T/w.xlsx" "$sheet" "$T/w.csv" $fcols >"$T/check" 2>&1; then
        pass "$name: $(cat "$T/check")"
    else
        fail "$name" "$(head -20 "$T/check")"
    fi
}

sheet_names() { unzip -p "$1" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name="//; s/"$//' | tr '\n' '|'; }

# --- rank: published tables, one's own table, a score's rank ------------------
same_as_csv "rank par 2023: the table" 1 -- rank par 2023
if [ "$(sheet_names "$T/w.xlsx")" = "PAR INDEX 2023|disagreements|" ]; then
    pass "rank par 2023: a sheet for the table and one for the disagreements"
else
    fail "rank par 2023: sheet names" "$(sheet_names "$T/w.xlsx")"
fi
if unzip -p "$T/w.xlsx" xl/sharedStrings.xml | grep -q "Cà Mau (rank 32, 86.89) ranks above TP. Hồ Chí Minh"; then
    pass "rank par 2023: the disagreement is in the workbook"
else
    fail "rank par 2023: the disagreement is in the workbook"
fi
if unzip -p "$T/w.xlsx" xl/styles.xml | grep -q 'formatCode="0.00"' &&
   unzip -p "$T/w.xlsx" xl/styles.xml | grep -q 'formatCode="+0;-0;0"'; then
    pass "rank par 2023: scores shown with two decimals, changes with a sign"
else
    fail "rank par 2023: number formats" "$(unzip -p "$T/w.xlsx" xl/styles.xml | grep -o '<numFmts.*</numFmts>')"
fi
same_as_csv "rank sipas 2021" 1 -- rank sipas 2021
same_as_csv "rank ministries 2019" 1 -- rank ministries 2019
same_as_csv "rank of one's own table" 1 -- rank tests/fixtures/cli/own_provinces.csv
same_as_csv "rank --score" 1 -- rank par 2023 --score 87

# --- score: totals as formulas over their parts --------------------------------
same_as_csv "score Nghệ An: total = SUM(areas), percent = total/max" 1 total percent -- \
    score rules/provinces/nghean-2023.lua datasets/synthetic/nghean_departments_2023.csv
grep -q 'formulas [1-9]' "$T/check" || fail "score Nghệ An: formulas written"
if unzip -p "$T/w.xlsx" xl/worksheets/sheet1.xml | grep -q '<f>SUM(B2:I2)</f>'; then
    pass "score Nghệ An: the first total is =SUM(B2:I2) over the eight areas"
else
    fail "score Nghệ An: =SUM(B2:I2)" "$(unzip -p "$T/w.xlsx" xl/worksheets/sheet1.xml | grep -o '<f>[^<]*</f>' | head -3)"
fi
same_as_csv "score PAR 2023 published: Kon Tum's total = TD + TAC" 1 total -- \
    score rules/par/2023.lua datasets/published/par_index_2023.csv
same_as_csv "score Cà Mau 2013" 1 total percent -- \
    score rules/provinces/camau-2013.lua tests/fixtures/rules_data/camau_2013.csv
same_as_csv "score --explain: points lost = max − points" 1 lost -- \
    score rules/provinces/nghean-2023.lua datasets/synthetic/nghean_departments_2023.csv --explain "Ban Dân tộc"
same_as_csv "score --long: percent = points / max" 1 percent -- \
    score rules/provinces/nghean-2023.lua datasets/synthetic/nghean_departments_2023.csv --long

# --- diff: the score change split, as formulas -----------------------------------
D=tests/fixtures/diff
"$CHISO" diff $D/a.lua $D/b.lua --data $D/a.csv --data-b $D/b.csv --mapping $D/map.lua --format csv >"$T/eff.csv" 2>/dev/null
if "$CHISO" diff $D/a.lua $D/b.lua --data $D/a.csv --data-b $D/b.csv --mapping $D/map.lua --format xlsx -o "$T/d.xlsx" 2>"$T/err" &&
   python3 "$T/check.py" "$T/d.xlsx" 2 "$T/eff.csv" --formulas methodology performance change >"$T/check" 2>&1; then
    pass "diff: methodology, performance and change as formulas: $(cat "$T/check")"
else
    fail "diff: effects sheet" "$(head -10 "$T/check")" "$(show_err)"
fi

# --- show: the table as loaded -----------------------------------------------------
same_as_csv "show vi_excel.csv" 1 -- show tests/fixtures/csv/vi_excel.csv
same_as_csv "extract: the rows found" 1 -- extract tests/fixtures/extract/news.txt
same_as_csv "target: the plan" 1 -- target "Kon Tum" --year 2023 --score 90
if [ "$(sheet_names "$T/w.xlsx")" = "plan|summary|" ] &&
   unzip -p "$T/w.xlsx" xl/sharedStrings.xml | grep -q ">reachable<"; then
    pass "target: a summary sheet says whether the plan reaches the target"
else
    fail "target: summary sheet" "$(sheet_names "$T/w.xlsx")"
fi
same_as_csv "extract --merge: the proposals" 1 -- extract tests/fixtures/extract/news.txt \
    --merge tests/fixtures/extract/published

# --- errors: whole file or nothing ---------------------------------------------------
run rank par 2023 --format xlsx
expect_code "xlsx without -o: usage error" 2
expect_err_has "xlsx without -o: says to name a file" "--format xlsx writes a workbook: name it with -o FILE.xlsx"
run eval tests/fixtures/rules/ok_table.lua --format xlsx -o "$T/e.xlsx"
expect_code "xlsx of a result that is not a table: usage error" 2
expect_file_absent "no workbook for a result that is not a table" "$T/e.xlsx"
echo old >"$T/keep.xlsx"
run score rules/provinces/nghean-2023.lua tests/fixtures/csv/ragged.csv --format xlsx -o "$T/keep.xlsx"
if [ "$code" -eq 1 ] && [ "$(cat "$T/keep.xlsx")" = old ]; then
    pass "a failed run leaves an existing workbook untouched"
else
    fail "a failed run leaves an existing workbook untouched" "exit $code"
fi
run rank par 2023 --format xlsx -o "$T/no/such/dir/r.xlsx"
expect_code "unwritable workbook: exit 1" 1
expect_err_has "unwritable workbook: message" "cannot write"
if ls -A "$T" | grep -q '\.tmp\.'; then fail "no temporary files left" "$(ls -A "$T")"; else pass "no temporary files left"; fi

# --- the same tables give the same bytes ------------------------------------------------
"$CHISO" rank par 2023 --format xlsx -o "$T/a.xlsx" 2>/dev/null
sleep 1
"$CHISO" rank par 2023 --format xlsx -o "$T/b.xlsx" 2>/dev/null
if cmp -s "$T/a.xlsx" "$T/b.xlsx"; then pass "same input, same workbook bytes"; else fail "same input, same workbook bytes"; fi

finish
