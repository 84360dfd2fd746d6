#!/bin/sh
# Hostile data (tests/hostile/data/, and files made here at test time): each
# gives a precise error or warning with its position, and never a crash.
# Then a file of more than 500 MB (read as a stream, in bounded memory, by
# `chiso show`; refused with a message by commands that load tables), a file
# that changes while it is read, a very long line.
#
# CHISO_TIME_SCALE (default 1) stretches time limits for slow runs
# (valgrind); CHISO_BIG_MB sets the size of the big file (default 520;
# valgrind runs use less).
. "$(dirname "$0")/../lib/cli.sh"
D=tests/hostile/data
SCALE=${CHISO_TIME_SCALE:-1}
BIG_MB=${CHISO_BIG_MB:-520}
CAMAU=rules/provinces/camau-2013.lua

# err NAME TEXT: exit status 1 and TEXT in stderr, and no crash (signal)
err() {
    if [ "$code" -ge 128 ]; then fail "$1: no crash" "killed by signal $((code - 128))"; return; fi
    expect_code "$1: exit 1" 1
    expect_err_has "$1: message" "$2"
}

# --- encodings ---------------------------------------------------------------
run show $D/invalid_utf8.csv
err "invalid UTF-8" "chiso: $D/invalid_utf8.csv:3:11: invalid UTF-8 byte 0xFF"
run show $D/legacy_cp1258.csv
err "Windows-1258" "chiso: $D/legacy_cp1258.csv:1:1: invalid UTF-8 byte 0xF0: the file is in Windows-1258, a legacy Vietnamese encoding, not UTF-8; convert it with 'iconv -f CP1258 -t UTF-8 $D/legacy_cp1258.csv > $D/legacy_cp1258-utf8.csv'"
run show $D/legacy_tcvn3.csv
err "TCVN3" "chiso: $D/legacy_tcvn3.csv:1:1: invalid UTF-8 byte 0xAE: the file is in TCVN3 (ABC), a legacy Vietnamese encoding, not UTF-8; convert it with 'chiso convert $D/legacy_tcvn3.csv --from tcvn3 -o $D/legacy_tcvn3-utf8.csv'"
run show $D/legacy_vni.csv
err "VNI" "chiso: $D/legacy_vni.csv:1:1: invalid UTF-8 byte 0xF1: the file is in VNI, a legacy Vietnamese encoding, not UTF-8; convert it with 'chiso convert $D/legacy_vni.csv --from vni -o $D/legacy_vni-utf8.csv'"
run show $D/latin1.csv
err "Latin-1: no Vietnamese encoding claimed" "latin1.csv:2:5: invalid UTF-8 byte 0xE9: the file is not UTF-8 (a legacy encoding such as Windows-1258, TCVN3 or VNI, or Latin-1?)"
run show $D/utf16.csv
err "UTF-16" "chiso: $D/utf16.csv:1:1: the file is UTF-16, not UTF-8; re-save it as 'CSV UTF-8'"
run convert $D/utf16.csv
err "convert of UTF-16: named" "chiso: $D/utf16.csv:1:1: the file is UTF-16, not a legacy 8-bit encoding"
run show /dev/zero
err "show of an endless device: refused at once" "chiso: /dev/zero: cannot open: not a regular file"
run rank tests
err "a directory for a file" "chiso: tests: cannot open: is a directory"
run convert /dev/null
err "convert of a device: not a regular file" "chiso: /dev/null: cannot open: not a regular file"
run show $D/nul.csv
err "NUL byte" "chiso: $D/nul.csv:2:12: NUL byte in the data"

# chiso convert: each legacy file gives the UTF-8 original, then reads
for enc in cp1258 tcvn3 vni; do
    want=$D/legacy_utf8.csv
    [ "$enc" = tcvn3 ] && want=$D/legacy_utf8_lower.csv
    run convert $D/legacy_$enc.csv -o "$T/$enc.csv"
    expect_code "convert $enc (recognised): exit 0" 0
    expect_err_has "convert $enc: names the encoding" "reading it as"
    if cmp -s "$T/$enc.csv" "$want"; then pass "convert $enc: the UTF-8 text"; else fail "convert $enc: the UTF-8 text" "$(diff "$want" "$T/$enc.csv" | head -5)"; fi
    run convert $D/legacy_$enc.csv --from $enc -o "$T/$enc-2.csv"
    expect_code "convert --from $enc: exit 0" 0
    run show "$T/$enc.csv"
    expect_code "the converted $enc file reads" 0
done
cp $D/legacy_vni.csv "$T/in.csv"
sum0=$(cksum <"$T/in.csv")
run convert "$T/in.csv" --from tcvn3 -o "$T/wrong.csv"
err "convert from the wrong encoding" "in.csv:2:31: byte 0xE0 is not defined in TCVN3 (ABC)"
expect_file_absent "convert error: no output" "$T/wrong.csv"
run convert "$T/in.csv" --from vni -o "$T/in.csv"
err "convert onto its input: refused" "the output would replace the input"
[ "$(cksum <"$T/in.csv")" = "$sum0" ] && pass "convert: the input untouched" || fail "convert: the input untouched"
run convert $D/legacy_utf8.csv --from vni -o "$T/twice.csv"
err "convert a UTF-8 file: refused" "the file is UTF-8 already"
run convert $D/latin1.csv -o "$T/l.csv"
err "convert: Latin-1 not taken for Vietnamese" "cannot tell the encoding"

# --- structure ---------------------------------------------------------------
run show $D/bom.csv --format json
expect_code "BOM: read" 0
expect_out_has "BOM: not part of the first name" '"name": "province"'
run show $D/mixed_eol_ok.csv
expect_code "mixed line ends (LF, CRLF, CR): read" 0
expect_out_has "mixed line ends: 3 rows" "3 rows, 2 columns"
run show $D/mixed_eol.csv
err "mixed line ends: lines still counted right" "chiso: $D/mixed_eol.csv:5: row has 3 fields, the header has 2"
run show $D/ragged.csv
err "ragged row" "chiso: $D/ragged.csv:3: row has 2 fields, the header has 3"
run show $D/unterminated.csv
err "unterminated quote" "chiso: $D/unterminated.csv:2:13: unterminated quoted field"
run show $D/duplicate_header.csv
err "duplicate column name" "chiso: $D/duplicate_header.csv:1:10: duplicate column name 'province' (also column 1)"
run show $D/empty.csv
err "empty file" "chiso: $D/empty.csv: empty file: no header row"
run show $D/header_only.csv
err "header only" "chiso: $D/header_only.csv:1: no data rows (header only)"
run show $D/blank_rows.csv
err "only blank rows" "chiso: $D/blank_rows.csv:1: no data rows (every row after the header is empty)"

# --- numbers -------------------------------------------------------------------
run show $D/nan.csv
err "NaN" "chiso: $D/nan.csv:3: column 'score': 'NaN' is not a finite number"
run show $D/inf.csv
err "-inf" "chiso: $D/inf.csv:2: column 'score': '-inf' is not a finite number"
run show $D/overflow.csv
err "1e309" "chiso: $D/overflow.csv:4: column 'score': '1e309' is not a finite number (outside the range of a double)"

# --- units ---------------------------------------------------------------------
run score rules/provinces/camau-2013.lua $D/text_in_points.csv
err "a text cell in a points column: the data line, and the node" \
  "chiso: $D/text_in_points.csv:3: column 'inspection_points': '2x' is not a number, but node '1.3' (rules/provinces/camau-2013.lua:74) takes points from it"
run rank $D/duplicate_units.csv
err "duplicate unit (as written differently)" "chiso: $D/duplicate_units.csv:4: 'TP. Hà Nội' is listed twice (also line 2)"
run rank $D/unknown_unit.csv
err "unit not in the province list" "chiso: $D/unknown_unit.csv:3: unknown province 'Quang Nimh' (did you mean 'Quảng Ninh'?)"

# --- points outside [0, max]: problems for check, warnings for score --------
run check $CAMAU $D/over_max.csv
err "check: above the maximum" "chiso: $D/over_max.csv:3: column 'inspection_points': 7 is above the maximum of node 1.3 (3 points)"
expect_err_has "check: every value" "chiso: $D/over_max.csv:4: column 'area1_rest_points': 12.5 is above the maximum of node 1.rest (10 points)"
run check $CAMAU $D/below_zero.csv
err "check: below zero" "chiso: $D/below_zero.csv:2: column 'inspection_points': -1 is below zero (points of node 1.3)"
run score $CAMAU $D/over_max.csv
expect_code "score: out-of-range points are scored as given" 0
expect_err_has "score: a warning per value" "chiso: warning: $D/over_max.csv:3: column 'inspection_points': 7 is above the maximum of node 1.3 (3 points)"
expect_err_has "score: the second value" "chiso: warning: $D/over_max.csv:4: column 'area1_rest_points': 12.5 is above"

# --- a very long line ------------------------------------------------------------
awk 'BEGIN { printf "province,note\nHà Nội,"; for (i = 0; i < 400000; i++) printf "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; printf "\n" }' >"$T/long.csv"
run show "$T/long.csv" --format json
expect_code "a 25 MB cell: read" 0

# --- a file changed while it is read ----------------------------------------------
changing() { # FILE: append a row every 20 ms while chiso reads it
    "$CHISO" show "$1" >"$T/out" 2>"$T/err" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        printf 'Hà Nội,1234567,Đất đai,5,4,3,,5,4,4,2\n' >>"$1"
        sleep 0.02
    done
    wait "$pid"
    code=$?
}

# --- a big file --------------------------------------------------------------------
if [ "$(df -Pm "$T" | awk 'NR == 2 { print $4 }')" -gt $((BIG_MB * 2 + 200)) ]; then
    sh tests/hostile/gen-big.sh "$T/big.csv" "$BIG_MB"
    # the file must be over the table limit: 256 MiB, or less for a smaller file
    LIMIT_MB=256
    if [ "$BIG_MB" -le 256 ]; then
        LIMIT_MB=$((BIG_MB / 2))
        export CHISO_MAX_TABLE_MIB=$LIMIT_MB
    fi
    mb=$(($(wc -c <"$T/big.csv") >> 20))
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %M" -o "$T/time" "$CHISO" show "$T/big.csv" >"$T/out" 2>"$T/err"
        code=$?
        set -- $(tail -n 1 "$T/time")
        secs=$1 rss=$2
    else
        s0=$(date +%s)
        run show "$T/big.csv"
        secs=$(($(date +%s) - s0)) rss=0
    fi
    echo "# show of a $mb MiB file: $secs s, peak resident $((rss / 1024)) MiB"
    expect_code "big file ($mb MiB): shown" 0
    expect_out_has "big file: read as a stream" "read as a stream ($mb MiB)"
    expect_out_has "big file: every row counted" "$(($(wc -l <"$T/big.csv") - 1)) rows, 11 columns"
    expect_out_has "big file: the first rows" "($(($(wc -l <"$T/big.csv") - 21)) more rows)"
    if command -v ldd >/dev/null 2>&1 && ldd "$CHISO" 2>/dev/null | grep -q 'libasan\|libclang_rt.asan'; then
        pass "big file: resident memory # SKIP under AddressSanitizer"
    elif [ "$SCALE" != 1 ] || [ "$rss" = 0 ]; then
        pass "big file: resident memory # SKIP under valgrind"
    elif [ "$rss" -lt $((64 * 1024)) ]; then pass "big file: under 64 MiB resident ($((rss / 1024)) MiB)"
    else fail "big file: $((rss / 1024)) MiB resident"; fi
    run rank "$T/big.csv"
    err "big file: a table load is refused with the commands that stream" "more than the $LIMIT_MB MiB a table may take in memory; 'chiso show $T/big.csv' reads files of any size"
    changing "$T/big.csv"
    err "a file changed while it was read" "chiso: $T/big.csv: the file changed while it was being read"
    rm -f "$T/big.csv"
else
    pass "big file # SKIP not enough free space in $T"
fi
finish
