# tests/lib/cli.sh — helpers for command-level tests, sourced by tests/cli/*.sh.
# Each check prints "ok N - name" or "not ok N - name" (TAP-like); tests/run.sh
# counts them.  Run a suite alone with: CHISO=./chiso sh tests/cli/NAME.sh
# UPDATE_GOLDEN=1 rewrites golden files instead of comparing (review the diff!).

: "${CHISO:?set CHISO to the chiso binary}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
n=0
fails=0

pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
    n=$((n + 1)); fails=$((fails + 1))
    echo "not ok $n - $1"; shift
    for line in "$@"; do echo "#   $line"; done
}

# run ARGS...: chiso with ARGS; stdout in $T/out, stderr in $T/err, status in $code.
run() {
    "$CHISO" "$@" >"$T/out" 2>"$T/err"
    code=$?
}

# run_in DIR BINARY ARGS...: another binary, from another directory.
run_in() {
    dir=$1; bin=$2; shift 2
    (cd "$dir" && "$bin" "$@") >"$T/out" 2>"$T/err"
    code=$?
}

show_err() { sed -n '1,5p' "$T/err" | sed 's/^/stderr: /'; }

expect_code() { # NAME CODE
    if [ "$code" -eq "$2" ]; then pass "$1"; else fail "$1" "exit status $code, expected $2" "$(show_err)"; fi
}

expect_out() { # NAME GOLDEN_FILE: stdout equals the golden file
    if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$T/out" "$2"; fi
    if [ ! -f "$2" ]; then fail "$1" "missing golden file $2"; return; fi
    if diff -u "$2" "$T/out" >"$T/diff"; then pass "$1"; else fail "$1" "stdout differs from $2:" "$(head -40 "$T/diff")"; fi
}

expect_out_has() { # NAME TEXT
    if grep -qF -- "$2" "$T/out"; then pass "$1"; else fail "$1" "stdout lacks: $2" "$(head -20 "$T/out")" "$(show_err)"; fi
}

expect_out_lacks() { # NAME TEXT
    if grep -qF -- "$2" "$T/out"; then fail "$1" "stdout should not contain: $2"; else pass "$1"; fi
}

expect_err_has() { # NAME TEXT
    if grep -qF -- "$2" "$T/err"; then pass "$1"; else fail "$1" "stderr lacks: $2" "$(show_err)"; fi
}

expect_err_empty() { # NAME
    if [ -s "$T/err" ]; then fail "$1" "stderr not empty:" "$(show_err)"; else pass "$1"; fi
}

expect_file_absent() { # NAME PATH
    if [ -e "$2" ]; then fail "$1" "$2 exists but should not"; else pass "$1"; fi
}

finish() { [ "$fails" -eq 0 ]; }
