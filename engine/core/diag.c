/* diag.c — formatting of "file:line:col: message" diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t prefix(char *buf, size_t n, const char *file, long line, long col)
{
    int k = 0;
    if (!file || !*file)
        return 0;
    if (line > 0 && col > 0)
        k = snprintf(buf, n, "%s:%ld:%ld: ", file, line, col);
    else if (line > 0)
        k = snprintf(buf, n, "%s:%ld: ", file, line);
    else
        k = snprintf(buf, n, "%s: ", file);
    if (k < 0)
        return 0;
    return (size_t)k < n ? (size_t)k : n - 1;
}

int diag_set(Diag *d, const char *file, long line, long col, const char *fmt, ...)
{
    va_list ap;
    size_t k;
    if (!d)
        return -1;
    k = prefix(d->msg, sizeof d->msg, file, line, col);
    va_start(ap, fmt);
    vsnprintf(d->msg + k, sizeof d->msg - k, fmt, ap);
    va_end(ap);
    return -1;
}

void diaglist_add(DiagList *l, const char *file, long line, long col, const char *fmt, ...)
{
    char buf[DIAG_MAX];
    size_t k;
    va_list ap;
    k = prefix(buf, sizeof buf, file, line, col);
    va_start(ap, fmt);
    vsnprintf(buf + k, sizeof buf - k, fmt, ap);
    va_end(ap);
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 8;
        char **ni = realloc(l->items, nc * sizeof *ni);
        if (!ni)
            return; /* out of memory: drop the message rather than crash */
        l->items = ni;
        l->cap = nc;
    }
    l->items[l->n] = strdup(buf);
    if (l->items[l->n])
        l->n++;
}

void diaglist_free(DiagList *l)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}
