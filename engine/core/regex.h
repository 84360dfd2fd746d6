/* regex.h — PCRE2 patterns for rule files and scripts (no Lua here).
 *
 *   Diag d;
 *   Regex *rx = regex_compile("xếp (?:thứ|hạng) (\\d+)/(\\d+)", (size_t)-1, "i", 1, NULL, NULL, &d);
 *   if (!rx) puts(d.msg);               // "invalid pattern at offset 4: missing closing parenthesis"
 *   int n = regex_match(rx, s, len, 0, 0, &d);   // 1 + captures on a match, 0 none, -1 error
 *   const size_t *ov = regex_ovector(rx); // ov[2k], ov[2k+1]: byte offsets of group k
 *   regex_free(rx);
 *
 * Every pattern is compiled with PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF:
 * \w, \b, \d and [[:alpha:]] know Vietnamese letters, case-insensitive
 * matching folds "Đ"/"đ" and "Tăng"/"tăng", \p{L} is any letter, and a
 * subject with invalid UTF-8 is matched (never across the bad bytes) instead
 * of being an error.  Flags: "i" caseless, "x" extended (spaces and # comments
 * ignored), "m" multiline (^ $ at line ends), "s" dotall.
 *
 * Matching is bounded: every match runs under one shared match context with
 * REGEX_MATCH_LIMIT, REGEX_DEPTH_LIMIT and REGEX_HEAP_LIMIT_KIB, so a pattern
 * that backtracks catastrophically fails with "pattern 'NAME' exceeded the
 * match limit" instead of hanging.  PCRE2 counts the match limit from each
 * start position of an unanchored search, so callers that must bound the
 * total work also bound the subject length.  JIT compilation is used when
 * asked for and available (a JIT stack overflow falls back to the
 * interpreter); the limits apply either way.  The environment variable
 * CHISO_NO_JIT turns JIT off everywhere (valgrind cannot see into JIT code
 * and reports its reads as errors).
 *
 * Memory: with a RegexAlloc, the compiled code, the match data and the
 * interpreter's backtracking frames come from it (the Lua bindings pass the
 * state's allocator, so a rule sandbox's memory cap counts them); NULL means
 * malloc/free.  A Regex is not thread-safe (its match data is reused).
 */
#ifndef CHISO_REGEX_H
#define CHISO_REGEX_H

#include <stddef.h>

#include "diag.h"

#define REGEX_MATCH_LIMIT 1000000u   /* backtracking steps from one start position */
#define REGEX_DEPTH_LIMIT 100000u    /* nested backtracking points */
#define REGEX_HEAP_LIMIT_KIB 16384u  /* interpreter frames: 16 MiB */

#define REGEX_UNSET ((size_t)-1)     /* offset of a group that did not take part */

/* regex_match options */
#define REGEX_ANCHORED 1u            /* match only at `start` */
#define REGEX_NOTEMPTY_ATSTART 2u    /* an empty match at `start` does not count */

typedef struct Regex Regex;

typedef struct RegexAlloc {
    void *(*alloc)(size_t size, void *data);
    void (*free)(void *ptr, void *data);
    void *data;
} RegexAlloc;

/* Compile pattern[0..len) (len (size_t)-1: NUL-terminated) with `flags`
 * (a string of "imsx", NULL for none).  `name` names the pattern in error
 * messages (NULL: the pattern itself, shortened).  jit: try JIT compilation.
 * Returns NULL with d set to "invalid pattern at offset N: message",
 * "unknown flag 'q' (flags are i, m, s, x)" or an out-of-memory message. */
Regex *regex_compile(const char *pattern, size_t len, const char *flags, int jit, const char *name,
                     const RegexAlloc *a, Diag *d);

void regex_free(Regex *rx);

/* Match s[0..len) from byte offset start.  Returns 1 + the number of
 * capture groups on a match (read the offsets with regex_ovector), 0 when
 * there is no match, -1 with d set when a limit was hit ("pattern 'NAME'
 * exceeded the match limit") or matching failed otherwise. */
int regex_match(Regex *rx, const char *s, size_t len, size_t start, unsigned opts, Diag *d);

/* Offsets of the last successful match: pairs (start, end) for group 0 (the
 * whole match) and each capture group; REGEX_UNSET for groups that did not
 * take part.  Valid until the next regex_match on rx. */
const size_t *regex_ovector(const Regex *rx);

/* Number of capture groups. */
int regex_groups(const Regex *rx);

/* Named groups: regex_names() of them; regex_name(rx, i, &group) gives the
 * i-th name (0-based, in name order) and its group number. */
int regex_names(const Regex *rx);
const char *regex_name(const Regex *rx, int i, int *group);

const char *regex_pattern(const Regex *rx);  /* as given (NUL-terminated copy) */
size_t regex_pattern_len(const Regex *rx);
const char *regex_flags(const Regex *rx);    /* normalised: the flags given, sorted */
const char *regex_label(const Regex *rx);    /* the name used in messages */
int regex_jit(const Regex *rx);              /* 1 when JIT code is in use */

#endif
