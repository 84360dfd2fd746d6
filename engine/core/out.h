/* out.h — writers of tables: aligned text for the terminal, CSV, JSON, Markdown.
 *
 * Output order is the table's row order; callers sort.  Numbers print with the
 * column's `decimals` (shortest exact text when -1).
 */
#ifndef CHISO_OUT_H
#define CHISO_OUT_H

#include <stdio.h>

#include "table.h"

typedef enum OutFormat { OUT_TABLE = 0, OUT_CSV, OUT_JSON, OUT_MD } OutFormat;

typedef struct OutOptions {
    NumStyle style;        /* decimal comma for NUM_VI (table and md only) */
    const char *missing;   /* text of a missing cell in table/md; NULL: empty */
} OutOptions;

/* Parse "table", "csv", "json", "md"; -1 if unknown. */
int out_format_parse(const char *s);

int out_write(FILE *f, const Table *t, OutFormat fmt, const OutOptions *o);

/* JSON building blocks, shared with the Lua value encoder. */
void out_json_string(FILE *f, const char *s);
void out_json_number(FILE *f, double v);

#endif
