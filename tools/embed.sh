#!/bin/sh
# embed.sh NAME FILE: print C source defining `const char NAME[]` (FILE's bytes,
# NUL-terminated) and `const size_t NAME_len`, to compile Lua code into chiso.
set -eu
name=$1
file=$2
printf '/* Generated from %s by tools/embed.sh: do not edit. */\n#include <stddef.h>\n' "$file"
printf 'extern const char %s[];\nextern const size_t %s_len;\nconst char %s[] = {\n' "$name" "$name" "$name"
od -An -v -tx1 "$file" | sed 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'
printf '0x00};\nconst size_t %s_len = sizeof %s - 1;\n' "$name" "$name"
