#!/bin/sh
# Rule-file tests: every tests/rules/test_*.lua, run with `chiso run`; each
# prints its own "ok" / "not ok" lines.  A script that stops early (an error)
# counts as one more failure.
. "$(dirname "$0")/../lib/cli.sh"
for f in tests/rules/test_*.lua; do
    [ -f "$f" ] || continue
    echo "# $f"
    "$CHISO" run "$f" >"$T/rout" 2>"$T/rerr"
    status=$?
    cat "$T/rout"
    sed 's/^/# stderr: /' "$T/rerr"
    if [ "$status" -ne 0 ] && ! grep -q '^not ok' "$T/rout"; then
        fail "$f ran to the end" "exit status $status"
    fi
done
finish
