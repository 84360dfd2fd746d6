/* out.c — choosing a writer, and the cell formatting all writers share. */
#include "out.h"
#include "out_internal.h"

#include <math.h>
#include <string.h>

int out_format_parse(const char *s)
{
    static const char *const names[] = {"table", "csv", "json", "md"};
    int i;
    for (i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

const char *out_cell(const Column *c, size_t row, NumStyle style, char *buf, size_t n)
{
    if (c->miss[row])
        return NULL;
    if (c->type == COL_TEXT)
        return c->text[row];
    if (c->plus && c->num[row] > 0 && n > 1) {
        buf[0] = '+';
        number_format(c->num[row], c->decimals, style, buf + 1, n - 1);
    } else {
        number_format(c->num[row], c->decimals, style, buf, n);
    }
    return buf;
}

int out_write(FILE *f, const Table *t, OutFormat fmt, const OutOptions *o)
{
    OutOptions def = {NUM_PLAIN, NULL};
    if (!o)
        o = &def;
    switch (fmt) {
    case OUT_TABLE: return out_write_text(f, t, o, 0);
    case OUT_MD:    return out_write_text(f, t, o, 1);
    case OUT_CSV:   return out_write_csv(f, t);
    case OUT_JSON:  return out_write_json(f, t);
    }
    return -1;
}
