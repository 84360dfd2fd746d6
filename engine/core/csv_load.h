/* csv_load.h — CSV files (libcsv) into typed tables, with exact positions.
 *
 * What is accepted: UTF-8 only (validated; an invalid byte is an error at
 * file:line:col), an optional UTF-8 BOM, LF or CRLF line ends (mixed too),
 * RFC 4180 quoting (commas, quotes, newlines inside quoted fields), a header
 * row, delimiter ',' ';' or TAB (detected from the header unless given).
 * Unquoted fields are trimmed of spaces; quoted fields are kept as written.
 *
 * Number style: NUM_PLAIN unless declared; a ';'-delimited file defaults to
 * NUM_VI (what Excel writes under Vietnamese regional settings).  Per-column
 * specs override type and style.
 *
 * Column typing, after the whole file is read: a column whose non-missing
 * cells all look numeric is a number column, and every cell must then parse
 * (a malformed or ambiguous one is an error naming file, line, column name and
 * the text seen).  A column with any non-numeric text is a text column.  A
 * column whose numbers have leading zeros ("01", "08") is text: those are codes.
 *
 * Errors (each "file:line[:col]: message", loading stops, nothing is returned):
 * empty file, header only, empty or duplicate header names, ragged rows,
 * unterminated quotes, invalid UTF-8, malformed numbers, a file that changed
 * while it was being read.
 */
#ifndef CHISO_CSV_LOAD_H
#define CHISO_CSV_LOAD_H

#include <stddef.h>

#include "diag.h"
#include "table.h"

typedef struct CsvColumnSpec {
    const char *name;
    int type;   /* -1 infer, COL_NUMBER or COL_TEXT */
    int style;  /* -1 the file's style, NUM_PLAIN or NUM_VI */
} CsvColumnSpec;

typedef struct CsvOptions {
    int style;            /* -1 auto (';' files: NUM_VI, else NUM_PLAIN), NUM_PLAIN, NUM_VI */
    char delimiter;       /* 0 detect, else ',' ';' '\t' */
    const CsvColumnSpec *columns; /* optional, ncolumns entries */
    size_t ncolumns;
    const char *display_name; /* name used in messages (default: the path) */
    size_t max_bytes;     /* csv_load_*: larger input is refused (0: no limit);
                             csv_options_init sets CSV_LOAD_MAX_BYTES.  Streams ignore it. */
} CsvOptions;

/* A loaded table holds every cell in memory (about twice the file's size):
 * larger files are refused with a message naming the commands that stream. */
#define CSV_LOAD_MAX_BYTES ((size_t)256 << 20)

/* Default options: auto style, detected delimiter, no column specs, the
 * CSV_LOAD_MAX_BYTES limit for table loads. */
void csv_options_init(CsvOptions *o);

Table *csv_load_file(const char *path, const CsvOptions *opt, Diag *d);
Table *csv_load_buffer(const char *data, size_t len, const char *name,
                       const CsvOptions *opt, Diag *d);

/* Streaming: call `row` once per record (the header is record 0) with its
 * fields (NUL-terminated, NULL for empty unquoted fields) and the line the
 * record starts on.  UTF-8, BOM, quoting and field-count checks are the same
 * as for csv_load_*.  A non-zero return from `row` stops reading and is
 * returned (fill d first).  Returns 0 on success, -1 on error (d filled). */
typedef int (*CsvRowFn)(void *ud, long record, long line, size_t nfields,
                        char *const *fields, const size_t *lens, Diag *d);
int csv_stream_file(const char *path, const CsvOptions *opt, CsvRowFn row, void *ud, Diag *d);

/* Scanning: a file of any size in one pass, in memory bounded by its
 * longest line and nhead rows: each column's type and missing count (as
 * csv_load_* would find them, with the same errors), the number of rows, and
 * the first nhead rows as a table typed like the whole file. */
typedef struct CsvColumnScan {
    char *name;           /* NFC */
    ColType type;
    size_t missing;
    int percent, decimals;
} CsvColumnScan;

typedef struct CsvScan {
    size_t nrows, ncols;
    CsvColumnScan *cols;
    char delimiter;
    NumStyle style;
    Table *head;          /* the first rows (at most nhead) */
} CsvScan;

int csv_scan_file(const char *path, const CsvOptions *opt, size_t nhead, CsvScan *out, Diag *d);
void csv_scan_free(CsvScan *sc);

#endif
