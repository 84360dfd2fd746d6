/* table.h — typed, columnar tables: the one data shape of the engine.
 *
 * A Table is what a CSV file loads into and what commands build for output.
 * Each column is either numbers (double) or text (UTF-8, NFC); any cell may be
 * missing.  Rows are 0-based here; the Lua bindings convert to 1-based.
 */
#ifndef CHISO_TABLE_H
#define CHISO_TABLE_H

#include <stddef.h>

#include "diag.h"
#include "number.h"

typedef enum ColType { COL_NUMBER = 0, COL_TEXT = 1 } ColType;

typedef struct Column {
    char *name;
    ColType type;
    double *num;          /* COL_NUMBER: nrows values, NAN where missing */
    char **text;          /* COL_TEXT: nrows strings (owned by the table), NULL where missing */
    unsigned char *miss;  /* nrows flags: 1 = missing (both types) */
    size_t n_missing;
    int percent;          /* numbers were written with a '%' sign */
    int decimals;         /* display decimals (max seen when loaded); -1 = shortest */
    int plus;             /* display a '+' on positive numbers (changes, deltas) */
    NumStyle style;       /* the style the numbers were read in */
} Column;

typedef struct Table {
    char *source;         /* file path or a descriptive name, for messages */
    size_t nrows, ncols;
    Column *cols;
    long *lines;          /* source line of each row (loaded tables), or NULL */
    NumStyle style;       /* file-level number style (loaded tables) */
    char delimiter;       /* ',' ';' or '\t' (loaded tables), 0 otherwise */
    struct TableArena *arena; /* internal string storage */
} Table;

/* An empty table of nrows rows and no columns; NULL when out of memory. */
Table *table_new(const char *source, size_t nrows);
void table_free(Table *t);

/* Append a column.  vals may be NULL (all missing).  For numbers, miss may be
 * NULL (a NAN value is then missing).  For text, NULL entries are missing;
 * strings are copied.  Returns the new column index, or -1 (duplicate name,
 * out of memory) with d filled. */
int table_add_number(Table *t, const char *name, const double *vals,
                     const unsigned char *miss, Diag *d);
int table_add_text(Table *t, const char *name, const char *const *vals, Diag *d);

/* Column index by exact name, or -1. */
int table_find(const Table *t, const char *name);

/* Copy a string into the table's storage (lives as long as the table). */
char *table_strdup(Table *t, const char *s, size_t len);

#endif
