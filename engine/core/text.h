/* text.h — UTF-8 text: validation, terminal width, Unicode normalisation and
 * the folding used to match names however they are written (utf8proc).
 */
#ifndef CHISO_TEXT_H
#define CHISO_TEXT_H

#include <stddef.h>

/* 0 when s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF);
 * otherwise -1 and *bad = offset of the first invalid byte. */
int utf8_check(const char *s, size_t n, size_t *bad);

/* Number of code points in s[0..n) (an invalid byte counts as one). */
size_t utf8_length(const char *s, size_t n);

/* Columns s takes on a terminal: combining marks 0, wide (CJK) 2, others 1. */
size_t text_width(const char *s);

/* A malloc'd NFC copy of s[0..n); NULL if s is not valid UTF-8 or out of memory.
 * Pure ASCII is copied without calling utf8proc. */
char *text_nfc(const char *s, size_t n);

/* A malloc'd matching key: NFKD, marks removed, đ/Đ -> d, case-folded, every
 * run of non-alphanumerics collapsed to one space, trimmed.
 * "Thừa Thiên - Huế" -> "thua thien hue".  NULL on invalid UTF-8. */
char *text_fold(const char *s);

/* Levenshtein distance between two strings, counted in code points. */
size_t text_distance(const char *a, const char *b);

#endif
