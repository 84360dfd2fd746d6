#!/bin/sh
# chiso report: province profiles as self-contained HTML.
#
# Each page is checked without a browser (no script, no external asset, every
# inline SVG well-formed XML, under 200 KB, the same bytes twice), then
# rendered in headless Chromium to a PNG:
#   - console errors: Chromium runs with --enable-logging=stderr --v=0, which
#     prints every console message of the page as a line with ":CONSOLE";
#     any such line fails the test (a page with a console.error or a script
#     error shows up there; the static checks above catch a missing asset,
#     which Chromium does not report on the console for file:// pages);
#   - not blank: the PNG is decoded (Python's zlib, no imaging library) and
#     must have many colours and enough non-background pixels;
#   - --dump-dom must give the parsed page with the unit's name and its SVGs.
# Without chromium installed (a developer machine) the browser checks print
# "SKIP chromium not installed" and pass; .ci/run installs chromium.
. "$(dirname "$0")/../lib/cli.sh"
FX=tests/fixtures/report

if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP python3 not installed (.ci/run installs it)"
    pass "report tests skipped: python3 missing"
    finish
    exit
fi
BROWSER=""
for b in chromium chromium-browser; do
    if command -v "$b" >/dev/null 2>&1; then BROWSER=$b; break; fi
done
[ -n "$BROWSER" ] || echo "SKIP chromium not installed: the pages are checked without a browser (.ci/run installs chromium)"

# static.py PAGE: no script, no external asset, every <svg> well-formed XML, < 200 KB.
cat >"$T/static.py" <<'EOF'
import re, sys
import xml.etree.ElementTree as ET
path = sys.argv[1]
raw = open(path, "rb").read()
page = raw.decode("utf-8")
errors = []
if len(raw) >= 200 * 1024:
    errors.append("%d bytes, not under 200 KB" % len(raw))
if re.search(r"<script\b", page, re.I):
    errors.append("has a <script>")
if re.search(r"\son[a-z]+\s*=", page, re.I):
    errors.append("has an event handler attribute")
for tag in ("img", "link", "iframe", "object", "embed", "video", "audio", "source"):
    if re.search(r"<%s\b" % tag, page, re.I):
        errors.append("has an external asset tag <%s>" % tag)
if re.search(r"url\(", page, re.I) or re.search(r"@import", page, re.I):
    errors.append("CSS loads something")
if re.search(r"\ssrc\s*=", page, re.I):
    errors.append("has a src= attribute")
for m in re.finditer(r'\shref="([^"]*)"', page):
    h = m.group(1)
    if not (h.startswith("#") or h.startswith("http://") or h.startswith("https://") or re.match(r"^[\w.-]+\.html$", h)):
        errors.append("odd link %s" % h)
svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
for i, s in enumerate(svgs):
    try:
        ET.fromstring(s)
    except ET.ParseError as e:
        errors.append("svg %d is not well-formed XML: %s" % (i + 1, e))
if "<!DOCTYPE html>" not in page or '<meta charset="utf-8">' not in page:
    errors.append("not a complete HTML page")
if errors:
    print("; ".join(errors))
    sys.exit(1)
print("%d bytes, %d svg" % (len(raw), len(svgs)))
EOF

# png.py FILE: decode the PNG; fail when (nearly) one colour.
cat >"$T/png.py" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("not a PNG")
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
if depth != 8 or ctype not in (2, 6) or interlace:
    sys.exit("unexpected PNG layout (depth %d, colour type %d)" % (depth, ctype))
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours, background, other = {}, None, 0
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 4 == 0:
        for x in range(0, w, 4):
            px = bytes(line[x * bpp:x * bpp + 3])
            colours[px] = colours.get(px, 0) + 1
total = sum(colours.values())
bg, bgn = max(colours.items(), key=lambda kv: kv[1])
share = 1 - bgn / total
if len(colours) < 16 or share < 0.02:
    sys.exit("blank: %d colours, %.1f%% not background" % (len(colours), share * 100))
print("%dx%d, %d colours, %.0f%% not background" % (w, h, len(colours), share * 100))
EOF

# check_page NAME PAGE UNIT_TEXT [MIN_SVG]: static checks, then the browser ones.
check_page() {
    name=$1; page=$2; text=$3; min_svg=${4:-1}
    if python3 "$T/static.py" "$page" >"$T/static" 2>&1; then
        pass "$name: self-contained, SVG valid XML: $(cat "$T/static")"
    else
        fail "$name: self-contained, SVG valid XML" "$(cat "$T/static")"
    fi
    [ -n "$BROWSER" ] || return 0
    png=${page%.html}.png
    profile_dir=$(mktemp -d "$T/chrome.XXXXXX")
    timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
        --user-data-dir="$profile_dir" --enable-logging=stderr --v=0 \
        --screenshot="$png" --window-size=1200,1600 "file://$page" >"$T/chrome.log" 2>&1
    if grep -q ":CONSOLE" "$T/chrome.log"; then
        fail "$name: no console message in Chromium" "$(grep ":CONSOLE" "$T/chrome.log" | head -5)"
    else
        pass "$name: no console message in Chromium"
    fi
    if [ -s "$png" ] && python3 "$T/png.py" "$png" >"$T/png" 2>&1; then
        pass "$name: rendered, not blank: $(cat "$T/png")"
    else
        fail "$name: rendered, not blank" "$(cat "$T/png" 2>/dev/null)" "$(grep -v dbus "$T/chrome.log" | tail -5)"
    fi
    timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
        --user-data-dir="$profile_dir" --dump-dom "file://$page" >"$T/dom.html" 2>/dev/null
    if grep -qF "$text" "$T/dom.html" && [ "$(grep -o '<svg' "$T/dom.html" | wc -l)" -ge "$min_svg" ]; then
        pass "$name: the parsed page holds '$text' and its charts"
    else
        fail "$name: the parsed page holds '$text' and its charts" "$(head -c 300 "$T/dom.html")"
    fi
    rm -rf "$profile_dir"
}

# --- a unit with a full history: Quảng Ninh ------------------------------------
run report "Kon Tum" --draws 5
expect_code "report --draws without --scenario: usage error" 2
run report "Kon Tum" --scenario tests/fixtures/report/kontum-scenario.lua --draws 0
expect_err_has "report --draws 0: usage error" "report: --draws must be 1 or more"

run report "Quảng Ninh" --year 2023 -o "$T/qn.html"
expect_code "report Quảng Ninh 2023" 0
check_page "Quảng Ninh" "$T/qn.html" "Quảng Ninh"
if grep -q '92,18' "$T/qn.html" && grep -q '1/63' "$T/qn.html"; then
    pass "Quảng Ninh: headline 92,18 (decimal comma), rank 1/63"
else
    fail "Quảng Ninh: headline 92,18, rank 1/63"
fi
# 2017–2024 is one unbroken line; 2012 and 2015 stand alone (2013, 2014, 2016 are gaps).
python3 - "$T/qn.html" >"$T/hist" 2>&1 <<'EOF'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
svg = [s for s in re.findall(r"<svg\b.*?</svg>", page, re.S) if "polyline" in s or "circle" in s][0]
lines = re.findall(r'<polyline class="line" points="([^"]*)"', svg)
dots = re.findall(r'<circle class="dot"', svg)
print(len(lines), [len(l.split()) for l in lines], len(dots))
EOF
if [ "$(cat "$T/hist")" = "1 [8] 10" ]; then
    pass "Quảng Ninh: one line over 2017–2024, 10 ranks, gaps not bridged"
else
    fail "Quảng Ninh: rank history segments" "$(cat "$T/hist")"
fi
run report "Quảng Ninh" --year 2023 -o "$T/qn2.html"
if cmp -s "$T/qn.html" "$T/qn2.html"; then pass "same data, same bytes"; else fail "same data, same bytes"; fi
run report "Quang Ninh" --year 2023 --lang en -o "$T/qn-en.html"
expect_code "report --lang en" 0
if grep -q 'Rank history' "$T/qn-en.html" && grep -q '92\.18' "$T/qn-en.html" && grep -q '1 of 63' "$T/qn-en.html" &&
   grep -q 'lang="en"' "$T/qn-en.html"; then
    pass "English labels and decimal point"
else
    fail "English labels and decimal point"
fi
if grep -q 'Lịch sử xếp hạng' "$T/qn.html" && grep -q 'lang="vi"' "$T/qn.html"; then
    pass "Vietnamese labels with diacritics by default"
else
    fail "Vietnamese labels with diacritics by default"
fi
if grep -q 'id="s1"' "$T/qn.html" && grep -q 'https://nhadautu.vn/quang-ninh-tiep-tuc-dan-dau-chi-so-sipas-d85209.html' "$T/qn.html"; then
    pass "the sources of the figures are listed with their URLs"
else
    fail "the sources of the figures are listed with their URLs"
fi
check_page "Quảng Ninh (en)" "$T/qn-en.html" "Quảng Ninh"

# --- a unit with gaps and area figures: Kon Tum -----------------------------------
run report "Kon Tum" --year 2023 -o "$T/kt.html"
expect_code "report Kon Tum 2023" 0
check_page "Kon Tum" "$T/kt.html" "Kon Tum"
if grep -q '<polyline' "$T/kt.html"; then
    fail "Kon Tum: 2015 and 2023 are not joined across the missing years"
else
    pass "Kon Tum: 2015 and 2023 are not joined across the missing years"
fi
if grep -q 'Cải cách thủ tục hành chính' "$T/kt.html" && grep -q '95,2' "$T/kt.html" && grep -q 'm-derived' "$T/kt.html"; then
    pass "Kon Tum: areas as % of their maximum (95,2 for procedures), marked derived"
else
    fail "Kon Tum: area profile"
fi

# --- a scenario with its projection, and a target plan -----------------------------
run report "Kon Tum" --year 2023 --scenario $FX/kontum-scenario.lua -o "$T/kts.html"
expect_code "report --scenario" 0
check_page "Kon Tum with a scenario" "$T/kts.html" "Kon Tum"
if grep -q 'Phân bố hạng dự báo năm 2025' "$T/kts.html" && grep -q 'class="hbar' "$T/kts.html" &&
   grep -q 'm-projected' "$T/kts.html" && grep -q 'm-illustrative' "$T/kts.html"; then
    pass "scenario: result, projected rank histogram, marked projected and illustrative"
else
    fail "scenario: result and histogram"
fi
run report "Kon Tum" --year 2023 --target rank=30 -o "$T/ktt.html"
expect_code "report --target rank=30" 0
if grep -q 'Kế hoạch đạt mục tiêu' "$T/ktt.html" && grep -q '56,13' "$T/ktt.html"; then
    pass "target: the plan (TD 54,95 → 56,13) is on the page"
else
    fail "target: the plan is on the page" "$(grep -o 'Kế hoạch[^<]*' "$T/ktt.html")"
fi

# --- owners from a directive; illustrative marked -----------------------------------
run report "Lạng Sơn" --year 2018 -o "$T/ls.html"
expect_code "report Lạng Sơn 2018" 0
if grep -q 'Sở Nội vụ' "$T/ls.html" && grep -q 'rules/directives/lang-son.lua' "$T/ls.html" &&
   grep -q 'm-illustrative' "$T/ls.html"; then
    pass "points lost by owner agency, from the (illustrative) directive"
else
    fail "points lost by owner agency"
fi

# --- json ---------------------------------------------------------------------------
run report "Kon Tum" --year 2023 --format json
expect_code "report --format json" 0
if python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
assert p["unit"]["name"] == "Kon Tum" and p["year"] == 2023
assert p["headline"]["score"] == 86.14 and p["headline"]["rank"] == 43 and p["headline"]["of"] == 63
assert [a["code"] for a in p["areas"]] == ["2", "3", "4"]
assert p["history"][3]["year"] == 2015 and p["history"][3]["rank"] == 61
assert p["sources"][0]["url"].startswith("https://")
' "$T/out"; then pass "json: the profile as data, numbers as numbers"; else fail "json: the profile as data"; fi

# --- every unit, and an index page ---------------------------------------------------
mkdir "$T/all"
run report --all --year 2023 -o "$T/all/"
expect_code "report --all" 0
count=$(ls "$T/all" | grep -c '\.html$')
if [ "$count" -eq 64 ]; then pass "--all: 63 profiles and index.html"; else fail "--all: 63 profiles and index.html" "$count files"; fi
big=$(find "$T/all" -name '*.html' -size +199k | head -3)
if [ -z "$big" ]; then pass "--all: every page under 200 KB"; else fail "--all: every page under 200 KB" "$big"; fi
missing=""
for h in $(grep -o 'href="[a-z0-9-]*\.html"' "$T/all/index.html" | sed 's/href="//; s/"$//'); do
    [ -f "$T/all/$h" ] || missing="$missing $h"
done
if [ -z "$missing" ] && [ "$(grep -o 'href="[a-z0-9-]*\.html"' "$T/all/index.html" | wc -l)" -eq 63 ]; then
    pass "--all: the index links all 63 profiles"
else
    fail "--all: the index links all 63 profiles" "$missing"
fi
check_page "index page" "$T/all/index.html" "Quảng Ninh" 0
bad=""
for f in "$T"/all/*.html; do python3 "$T/static.py" "$f" >/dev/null 2>&1 || bad="$bad $(basename "$f")"; done
if [ -z "$bad" ]; then pass "--all: every page self-contained with valid SVG"; else fail "--all: static checks" "$bad"; fi

# --- errors -----------------------------------------------------------------------------
run report "Quang Nimh"
expect_code "unknown unit: exit 1" 1
expect_err_has "unknown unit: suggestion" "unknown province 'Quang Nimh' (did you mean 'Quảng Ninh'?)"
run report
expect_code "no unit: usage error" 2
run report --all --year 2023
expect_code "--all without -o: usage error" 2
run report --all -o "$T/nope/"
expect_code "--all into a missing folder: exit 1" 1
run report "Kon Tum" --year 1999
expect_code "a year without data: exit 1" 1
expect_err_has "a year without data: the years there are" "years available: 2012–2024"
run report "Kon Tum" --target rank=zero
expect_code "a bad --target: usage error" 2
echo keep >"$T/keep.html"
run report "Quang Nimh" -o "$T/keep.html"
if [ "$(cat "$T/keep.html")" = keep ]; then pass "a failed run leaves the old page"; else fail "a failed run leaves the old page"; fi
if ls -A "$T" "$T/all" | grep -q '\.tmp\.'; then fail "no temporary files left"; else pass "no temporary files left"; fi

finish
