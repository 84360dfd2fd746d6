/* legacy.h — the legacy Vietnamese encodings spreadsheets still arrive in:
 * recognising them from their bytes, and converting them to UTF-8.
 *
 *   Windows-1258  Microsoft's code page: Latin-1 letters plus ă â ê ô ơ ư đ,
 *                 and the five tones as separate combining marks (bytes 0xCC
 *                 0xD2 0xDE 0xEC 0xF2) after the vowel;
 *   TCVN3 (ABC)   the single-byte table of TCVN 5712:1993 (VN3) behind the
 *                 .VnTime fonts: every lowercase toned letter is one byte
 *                 (0xB5 à, 0xB8 á …), capitals only for Ă Â Ê Ô Ơ Ư Đ;
 *   VNI           the VNI fonts' Windows encoding: a toned letter is the
 *                 ASCII base letter followed by one byte in the Windows-1252
 *                 range for its shape and tone ("a" 0xF9 = á, "a" 0xE1 = ấ),
 *                 and ơ ư đ ì í ỉ ĩ ị ỵ are single bytes.
 *
 * Conversion gives UTF-8 in NFC (precomposed letters).  Bytes below 0x80 are
 * ASCII in all three, so CSV structure (delimiters, quotes, line ends) is
 * unchanged.  A byte that the encoding does not define is an error with its
 * position: nothing is guessed.
 */
#ifndef CHISO_LEGACY_H
#define CHISO_LEGACY_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"

typedef enum LegacyEnc {
    LEGACY_NONE = 0,
    LEGACY_CP1258,
    LEGACY_TCVN3,
    LEGACY_VNI
} LegacyEnc;

/* "Windows-1258", "TCVN3 (ABC)", "VNI"; "" for LEGACY_NONE. */
const char *legacy_name(LegacyEnc e);

/* The name `chiso convert --from` takes: "cp1258", "tcvn3", "vni". */
const char *legacy_key(LegacyEnc e);

/* From a --from name (case-insensitive; also "windows-1258", "abc",
 * "tcvn", "vni-windows"); LEGACY_NONE when unknown. */
LegacyEnc legacy_parse(const char *name);

/* Which legacy Vietnamese encoding s[0..n) is most likely written in, from
 * the Vietnamese words each reading gives; LEGACY_NONE when none reads as
 * Vietnamese (for instance Latin-1 text, or too little to tell).  Looks at
 * most at the first LEGACY_SAMPLE bytes.  *score (may be NULL) gets the
 * winner's margin, for tests. */
#define LEGACY_SAMPLE ((size_t)1 << 20)
LegacyEnc legacy_detect(const char *s, size_t n, long *score);

/* Convert s[0..n) to UTF-8 (NFC) into a malloc'd buffer (NUL-terminated,
 * length in *outlen).  NULL when out of memory or on a byte the encoding does
 * not define (then *bad is its offset, else (size_t)-1). */
char *legacy_to_utf8(LegacyEnc e, const char *s, size_t n, size_t *outlen, size_t *bad);

/* Convert the file at path to UTF-8 onto out, line by line (memory bounded
 * by the longest line).  name: the file as messages show it.  Returns 0, or
 * -1 with d filled ("name:line:col: byte 0xNN is not defined in TCVN3 (ABC)",
 * read errors, a file that is already UTF-8). */
int legacy_convert_file(LegacyEnc e, const char *path, const char *name, FILE *out, Diag *d);

#endif
