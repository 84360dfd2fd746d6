/* out_json.c — JSON: a table is an array of objects keyed by column name, one
 * row per line; numbers are JSON numbers (rounded to the column's decimals),
 * missing cells null.  Also the string/number primitives the Lua value
 * encoder shares. */
#include "out_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void out_json_string(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', f);
    for (; *p; p++) {
        switch (*p) {
        case '"':  fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

void out_json_number(FILE *f, double v)
{
    char buf[64];
    if (!isfinite(v)) {
        fputs("null", f); /* JSON has no NaN or infinity */
        return;
    }
    number_format(v, -1, NUM_PLAIN, buf, sizeof buf);
    fputs(buf, f);
}

static double round_to(double v, int decimals)
{
    char buf[64];
    if (decimals < 0)
        return v;
    snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return strtod(buf, NULL);
}

int out_write_json(FILE *f, const Table *t)
{
    size_t c, r;
    fputs("[", f);
    for (r = 0; r < t->nrows; r++) {
        fputs(r ? ",\n  {" : "\n  {", f);
        for (c = 0; c < t->ncols; c++) {
            const Column *col = &t->cols[c];
            if (c)
                fputs(", ", f);
            out_json_string(f, col->name);
            fputs(": ", f);
            if (col->miss[r])
                fputs("null", f);
            else if (col->type == COL_TEXT)
                out_json_string(f, col->text[r]);
            else
                out_json_number(f, round_to(col->num[r], col->decimals));
        }
        fputs("}", f);
    }
    fputs(t->nrows ? "\n]\n" : "]\n", f);
    return ferror(f) ? -1 : 0;
}
