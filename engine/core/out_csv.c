/* out_csv.c — RFC 4180 CSV: comma-delimited, plain dot decimals, a field quoted
 * only when it holds a comma, quote, CR, LF or leading/trailing space. */
#include "out_internal.h"

#include <string.h>

static void put_field(FILE *f, const char *s)
{
    size_t n = strlen(s);
    int quote = n && (s[0] == ' ' || s[n - 1] == ' ');
    const char *p;
    if (!quote)
        quote = strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

int out_write_csv(FILE *f, const Table *t)
{
    size_t c, r;
    char buf[64];
    for (c = 0; c < t->ncols; c++) {
        if (c)
            fputc(',', f);
        put_field(f, t->cols[c].name);
    }
    fputc('\n', f);
    for (r = 0; r < t->nrows; r++) {
        for (c = 0; c < t->ncols; c++) {
            const char *s = out_cell(&t->cols[c], r, NUM_PLAIN, buf, sizeof buf);
            if (c)
                fputc(',', f);
            if (s)
                put_field(f, s);
        }
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}
