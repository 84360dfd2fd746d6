/* diag.h — one diagnostic shape for the whole engine.
 *
 * Every error a user can cause is reported as "file:line:col: message" (line and
 * col omitted when unknown), the same shape Lua itself gives its errors.  Core
 * functions never print and never exit: they fill a Diag and return a failure
 * value; the caller (a Lua binding, main.c) decides how to report it.
 */
#ifndef CHISO_DIAG_H
#define CHISO_DIAG_H

#include <stddef.h>

#define DIAG_MAX 1024

typedef struct Diag {
    char msg[DIAG_MAX]; /* ready to print: "file:line:col: message" */
} Diag;

/* Format "file:line:col: message" into d (file NULL: no position; line 0: no
 * line; col 0: no column).  Returns -1, so callers can `return diag_set(...)`.
 * A NULL d is allowed and ignored. */
int diag_set(Diag *d, const char *file, long line, long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* A growing list of formatted messages (warnings, notes, check results). */
typedef struct DiagList {
    char **items;
    size_t n, cap;
} DiagList;

void diaglist_add(DiagList *l, const char *file, long line, long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
void diaglist_free(DiagList *l);

#endif
