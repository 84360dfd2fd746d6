#!/bin/sh
# Install the Debian packages chiso needs, only those missing.
# Usage: tools/deps.sh [extra-package ...]
# Uses apt-get directly as root, through sudo otherwise; says what to run when neither works.
set -u

PKGS="gcc libc6-dev liblua5.4-dev libcsv-dev libpcre2-dev libutf8proc-dev libxlsxwriter-dev libcmocka-dev pkg-config unzip $*"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "chiso: missing packages:$missing" >&2
    echo "chiso: this is not a Debian-like system (no apt-get); install their equivalents by hand." >&2
    exit 1
fi

if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
    SUDO="sudo"
else
    echo "chiso: missing packages:$missing" >&2
    echo "chiso: cannot install them: not root and sudo is not available. Run as root:" >&2
    echo "    apt-get install -y$missing" >&2
    exit 1
fi

echo "chiso: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2 || { echo "chiso: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2 || {
    echo "chiso: apt-get install failed for:$missing" >&2
    exit 1
}
