#!/bin/sh
# Nothing lost: outputs are written to a temporary and renamed, so a run
# killed midway (SIGINT, SIGTERM) or stopped by an error leaves no partial
# output, no temporary, an existing output as it was, and its inputs
# byte-identical.  SIGKILL cannot be caught: the target is still never
# half-written (only a hidden temporary may stay).
#
# CHISO_TIME_SCALE (default 1) stretches the waits for slow runs (valgrind).
. "$(dirname "$0")/../lib/cli.sh"
SCALE=${CHISO_TIME_SCALE:-1}
ROWS=3000000
LINES=1500000
[ "$SCALE" = 1 ] || LINES=150000 # valgrind: a smaller conversion

# temporaries the outputs use: .NAME.tmp.XXXXXX beside NAME
no_temporaries() { # NAME DIR
    left=$(find "$2" -name '.*.tmp.*' -o -name '*.tmp' | head -n 3)
    if [ -z "$left" ]; then pass "$1"; else fail "$1" "left behind: $left"; fi
}

# wait_for_bytes FILE_GLOB_DIR: until a temporary in DIR has data (or 30 s × scale)
wait_growing() {
    i=0
    while [ $i -lt $((300 * SCALE)) ]; do
        f=$(find "$1" -name '.*.tmp.*' -size +100k 2>/dev/null | head -n 1)
        [ -n "$f" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# kill_midway SIGNAL NAME DIR ARGS...: start chiso ARGS, send SIGNAL once its
# temporary output is growing, wait; $code is its exit status.
kill_midway() {
    sig=$1 name=$2 dir=$3
    shift 3
    "$CHISO" "$@" >"$T/out" 2>"$T/err" &
    pid=$!
    if wait_growing "$dir"; then
        kill -s "$sig" "$pid"
        wait "$pid"
        code=$?
        pass "$name: killed while writing"
    else
        wait "$pid"
        code=$?
        fail "$name: killed while writing" "the run ended (status $code) before its output grew"
    fi
}

# --- a long generator: SIGINT, SIGTERM ----------------------------------------------
for sig in INT TERM; do
    mkdir -p "$T/gen-$sig"
    kill_midway $sig "gen-sipas SIG$sig" "$T/gen-$sig" gen-sipas $ROWS 1 --out "$T/gen-$sig/sipas.csv"
    case $sig in INT) want=130 ;; TERM) want=143 ;; esac
    expect_code "gen-sipas SIG$sig: died of the signal" $want
    expect_file_absent "gen-sipas SIG$sig: no partial output" "$T/gen-$sig/sipas.csv"
    no_temporaries "gen-sipas SIG$sig: no temporary left" "$T/gen-$sig"
done

# --- an existing output survives a killed run --------------------------------------------
mkdir -p "$T/keep"
printf 'the previous result\n' >"$T/keep/sipas.csv"
before=$(cksum <"$T/keep/sipas.csv")
kill_midway TERM "over an existing output" "$T/keep" gen-sipas $ROWS 1 --out "$T/keep/sipas.csv"
[ "$(cksum <"$T/keep/sipas.csv")" = "$before" ] && pass "a killed run leaves the existing output as it was" \
    || fail "a killed run leaves the existing output as it was"
no_temporaries "over an existing output: no temporary left" "$T/keep"

# --- a long conversion: the input is untouched ---------------------------------------------
mkdir -p "$T/conv"
# about 60 MB of VNI text, then (for the error case) a byte VNI leaves undefined at the end
awk -v n="$LINES" 'BEGIN { printf "province,note\n"; for (i = 0; i < n; i++) printf "Ha\370 No\344i,Thu\373 \361o\342 %d xx\n", i }' >"$T/conv/in.csv"
sum_in=$(cksum <"$T/conv/in.csv")
kill_midway INT "convert SIGINT" "$T/conv" convert "$T/conv/in.csv" --from vni -o "$T/conv/out.csv"
expect_code "convert SIGINT: died of the signal" 130
expect_file_absent "convert SIGINT: no partial output" "$T/conv/out.csv"
no_temporaries "convert SIGINT: no temporary left" "$T/conv"
[ "$(cksum <"$T/conv/in.csv")" = "$sum_in" ] && pass "convert SIGINT: the input is byte-identical" \
    || fail "convert SIGINT: the input is byte-identical"

# --- an error midway leaves an existing output untouched ---------------------------------
printf '\201\n' >>"$T/conv/in.csv" # 0x81: not defined in VNI (Windows-1252)
printf 'the previous conversion\n' >"$T/conv/out.csv"
before=$(cksum <"$T/conv/out.csv")
sum_in=$(cksum <"$T/conv/in.csv")
run convert "$T/conv/in.csv" --from vni -o "$T/conv/out.csv"
expect_code "an error on the last line: exit 1" 1
expect_err_has "an error on the last line: its position" "in.csv:$((LINES + 2)):1: byte 0x81 is not defined in VNI"
[ "$(cksum <"$T/conv/out.csv")" = "$before" ] && pass "an error midway leaves the existing output untouched" \
    || fail "an error midway leaves the existing output untouched"
no_temporaries "an error midway: no temporary left" "$T/conv"
[ "$(cksum <"$T/conv/in.csv")" = "$sum_in" ] && pass "an error midway: the input is byte-identical" \
    || fail "an error midway: the input is byte-identical"

# --- every command's -o: a failing run keeps the old file ----------------------------
printf 'old\n' >"$T/old.txt"
run show tests/hostile/data/ragged.csv -o "$T/old.txt"
expect_code "show -o on bad data: exit 1" 1
[ "$(cat "$T/old.txt")" = old ] && pass "show -o on bad data: the old output kept" || fail "show -o on bad data: the old output kept"
run eval tests/hostile/rules/mem_table.lua -o "$T/old.txt"
expect_code "eval -o of a memory bomb: exit 1" 1
[ "$(cat "$T/old.txt")" = old ] && pass "eval -o of a memory bomb: the old output kept" || fail "eval -o of a memory bomb: the old output kept"
no_temporaries "failed -o runs: no temporary left" "$T"

# --- an output never replaces an input: data, rule file, text, however named --------
printf 'unit,score\nHà Nội,90\nHải Phòng,85\n' >"$T/in.csv"
sum_in=$(cksum <"$T/in.csv")
ln -s "$T/in.csv" "$T/in_link.csv"
for args in "rank $T/in.csv -o $T/in.csv" "show $T/in.csv -o $T/./in.csv" \
            "rank $T/in.csv -o $T/in_link.csv" "rank $T/in.csv --format xlsx -o $T/in.csv"; do
    run $args
    expect_code "$args: exit 1" 1
    expect_err_has "$args: refused" "the output would replace the input; name another file"
done
[ "$(cksum <"$T/in.csv")" = "$sum_in" ] && pass "-o onto the input: the input unchanged" \
    || fail "-o onto the input: the input unchanged"
cp tests/fixtures/rules_data/camau_2013.csv "$T/camau.csv"
cp rules/provinces/camau-2013.lua "$T/camau.lua"
run score "$T/camau.lua" "$T/camau.csv" -o "$T/camau.lua"
expect_err_has "score -o onto its rule file: refused" "$T/camau.lua: the output would replace the input"
cmp -s rules/provinces/camau-2013.lua "$T/camau.lua" && pass "score -o onto its rule file: the rule file unchanged" \
    || fail "score -o onto its rule file: the rule file unchanged"
printf 'Chỉ số CCHC năm 2022 của Hà Giang xếp thứ 8/63\n' >"$T/news.txt"
run extract "$T/news.txt" -o "$T/news.txt"
expect_err_has "extract -o onto its text: refused" "the output would replace the input"
grep -q "xếp thứ 8/63" "$T/news.txt" && pass "extract -o onto its text: the text unchanged" \
    || fail "extract -o onto its text: the text unchanged"
no_temporaries "refused outputs: no temporary left" "$T"

# --- SIGKILL: nothing can be cleaned, but the target is never half-written -----------
mkdir -p "$T/kill9"
printf 'the previous result\n' >"$T/kill9/sipas.csv"
before=$(cksum <"$T/kill9/sipas.csv")
kill_midway KILL "gen-sipas SIGKILL" "$T/kill9" gen-sipas $ROWS 1 --out "$T/kill9/sipas.csv"
[ "$(cksum <"$T/kill9/sipas.csv")" = "$before" ] && pass "SIGKILL: the existing output is whole" \
    || fail "SIGKILL: the existing output is whole"
finish
