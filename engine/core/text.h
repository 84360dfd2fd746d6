/* text.h — UTF-8 text: validation, terminal width, Unicode normalisation and
 * the folding used to match names however they are written (utf8proc).
 */
#ifndef CHISO_TEXT_H
#define CHISO_TEXT_H

#include <stddef.h>

/* 0 when s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF);
 * otherwise -1 and *bad = offset of the first invalid byte (the start of the
 * ill-formed or truncated sequence).  bad may be NULL. */
int utf8_check(const char *s, size_t n, size_t *bad);

/* Number of code points in s[0..n) (an invalid byte counts as one). */
size_t utf8_length(const char *s, size_t n);

/* Columns s takes on a terminal: combining marks 0, wide (CJK) 2, others 1
 * (control characters 0; an invalid byte 1, as a replacement character). */
size_t text_width(const char *s);

/* A malloc'd NFC copy of s[0..n); NULL if s is not valid UTF-8 or out of memory.
 * Pure ASCII is copied without calling utf8proc. */
char *text_nfc(const char *s, size_t n);

/* A malloc'd matching key: NFKD, marks removed, đ/Đ -> d, case-folded, every
 * run of non-alphanumerics collapsed to one space, trimmed.
 * "Thừa Thiên - Huế" -> "thua thien hue".  NULL on invalid UTF-8.
 * Default-ignorable characters (soft hyphen, zero-width space, BOM) vanish
 * without splitting a word; Ð/ð (U+00D0/F0, what legacy Vietnamese encodings
 * make of Đ) also fold to d. */
char *text_fold(const char *s);

/* Levenshtein distance between two strings, counted in code points (an
 * invalid byte is one unit; NULL is ""); SIZE_MAX if out of memory. */
size_t text_distance(const char *a, const char *b);

#endif
