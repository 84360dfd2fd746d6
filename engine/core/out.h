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

/* Excel workbooks (out_xlsx.c, through libxlsxwriter): one sheet per table,
 * the header row frozen and filtered, columns as wide as their widest cell
 * (display width: Vietnamese text counts its letters, not its bytes), numbers
 * at full precision shown with the column's decimals ("0.00", "0", a '%' or
 * '+' as the column says), missing cells empty.
 *
 * formulas: NULL, or one entry per column: NULL (values only) or nrows
 * templates (NULL entries: the value).  A template is an Excel formula
 * without the '=', where {name} stands for the cell of column `name` in the
 * same row ("SUM({TD}:{TAC})" -> "SUM(B2:C2)"; "{{" and "}}" are braces).
 * A formula is written only where the row's own value and every cell it
 * names are filled; its cached result is the row's value, so readers that do
 * not recalculate see the same numbers as the CSV. */
typedef struct XlsxSheet {
    const char *name;                       /* tab name, sanitised; NULL: "Sheet<i>" */
    const Table *table;
    const char *const *const *formulas;     /* see above */
} XlsxSheet;

/* Write the workbook to path atomically (a temporary beside it, renamed when
 * complete; removed on error or on SIGINT/SIGTERM).  0, or -1 with d filled. */
int out_xlsx_write(const char *path, const XlsxSheet *sheets, size_t nsheets, Diag *d);

/* The tab name Excel accepts for `name`: []:*?/\ become '-', leading and
 * trailing apostrophes and spaces go, at most 31 characters (UTF-8 safe),
 * "History" (reserved) becomes "History_", empty becomes "Sheet".  n >= 128. */
void out_xlsx_sheet_name(const char *name, char *buf, size_t n);

/* JSON building blocks, shared with the Lua value encoder. */
void out_json_string(FILE *f, const char *s);
void out_json_number(FILE *f, double v);

#endif
